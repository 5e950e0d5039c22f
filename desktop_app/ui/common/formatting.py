"""How dates and numbers read in the window (dd/mm/yyyy, empty for unknown)."""

import datetime as dt


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def datetime_text(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def number_text(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")
