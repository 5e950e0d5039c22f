"""SQLite storage: connection, migrations, repositories. Returns domain objects, never rows."""
