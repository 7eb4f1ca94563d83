"""Benchmarks of the handbook (`nox -s bench`): ratios measured in one run."""
