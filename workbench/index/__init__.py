"""Everything computed from an open project and never saved: one owner, one staleness rule.

Qt-free. Views read derived data through the project's one ``ProjectIndex``; it learns of
changes only through the core ``Change`` notice, before any view is told.
"""
