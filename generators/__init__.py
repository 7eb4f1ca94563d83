"""Generators for the SRE mentorship handbook.

The data layer (`generators.data`) reads and checks `program/`; the Sphinx extension
(`generators.sphinxext`) places what it derives on the handbook's pages; the `handbook`
command (`generators.cli`) gives coordinators the same data outside Sphinx.
"""

from __future__ import annotations

__version__ = "0.1.0"
