"""Pieces several features share: base table model, formatting, buttons, message boxes, settings."""
