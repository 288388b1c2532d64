"""Media annotation workbench: code news dispatches, export corpora, review agreement."""

__version__ = "0.1.0"
