"""Benchmarks for yanit's hot paths; ``make bench`` runs them and writes docs/benchmarks.md."""
