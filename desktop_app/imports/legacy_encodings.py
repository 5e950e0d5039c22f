"""Vietnamese typed in the old TCVN3 (ABC) and VNI fonts, turned into Unicode.

Before Unicode, offices typed Vietnamese with the .VnTime / .VnTimeH fonts of TCVN3: the
file stores Latin-1 characters ("Céng hoµ x· héi chñ nghÜa ViÖt Nam") and the font draws
them as Vietnamese letters. Read as Unicode such text is gibberish, so a document that is
mostly made of those characters and holds almost no real Vietnamese letters is converted,
character by character, with the TCVN3 table. The .VnTimeH fonts draw every letter as a
capital, so a line whose other letters are all capitals is put in capitals after conversion
("KÕ HO¹CH" is "KẾ HOẠCH").

VNI fonts (VNI-Times) write a vowel and then its marks as a second character ("Coäng hoøa xaõ
hoäi" is "Cộng hòa xã hội"); the pairs are replaced first, then the letters that VNI writes as
one character (ơ "ô", ư "ö", đ "ñ", and i with its tone).
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


# VNI: the mark written after a vowel. Tone alone: grave, acute, hook, tilde, dot below.
_VNI_TONES = {"ø": 0, "ù": 1, "û": 2, "õ": 3, "ï": 4}
# Circumflex (â ê ô) with a tone, or alone; breve (ă) with a tone, or alone.
_VNI_CIRCUMFLEX: dict[str, int | None] = {"à": 0, "á": 1, "å": 2, "ã": 3, "ä": 4, "â": None}
_VNI_BREVE: dict[str, int | None] = {"è": 0, "é": 1, "ú": 2, "ü": 3, "ë": 4, "ê": None}
# Each Vietnamese vowel with its five tones: grave, acute, hook, tilde, dot below.
_TONED = {
    "a": "àáảãạ",
    "ă": "ằắẳẵặ",
    "â": "ầấẩẫậ",
    "e": "èéẻẽẹ",
    "ê": "ềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọ",
    "ô": "ồốổỗộ",
    "ơ": "ờớởỡợ",
    "u": "ùúủũụ",
    "ư": "ừứửữự",
    "y": "ỳýỷỹỵ",
}
# Letters VNI writes as one character.
_VNI_SINGLE = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for vowel in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            pairs[vowel + mark] = _TONED[vowel][tone]
    for base, hatted in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for mark, hat_tone in _VNI_CIRCUMFLEX.items():
            pairs[base + mark] = hatted if hat_tone is None else _TONED[hatted][hat_tone]
    for mark, breve_tone in _VNI_BREVE.items():
        pairs["a" + mark] = "ă" if breve_tone is None else _TONED["ă"][breve_tone]
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONES.items():
            pairs[single + mark] = _TONED[letter][tone]
    # Capitals: the same pairs in capitals ("AØ" is "À", "OÂ" is "Ô").
    pairs |= {k.upper(): v.upper() for k, v in list(pairs.items())}
    return pairs


# Pairs first, then the single letters, in one pass: a converted letter is never read again.
_VNI_CODES = _vni_pairs() | _VNI_SINGLE | {k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}
_VNI_CODE = re.compile("|".join(sorted(map(re.escape, _VNI_CODES), key=len, reverse=True)))
# Marks VNI writes after a vowel; real Unicode text hardly ever has them there.
_VNI_MARKS = re.compile(r"[aeiouyAEIOUYôöÔÖ][øùûõïàáåãäâèéúüëêØÙÛÕÏÀÁÅÃÄÂÈÉÚÜËÊ]")


# Letters only Unicode text has (VNI writes "â", "ô" ... as Latin-1 letters of its own).
_UNICODE_ONLY = re.compile(r"[ăơưđĂƠƯĐ\u1ea0-\u1ef9]")


def is_vni(text: str) -> bool:
    """The text was typed in a VNI font: many vowel-and-mark pairs, almost no Unicode letters."""
    marks = len(_VNI_MARKS.findall(text))
    return marks >= MIN_MARKS and marks > 10 * len(_UNICODE_ONLY.findall(text))


def from_vni(text: str) -> str:
    """``text`` typed in VNI fonts, in Unicode."""
    return _VNI_CODE.sub(lambda m: _VNI_CODES[m.group(0)], text)
