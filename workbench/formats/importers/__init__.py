"""Importers: each file kind a reader, turning outside files into dispatches and entries."""
