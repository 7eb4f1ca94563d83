"""Tests of the program data layer and `handbook check`."""
