"""The numbers registers gave: every numbered document's, and the decisions' and schedules'.

A register (domain/registers.py) counts every number its issuer gave in it, whatever holds
the number: a plan's row, a report's row, or a row of ``issued_numbers`` (the decision
issuing a plan, the weekly schedule). Deleted documents count too: their number was given
and is not given again.
"""

import datetime as dt
import sqlite3

from desktop_app.domain.registers import REPORT_TYPE, IssuedNumber, NumberedKind, Register
from desktop_app.domain.text import name_key
from desktop_app.storage.errors import readable
from desktop_app.storage.rows import RowWriter

# (issuer, number, type, date, id) of every numbered document, deleted ones included.
_GIVEN = (
    "SELECT issuer_name, number, coalesce(nullif(doc_type, ''), 'KH'), plan_date, id"
    " FROM plans WHERE number IS NOT NULL AND plan_date >= :start AND plan_date < :end"
    " UNION ALL SELECT p.issuer_name, r.number, :report_type, r.report_date, r.id"
    " FROM reports r JOIN plans p ON p.id = r.plan_id WHERE r.number IS NOT NULL"
    " AND r.report_date >= :start AND r.report_date < :end"
    " UNION ALL SELECT issuer_name, number, doc_type, doc_date, id FROM issued_numbers"
    " WHERE doc_date >= :start AND doc_date < :end"
)


class NumberRepository:
    """The ``issued_numbers`` table, and what every register has given."""

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @readable("số văn bản")
    def used(self, register: Register, exclude: str = "") -> list[int]:
        """The numbers ``register`` gave to its issuer's documents (but ``exclude``'s).

        Only documents of the register's type count, when it has one; the issuing body is
        matched by its name's identity ("UỶ BAN" = "ỦY BAN").
        """
        rows = self._conn.execute(
            _GIVEN,
            {
                "start": register.start.isoformat(),
                "end": register.end.isoformat(),
                "report_type": REPORT_TYPE,
            },
        )
        wanted = name_key(register.issuer)
        kind = register.doc_type
        # A stored number the rules refuse (an older version's -5, a hand-typed "abc") gave
        # nothing: counting it would make the next number -4, or fail on it.
        return [
            number
            for name, number, doc_type, _day, doc_id in rows
            if doc_id != exclude
            and name_key(name) == wanted
            and kind in (None, doc_type)
            and isinstance(number, int)
            and number > 0
        ]

    @readable("số văn bản")
    def get(self, doc_id: str) -> IssuedNumber | None:
        """The number given to this decision or schedule, if one was (and not deleted)."""
        row = self._conn.execute(
            "SELECT id, kind, issuer_name, doc_type, number, doc_date FROM issued_numbers"
            " WHERE id = ? AND deleted_at IS NULL",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        return IssuedNumber(
            row[0], NumberedKind(row[1]), row[2], row[3], int(row[4]), dt.date.fromisoformat(row[5])
        )

    def save(self, issued: IssuedNumber) -> None:
        """Keep the number given; must run in a transaction."""
        self._writer.put(
            "issued_numbers",
            {
                "id": issued.id,
                "kind": issued.kind.value,
                "issuer_name": issued.issuer,
                "doc_type": issued.doc_type,
                "number": issued.number,
                "doc_date": issued.day.isoformat(),
            },
        )
