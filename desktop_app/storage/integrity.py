"""Checking the workspace file ("Kiểm tra dữ liệu"), and repairing it without deleting anything.

Three layers: SQLite's own integrity check (a damaged file: restore a backup); missing rows
that others point at (after a crash or a hand-edited file: recreated as placeholders under
a "khôi phục" name, as Anki does); and the program's own rules (a live task given to a
deleted unit, a task filed under another plan's section, a date that is not a date, a stale
search index). A repair only adds rows, brings rows back, clears broken links or rebuilds
the index; it never deletes what the clerk made. Running it twice changes nothing more.
"""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_app.domain.record_rules import RULES, FieldProblem, row_problems
from desktop_app.domain.text import fold, name_key, natural_sort_bytes
from desktop_app.storage.peers import forget_taken_parts
from desktop_app.storage.record_checks import cross_plan_problems
from desktop_app.storage.rows import RowWriter, select_rows

RECOVERED = "(khôi phục khi kiểm tra dữ liệu)"

# Links that may be empty: a broken one is cleared, the row itself stays.
_OPTIONAL_LINKS = {
    ("tasks", "section_id"),
    ("sections", "parent_id"),
    ("events", "rule_id"),
    ("hamlets", "merged_into"),
    ("recipients", "unit_id"),
    ("progress_entries", "unit_id"),
    ("progress_entries", "hamlet_id"),
    ("progress_entries", "task_id"),
    ("progress_entries", "event_id"),
}
# What a row that others point at is called, by table: every parent of a foreign key.
_TABLE_NAMES = {
    "units": "đơn vị",
    "hamlets": "xóm",
    "plans": "kế hoạch",
    "tasks": "nhiệm vụ",
    "sections": "mục",
    "events": "sự kiện",
    "event_rules": "quy tắc lịch",
    "assignments": "phân công",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong; ``repair`` is None when only a backup can fix it."""

    what: str
    repair: str | None = None

    @property
    def repairable(self) -> bool:
        return self.repair is not None


@dataclass(frozen=True)
class IntegrityReport:
    sqlite_ok: bool
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.sqlite_ok and not self.problems

    def summary_text(self) -> str:
        if self.ok:
            return "Dữ liệu không có lỗi."
        if not self.sqlite_ok:
            return (
                "Tệp dữ liệu bị hỏng ở mức SQLite. Hãy khôi phục bản sao lưu gần nhất "
                "(Tệp > Sao lưu và khôi phục…)."
            )
        fixable = sum(p.repairable for p in self.problems)
        text = f"Có {len(self.problems)} vấn đề"
        if fixable:
            text += f", sửa được {fixable}"
        return text + "."


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return list(conn.execute(sql).fetchall())


def sqlite_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``integrity_check``: empty when the file is whole."""
    result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
    return [] if result == ["ok"] else result


def _missing_parents(conn: sqlite3.Connection) -> list[tuple[str, str, str, str, str]]:
    """(table, row id, column, parent table, missing id) of each row pointing at nothing."""
    out = []
    for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check"):
        column = {r[0]: r[3] for r in conn.execute(f"PRAGMA foreign_key_list({table})")}[fkid]
        row = conn.execute(f"SELECT id, {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        if row is not None:
            out.append((str(table), str(row[0]), column, str(parent), str(row[1])))
    return out


Fix = Callable[[RowWriter], None]
Found = list[tuple[Problem, Fix | None]]
# Called with (done, total, what is being checked now); it may raise to stop the check.
Progress = Callable[[int, int, str], None]


def _broken_links(conn: sqlite3.Connection) -> Found:
    found: Found = []
    for table, row_id, column, parent, missing in _missing_parents(conn):
        thing = _TABLE_NAMES[parent]
        broken = f"Bảng {table}, bản ghi {row_id[:8]}: trỏ tới {thing} không còn ({missing[:8]})"
        if (table, column) in _OPTIONAL_LINKS:
            found.append(
                (
                    Problem(
                        broken,
                        "bỏ liên kết hỏng, giữ nguyên bản ghi",
                    ),
                    _clear(table, row_id, column),
                )
            )
        else:
            found.append(
                (
                    Problem(
                        broken,
                        f"tạo lại {thing} “{RECOVERED}”",
                    ),
                    _recreate(parent, missing),
                )
            )
    return found


def _checks(conn: sqlite3.Connection, progress: Progress | None = None) -> Found:
    found: Found = []
    for i, (what, stage) in enumerate(_STAGES, 1):

        def tick(i: int = i, what: str = what) -> None:
            if progress:
                progress(i, len(_STAGES) + 1, what)

        tick()
        found += stage(conn, tick)
    return found


def _clear(table: str, row_id: str, column: str) -> Callable[[RowWriter], None]:
    def fix(writer: RowWriter) -> None:
        row = _row(writer, table, row_id)
        writer.put(table, {**row, column: None}, reason="repair")

    return fix


def _row(writer: RowWriter, table: str, row_id: str) -> dict[str, object]:
    """The row's own values, as :meth:`RowWriter.put` takes them."""
    sql = f"SELECT * FROM {table} WHERE id = ?"
    values = next(select_rows(writer.conn, sql, (row_id,)))
    return {k: v for k, v in values.items() if k not in ("updated_at", "device_id", "deleted_at")}


def _recovered_plan(writer: RowWriter) -> str:
    row = writer.conn.execute(
        "SELECT id FROM plans WHERE title = ? AND deleted_at IS NULL", (f"Dữ liệu {RECOVERED}",)
    ).fetchone()
    if row:
        return str(row[0])
    from desktop_app.domain.ids import derived_id  # noqa: PLC0415 - only on this rare path

    plan_id = derived_id("recovered-plan", writer.device_id)
    writer.put(
        "plans",
        {
            "id": plan_id,
            "system": "state",
            "issuer_name": "",
            "title": f"Dữ liệu {RECOVERED}",
            "status": "draft",
        },
        reason="repair",
    )
    return plan_id


def _recreate(parent: str, missing: str) -> Callable[[RowWriter], None]:
    def fix(writer: RowWriter) -> None:
        if writer.conn.execute(f"SELECT 1 FROM {parent} WHERE id = ?", (missing,)).fetchone():
            return  # recreated already for another row pointing at it
        name = f"{_TABLE_NAMES[parent].capitalize()} {RECOVERED} {missing[:6]}"
        if parent in ("units", "hamlets"):
            row: dict[str, object] = {
                "id": missing,
                "name": name,
                "name_key": name_key(name),
                "search_key": fold(name),
                "sort_key": natural_sort_bytes(name),
                "kind": "other" if parent == "units" else "xom",
                "active": 0,
            }
        elif parent == "plans":
            row = {
                "id": missing,
                "system": "state",
                "issuer_name": "",
                "title": name,
                "status": "draft",
            }
        elif parent == "tasks":
            plan = _recovered_plan(writer)
            row = {
                "id": missing,
                "plan_id": plan,
                "position": 0,
                "text": name,
                "status": "not_started",
            }
        elif parent == "assignments":
            # An assignment needs a unit: a recovered one.
            unit = f"{missing}-u"[:64]
            _recreate("units", unit)(writer)
            row = {
                "id": missing,
                "plan_id": _recovered_plan(writer),
                "unit_id": unit,
                "position": 0,
            }
        else:  # only optional links point at other tables; those are cleared, not recreated
            return
        writer.put(parent, row, reason="repair")

    return fix


def _deleted_but_used(
    conn: sqlite3.Connection,
) -> list[tuple[Problem, Callable[[RowWriter], None] | None]]:
    found: list[tuple[Problem, Callable[[RowWriter], None] | None]] = []
    uses = (
        (
            "units",
            "SELECT DISTINCT x.unit_id FROM task_units x JOIN tasks t ON t.id = x.task_id"
            " JOIN plans p ON p.id = t.plan_id WHERE x.deleted_at IS NULL AND t.deleted_at IS NULL"
            " AND p.deleted_at IS NULL",
        ),
        (
            "units",
            "SELECT DISTINCT x.unit_id FROM assignments x JOIN plans p ON p.id = x.plan_id"
            " WHERE x.deleted_at IS NULL AND p.deleted_at IS NULL",
        ),
        (
            "hamlets",
            "SELECT DISTINCT x.hamlet_id FROM assignment_hamlets x"
            " JOIN assignments a ON a.id = x.assignment_id JOIN plans p ON p.id = a.plan_id"
            " WHERE x.deleted_at IS NULL AND a.deleted_at IS NULL AND p.deleted_at IS NULL",
        ),
    )
    seen: set[tuple[str, str]] = set()
    for table, used in uses:
        sql = f"SELECT id, name FROM {table} WHERE deleted_at IS NOT NULL AND id IN ({used})"
        for row_id, name in _rows(conn, sql):
            if (table, str(row_id)) in seen:
                continue
            seen.add((table, str(row_id)))
            thing = _TABLE_NAMES[table]
            found.append(
                (
                    Problem(
                        f"{thing.capitalize()} “{name}” đã bị xóa nhưng kế hoạch vẫn giao "
                        "việc cho nó (thường do hai máy sửa cùng lúc)",
                        f"khôi phục {thing} này",
                    ),
                    _revive(table, str(row_id)),
                )
            )
    return found


def _revive(table: str, row_id: str) -> Callable[[RowWriter], None]:
    def fix(writer: RowWriter) -> None:
        name = writer.conn.execute(f"SELECT name FROM {table} WHERE id = ?", (row_id,)).fetchone()[
            0
        ]
        taken = writer.conn.execute(
            f"SELECT 1 FROM {table} WHERE name_key = ? AND deleted_at IS NULL", (name_key(name),)
        ).fetchone()
        writer.revive(table, row_id, reason="repair")
        if taken:
            new = f"{name} (khôi phục)"
            row = _row(writer, table, row_id)
            writer.put(
                table,
                {
                    **row,
                    "name": new,
                    "name_key": name_key(new),
                    "search_key": fold(new),
                    "sort_key": natural_sort_bytes(new),
                },
                reason="repair",
            )

    return fix


# Rows filed under a section they cannot be under: (table, the link, how the row is named,
# the join that finds them, what is wrong, the repair). Each is moved out, never deleted.
_MISFILED = (
    (
        "tasks",
        "section_id",
        "Nhiệm vụ",
        "t.text FROM tasks t JOIN sections s ON s.id = t.section_id WHERE s.plan_id != t.plan_id",
        "nằm dưới một mục của kế hoạch khác",
        "đưa nhiệm vụ ra khỏi mục đó (giữ trong kế hoạch của nó)",
    ),
    # One PC deleted a section while the other filed a task (or a sub-section) under it.
    (
        "tasks",
        "section_id",
        "Nhiệm vụ",
        "t.text FROM tasks t JOIN sections s ON s.id = t.section_id"
        " WHERE t.deleted_at IS NULL AND s.deleted_at IS NOT NULL",
        "nằm dưới một mục đã xóa",
        "đưa nhiệm vụ ra khỏi mục đó (giữ trong kế hoạch)",
    ),
    (
        "sections",
        "parent_id",
        "Mục",
        "t.title FROM sections t JOIN sections s ON s.id = t.parent_id"
        " WHERE t.deleted_at IS NULL AND s.deleted_at IS NOT NULL",
        "nằm dưới một mục đã xóa",
        "đưa mục lên cấp trên cùng",
    ),
    (
        "sections",
        "parent_id",
        "Mục",
        "t.title FROM sections t JOIN sections s ON s.id = t.parent_id"
        " WHERE s.plan_id != t.plan_id",
        "nằm dưới một mục của kế hoạch khác",
        "đưa mục lên cấp trên cùng",
    ),
)


def _cross_plan(
    conn: sqlite3.Connection,
) -> list[tuple[Problem, Callable[[RowWriter], None] | None]]:
    found: list[tuple[Problem, Callable[[RowWriter], None] | None]] = []
    for table, column, thing, query, wrong, repair in _MISFILED:
        for row_id, name in _rows(conn, f"SELECT t.id, {query}"):
            problem = Problem(f"{thing} “{str(name)[:60]}” {wrong}", repair)
            found.append((problem, _clear(table, str(row_id), column)))
    return found


def _invalid_values(
    conn: sqlite3.Connection, tick: Callable[[], None] | None = None
) -> list[tuple[Problem, Callable[[RowWriter], None] | None]]:
    """Live rows with a value the record rules refuse (an older version, a hand-edited file).

    A wrong value in a column that may be empty is cleared (the row keeps the rest, the old
    value stays in history); a row whose required value is wrong is set aside: moved to the
    trash with its version in history, never erased, so a person can look at it.
    """
    found: list[tuple[Problem, Callable[[RowWriter], None] | None]] = []
    for table in RULES:
        rows = select_rows(conn, f"SELECT * FROM {table} WHERE deleted_at IS NULL")
        for n, row in enumerate(rows, 1):
            if tick and n % _ROWS_PER_TICK == 0:
                tick()  # every row is read in Python: seconds on a large office
            problems = row_problems(table, row)
            if not problems:
                continue
            required = [p for p in problems if p.column not in _clearable(table)]
            fix = _set_aside(table, row["id"]) if required else _clear_values(problems)
            repair = (
                "để riêng bản ghi này (chuyển vào thùng rác, bản cũ giữ trong lịch sử)"
                if required
                else "bỏ giá trị sai, giữ bản ghi (giá trị cũ giữ trong lịch sử)"
            )
            for problem in problems:
                found.append((Problem(problem.text(), repair), fix))
                fix = _nothing  # one repair a row, however many values it gets wrong
    return found


def _clearable(table: str) -> set[str]:
    return {c for c, (_check, required) in RULES[table].items() if not required}


def _nothing(_writer: RowWriter) -> None:
    return None


def _set_aside(table: str, row_id: str) -> Callable[[RowWriter], None]:
    def fix(writer: RowWriter) -> None:
        writer.tombstone(table, row_id, reason="repair-set-aside")

    return fix


def _clear_values(problems: list[FieldProblem]) -> Callable[[RowWriter], None]:
    def fix(writer: RowWriter) -> None:
        first = problems[0]
        row = _row(writer, first.table, first.row_id)
        writer.put(first.table, {**row, **{p.column: None for p in problems}}, reason="repair")

    return fix


def _other_plan_links(
    conn: sqlite3.Connection,
) -> list[tuple[Problem, Callable[[RowWriter], None] | None]]:
    """Links to another plan's rows that :data:`_MISFILED` does not already name."""
    named = {(table, column) for table, column, *_rest in _MISFILED}
    found: list[tuple[Problem, Callable[[RowWriter], None] | None]] = []
    for problem in cross_plan_problems(conn, None):
        if (problem.table, problem.column) in named:
            continue
        fix = _clear(problem.table, problem.row_id, problem.column)
        found.append((Problem(problem.text(), "bỏ liên kết sai, giữ nguyên bản ghi"), fix))
    return found


def _search_index(
    conn: sqlite3.Connection,
) -> list[tuple[Problem, Callable[[RowWriter], None] | None]]:
    live = {str(r[0]) for r in _rows(conn, "SELECT id FROM plans WHERE deleted_at IS NULL")}
    indexed = [str(r[0]) for r in _rows(conn, "SELECT plan_id FROM plan_search")]
    if set(indexed) == live and len(indexed) == len(live):
        return []
    return [(Problem("Chỉ mục tìm kiếm kế hoạch không khớp dữ liệu", "dựng lại chỉ mục"), None)]


# The checks after SQLite's own, in order, with what the progress bar says of each; a long
# one reports again as it goes (through the tick it is given).
_STAGES: tuple[tuple[str, Callable[[sqlite3.Connection, Callable[[], None]], Found]], ...] = (
    ("liên kết tới bản ghi không còn", lambda conn, _tick: _broken_links(conn)),
    ("bản ghi đã xóa mà vẫn được dùng", lambda conn, _tick: _deleted_but_used(conn)),
    ("nhiệm vụ xếp nhầm kế hoạch", lambda conn, _tick: _cross_plan(conn)),
    ("giá trị không hợp lệ", _invalid_values),
    ("liên kết sang kế hoạch khác", lambda conn, _tick: _other_plan_links(conn)),
    ("chỉ mục tìm kiếm", lambda conn, _tick: _search_index(conn)),
)
_ROWS_PER_TICK = 5000


def check(conn: sqlite3.Connection, progress: Progress | None = None) -> IntegrityReport:
    """Everything wrong with the open workspace, without changing it.

    A damaged page met anywhere on the way (SQLite's own check may stop at the first) is
    reported as damage, never raised. ``progress`` is told before each stage.
    """
    total = len(_STAGES) + 1
    try:
        if progress:
            progress(0, total, "tệp dữ liệu (SQLite)")
        damage = sqlite_check(conn)
        if damage:
            return IntegrityReport(sqlite_ok=False, problems=tuple(Problem(p) for p in damage))
        problems = tuple(p for p, _ in _checks(conn, progress))
    except sqlite3.DatabaseError as exc:
        return IntegrityReport(sqlite_ok=False, problems=(Problem(f"SQLite: {exc}"),))
    if progress:
        progress(total, total, "")
    return IntegrityReport(sqlite_ok=True, problems=problems)


def repair(
    writer: RowWriter, reindex: Callable[[], None], progress: Progress | None = None
) -> list[str]:
    """Fix what can be fixed (inside the caller's transaction); returns what was done."""
    done = []
    found = _checks(writer.conn, progress)
    for n, (problem, fix) in enumerate(found):
        if problem.repair is None:
            continue
        if progress and n % 100 == 0:
            progress(n, len(found) + 1, "sửa lỗi")
        if fix is not None:
            fix(writer)
        done.append(f"{problem.what}: đã {problem.repair}")
    if done:
        # The file lost or broke rows of its own: a package part taken before may hold
        # them, so every part is read again (reading all of it then offers them back).
        forget_taken_parts(writer.conn)
        # Recreated and revived rows change what the plans' search text holds.
        if progress:
            progress(len(found), len(found) + 1, "dựng lại chỉ mục tìm kiếm")
        reindex()
    if progress:
        progress(len(found) + 1, len(found) + 1, "")
    return done
