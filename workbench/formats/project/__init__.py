"""The project file: reading (typed and validating), saving, late layers, recovery copies, merging."""
