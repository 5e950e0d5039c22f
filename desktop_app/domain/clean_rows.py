"""Rows proven clean by the record rules, a batch at a time, each distinct value once.

The rules look at each value alone, except a task's deadline fields, which must fit together,
and a link that may not point to its own row. So a row is clean when each of its values, and
each of those sets of values, passed the rules: the status, the dates, the kind of deadline of
a hundred thousand tasks are a few hundred values, each put to the rules once. Long texts and
ids, which do not repeat, are put to the rules each time. What :class:`CleanRows` cannot prove
clean, the caller puts to :func:`~desktop_app.domain.record_rules.row_problems` itself: the
package reader and the flagged reading of the sheets both do.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.record_rules import NOT_SELF_LINKS, RULES, Check, all_pass, row_problems


class CleanRows:
    """Proves rows clean; remembers the values (and sets of values) that passed."""

    def __init__(self) -> None:
        self._layouts: dict[tuple[str, tuple[str, ...]], _RowLayout | None] = {}

    def clean(self, table: str, names: Sequence[str], raw: Sequence[Any]) -> bool:
        """Whether ``row_problems(table, row)`` finds nothing in the row (names, raw values).

        True only when proven: each value alone, and each set of values checked together,
        passed the rules, now or before.
        """
        return not self.unproven(table, names, [raw])

    def unproven(
        self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]], skip: int = 0
    ) -> set[int]:
        """The indexes of the rows not proven clean (see :meth:`clean`).

        ``names`` are the columns of the rows after their first ``skip`` values. The rows
        are checked column by column: each column's distinct values once, so that a
        hundred thousand tasks cost a few hundred checks and the texts that do not repeat.
        """
        key = (table, names if type(names) is tuple else tuple(names))
        if key in self._layouts:
            layout = self._layouts[key]
        else:
            layout = self._layouts[key] = _RowLayout.of(table, key[1])
        if layout is None:
            return set(range(len(rows)))
        if not rows:
            return set()
        columns = list(zip(*rows, strict=True))[skip:]
        return _alone_unproven(layout, columns) | _sets_unproven(table, layout, columns)


def _alone_unproven(layout: "_RowLayout", columns: list[tuple[Any, ...]]) -> set[int]:
    """The rows with a value the rules refuse alone (met before, or asked now)."""
    unproven: set[int] = set()
    for index, check, required, unique, seen in layout.singles:
        column = columns[index]
        plain = _plain(column)
        keys: Sequence[Any] = column if plain else _typed(column)
        fresh = set(keys) - seen
        every = all_pass(check) if plain else None
        if every is not None and not (required and None in fresh) and every(fresh - _NONE):
            if not unique:  # as _remember each, below
                kept = [v for v in fresh if type(v) is not str or len(v) <= _MEMO_TEXT]
                if len(seen) + len(kept) > _SEEN_KEPT:
                    seen.clear()
                seen.update(kept)
            continue
        refused = set()
        for memo in fresh:
            value = memo[1] if type(memo) is tuple else memo
            # What row_problems asks of a value alone: present if required, and its check.
            if required if value is None else check(value) is not None:
                refused.add(memo)
            elif not unique and (type(value) is not str or len(value) <= _MEMO_TEXT):
                _remember(seen, memo)
        if refused:
            unproven.update(i for i, memo in enumerate(keys) if memo in refused)
    return unproven


def _sets_unproven(table: str, layout: "_RowLayout", columns: list[tuple[Any, ...]]) -> set[int]:
    """The rows with a set of values the rules refuse together."""
    unproven: set[int] = set()
    for indexes, names, seen in layout.together:
        values: list[tuple[Any, ...]] = list(zip(*(columns[i] for i in indexes), strict=True))
        keys: Sequence[Any] = values
        if not all(_plain(columns[i]) for i in indexes):
            types = zip(*(map(type, columns[i]) for i in indexes), strict=True)
            keys = list(zip(values, types, strict=True))
        refused = set()
        for memo in set(keys) - seen:
            set_values = memo if keys is values else memo[0]
            if row_problems(table, dict(zip(names, set_values, strict=True))):
                refused.add(memo)
            else:  # sets with an id or a long text are few or unique, and memory bounded
                _remember(seen, memo)
        if refused:
            unproven.update(i for i, memo in enumerate(keys) if memo in refused)
    return unproven


# Values of these types are remembered as they are: none of them equals a value of another
# (1 == 1.0 == True: a float or a bool is remembered with its type, as a pair).
_PLAIN_TYPES = frozenset({str, int, type(None)})
_NONE = frozenset({None})


def _plain(column: tuple[Any, ...]) -> bool:
    return set(map(type, column)) <= _PLAIN_TYPES


def _typed(column: tuple[Any, ...]) -> list[tuple[type, Any]]:
    return list(zip(map(type, column), column, strict=True))


def _remember(seen: set[Any], memo: object) -> None:
    if len(seen) >= _SEEN_KEPT:  # unbounded texts: start again
        seen.clear()
    seen.add(memo)


# A text longer than this is checked each time it is met: descriptions do not repeat.
_MEMO_TEXT = 80
_SEEN_KEPT = 1 << 14
_SELF_LINKS = dict(NOT_SELF_LINKS)


@dataclass(frozen=True)
class _RowLayout:
    """How the values of a row are checked: each alone, or with the others of its set."""

    # Each value checked alone: its place, its rule (check, required), whether it is an id,
    # the values that passed.
    singles: tuple[tuple[int, Check, bool, bool, set[Any]], ...]
    # Each set of values checked together: how to take them from the row, their columns,
    # the sets (values, types) that passed.
    together: tuple[tuple[tuple[int, ...], tuple[str, ...], set[Any]], ...]

    @classmethod
    def of(cls, table: str, names: tuple[str, ...]) -> "_RowLayout | None":
        """None for a kind of record the rules do not know (every row of it is refused)."""
        rules = RULES.get(table)
        if rules is None:
            return None
        sets: list[tuple[str, ...]] = []
        if table == "tasks":  # the deadline's fields must fit its kind
            sets.append(tuple(n for n in names if n.startswith("deadline")))
        if table in _SELF_LINKS and _SELF_LINKS[table] in names:  # a link to its own row
            sets.append(tuple(n for n in names if n in ("id", _SELF_LINKS[table])))
        together = tuple(
            (tuple(names.index(n) for n in columns), columns, set[Any]())
            for columns in sets
            if columns
        )
        in_sets = {n for columns in sets for n in columns}
        singles = tuple(
            (i, *rules[n], n == "id", set[Any]())
            for i, n in enumerate(names)
            if n in rules and n not in in_sets
        )
        return cls(singles, together)
