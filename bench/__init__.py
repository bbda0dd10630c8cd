"""Benchmarks: each module prints its figures; scripts/bench runs them all and writes README.md."""
