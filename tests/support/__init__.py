"""Helpers shared by the tests and the benches: real servers started on free loopback ports."""
