"""Vietnamese text: input cleaning, folded search keys and the Vietnamese sort order.

What the clerk typed is stored (NFC, spaces tidied). Comparison and search go through
folded keys, so "hoà" = "hòa", "uỷ" = "ủy" and "dong vong" finds "Xóm Đồng Vòng". The sort
key gives ICU's ``vi`` order (letters, then tones, then case) in pure Python, the same on
every OS (see shared/reference/python-stack.md section 7).
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_VOWELS = re.compile(r"[aăâeêioôơuưy]+")

# huyền, hỏi, ngã, sắc, nặng, in the Vietnamese tone order
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def clean(text: str) -> str:
    """Text as stored: NFC, no control characters, runs of blanks folded to one space."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return _SPACES.sub(" ", text).strip()


# The combining diacritical marks: every mark of a decomposed Vietnamese (or French, or
# pinyin) letter. A class of one range is matched ten times as fast as one of every mark
# of Unicode, which took most of the time of a whole office's search text.
_COMBINING = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Search key: no diacritics, đ as d, case-folded, one space ("Đồng VÒNG" -> "dong vong").

    Decomposed (NFD), then every nonspacing mark (Unicode category Mn) dropped: those of
    the combining block by one pattern, the rare others by the distinct characters left.
    """
    if text.isascii():
        bare = text
    else:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        bare = _COMBINING.sub("", decomposed)
        if not bare.isascii():
            others = {ord(c): None for c in set(bare) if unicodedata.category(c) == "Mn"}
            if others:
                bare = bare.translate(others)
    return " ".join(bare.casefold().split())


def _tone_index(bare: str, new_style: bool) -> int | None:
    low = bare.lower()
    match = _VOWELS.search(low)
    if not match:
        return None
    start, end = match.span()
    if low.startswith("qu") and start == 1:
        start = 2  # 'qu' + vowel: the u is a consonant
    elif low.startswith("gi") and start == 1 and end - start > 1:
        start = 2  # 'gi' + vowel (but 'gìn' keeps its i)
    vowels = low[start:end]
    for i in range(len(vowels) - 1, -1, -1):  # a vowel with a hat, horn or breve takes the tone
        if vowels[i] in "ăâêôơ":
            return start + i
    if "ư" in vowels:
        return start + vowels.index("ư")
    if len(vowels) == 1:
        return start
    if len(vowels) == 3 or end < len(low):  # three vowels, or a final consonant
        return start + 1
    if vowels in ("oa", "oe", "uy"):  # the only case where the two styles differ
        return start + (1 if new_style else 0)
    return start


def normalize_tone(text: str, new_style: bool = False) -> str:
    """Put every tone mark on one canonical vowel ("hoà" and "hòa" become the same string).

    Args:
        text: any Vietnamese text.
        new_style: True gives "hoà", "thuỷ"; False (the default) gives "hòa", "thủy".

    Returns:
        The text in NFC with the tone marks moved, nothing else changed.
    """

    def fix(match: re.Match[str]) -> str:
        word = unicodedata.normalize("NFD", match.group(0))
        tones = [c for c in word if c in TONES]
        if not tones:
            return unicodedata.normalize("NFC", match.group(0))
        bare = unicodedata.normalize("NFC", "".join(c for c in word if c not in TONES))
        i = _tone_index(bare, new_style)
        if i is None:
            return unicodedata.normalize("NFC", match.group(0))
        return unicodedata.normalize("NFC", bare[: i + 1] + tones[-1] + bare[i + 1 :])

    return _WORD.sub(fix, unicodedata.normalize("NFC", text))


def name_key(text: str) -> str:
    """Identity of a name: tone placement, case and spacing ignored, diacritics kept.

    "Đảng uỷ xã" and "Đảng ủy  Xã" give the same key; "Đồng" and "Dong" do not.
    """
    return " ".join(normalize_tone(clean(text)).casefold().split())


def _letter(base: str, mods: list[str]) -> str:
    b = base.lower()
    if b == "a" and "\u0306" in mods:
        return "ă"
    if b in "aeo" and "\u0302" in mods:
        return {"a": "â", "e": "ê", "o": "ô"}[b]
    if b in "ou" and "\u031b" in mods:
        return {"o": "ơ", "u": "ư"}[b]
    return b


def vn_sort_key(text: str) -> tuple[list[int], list[int], list[int]]:
    """Three-level key (letters, then tones, then case) giving ICU's Vietnamese order."""
    s = unicodedata.normalize("NFD", text)
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    i = 0
    while i < len(s):
        ch = s[i]
        i += 1
        mods: list[str] = []
        while i < len(s) and unicodedata.category(s[i]) == "Mn":
            mods.append(s[i])
            i += 1
        if ch.isspace():
            primary.append(-1)
            secondary.append(0)
            tertiary.append(0)
            continue
        letter = "đ" if ch in "đĐ" else _letter(ch, mods)
        idx = ALPHABET.find(letter)
        primary.append(idx if idx >= 0 else 100 + ord(letter))
        secondary.append(next((TONES[m] for m in mods if m in TONES), 0))
        tertiary.append(0 if ch.islower() else 1)
    return (primary, secondary, tertiary)


def vn_sort_bytes(text: str) -> bytes:
    """The order of :func:`vn_sort_key` as bytes, for an indexed BLOB column (memcmp order)."""
    out = bytearray()
    for level in vn_sort_key(text):
        for value in level:
            out += (value + 2).to_bytes(3, "big")
        out += b"\x00\x00\x00"
    return bytes(out)


_NUMBER = re.compile(r"\d+")


def natural_sort_bytes(text: str) -> bytes:
    """Vietnamese order with numbers compared by value ("Xóm 2" before "Xóm 10")."""
    padded = _NUMBER.sub(lambda m: m.group(0).rjust(8, "0"), text)
    return vn_sort_bytes(padded)


def roman(number: int) -> str:
    """A positive number in Roman numerals, as headings and appendices are numbered: 4 -> "IV"."""
    if number <= 0:
        return str(number)
    result = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        result += letters * count
    return result
