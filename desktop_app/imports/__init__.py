"""Readers: plan documents and returned sheets in, domain objects out. No Qt."""
