"""How wide text prints in Times New Roman, for Word titles and Excel row heights.

Word and LibreOffice lay text out themselves, but a few things must be known before: how
long a rule under a title is, and how tall a spreadsheet row must be (neither Excel nor
Calc fits a wrapped row to its text when it opens a file written by a program).
"""

import unicodedata

# Advance widths of Times New Roman (= Liberation Serif, metric-compatible) for the printable
# ASCII characters " " to "~", in 1/2048 em. Vietnamese letters take the width of their base
# letter, except the horned ones listed in _HORNED.
_REGULAR_WIDTHS = (
    512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909,
    1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479,
    1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024,
    682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024,
    1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108,
)  # fmt: skip
_BOLD_WIDTHS = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024,
    1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593,
    1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024,
    682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139, 1024,
    1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451, 807, 1065,
)  # fmt: skip
_HORNED: dict[str, tuple[int, int]] = {  # regular, bold
    "Ư": (1589, 1630),
    "ư": (1110, 1229),
    "Ơ": (1479, 1593),
    "ơ": (1083, 1134),
    "Đ": (1479, 1479),
    "đ": (1024, 1139),
}


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` prints on one line, in points (italic counted as upright)."""
    return size * _units(text, bold) / 2048


def _char_units(char: str, bold: bool) -> int:
    if char in _HORNED:
        return _HORNED[char][1 if bold else 0]
    table = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    code = ord(unicodedata.normalize("NFD", char)[0])
    return table[code - 32] if 32 <= code <= 126 else 1024


# Each character's width, found once: a whole office's sheet measures millions of them.
_REGULAR_CHARS: dict[str, int] = {}
_BOLD_CHARS: dict[str, int] = {}


def wrapped_lines(text: str, width_pt: float, size: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at words into ``width_pt``.

    Each line break of the text starts a new line; a word longer than the width is broken,
    as Excel and Word do.
    """
    width_pt = max(width_pt, size)
    words = _BOLD_WORDS if bold else _REGULAR_WORDS
    if len(words) > _WORDS_KEPT:  # codes and numbers do not repeat: start again
        words.clear()
    space = text_width_pt(" ", size, bold=bold)
    total = 0
    for paragraph in text.split("\n"):
        lines, current = 1, 0.0
        for word in paragraph.split():  # the runs of non-space, as Excel wraps at spaces
            units = words.get(word)
            if units is None:
                units = words[word] = _units(word, bold)
            word_width = size * units / 2048
            needed = word_width if current == 0 else current + space + word_width
            if needed <= width_pt:
                current = needed
                continue
            if current > 0:
                lines += 1
            while word_width > width_pt:  # a word wider than the cell is cut
                lines += 1
                word_width -= width_pt
            current = word_width
        total += lines
    return total


def _units(text: str, bold: bool) -> int:
    """How wide ``text`` prints, in 1/2048 em (text_width_pt before the font size)."""
    widths = _BOLD_CHARS if bold else _REGULAR_CHARS
    units = 0
    for char in text:
        width = widths.get(char)
        if width is None:
            width = widths[char] = _char_units(char, bold)
        units += width
    return units


# Each word's width in 1/2048 em, found once: Vietnamese is written in syllables, and a few
# thousand words make up any sheet (a plain dict: the sheet of a whole office looks words up
# millions of times, and a cache keyed by word, size and weight cost twice as much).
_REGULAR_WORDS: dict[str, int] = {}
_BOLD_WORDS: dict[str, int] = {}
_WORDS_KEPT = 1 << 16


# Excel measures a column in widths of the default font's widest digit: 7 pixels for the
# 11 pt fonts these workbooks use, plus 5 pixels of margin, of which the text gets all but
# about 2 on each side. A pixel is 3/4 of a point at 96 dpi.
_DIGIT_PX = 7
_COLUMN_PADDING_PX = 5
_TEXT_INSET_PX = 4


def excel_text_width_pt(column_width: float) -> float:
    """The room for text, in points, in an Excel column ``column_width`` wide."""
    pixels = column_width * _DIGIT_PX + _COLUMN_PADDING_PX - _TEXT_INSET_PX
    return max(1.0, pixels * 0.75)
