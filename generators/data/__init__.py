"""The data layer: read `program/`, check it against the contract, derive metrics.

Sphinx-free on purpose: the `handbook` command and the tests use it directly.
"""
