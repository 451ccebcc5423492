"""The live chat widget's JavaScript sources and their build (see build.py)."""
