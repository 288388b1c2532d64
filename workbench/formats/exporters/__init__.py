"""Exporters for training and review: JSONL, CSV, spaCy, CoNLL, brat, REFI-QDA, and what to export."""
