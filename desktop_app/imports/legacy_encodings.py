"""Vietnamese typed in the old TCVN3 (ABC) fonts, turned into Unicode.

Before Unicode, offices typed Vietnamese with the .VnTime / .VnTimeH fonts of TCVN3: the
file stores Latin-1 characters ("Céng hoµ x· héi chñ nghÜa ViÖt Nam") and the font draws
them as Vietnamese letters. Read as Unicode such text is gibberish, so a document that is
mostly made of those characters and holds almost no real Vietnamese letters is converted,
character by character, with the TCVN3 table. The .VnTimeH fonts draw every letter as a
capital, so a line whose other letters are all capitals is put in capitals after conversion
("KÕ HO¹CH" is "KẾ HOẠCH").
"""

import re

# TCVN 5712:1993 (TCVN3, "ABC"): byte -> the letter the .VnTime font draws.
_TCVN3 = {
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
    "§": "Đ",
    "¨": "ă",
    "©": "â",
    "ª": "ê",
    "«": "ô",
    "¬": "ơ",
    "\u00ad": "ư",
    "®": "đ",
    "µ": "à",
    "¶": "ả",
    "·": "ã",
    "¸": "á",
    "¹": "ạ",
    "»": "ằ",
    "¼": "ẳ",
    "½": "ẵ",
    "¾": "ắ",
    "Æ": "ặ",
    "Ç": "ầ",
    "È": "ẩ",
    "É": "ẫ",
    "Ê": "ấ",
    "Ë": "ậ",
    "Ì": "è",
    "Î": "ẻ",
    "Ï": "ẽ",
    "Ð": "é",
    "Ñ": "ẹ",
    "Ò": "ề",
    "Ó": "ể",
    "Ô": "ễ",
    "Õ": "ế",
    "Ö": "ệ",
    "×": "ì",
    "Ø": "ỉ",
    "Ü": "ĩ",
    "Ý": "í",
    "Þ": "ị",
    "ß": "ò",
    "á": "ỏ",
    "â": "õ",
    "ã": "ó",
    "ä": "ọ",
    "å": "ồ",
    "æ": "ổ",
    "ç": "ỗ",
    "è": "ố",
    "é": "ộ",
    "ê": "ờ",
    "ë": "ở",
    "ì": "ỡ",
    "í": "ớ",
    "î": "ợ",
    "ï": "ù",
    "ñ": "ủ",
    "ò": "ũ",
    "ó": "ú",
    "ô": "ụ",
    "õ": "ừ",
    "ö": "ử",
    "÷": "ữ",
    "ø": "ứ",
    "ù": "ự",
    "ú": "ỳ",
    "û": "ỷ",
    "ü": "ỹ",
    "ý": "ý",
    "þ": "ỵ",
}
_TABLE = str.maketrans(_TCVN3)
# Characters that in Unicode text are Vietnamese letters of their own.
_VIETNAMESE = re.compile(r"[ăâêôơưđĂÂÊÔƠƯĐ\u1ea0-\u1ef9]")
# Bytes that only TCVN3 text uses this often (Latin-1 signs a Unicode text hardly holds).
_TCVN3_MARKS = re.compile(r"[µ¶·¸¹»¼½¾ÆÇÈÉËÌÎÏÑÒÓÕÖ×ØÜÝÞßäåæçéëìíîïñòõöøùúûüþ§®¨©ª«¬\u00ad]")
MIN_MARKS = 20
"""Fewer such characters than this is too little to tell (a "©" or "°" in real text)."""


def is_tcvn3(text: str) -> bool:
    """The text was typed in a TCVN3 font: many of its marks, almost no Unicode letters."""
    marks = len(_TCVN3_MARKS.findall(text))
    return marks >= MIN_MARKS and marks > 10 * len(_VIETNAMESE.findall(text))


def from_tcvn3(text: str) -> str:
    """``text`` typed in TCVN3 fonts, in Unicode."""
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(written: str) -> str:
    converted = written.translate(_TABLE)
    plain = [c for c in written if c.isascii() and c.isalpha()]
    # .VnTimeH draws every letter as a capital: in a line of capitals "KÕ" is "KẾ".
    if len(plain) >= 3 and all(c.isupper() for c in plain):
        return converted.upper()
    return converted
