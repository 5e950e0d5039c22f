"""Data packages, backups, history and the data check."""
