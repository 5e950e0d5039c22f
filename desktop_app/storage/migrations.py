"""Schema migrations: an ordered, append-only list of steps numbered by ``PRAGMA user_version``.

Never edit a step once released; add a new one. Each step runs in its own transaction that
also sets ``user_version``, so a failed step leaves the file as it was.
"""

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from desktop_app.storage.errors import NewerSchemaError, StorageError

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


def _v1_initial(conn: sqlite3.Connection) -> None:
    for statement in _split(_V1):
        conn.execute(statement)


# Version 2 (calendar): the date a rule gave each generated event, so one occurrence can be
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


def _v2_calendar(conn: sqlite3.Connection) -> None:
    for statement in _split(_V2):
        conn.execute(statement)


# Version 3 (Word documents): the progress reports the clerk writes about a plan: the date,
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


def _v3_reports(conn: sqlite3.Connection) -> None:
    for statement in _split(_V3):
        conn.execute(statement)


# Version 4 (progress): what each report says beyond status and percent (the note, the
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


def _v4_progress(conn: sqlite3.Connection) -> None:
    for statement in _split(_V4):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    # executescript() would COMMIT the surrounding transaction; run statements one by one.
    return [s.strip() for s in script.split(";\n") if s.strip()]


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[int, Migration]] = [
    (1, _v1_initial),
    (2, _v2_calendar),
    (3, _v3_reports),
    (4, _v4_progress),
]
LATEST = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """Bring the file up to ``LATEST``, one transaction per step.

    Before upgrading a file that already holds data, a copy is kept as
    ``<name>.v<old>.bak`` beside it.

    Returns:
        The schema version the file had before.

    Raises:
        NewerSchemaError: the file's version is newer than this program knows.
    """
    current = schema_version(conn)
    if current > LATEST:
        raise NewerSchemaError(
            f"Tệp dữ liệu này được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {current}, chương trình này chỉ biết đến {LATEST}). "
            "Hãy cập nhật chương trình rồi mở lại; tệp không bị thay đổi."
        )
    if current == LATEST:
        return current
    if current > 0 and path is not None and path.exists():
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, path.with_name(f"{path.name}.v{current}.bak"))
    for version, step in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version = {version:d}")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StorageError(f"Không nâng cấp được tệp dữ liệu (bước {version}): {exc}") from exc
        conn.execute("COMMIT")
    return current
