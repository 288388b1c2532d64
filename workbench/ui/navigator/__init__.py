"""Finding entries: the entry list, its model and the filter bar."""
