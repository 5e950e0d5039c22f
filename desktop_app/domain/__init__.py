"""Plain dataclasses and rules: plans, deadlines, calendar, Vietnamese text. No Qt, no SQL."""
