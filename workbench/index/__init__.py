"""Everything computed from an open project and never saved, with one owner: ``ProjectIndex``.

Imports only ``workbench.core`` and never Qt (tests/test_boundary.py), so the CLI and the
tests use the same index as the window. See docs/architecture.md for the parts, their
staleness rule and the preparation plan that builds them.
"""
