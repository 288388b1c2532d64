"""The Suggestions panel: how far each dimension's suggestions can be trusted."""
