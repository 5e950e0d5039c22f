"""Search-as-you-type over folded texts: each letter typed narrows the previous answer."""

from collections.abc import Hashable, Mapping
from typing import Generic, TypeVar

from desktop_app.domain.text import fold

K = TypeVar("K", bound=Hashable)


class TextIndex(Generic[K]):
    """Which keys have a folded text containing the folded query ("dong vong" finds "Đồng Vòng").

    The texts are searched in memory, which answers a one- or two-letter query at once (an
    SQLite trigram index cannot help there). When the new query contains the previous one,
    as it does while the clerk types, only the previous matches are searched again.
    """

    def __init__(self, texts: Mapping[K, str]) -> None:
        """Index texts that are already folded (see :func:`desktop_app.domain.text.fold`)."""
        self._texts = dict(texts)
        self._last_needle = ""
        self._last_found: list[K] = []

    def __len__(self) -> int:
        return len(self._texts)

    def matching(self, query: str) -> set[K] | None:
        """The keys whose text contains ``query``; None when the query is blank (no filter)."""
        needle = fold(query)
        if not needle:
            return None
        texts = self._texts
        narrowing = bool(self._last_needle) and self._last_needle in needle
        candidates = self._last_found if narrowing else texts
        found = [key for key in candidates if needle in texts[key]]
        self._last_needle, self._last_found = needle, found
        return set(found)
