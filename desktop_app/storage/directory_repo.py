"""Units and hamlets: the commune's directory, unique by name under the folded comparison."""

import builtins
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

from desktop_app.domain.errors import DuplicateNameError, NotFoundError, UserError
from desktop_app.domain.ids import HamletId, UnitId
from desktop_app.domain.record_rules import FLAG_MARK
from desktop_app.domain.text import fold, name_key, natural_sort_bytes
from desktop_app.domain.units import Hamlet, HamletKind, Unit, UnitKind, require_name
from desktop_app.storage.db import like_contains
from desktop_app.storage.errors import BadRowError, readable
from desktop_app.storage.rows import RowWriter

T = TypeVar("T", Unit, Hamlet)


class _NamedRepository(ABC, Generic[T]):
    """A table of named things: listing with search, lookup by folded name, unique names."""

    TABLE: str
    COLUMNS: str
    ORDER: str
    WHAT: str  # "đơn vị", "xóm": how messages name one row

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @staticmethod
    @abstractmethod
    def _from_row(row: tuple[Any, ...]) -> T: ...

    @staticmethod
    @abstractmethod
    def _flagged(row: tuple[Any, ...]) -> T:
        """A row that breaks the rules, as a list shows it: its name marked, kind unknown."""

    def _listed(self, row: tuple[Any, ...]) -> T:
        try:
            return self._from_row(row)
        except (ValueError, TypeError):
            return self._flagged(row)

    @abstractmethod
    def _own_columns(self, item: T) -> dict[str, Any]: ...

    @readable("đơn vị hoặc xóm")
    def list(self, query: str = "", include_inactive: bool = True) -> list[T]:
        """Rows in their list order; ``query`` matches names ignoring diacritics."""
        sql = f"SELECT {self.COLUMNS} FROM {self.TABLE} WHERE deleted_at IS NULL"
        params: list[Any] = []
        if query.strip():
            sql += " AND search_key LIKE ? ESCAPE '\\'"
            params.append(like_contains(fold(query)))
        if not include_inactive:
            sql += " AND active = 1"
        sql += f" ORDER BY {self.ORDER}"
        # One bad row is listed flagged, not a reason to show none of them.
        return [self._listed(r) for r in self._conn.execute(sql, params)]

    @readable("đơn vị hoặc xóm")
    def get(self, row_id: str) -> T:
        row = self._conn.execute(
            f"SELECT {self.COLUMNS} FROM {self.TABLE} WHERE id = ? AND deleted_at IS NULL",
            (row_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Không tìm thấy {self.WHAT} này (có thể đã bị xóa).")
        return self._from_row(row)

    def exists(self, row_id: str) -> bool:
        """Whether the row is in the file at all, deleted or not (a link to it holds)."""
        found = self._conn.execute(f"SELECT 1 FROM {self.TABLE} WHERE id = ?", (row_id,))
        return found.fetchone() is not None

    def find_by_name(self, name: str) -> T | None:
        """The row whose name is the same under the folded comparison ("uỷ" = "ủy")."""
        row = self._conn.execute(
            f"SELECT {self.COLUMNS} FROM {self.TABLE} WHERE name_key = ? AND deleted_at IS NULL",
            (name_key(name),),
        ).fetchone()
        return None if row is None else self._from_row(row)

    def same_name(self, name: str, other_than: str = "") -> T | None:
        """Another live row whose name is the same one (see :meth:`find_by_name`)."""
        same = self.find_by_name(name)
        return None if same is None or same.id == other_than else same

    def save(self, item: T) -> T:
        """Add or update a row.

        Raises:
            UserError: the name is empty, or another field is invalid.
            DuplicateNameError: another row already has this name; the message names it.
        """
        if getattr(item, "flagged", False):
            raise BadRowError(
                f"Dữ liệu {self.WHAT} này đang sai nên chưa sửa được ở đây. Hãy chạy Kiểm tra "
                "dữ liệu (lệnh check-db --repair) trước."
            )
        name = require_name(item.name, self.WHAT)
        same = self.same_name(name, item.id)
        if same is not None:
            raise DuplicateNameError(
                f"Đã có {self.WHAT} \u201c{same.name}\u201d trùng tên với \u201c{name}\u201d."
            )
        self._writer.put(
            self.TABLE,
            {
                "id": item.id,
                "name": name,
                "name_key": name_key(name),
                "search_key": fold(name),
                "sort_key": natural_sort_bytes(name),
                "active": int(item.active),
                "note": item.note,
                **self._own_columns(item),
            },
        )
        return self.get(item.id)

    def count(self) -> int:
        sql = f"SELECT count(*) FROM {self.TABLE} WHERE deleted_at IS NULL"
        return int(self._conn.execute(sql).fetchone()[0])

    def delete(self, row_id: str, reason: str = "delete") -> None:
        """Tombstone a row (the caller has made sure nothing uses it). Must run in a transaction."""
        if not self._writer.tombstone(self.TABLE, row_id, reason):
            raise NotFoundError(f"Không tìm thấy {self.WHAT} này (có thể đã bị xóa).")

    @readable("đơn vị hoặc xóm")
    def deleted(self) -> builtins.list[tuple[T, str]]:
        """Rows the clerk deleted (not those merged into another), latest first, with when."""
        sql = (
            f"SELECT {self.COLUMNS}, deleted_at FROM {self.TABLE} t WHERE deleted_at IS NOT NULL"
            " AND (SELECT reason FROM history h WHERE h.table_name = ? AND h.row_id = t.id"
            " ORDER BY seq DESC LIMIT 1) IS NOT 'merged'"
            " ORDER BY deleted_at DESC"
        )
        rows = self._conn.execute(sql, (self.TABLE,)).fetchall()
        return [(self._from_row(r[:-1]), r[-1]) for r in rows]

    def restore(self, row_id: str) -> T:
        """Bring a deleted row back, unless a live row has taken its name meanwhile."""
        row = self._conn.execute(
            f"SELECT name FROM {self.TABLE} WHERE id = ? AND deleted_at IS NOT NULL", (row_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"{self.WHAT.capitalize()} này không có trong thùng rác.")
        same = self.same_name(row[0], row_id)
        if same is not None:
            raise DuplicateNameError(
                f"Không khôi phục được: đã có {self.WHAT} \u201c{same.name}\u201d cùng tên."
            )
        self._writer.revive(self.TABLE, row_id)
        return self.get(row_id)


class UnitRepository(_NamedRepository[Unit]):
    """Units (cơ quan, đơn vị), in the office's own order."""

    TABLE = "units"
    COLUMNS = "id, name, kind, short_name, abbreviation, position, active, note"
    ORDER = "position, sort_key"
    WHAT = "đơn vị"

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> Unit:
        return Unit(
            id=UnitId(row[0]),
            name=row[1],
            kind=UnitKind(row[2]),
            short_name=row[3],
            abbreviation=row[4],
            position=row[5],
            active=bool(row[6]),
            note=row[7],
        )

    @staticmethod
    def _flagged(row: tuple[Any, ...]) -> Unit:
        return Unit(
            id=UnitId(str(row[0])),
            name=f"{FLAG_MARK} {row[1] or ''}".strip(),
            position=row[5] if isinstance(row[5], int) else 0,
            active=row[6] == 1,
            flagged=True,
        )

    def same_name(self, name: str, other_than: str = "") -> Unit | None:
        """Another live unit with the same name, diacritics ignored.

        "Công an xã" and "Cong an xa" are one unit typed twice, not two units.
        """
        row = self._conn.execute(
            f"SELECT {self.COLUMNS} FROM units WHERE search_key = ? AND deleted_at IS NULL"
            " AND id != ?",
            (fold(name), other_than),
        ).fetchone()
        return None if row is None else self._from_row(row)

    def reorder(self, ids: Sequence[str]) -> None:
        """Give the units the order of ``ids`` (the office's own order for lists and documents)."""
        for position, unit_id in enumerate(ids):
            unit = self.get(unit_id)
            if unit.position != position:
                self.save(replace(unit, position=position))

    def _own_columns(self, item: Unit) -> dict[str, Any]:
        return {
            "kind": item.kind.value,
            "short_name": item.short_name.strip(),
            "abbreviation": item.abbreviation.strip(),
            "position": item.position,
        }


class HamletRepository(_NamedRepository[Hamlet]):
    """Hamlets (xóm, thôn, tổ dân phố), numbers by value ("Xóm 2" before "Xóm 10")."""

    TABLE = "hamlets"
    COLUMNS = "id, name, kind, households, population, former_commune, merged_into, active, note"
    ORDER = "sort_key"
    WHAT = "xóm"

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> Hamlet:
        return Hamlet(
            id=HamletId(row[0]),
            name=row[1],
            kind=HamletKind(row[2]),
            households=row[3],
            population=row[4],
            former_commune=row[5],
            merged_into=None if row[6] is None else HamletId(row[6]),
            active=bool(row[7]),
            note=row[8],
        )

    @staticmethod
    def _flagged(row: tuple[Any, ...]) -> Hamlet:
        return Hamlet(
            id=HamletId(str(row[0])),
            name=f"{FLAG_MARK} {row[1] or ''}".strip(),
            active=row[7] == 1,
            flagged=True,
        )

    def _own_columns(self, item: Hamlet) -> dict[str, Any]:
        for value, what in ((item.households, "Số hộ"), (item.population, "Số nhân khẩu")):
            if value is not None and value < 0:
                raise UserError(f"{what} không được âm.")
        return {
            "kind": item.kind.value,
            "households": item.households,
            "population": item.population,
            "former_commune": item.former_commune.strip(),
            "merged_into": item.merged_into,
        }
