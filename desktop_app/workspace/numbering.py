"""The numbering service: every numbered document the program issues takes its number here.

State documents run per issuing body per calendar year (NĐ 30/2020, Điều 15), Party ones per
type per committee term (HD 05 mục 3); :func:`domain.registers.register_for` says which run a
document belongs to, and the store counts what each run gave (plans, reports, decisions,
weekly schedules, deleted ones included). A number once given stays with its document.
"""

import datetime as dt

from desktop_app.domain.errors import UserError
from desktop_app.domain.lifecycle import next_number
from desktop_app.domain.plans import System
from desktop_app.domain.registers import (
    TERM_START_SETTING,
    IssuedNumber,
    NumberedKind,
    Register,
    parse_term_start,
    register_for,
)
from desktop_app.workspace.store_handle import StoreService


class NumberingService(StoreService):
    """The office's registers: the committee term, the next number, the numbers given."""

    def party_term_start(self) -> dt.date | None:
        """The day the office's current committee term began (Party numbering), if set."""
        return parse_term_start(self._store.get_setting(TERM_START_SETTING))

    def set_party_term_start(self, day: dt.date | None) -> None:
        """Set (or clear) the term's first day; Party numbers then run per type in the term.

        Numbers already given stay as they are.

        Raises:
            UserError: a day in the future or before 2000.
        """
        self.check_term_start(day)
        self._store.set_setting(TERM_START_SETTING, day.isoformat() if day else "")

    @staticmethod
    def check_term_start(day: dt.date | None) -> None:
        """Refuse a term that begins in the future or before 2000.

        Raises:
            UserError: saying what was typed.
        """
        if day is not None and not dt.date(2000, 1, 1) <= day <= dt.date.today():
            raise UserError(
                f"Ngày bắt đầu nhiệm kỳ phải từ năm 2000 đến hôm nay (đã nhập {day:%d/%m/%Y})."
            )

    def register(self, system: System, issuer: str, doc_type: str, day: dt.date) -> Register:
        """The run of numbers a document of ``doc_type`` from ``issuer`` dated ``day`` is in."""
        return register_for(system, issuer, doc_type, day, self.party_term_start())

    def used(self, register: Register, exclude: str = "") -> list[int]:
        """What ``register`` has given, but to the document ``exclude``."""
        return self._store.numbers.used(register, exclude)

    def next_number(
        self, system: System, issuer: str, doc_type: str, day: dt.date, exclude: str = ""
    ) -> int:
        """The next free number of the register, past every number it gave."""
        return next_number(self.used(self.register(system, issuer, doc_type, day), exclude))

    def check_free(self, register: Register, number: int, exclude: str = "") -> None:
        """Refuse a number the register already gave to another document.

        Raises:
            UserError: the number is taken; the message says the next free one.
        """
        used = self.used(register, exclude)
        if number in used:
            raise UserError(
                f"Số {number:02d} ({register.label}) đã cấp cho văn bản khác của "
                f"{register.issuer}. Số tiếp theo là {next_number(used):02d}."
            )

    def issued(self, doc_id: str) -> IssuedNumber | None:
        """The number given to a decision or a weekly schedule, if it has one."""
        return self._store.numbers.get(doc_id)

    def give(
        self,
        doc_id: str,
        kind: NumberedKind,
        system: System,
        *,
        issuer: str,
        doc_type: str,
        day: dt.date,
    ) -> IssuedNumber:
        """The document's number: the one it was given, else the register's next, kept.

        Taken inside one write transaction, so two windows numbering at once cannot both
        take the same number.
        """
        with self._store.transaction():
            given = self._store.numbers.get(doc_id)
            if given is not None:
                return given
            register = self.register(system, issuer, doc_type, day)
            issued = IssuedNumber(
                doc_id, kind, issuer, doc_type, next_number(self.used(register, doc_id)), day
            )
            self._store.numbers.save(issued)
        return issued
