"""Storage of final windows and predictions: one interface, SQLite and CQL back ends."""
