"""Coding an entry: its text and spans, the tag panel, the coding keys and the codebook editor."""
