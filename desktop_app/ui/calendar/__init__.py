"""Lịch: the month view, the day's items, the agenda, days off."""
