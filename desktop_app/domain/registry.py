"""Complete mappings from an enum to what each of its members means: a label, a text, a layout.

A registry is checked when it is built, at import time: an enum member without an entry (or
an entry that is not a member) stops the program from starting and fails every test, instead
of printing a wrong word, or nothing, the day a new member first turns up. Looking up a value
that is not a member raises too; there is no default to fall back on.
"""

from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Generic, TypeVar

K = TypeVar("K", bound=Enum)
V = TypeVar("V")


class IncompleteRegistryError(TypeError):
    """A registry lacks an entry for a member of its enum, or has one for a stranger."""


class Registry(Mapping[K, V], Generic[K, V]):
    """Exactly one entry per member of ``enum``, in the enum's order.

    Args:
        enum: the enum whose members are the keys.
        entries: an entry for every member.
        what: what the entries are, for error messages ("deadline kind labels").

    Raises:
        IncompleteRegistryError: a member is missing or a key is not a member.
    """

    def __init__(self, enum: type[K], entries: Mapping[K, V], what: str) -> None:
        missing = [member.name for member in enum if member not in entries]
        strangers = [repr(key) for key in entries if not isinstance(key, enum)]
        if missing or strangers:
            problems = []
            if missing:
                problems.append(f"no entry for {', '.join(missing)}")
            if strangers:
                problems.append(f"entries for non-members {', '.join(strangers)}")
            raise IncompleteRegistryError(f"{what} ({enum.__name__}): {'; '.join(problems)}")
        self.enum = enum
        self.what = what
        self._entries: dict[K, V] = {member: entries[member] for member in enum}

    def __getitem__(self, key: K) -> V:
        try:
            return self._entries[key]
        except (KeyError, TypeError):
            raise KeyError(f"{self.what}: {key!r} is not a {self.enum.__name__}") from None

    def __iter__(self) -> Iterator[K]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.enum.__name__}, {self._entries!r})"
