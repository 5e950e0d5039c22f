"""Hamlet lists written the compact way the plans write them, read and written back.

"Xóm 1, 2, 3" is Xóm 1, Xóm 2 and Xóm 3; "Xóm Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A"
is five hamlets. A part without a kind word takes the kind of the part before it. Names are
matched against the office's hamlets ignoring tone placement, diacritics and case; a name
that matches nothing is reported, never created silently.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain.text import clean, fold
from desktop_app.domain.units import Hamlet

# The kind words a part may start with, longest first so "Tổ dân phố" wins over "Tổ".
_KIND_WORDS = ("tổ dân phố", "tdp", "xóm", "thôn", "bản", "làng", "khối", "ấp", "tổ")
_KIND = re.compile(
    r"^(?P<kind>" + "|".join(re.escape(w) for w in _KIND_WORDS) + r")\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*(?:,|;|\bvà\b|&)\s*", re.IGNORECASE)


def split_hamlet_list(text: str, default_kind: str = "Xóm") -> list[str]:
    """The full names a compact list stands for, in order, without repeats.

    >>> split_hamlet_list("Xóm 1, 2, 3")
    ['Xóm 1', 'Xóm 2', 'Xóm 3']
    >>> split_hamlet_list("Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A")
    ['Xóm Khu 1', 'Xóm Khu 2', 'Xóm Đồng Vòng', 'Xóm 11', 'Xóm 11A']
    """
    names: list[str] = []
    kind = default_kind
    for raw in _SEPARATORS.split(clean(text).replace("\n", " ")):
        part = raw.strip(" .;:-–")
        if not part:
            continue
        match = _KIND.match(part)
        if match:
            kind = match["kind"][0].upper() + match["kind"][1:].lower()
            name = f"{kind} {match['rest']}"
        else:
            name = f"{kind} {part}"
        if name not in names:
            names.append(name)
    return names


@dataclass(frozen=True)
class HamletListMatch:
    """What a typed list names: the hamlets found, and the names that match none."""

    found: tuple[Hamlet, ...]
    unknown: tuple[str, ...]


def match_hamlet_list(
    text: str, hamlets: Sequence[Hamlet], default_kind: str = "Xóm"
) -> HamletListMatch:
    """Match a compact list against the office's hamlets.

    A name is tried as written ("Xóm Khu 1"), then without the kind word the list lent it
    ("Khu 1" when the office calls it that), then with every other kind word ("Thôn 1").
    A hamlet merged into another is matched to the hamlet it became.
    """
    by_key: dict[str, Hamlet] = {}
    by_id = {h.id: h for h in hamlets}
    for h in hamlets:
        by_key.setdefault(fold(h.name), h)
    found: list[Hamlet] = []
    unknown: list[str] = []
    for name in split_hamlet_list(text, default_kind):
        hamlet = _lookup(name, by_key)
        if hamlet is None:
            unknown.append(name)
            continue
        seen: set[str] = set()
        while hamlet.merged_into in by_id and hamlet.id not in seen:
            seen.add(hamlet.id)
            hamlet = by_id[hamlet.merged_into]
        if hamlet not in found:
            found.append(hamlet)
    return HamletListMatch(tuple(found), tuple(unknown))


def _lookup(name: str, by_key: dict[str, Hamlet]) -> Hamlet | None:
    key = fold(name)
    if key in by_key:
        return by_key[key]
    match = _KIND.match(name)
    bare = fold(match["rest"]) if match else key
    for candidate in (bare, *(f"{fold(w)} {bare}" for w in _KIND_WORDS)):
        if candidate in by_key:
            return by_key[candidate]
    return None


def hamlet_list_text(names: Sequence[str]) -> str:
    """Write names back compactly: ["Xóm 1", "Xóm 2", "Thôn Mới"] -> "Xóm 1, 2, Thôn Mới"."""
    parts: list[str] = []
    kind: str | None = None
    for name in names:
        match = _KIND.match(name)
        if match is None:
            parts.append(name)
            kind = None
        elif kind is not None and fold(match["kind"]) == fold(kind):
            parts.append(match["rest"])
        else:
            parts.append(name)
            kind = match["kind"]
    return ", ".join(parts)
