"""Schema migrations: sqlite-utils ``Migrations``, applied in order and recorded by name.

``STEPS`` is append-only: never edit a step once released; add a new one at the end. The
schema's number is the count of steps, kept in ``PRAGMA user_version`` too, because packages,
backups and older programs read that number to refuse a file from a newer program.

Files written before the record existed (schema 1 to 4, numbered by ``user_version`` alone)
are recognised by that number: their first ``user_version`` steps are recorded as applied
without running again, and the steps after them run as for any file.

A new step is a function taking the sqlite-utils ``Database``; one that must rebuild a table
(a column's type, NOT NULL, a column dropped) calls :func:`rebuild_table`.
"""

import datetime as dt
import functools
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

from desktop_app.storage.errors import NewerSchemaError, StorageError

# The name under which this program records its steps in ``_sqlite_migrations``.
MIGRATION_SET = "so-ke-hoach"

# Every row that travels between PCs carries these: a random id, when and where it was last
# changed, and a tombstone instead of a physical delete.
_SYNC = """
    updated_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    deleted_at TEXT
"""
_FK = "DEFERRABLE INITIALLY DEFERRED"

_V1 = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE settings (
    id TEXT PRIMARY KEY NOT NULL,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    {_SYNC}
);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    search_key TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    kind TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    abbreviation TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE UNIQUE INDEX units_name_live ON units(name_key) WHERE deleted_at IS NULL;
CREATE INDEX units_order ON units(position, sort_key);

CREATE TABLE hamlets (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    search_key TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    kind TEXT NOT NULL,
    households INTEGER,
    population INTEGER,
    former_commune TEXT NOT NULL DEFAULT '',
    merged_into TEXT REFERENCES hamlets(id) {_FK},
    active INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE UNIQUE INDEX hamlets_name_live ON hamlets(name_key) WHERE deleted_at IS NULL;
CREATE INDEX hamlets_order ON hamlets(sort_key);

CREATE TABLE plans (
    id TEXT PRIMARY KEY NOT NULL,
    system TEXT NOT NULL CHECK (system IN ('state', 'party')),
    issuer_name TEXT NOT NULL,
    issuer_parent TEXT NOT NULL DEFAULT '',
    number INTEGER,
    symbol TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    plan_date TEXT,
    doc_type TEXT NOT NULL DEFAULT 'KH',
    type_line TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    bases TEXT NOT NULL DEFAULT '[]',
    preamble TEXT NOT NULL DEFAULT '[]',
    closing TEXT NOT NULL DEFAULT '[]',
    sign_authority TEXT NOT NULL DEFAULT '',
    sign_position TEXT NOT NULL DEFAULT '',
    sign_signer TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX plans_date ON plans(plan_date);

CREATE TABLE sections (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    parent_id TEXT REFERENCES sections(id) {_FK},
    position INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    run_in INTEGER NOT NULL DEFAULT 0,
    paragraphs TEXT NOT NULL DEFAULT '[]',
    {_SYNC}
);
CREATE INDEX sections_plan ON sections(plan_id, position);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    section_id TEXT REFERENCES sections(id) {_FK},
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    output TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    deadline_kind TEXT NOT NULL DEFAULT 'none',
    deadline_text TEXT NOT NULL DEFAULT '',
    deadline_date TEXT,
    deadline_before INTEGER NOT NULL DEFAULT 0,
    deadline_year INTEGER,
    deadline_month INTEGER,
    deadline_quarter INTEGER,
    deadline_rrule TEXT,
    deadline_start TEXT,
    due_date TEXT,
    {_SYNC}
);
CREATE INDEX tasks_plan ON tasks(plan_id, position);
CREATE INDEX tasks_due ON tasks(due_date) WHERE deleted_at IS NULL;

CREATE TABLE task_units (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) {_FK},
    unit_id TEXT NOT NULL REFERENCES units(id) {_FK},
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    position INTEGER NOT NULL,
    {_SYNC}
);
CREATE INDEX task_units_task ON task_units(task_id, role, position);
CREATE INDEX task_units_unit ON task_units(unit_id);

CREATE TABLE occurrences (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) {_FK},
    due_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    note TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX occurrences_due ON occurrences(due_date) WHERE deleted_at IS NULL;
CREATE INDEX occurrences_task ON occurrences(task_id, due_date);

CREATE TABLE event_rules (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    text TEXT NOT NULL DEFAULT '',
    rrule TEXT NOT NULL,
    start TEXT NOT NULL,
    label_pattern TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX event_rules_plan ON event_rules(plan_id);

CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    rule_id TEXT REFERENCES event_rules(id) {_FK},
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    event_date TEXT NOT NULL,
    event_time TEXT,
    place TEXT NOT NULL DEFAULT '',
    all_hamlets INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX events_date ON events(event_date) WHERE deleted_at IS NULL;
CREATE INDEX events_plan ON events(plan_id, position);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    unit_id TEXT NOT NULL REFERENCES units(id) {_FK},
    position INTEGER NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX assignments_plan ON assignments(plan_id, position);

CREATE TABLE assignment_hamlets (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments(id) {_FK},
    hamlet_id TEXT NOT NULL REFERENCES hamlets(id) {_FK},
    position INTEGER NOT NULL,
    {_SYNC}
);
CREATE INDEX assignment_hamlets_assignment ON assignment_hamlets(assignment_id, position);
CREATE INDEX assignment_hamlets_hamlet ON assignment_hamlets(hamlet_id);

CREATE TABLE recipients (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    unit_id TEXT REFERENCES units(id) {_FK},
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'to',
    {_SYNC}
);
CREATE INDEX recipients_plan ON recipients(plan_id, position);

CREATE TABLE appendices (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    attached_line TEXT NOT NULL DEFAULT '',
    paragraphs TEXT NOT NULL DEFAULT '[]',
    {_SYNC}
);
CREATE INDEX appendices_plan ON appendices(plan_id, position);

CREATE TABLE progress_entries (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    task_id TEXT REFERENCES tasks(id) {_FK},
    occurrence_date TEXT,
    event_id TEXT REFERENCES events(id) {_FK},
    unit_id TEXT REFERENCES units(id) {_FK},
    hamlet_id TEXT REFERENCES hamlets(id) {_FK},
    reported_on TEXT NOT NULL,
    status TEXT,
    percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
    text TEXT NOT NULL DEFAULT '',
    figures TEXT NOT NULL DEFAULT '{{}}',
    source TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE INDEX progress_plan ON progress_entries(plan_id, reported_on);
CREATE INDEX progress_task ON progress_entries(task_id, reported_on);

-- Versions of rows that an edit or a merge replaced, so nothing is ever silently lost.
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    row_json TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_row ON history(table_name, row_id);

-- Folded text of each plan (title, number, issuer, tasks) for search-as-you-type.
CREATE VIRTUAL TABLE plan_search USING fts5(plan_id UNINDEXED, body, tokenize = 'trigram');
"""


def m001_initial(db: "Database") -> None:
    _run(db, _V1)


# Step 2 (calendar): the date a rule gave each generated event, so one occurrence can be
# moved (a holiday) while the rule still knows it; and the office's own days off and make-up
# working days beside the public holidays.
_V2 = f"""
ALTER TABLE events ADD COLUMN rule_date TEXT;
UPDATE events SET rule_date = event_date WHERE rule_id IS NOT NULL;
CREATE TABLE calendar_days (
    id TEXT PRIMARY KEY NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'workday')),
    name TEXT NOT NULL DEFAULT '',
    {_SYNC}
);
CREATE UNIQUE INDEX calendar_days_day ON calendar_days(day) WHERE deleted_at IS NULL;
"""


def m002_calendar(db: "Database") -> None:
    _run(db, _V2)


# Step 3 (Word documents): the progress reports the clerk writes about a plan: the date,
# the number, the difficulties and proposals, and the report's own Nơi nhận and signature.
_V3 = f"""
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans(id) {_FK},
    report_date TEXT NOT NULL,
    number INTEGER CHECK (number IS NULL OR number > 0),
    difficulties TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '[]',
    signature TEXT NOT NULL DEFAULT '{{}}',
    {_SYNC}
);
CREATE INDEX reports_plan ON reports(plan_id, report_date);
"""


def m003_reports(db: "Database") -> None:
    _run(db, _V3)


# Step 4 (progress): what each report says beyond status and percent (the note, the
# document that proves it, who sent it, the people taking part in a campaign day), and the
# measures the clerk counts on a plan's campaign days ("Đường được vệ sinh (km)").
_V4 = """
ALTER TABLE progress_entries ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE progress_entries ADD COLUMN document TEXT NOT NULL DEFAULT '';
ALTER TABLE progress_entries ADD COLUMN reporter TEXT NOT NULL DEFAULT '';
ALTER TABLE progress_entries ADD COLUMN participants INTEGER
    CHECK (participants IS NULL OR participants >= 0);
ALTER TABLE plans ADD COLUMN measures TEXT NOT NULL DEFAULT '[]';
CREATE INDEX progress_event ON progress_entries(event_id, hamlet_id)
"""


def m004_progress(db: "Database") -> None:
    _run(db, _V4)


# Step 6 (issue 22): the schema's last line of defence behind the record rules of
# ``domain/record_rules.py``. SQLite cannot add a CHECK to a column without rebuilding the
# table, and a rebuild would fail on the bad rows older versions left (check-db finds and
# repairs those), so the checks are BEFORE INSERT/UPDATE triggers on live rows: a tombstone
# or a repair of an old bad row still goes through. The values are written out here, not
# taken from the domain's enums, so this step stays what it shipped as.
def _enum_sql(column: str, values: Sequence[str], *, nullable: bool = False) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    test = f"NEW.{column} IN ({listed})"
    return f"(NEW.{column} IS NULL OR {test})" if nullable else test


def _date_sql(column: str, *, nullable: bool = True) -> str:
    test = (
        f"(NEW.{column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
        f" AND NEW.{column} BETWEEN '1900-01-01' AND '2100-12-31'"
        # With a modifier SQLite carries 31 February over into March; alone it does not.
        f" AND date(NEW.{column}, '+0 days') IS NEW.{column})"
    )
    return f"(NEW.{column} IS NULL OR {test})" if nullable else test


def _range_sql(column: str, low: int, high: int) -> str:
    return (
        f"(NEW.{column} IS NULL OR (typeof(NEW.{column}) = 'integer'"
        f" AND NEW.{column} BETWEEN {low} AND {high}))"
    )


def _json_sql(column: str, kind: str) -> str:
    return f"(json_valid(NEW.{column}) AND json_type(NEW.{column}) = '{kind}')"


_TASK_STATUS = ("not_started", "in_progress", "done")
_VALUE_CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "units": (
        (
            "kind",
            _enum_sql(
                "kind",
                (
                    "party",
                    "government",
                    "front",
                    "armed",
                    "school",
                    "health",
                    "business",
                    "hamlet_head",
                    "group",
                    "other",
                ),
            ),
        ),
        ("active", _range_sql("active", 0, 1)),
        ("position", _range_sql("position", 0, 10_000_000)),
    ),
    "hamlets": (
        ("kind", _enum_sql("kind", ("xom", "thon", "to_dan_pho"))),
        ("households", _range_sql("households", 0, 100_000_000)),
        ("population", _range_sql("population", 0, 100_000_000)),
        ("active", _range_sql("active", 0, 1)),
        ("merged_into", "(NEW.merged_into IS NULL OR NEW.merged_into != NEW.id)"),
    ),
    "calendar_days": (("day", _date_sql("day", nullable=False)),),
    "plans": (
        (
            "status",
            _enum_sql("status", ("draft", "issued", "in_progress", "done", "archived")),
        ),
        ("number", _range_sql("number", 1, 1_000_000)),
        ("plan_date", _date_sql("plan_date")),
        ("bases", _json_sql("bases", "array")),
        ("preamble", _json_sql("preamble", "array")),
        ("closing", _json_sql("closing", "array")),
        ("measures", _json_sql("measures", "array")),
    ),
    "sections": (
        ("position", _range_sql("position", 0, 10_000_000)),
        ("run_in", _range_sql("run_in", 0, 1)),
        ("paragraphs", _json_sql("paragraphs", "array")),
        ("parent_id", "(NEW.parent_id IS NULL OR NEW.parent_id != NEW.id)"),
    ),
    "tasks": (
        ("status", _enum_sql("status", _TASK_STATUS)),
        ("position", _range_sql("position", 0, 10_000_000)),
        (
            "deadline_kind",
            _enum_sql(
                "deadline_kind",
                ("date", "month", "quarter", "year", "recurring", "ongoing", "undated", "none"),
            ),
        ),
        ("deadline_date", _date_sql("deadline_date")),
        ("deadline_start", _date_sql("deadline_start")),
        ("due_date", _date_sql("due_date")),
        ("deadline_before", _range_sql("deadline_before", 0, 1)),
        ("deadline_year", _range_sql("deadline_year", 1900, 2100)),
        ("deadline_month", _range_sql("deadline_month", 1, 12)),
        ("deadline_quarter", _range_sql("deadline_quarter", 1, 4)),
    ),
    "task_units": (("position", _range_sql("position", 0, 10_000_000)),),
    "occurrences": (
        ("due_date", _date_sql("due_date", nullable=False)),
        ("status", _enum_sql("status", _TASK_STATUS)),
    ),
    "event_rules": (("start", _date_sql("start", nullable=False)),),
    "events": (
        ("event_date", _date_sql("event_date", nullable=False)),
        ("rule_date", _date_sql("rule_date")),
        ("all_hamlets", _range_sql("all_hamlets", 0, 1)),
        ("position", _range_sql("position", 0, 10_000_000)),
    ),
    "assignments": (("position", _range_sql("position", 0, 10_000_000)),),
    "assignment_hamlets": (("position", _range_sql("position", 0, 10_000_000)),),
    "recipients": (
        ("role", _enum_sql("role", ("to", "archive", "cc"))),
        ("position", _range_sql("position", 0, 10_000_000)),
    ),
    "appendices": (
        ("kind", _enum_sql("kind", ("assignment", "tasks", "text"))),
        ("paragraphs", _json_sql("paragraphs", "array")),
    ),
    "progress_entries": (
        ("reported_on", _date_sql("reported_on", nullable=False)),
        ("occurrence_date", _date_sql("occurrence_date")),
        ("status", _enum_sql("status", _TASK_STATUS, nullable=True)),
        ("figures", _json_sql("figures", "object")),
    ),
    "reports": (
        ("report_date", _date_sql("report_date", nullable=False)),
        ("recipients", _json_sql("recipients", "array")),
        ("signature", _json_sql("signature", "object")),
    ),
}


def m005_value_checks(db: "Database") -> None:
    for table, checks in _VALUE_CHECKS.items():
        # Only the columns the file has: this step and another one released beside it may
        # run in either order.
        have = {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}
        wanted = [sql for column, sql in checks if column in have]
        if not wanted or "deleted_at" not in have:
            continue
        test = " AND ".join(wanted)
        message = f"bảng {table}: giá trị không hợp lệ (tệp dữ liệu từ chối)"
        for event in ("INSERT", "UPDATE"):
            db.execute(
                f"CREATE TRIGGER IF NOT EXISTS value_check_{table}_{event.lower()}"
                f" BEFORE {event} ON {table}"
                # coalesce: a test on NULL is NULL, and NOT NULL would let the row through.
                f" WHEN NEW.deleted_at IS NULL AND NOT coalesce(({test}), 0)"
                f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


# Step 6 (issue 21): the numbers given to documents that are not plans or reports: the
# decision issuing a plan (QĐ) and the weekly schedule (LCT). One row per document, its id
# naming what it numbers ("decision:<plan id>", "schedule:party:2026-12-07"), so two PCs
# numbering the same document meet as one row in a merge. Registers count these rows beside
# the plans' and the reports' numbers (domain/registers.py).
_V6 = f"""
CREATE TABLE issued_numbers (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'schedule')),
    issuer_name TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    doc_date TEXT NOT NULL,
    {_SYNC}
);
CREATE INDEX issued_numbers_date ON issued_numbers(doc_date)
"""


def m006_issued_numbers(db: "Database") -> None:
    _run(db, _V6)


# Indexes the reads of a whole office need (issue 23), found with EXPLAIN QUERY PLAN:
# - the plan list counts each plan's live tasks: with deleted_at in the index the count reads
#   the index alone (95 ms to 31 ms for the 20-year office's 2,000 plans and 100,000 tasks);
# - a plan's progress entries are read in the order they were recorded: the index gives that
#   order, where a sort ran for every plan (overview, sheets, reports; 20 % less time).
_V7 = """
CREATE INDEX tasks_plan_live ON tasks(plan_id, deleted_at);
CREATE INDEX progress_plan_recorded ON progress_entries(plan_id, updated_at)
"""


def m007_indexes(db: "Database") -> None:
    _run(db, _V7)


# Step 8 (issue 23, change packages): what this workspace knows of the exchanges, kept on
# this PC only (not synced, never in a package), see storage/peers.py. ``exchange_holds``:
# for each other PC, the stamp of that PC's clock up to which all it held is here.
# ``exchange_peers``: for each PC whose package was merged here, what that PC said it held
# then (a JSON object of device id -> stamp), so a change package for it carries only what
# it lacks. ``exchange_arrivals``: when (this PC's clock) a merge last wrote each row.
_V8 = """
CREATE TABLE exchange_arrivals (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    arrived TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) WITHOUT ROWID;
CREATE TABLE exchange_holds (
    device_id TEXT PRIMARY KEY NOT NULL,
    stamp TEXT NOT NULL
);
CREATE TABLE exchange_peers (
    device_id TEXT PRIMARY KEY NOT NULL,
    device_name TEXT NOT NULL,
    holds_json TEXT NOT NULL,
    package_at TEXT NOT NULL,
    merged_at TEXT NOT NULL
)
"""


def m008_exchange_peers(db: "Database") -> None:
    _run(db, _V8)


# Step 9 (issue 23): the references into a table that points at itself had no index. While
# a transaction holds a row pointing at one not written yet (a sub-section before its
# section, in a package's order), SQLite looks for the children of every row it then
# inserts into that table, and without an index each look read the whole child table:
# 7,000 sections took 1.5 s, and a whole office's 28,000 four times as long per row.
_V9 = """
CREATE INDEX sections_parent ON sections(parent_id);
CREATE INDEX tasks_section ON tasks(section_id);
CREATE INDEX hamlets_merged_into ON hamlets(merged_into);
CREATE INDEX progress_hamlet ON progress_entries(hamlet_id)
"""


def m009_link_indexes(db: "Database") -> None:
    _run(db, _V9)


# Step 10 (issue 23): the parts of packages this workspace has taken, by their checksum. A
# part taken once holds versions that are here since, as they came or replaced by newer
# ones (nothing here ever loses a version but by a restore, which brings back this table as
# it was with the data): the same part again is known without reading its rows, and merging
# a whole office's package a second time is a check of its bytes, not of 900,000 rows.
_V10 = """
CREATE TABLE exchange_taken_parts (
    part TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    taken_at TEXT NOT NULL,
    PRIMARY KEY (part, sha256)
) WITHOUT ROWID
"""


def m010_taken_parts(db: "Database") -> None:
    _run(db, _V10)


def _run(db: "Database", script: str) -> None:
    # Released steps stay the SQL they shipped as: existing files hold exactly this DDL, and
    # sqlite-utils' create() cannot say DEFERRABLE, partial indexes or FTS5 options.
    # executescript() would COMMIT the surrounding transaction; run statements one by one.
    for statement in (s.strip() for s in script.split(";\n")):
        if statement:
            db.execute(statement)


Migration = Callable[["Database"], None]
STEPS: tuple[Migration, ...] = (
    m001_initial,
    m002_calendar,
    m003_reports,
    m004_progress,
    m005_value_checks,
    m006_issued_numbers,
    m007_indexes,
    m008_exchange_peers,
    m009_link_indexes,
    m010_taken_parts,
)
LATEST = len(STEPS)

# Every foreign key of the schema is checked at COMMIT, so a transaction may write a child
# (a sub-section, a merged hamlet) before the row it points to.
_REFERENCE = re.compile(r'(REFERENCES "[^"]+"\("[^"]+"\))')


def rebuild_table(db: "Database", table: str, **changes: Any) -> None:
    """Rebuild ``table`` in a migration step with sqlite-utils' ``transform``.

    ``changes`` are ``Table.transform``'s (types, rename, drop, not_null, defaults,
    column_order ...). Rows, indexes and CHECK constraints are carried over; the foreign
    keys stay deferred. Runs inside the step's transaction, with foreign keys off as
    :func:`migrate` leaves them.

    Raises:
        sqlite3.IntegrityError: the rebuilt rows point to rows that do not exist.
    """
    # transform() itself would write the foreign keys without DEFERRABLE INITIALLY DEFERRED:
    # its statements are run here, with that clause put back.
    for sql in db.table(table).transform_sql(**changes):
        db.execute(_REFERENCE.sub(rf"\1 {_FK}", sql) if sql.startswith("CREATE TABLE") else sql)
    broken = db.execute(f"PRAGMA foreign_key_check([{table}])").fetchone()
    if broken is not None:
        raise sqlite3.IntegrityError(
            f"bảng {table}: dòng {broken[1]} trỏ tới một dòng không có trong bảng {broken[2]}"
        )


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def applied_steps(conn: sqlite3.Connection) -> list[str]:
    """The names of the steps recorded as applied to this file, in the order they ran."""
    # Read by hand, as Migrations.applied() reads it: a file that is up to date then opens
    # without importing sqlite-utils (about 0.1 s of every start).
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,),
        ).fetchall()
    except sqlite3.OperationalError:  # no record yet: a new file, or one from before it
        return []
    return [str(r[0]) for r in rows]


def _numbered(number: int, step: Migration) -> Migration:
    @functools.wraps(step)
    def run(db: "Database") -> None:
        try:
            step(db)
        except sqlite3.Error as exc:
            raise StorageError(f"Không nâng cấp được tệp dữ liệu (bước {number}): {exc}") from exc

    return run


def _migration_set(steps: Sequence[Migration]) -> "Migrations":
    from sqlite_utils import Migrations  # noqa: PLC0415  # only when a step is to run

    migrations = Migrations(MIGRATION_SET)
    for number, step in enumerate(steps, start=1):
        migrations(name=step.__name__)(_numbered(number, step))
    return migrations


def _refuse_newer(version: int, recorded: list[str], steps: Sequence[Migration]) -> None:
    known = {step.__name__ for step in steps}
    unknown = [name for name in recorded if name not in known]
    if version <= len(steps) and not unknown:
        return
    shown = max(version, len(recorded))
    raise NewerSchemaError(
        f"Tệp dữ liệu này được tạo bởi phiên bản mới hơn của chương trình "
        f"(lược đồ {shown}, chương trình này chỉ biết đến {len(steps)}). "
        "Hãy cập nhật chương trình rồi mở lại; tệp không bị thay đổi."
    )


def _record_released(db: "Database", migrations: "Migrations", steps: Sequence[Migration]) -> None:
    """Record the steps a file numbered by ``user_version`` alone has, without running them."""
    migrations.ensure_migrations_table(db)
    recorded = {m.name for m in migrations.applied(db)}
    for step in steps:
        if step.__name__ not in recorded:
            db.table(migrations.migrations_table).insert(
                {
                    "migration_set": MIGRATION_SET,
                    "name": step.__name__,
                    "applied_at": str(dt.datetime.now(dt.UTC)),  # when it was recorded
                }
            )


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """Bring the file up to the latest schema, all steps in one transaction.

    Run it with foreign keys off (a step may rebuild a table others point to). Before
    upgrading a file that already holds data, a copy is kept as ``<name>.v<old>.bak``.

    Returns:
        The schema version the file had before.

    Raises:
        NewerSchemaError: the file's version is newer than this program knows.
        StorageError: a step failed; the file is left as it was.
    """
    steps = STEPS
    current = schema_version(conn)
    recorded = applied_steps(conn)
    _refuse_newer(current, recorded, steps)
    if current == len(steps) and recorded == [step.__name__ for step in steps]:
        return current
    from sqlite_utils import Database  # noqa: PLC0415  # only when a step is to run

    # The connection keeps its own pragmas: no recursive_triggers, and no sqlite-utils plugin
    # that happens to be installed on this PC gets to prepare it.
    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    migrations = _migration_set(steps)
    if 0 < current < len(steps) and path is not None and path.exists():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, path.with_name(f"{path.name}.v{current}.bak"))
    # BEGIN IMMEDIATE, not atomic()'s deferred BEGIN: the write lock is taken before reading,
    # so a second window waits (busy_timeout) instead of failing halfway. Each step runs in
    # a savepoint of it (Migrations.apply uses atomic()).
    conn.execute("BEGIN IMMEDIATE")
    try:
        _record_released(db, migrations, steps[:current])
        migrations.apply(db)
        # A step may rewrite or drop rows: a part taken before it is read again after.
        if db["exchange_taken_parts"].exists():
            conn.execute("DELETE FROM exchange_taken_parts")
        conn.execute(f"PRAGMA user_version = {len(steps):d}")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return current
