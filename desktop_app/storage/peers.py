"""What each PC holds, so a package may carry only what the other PC lacks ("gói thay đổi").

Each version of a row is named by its stamp and the PC that made it (``rows.py``). "This
workspace holds PC D up to T" means: every version D held when its clock read T is here,
as the current row or in history. So are, in particular, the versions D stamped up to T.
A PC holds itself up to its clock. It holds another PC D up to T once it merged a whole
package (or a change package on its base) from a PC that held D up to T: then it holds all
that PC held. A PC's clock only grows, so none of this trusts any clock to be right.

Every package carries what its sender holds (``Manifest.holds``). The receiver remembers
it for that PC (``exchange_peers``): the newest it confirmed. A change package for that PC
leaves out a row when that PC surely has its version: stamped by a PC it holds up to a
later stamp, or here already when this PC's clock read what that PC holds of it (the own
edits by their stamp, what merges brought by ``exchange_arrivals``, anything older than
both as it came with the file). Rows deleted travel too (tombstones are versions). The
package says what it leaves out as its ``base``: a PC that does not hold the base refuses
it whole, before anything is written, and asks for a whole package.

A package's parts taken here are remembered by their checksums (``exchange_taken_parts``):
the same part again, byte for byte, brings nothing new, and is not read row by row.

These tables belong to this PC: they never travel in a package (see ``package.TABLES``).
"""

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from desktop_app import __version__
from desktop_app.storage.rows import local_time, read_clock

Holds = Mapping[str, str]  # device id -> newest stamp held of that device


@dataclass(frozen=True)
class Peer:
    """Another PC whose package was merged here, and what it held when it made it."""

    device_id: str
    device_name: str
    holds: Holds
    package_at: str  # when its newest package merged here was made (a stamp)
    merged_at: str  # when that package was merged here (a stamp)

    def package_made_text(self) -> str:
        """When its newest package was made, as this PC's clock reads it ("" if unknown)."""
        made = local_time(self.package_at)
        return "" if made is None else f"{made:%d/%m/%Y %H:%M}"


def own_mark(conn: sqlite3.Connection, writer_clock: str) -> str:
    """Up to when this PC holds its own versions: every stamp it gave so far is at most this.

    The writer's clock is never behind a stamp it gave, and later edits come after it.
    """
    return max(read_clock(conn), writer_clock)


def holds_here(conn: sqlite3.Connection, device_id: str, mark: str) -> dict[str, str]:
    """What this workspace holds of each PC, itself included (up to ``mark``)."""
    out = {str(d): str(s) for d, s in conn.execute("SELECT device_id, stamp FROM exchange_holds")}
    out[device_id] = mark
    return out


def missing_from(held: Holds, base: Holds) -> list[str]:
    """The PCs of ``base`` whose versions ``held`` does not cover as far as ``base`` needs."""
    return sorted(d for d, stamp in base.items() if held.get(d, "") < stamp)


def record_arrivals(
    conn: sqlite3.Connection,
    written: Mapping[str, set[str]],
    stamp: str,
    *,
    every_row_of: Collection[str] = (),
) -> None:
    """Note that a merge wrote these rows (table -> ids) when this PC's clock read ``stamp``.

    ``every_row_of``: tables whose every row the merge wrote (it filled them).
    """
    upsert = " ON CONFLICT(table_name, row_id) DO UPDATE SET arrived = excluded.arrived"
    conn.executemany(
        "INSERT INTO exchange_arrivals (table_name, row_id, arrived) VALUES (?, ?, ?)" + upsert,
        ((table, row_id, stamp) for table, ids in written.items() for row_id in ids),
    )
    for table in every_row_of:
        conn.execute(
            "INSERT INTO exchange_arrivals (table_name, row_id, arrived)"
            f" SELECT ?, id, ? FROM {table} WHERE true" + upsert,
            (table, stamp),
        )


def here_before(table: str, own_device: str, mark: str) -> tuple[str, list[str]]:
    """An SQL condition (and its parameters): the row of ``table`` was here at ``mark``.

    ``mark`` is a reading of this PC's clock; the row is named ``table`` in the query.

    An edit of this PC by its stamp, a row a merge wrote by when it arrived; any other row
    came with the file, before this PC sent a package (a merge into an empty file, a copy).
    """
    arrival = (
        "SELECT a.arrived FROM exchange_arrivals a"
        f" WHERE a.table_name = '{table}' AND a.row_id = {table}.id"
    )
    return (
        f"coalesce(({arrival}), CASE WHEN {table}.device_id = ? THEN {table}.updated_at"
        " ELSE '' END) <= ?",
        [own_device, mark],
    )


def changed_since(
    base: Holds, *, version: tuple[str, str] = ("updated_at", "device_id")
) -> tuple[str, list[str]]:
    """An SQL condition true for the versions ``base`` does not hold, and its parameters.

    ``version``: the SQL expressions of a row's stamp and device.
    """
    stamp, device = version
    if not base:
        return "1", []
    cases = " ".join("WHEN ? THEN ?" for _ in base)
    params = [value for pair in sorted(base.items()) for value in pair]
    return f"{stamp} > CASE {device} {cases} ELSE '' END", params


def peers(conn: sqlite3.Connection) -> list[Peer]:
    """The PCs met through their packages, the most recently merged first."""
    rows = conn.execute(
        "SELECT device_id, device_name, holds_json, package_at, merged_at FROM exchange_peers"
        " ORDER BY merged_at DESC, device_name"
    )
    return [Peer(d, n, _holds(h), p, m) for d, n, h, p, m in rows]


def peer(conn: sqlite3.Connection, device_id: str) -> Peer | None:
    return next((p for p in peers(conn) if p.device_id == device_id), None)


def _holds(text: str) -> dict[str, str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}  # a damaged record: the PC is taken to hold nothing (whole packages then)
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def record_package(
    conn: sqlite3.Connection,
    *,
    own_device: str,
    sender: str,
    sender_name: str,
    sender_holds: Holds,
    package_at: str,
    merged_at: str,
    whole: bool,
) -> None:
    """Remember what a merged package says its sender held; run inside the merge's transaction.

    ``whole``: the package carried all its sender held (a whole package, or a change
    package whose base was here): this workspace now holds the same.
    """
    if sender == own_device:
        return  # a copy of this PC's own file, read as a package
    if whole:
        for device, stamp in sender_holds.items():
            if device == own_device:
                continue  # this PC holds its own versions by its clock
            conn.execute(
                "INSERT INTO exchange_holds (device_id, stamp) VALUES (?, ?)"
                " ON CONFLICT(device_id) DO UPDATE SET stamp = max(stamp, excluded.stamp)",
                (device, stamp),
            )
    # The newest package of that PC is its word on what it holds now (after restoring a
    # backup it may hold less than it once said).
    conn.execute(
        "INSERT INTO exchange_peers (device_id, device_name, holds_json, package_at, merged_at)"
        " VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(device_id) DO UPDATE SET device_name = excluded.device_name,"
        " holds_json = excluded.holds_json, package_at = excluded.package_at,"
        " merged_at = excluded.merged_at"
        " WHERE excluded.package_at >= exchange_peers.package_at",
        (
            sender,
            sender_name,
            json.dumps(dict(sender_holds), sort_keys=True),
            package_at,
            merged_at,
        ),
    )


# ---- parts taken ---------------------------------------------------------------------------

Part = tuple[str, str]  # (part name in the package, sha256 of its bytes)


def taken_parts(conn: sqlite3.Connection) -> dict[Part, int]:
    """The package parts this workspace has taken, with the rows each holds.

    A part taken once is known since: every version it carries is here, as it came or
    replaced by a newer one (no edit, merge or repair here ever drops a version; a restore
    brings this table back as it was with the data, and a migration empties it). Parts
    taken by another version of the program are not counted: it may decide a merge
    otherwise without a change of schema.
    """
    if not _recorded_by_this_version(conn):
        return {}
    found = conn.execute("SELECT part, sha256, row_count FROM exchange_taken_parts")
    return {(str(part), str(sha)): int(rows) for part, sha, rows in found}


# The version of the program that recorded the parts taken (in ``meta``).
_TAKEN_BY = "taken_parts_program"


def _recorded_by_this_version(conn: sqlite3.Connection) -> bool:
    made_by = conn.execute("SELECT value FROM meta WHERE key = ?", (_TAKEN_BY,)).fetchone()
    return made_by is not None and made_by[0] == __version__


def record_taken_parts(conn: sqlite3.Connection, parts: Mapping[Part, int], taken_at: str) -> None:
    """Remember the parts of a package merged (or found known) here; run in its transaction."""
    if not _recorded_by_this_version(conn):
        forget_taken_parts(conn)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (_TAKEN_BY, __version__),
        )
    conn.executemany(
        "INSERT INTO exchange_taken_parts (part, sha256, row_count, taken_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(part, sha256) DO UPDATE SET taken_at = excluded.taken_at",
        ((part, sha, rows, taken_at) for (part, sha), rows in parts.items()),
    )


def forget_taken_parts(conn: sqlite3.Connection) -> None:
    """Read every part again from now on: rows were found lost or damaged here (check-db)."""
    conn.execute("DELETE FROM exchange_taken_parts")
