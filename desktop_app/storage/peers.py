"""What each PC holds, so a package may carry only what the other PC lacks ("gói thay đổi").

Each version of a row is named by its stamp and the PC that made it (``rows.py``). "This
workspace holds PC D up to T" means: every version D stamped at or before T is here, as the
current row or in history. A PC holds its own versions up to its clock; it holds another
PC's up to T once it merged a whole package (or a change package on its base) from a PC
that held them up to T. Stamps of one PC only grow, so this needs no trust in any clock.

Every package carries what its sender holds (``Manifest.holds``). The receiver remembers
it for that PC (``exchange_peers``): the newest it confirmed. A change package for that PC
then carries the versions its holdings do not cover, rows deleted included (tombstones are
versions too), and says so as its ``base``: a PC that does not hold the base refuses it
whole, before anything is written, and asks for a whole package.

These tables belong to this PC: they never travel in a package (see ``package.TABLES``).
"""

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

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
