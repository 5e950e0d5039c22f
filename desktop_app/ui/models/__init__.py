"""Table models: one per table, each over a list of domain objects."""
