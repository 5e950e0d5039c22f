"""What every Excel export shares: text that stays text, and A4 landscape printing.

openpyxl turns any string starting with "=" into a formula and refuses the control
characters XML cannot hold; people's text must reach the sheet as inert text either way.
"""

import re

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
CM = 1 / 2.54  # page margins are in inches
FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    """``text`` without the control characters an .xlsx cannot hold."""
    if text.isprintable():  # no control character at all: most text, checked in one step
        return text
    return _ILLEGAL.sub(" ", text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula if it were not marked as text."""
    return text.startswith(FORMULA_START)


def print_a4_landscape(
    ws: Worksheet, title_rows: str | None = None, *, bottom_cm: float = 1.5
) -> None:
    """A4 landscape, one page wide and as many tall as needed, margins of 1.5 cm, centred."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    # Without fitToPage, fitToWidth is ignored.
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins = PageMargins(
        left=1.5 * CM,
        right=1.5 * CM,
        top=1.5 * CM,
        bottom=bottom_cm * CM,
        header=0.8 * CM,
        footer=0.8 * CM,
    )
    ws.print_options.horizontalCentered = True
