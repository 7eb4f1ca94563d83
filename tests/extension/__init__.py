"""Tests of the Sphinx extension: real projects built and their output read."""
