"""The four tabs of the main window."""
