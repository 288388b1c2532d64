"""Review: disagreements, adjudication into gold and the agreement report."""
