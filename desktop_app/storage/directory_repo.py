"""Units and hamlets: the commune's directory, unique by name under the folded comparison."""

import sqlite3
from typing import Any

from desktop_app.domain.errors import DuplicateNameError, NotFoundError, UserError
from desktop_app.domain.ids import HamletId, UnitId
from desktop_app.domain.text import fold, name_key, natural_sort_bytes
from desktop_app.domain.units import Hamlet, HamletKind, Unit, UnitKind, require_name
from desktop_app.storage.rows import RowWriter


def _like(query: str) -> str:
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _name_columns(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "name_key": name_key(name),
        "search_key": fold(name),
        "sort_key": natural_sort_bytes(name),
    }


class UnitRepository:
    """Units (cơ quan, đơn vị)."""

    _COLUMNS = "id, name, kind, short_name, abbreviation, position, active, note"

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @staticmethod
    def _unit(row: tuple[Any, ...]) -> Unit:
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

    def list(self, query: str = "", include_inactive: bool = True) -> list[Unit]:
        """Units in the office's order; ``query`` matches names ignoring diacritics."""
        sql = f"SELECT {self._COLUMNS} FROM units WHERE deleted_at IS NULL"
        params: list[Any] = []
        if query.strip():
            sql += " AND search_key LIKE ? ESCAPE '\\'"
            params.append(_like(query))
        if not include_inactive:
            sql += " AND active = 1"
        sql += " ORDER BY position, sort_key"
        return [self._unit(r) for r in self._conn.execute(sql, params)]

    def get(self, unit_id: str) -> Unit:
        row = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM units WHERE id = ? AND deleted_at IS NULL", (unit_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError("Không tìm thấy đơn vị này (có thể đã bị xóa).")
        return self._unit(row)

    def find_by_name(self, name: str) -> Unit | None:
        """The unit whose name is the same under the folded comparison ("uỷ" = "ủy")."""
        row = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM units WHERE name_key = ? AND deleted_at IS NULL",
            (name_key(name),),
        ).fetchone()
        return None if row is None else self._unit(row)

    def save(self, unit: Unit) -> Unit:
        """Add or update a unit.

        Raises:
            UserError: the name is empty.
            DuplicateNameError: another unit already has this name; the message names it.
        """
        name = require_name(unit.name, "đơn vị")
        same = self.find_by_name(name)
        if same is not None and same.id != unit.id:
            raise DuplicateNameError(
                f"Đã có đơn vị \u201c{same.name}\u201d trùng tên với \u201c{name}\u201d."
            )
        self._writer.put(
            "units",
            {
                "id": unit.id,
                **_name_columns(name),
                "kind": unit.kind.value,
                "short_name": unit.short_name.strip(),
                "abbreviation": unit.abbreviation.strip(),
                "position": unit.position,
                "active": int(unit.active),
                "note": unit.note,
            },
        )
        return self.get(unit.id)

    def count(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM units WHERE deleted_at IS NULL").fetchone()[0]
        )


class HamletRepository:
    """Hamlets (xóm, thôn, tổ dân phố)."""

    _COLUMNS = "id, name, kind, households, population, former_commune, merged_into, active, note"

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @staticmethod
    def _hamlet(row: tuple[Any, ...]) -> Hamlet:
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

    def list(self, query: str = "", include_inactive: bool = True) -> list[Hamlet]:
        """Hamlets in Vietnamese order, numbers by value ("Xóm 2" before "Xóm 10")."""
        sql = f"SELECT {self._COLUMNS} FROM hamlets WHERE deleted_at IS NULL"
        params: list[Any] = []
        if query.strip():
            sql += " AND search_key LIKE ? ESCAPE '\\'"
            params.append(_like(query))
        if not include_inactive:
            sql += " AND active = 1"
        sql += " ORDER BY sort_key"
        return [self._hamlet(r) for r in self._conn.execute(sql, params)]

    def get(self, hamlet_id: str) -> Hamlet:
        row = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM hamlets WHERE id = ? AND deleted_at IS NULL",
            (hamlet_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError("Không tìm thấy xóm này (có thể đã bị xóa).")
        return self._hamlet(row)

    def find_by_name(self, name: str) -> Hamlet | None:
        row = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM hamlets WHERE name_key = ? AND deleted_at IS NULL",
            (name_key(name),),
        ).fetchone()
        return None if row is None else self._hamlet(row)

    def save(self, hamlet: Hamlet) -> Hamlet:
        """Add or update a hamlet.

        Raises:
            UserError: the name is empty or a number is negative.
            DuplicateNameError: another hamlet already has this name.
        """
        name = require_name(hamlet.name, "xóm")
        for value, what in ((hamlet.households, "Số hộ"), (hamlet.population, "Số nhân khẩu")):
            if value is not None and value < 0:
                raise UserError(f"{what} không được âm.")
        same = self.find_by_name(name)
        if same is not None and same.id != hamlet.id:
            raise DuplicateNameError(
                f"Đã có xóm \u201c{same.name}\u201d trùng tên với \u201c{name}\u201d."
            )
        self._writer.put(
            "hamlets",
            {
                "id": hamlet.id,
                **_name_columns(name),
                "kind": hamlet.kind.value,
                "households": hamlet.households,
                "population": hamlet.population,
                "former_commune": hamlet.former_commune.strip(),
                "merged_into": hamlet.merged_into,
                "active": int(hamlet.active),
                "note": hamlet.note,
            },
        )
        return self.get(hamlet.id)

    def count(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM hamlets WHERE deleted_at IS NULL").fetchone()[
                0
            ]
        )
