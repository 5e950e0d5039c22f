"""Writers: domain objects in, a file (or JSON-ready data) out. No Qt, no SQL."""
