"""The numbers Word shows before automatically numbered paragraphs.

python-docx gives a paragraph's text without the "1." or "a)" Word draws in front of it when
the paragraph is numbered automatically, so an auto-numbered item would look like prose. The
number is computed the way Word does: the paragraph's ``numPr`` (or its style's) names a
numbering instance and a level; the instance points at an abstract definition whose level
says the format ("decimal", "lowerLetter", "upperRoman", "bullet" ...), the pattern ("%1.",
"%1.%2.", "%2)") and the start value; every numbered paragraph counts one at its level and
restarts the levels below it.
"""

from dataclasses import dataclass
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VAL = f"{{{W}}}val"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class _Level:
    format: str = "decimal"
    text: str = "%1."
    start: int = 1


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(value: int) -> str:
    out = ""
    for amount, letters in _ROMAN:
        while value >= amount:
            out += letters
            value -= amount
    return out


def format_number(value: int, number_format: str) -> str:
    """``value`` written in Word's ``numFmt`` ("lowerLetter" 27 is "aa", as Word writes it)."""
    if number_format in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


class Numbering:
    """Counts the automatically numbered paragraphs of one document, in reading order."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId -> ilvl -> level
        self.instances: dict[str, str] = {}  # numId -> abstractNumId
        self.starts: dict[tuple[str, int], int] = {}  # (numId, ilvl) -> start override
        self.style_numbers: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        self.counters: dict[str, list[int]] = {}  # numId -> value per level (0 = unused)
        if numbering is not None:
            self._read_definitions(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_definitions(self, numbering: Any) -> None:
        for abstract in numbering.iterchildren(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                    format=(fmt.get(_VAL) if fmt is not None else None) or "decimal",
                    text=(text.get(_VAL) if text is not None else None) or "",
                    start=_int(start.get(_VAL) if start is not None else None, 1),
                )
            self.levels[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in numbering.iterchildren(_w("num")):
            num_id = num.get(_w("numId")) or ""
            abstract_id = num.find(_w("abstractNumId"))
            self.instances[num_id] = abstract_id.get(_VAL) if abstract_id is not None else ""
            for override in num.iterchildren(_w("lvlOverride")):
                start = override.find(_w("startOverride"))
                if start is not None:
                    level = _int(override.get(_w("ilvl")), 0)
                    self.starts[(num_id, level)] = _int(start.get(_VAL), 1)

    def _read_styles(self, styles: Any) -> None:
        for style in styles.iterchildren(_w("style")):
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is None:
                continue
            num_id, level = _num_pr(num_pr)
            if num_id:
                self.style_numbers[style.get(_w("styleId")) or ""] = (num_id, level or 0)

    def label(self, p: Any, style_id: str | None) -> str:
        """The number Word shows before paragraph ``p``, counting the paragraph.

        "1.", "a)", "II." as Word draws it; "-" for a bullet; "" when not numbered.
        """
        num_pr = p.find(f"{_w('pPr')}/{_w('numPr')}")
        num_id, level = _num_pr(num_pr) if num_pr is not None else ("", None)
        if not num_id and style_id in self.style_numbers:
            num_id, style_level = self.style_numbers[style_id]
            level = style_level if level is None else level
        level = level or 0
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        levels = self.levels.get(self.instances[num_id], {})
        definition = levels.get(level, _Level())
        if definition.format == "bullet":
            return "-"
        if definition.format == "none":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if level >= len(counters):
            return ""
        start = self.starts.get((num_id, level), definition.start)
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        text = definition.text
        for shown in range(level + 1):
            shown_level = levels.get(shown, _Level())
            value = counters[shown] or self.starts.get((num_id, shown), shown_level.start)
            text = text.replace(f"%{shown + 1}", format_number(value, shown_level.format))
        return text.strip()


def _num_pr(num_pr: Any) -> tuple[str, int | None]:
    num_id = num_pr.find(_w("numId"))
    level = num_pr.find(_w("ilvl"))
    return (
        (num_id.get(_VAL) if num_id is not None else None) or "",
        _int(level.get(_VAL), 0) if level is not None else None,
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
