"""Plans as whole aggregates: saved, loaded, listed, searched, laid out on the calendar.

A plan is written and read with its sections, tasks, events, assignments, recipients and
appendices.
"""

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from typing import Any

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState, deadline_state
from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import (
    AppendixId,
    AssignmentId,
    EventId,
    EventRuleId,
    HamletId,
    PlanId,
    RecipientId,
    SectionId,
    TaskId,
    UnitId,
    derived_id,
)
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Assignment,
    Event,
    EventRule,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    PlanSummary,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    TaskStatus,
    UnitRef,
    plan_name,
    plan_reference,
    runs_late,
)
from desktop_app.domain.record_rules import (
    FLAG_MARK,
    GONE_LEAD,
    flag_text,
    readable_text,
    row_problems,
    year_problem,
)
from desktop_app.domain.text import fold
from desktop_app.storage.db import like_contains
from desktop_app.storage.errors import readable
from desktop_app.storage.flagged_rows import FlaggedRows, RuleChecks
from desktop_app.storage.rows import Row, RowWriter

# What the plan list shows before a plan whose stored row cannot be read as it is.
FLAGGED_TITLE = FLAG_MARK


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> dt.date | None:
    """A stored day; a year outside the rules' range is as unreadable as 31 February."""
    if value is None:
        return None
    day = dt.date.fromisoformat(value)
    if (problem := year_problem(day.year)) is not None:
        raise ValueError(problem)
    return day


def _number(value: object) -> int | None:
    """A stored register number; one the rules refuse (-5, "abc") is as unreadable as 31/2."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"số hiệu “{str(value)[:20]}” không phải số dương")
    return value


def _json_list(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _tuple(text: str) -> tuple[str, ...]:
    values = json.loads(text)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("danh sách đoạn văn sai dạng")
    return tuple(values)


def _printable(table: str, **texts: object) -> None:
    """Texts a calendar item shows must be printable (a NUL cuts a Word file short)."""
    if problems := row_problems(table, texts):
        raise ValueError(problems[0].field_text())


def _reason(error: Exception, *rows: tuple[str, dict[str, object]]) -> str:
    """What the record rules say is wrong with a calendar row's values, in Vietnamese."""
    said = [p.field_text() for table, row in rows for p in row_problems(table, row)]
    return "; ".join(said) or (str(error) if isinstance(error, UserError) else "")


def _flagged_item(
    stored_day: object,
    span: tuple[dt.date, dt.date],
    kind: ItemKind,
    *,
    label: object,
    plan_id: object,
    object_id: object,
    occurrence_id: object = "",
    reason: str = "",
) -> CalendarItem:
    """A calendar row that breaks the rules, shown flagged instead of failing the whole view.

    The day is the stored one when it is a real day; else (31 June) the last real day of
    its month, and failing that the first day asked for; the stored text is shown, and
    ``reason``, what is wrong.
    """
    text = readable_text(stored_day, 40)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            first = dt.date.fromisoformat(text[:7] + "-01")
            day = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        except ValueError:
            day = span[0]
    day = min(max(day, span[0]), span[1])
    return CalendarItem(
        day=day,
        kind=kind,
        label=f"{FLAG_MARK} {readable_text(label or '', 300)}".strip(),
        detail=f"{readable_text(reason, 200)}; ngày ghi trong tệp: {text}".lstrip("; "),
        plan_id=PlanId(str(plan_id)),
        plan_reference=flag_text([reason]) if reason else FLAG_MARK,  # printed: what is wrong
        state=ItemState.DUE,
        object_id=str(object_id),
        occurrence_id=str(occurrence_id or ""),
        flagged=True,
    )


def _cited(system: System, number: int | None, symbol: str, title: str, day: str | None) -> str:
    """How the calendar names the plan: its number, else its title and date."""
    return plan_name(system, number, symbol, title, _date(day))


_PLAN_COLUMNS = (
    "id, system, issuer_name, issuer_parent, number, symbol, place, plan_date,"
    " doc_type, type_line, title, status, notes, bases, preamble, closing,"
    " sign_authority, sign_position, sign_signer, measures"
)
_SECTION_COLUMNS = "id, parent_id, label, title, run_in, paragraphs"
_TASK_COLUMNS = (
    "id, section_id, text, output, status, note, deadline_kind, deadline_text,"
    " deadline_date, deadline_before, deadline_year, deadline_month, deadline_quarter,"
    " deadline_rrule, deadline_start"
)
# An enum's call costs five times a lookup, twice for each of a whole office's 100,000 tasks;
# a wrong stored value fails alike (KeyError instead of ValueError: both a bad row).
_DEADLINE_KINDS = {k.value: k for k in DeadlineKind}
_TASK_STATUSES = {s.value: s for s in TaskStatus}


def _with_problems(plan: Plan, flags: FlaggedRows) -> Plan:
    return replace(plan, problems=flags.texts()) if flags.problems else plan


def _plan_head(
    row: tuple[Any, ...], *, sections: tuple[Section, ...], tasks: tuple[Task, ...]
) -> Plan:
    """A plan from its row (_PLAN_COLUMNS), with its sections and tasks and nothing else."""
    return Plan(
        id=PlanId(row[0]),
        system=System(row[1]),
        issuer=Issuer(row[2], row[3]),
        number=_number(row[4]),
        symbol=row[5],
        place=row[6],
        date=_date(row[7]),
        doc_type=row[8],
        type_line=row[9],
        title=row[10],
        status=PlanStatus(row[11]),
        notes=row[12],
        bases=_tuple(row[13]),
        preamble=_tuple(row[14]),
        closing=_tuple(row[15]),
        signature=Signature(row[16], row[17], row[18]),
        sections=sections,
        tasks=tasks,
        measures=_tuple(row[19]),
    )


def _section_tree(
    rows: Sequence[tuple[Any, ...]], flags: FlaggedRows | None
) -> tuple[Section, ...]:
    """A plan's section rows (_SECTION_COLUMNS), in order, as a tree."""
    ids = {r[0] for r in rows}
    children: dict[str | None, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        if flags is not None and r[1] is not None and r[1] not in ids:
            # Under a section that is not there: printed at the top, flagged, not lost.
            mark = flags.dangling("sections", r[0], "parent_id", "mục cấp trên")
            r = (r[0], None, r[2], f"{r[3]} {mark}", *r[4:])  # noqa: PLW2901
        children[r[1]].append(r)
    return _sections_under(None, children)


def _sections_under(
    parent: str | None, children: dict[str | None, list[tuple[Any, ...]]]
) -> tuple[Section, ...]:
    """The sections under ``parent``, each with its own, from the rows by their parent.

    A function of the module, not one made for each plan: a nested function that calls
    itself is a reference cycle, which kept each plan's section rows until the cycle
    collector came (a whole office's sheet reads two thousand plans).
    """
    return tuple(
        Section(
            id=SectionId(r[0]),
            label=r[2],
            title=r[3],
            run_in=bool(r[4]),
            paragraphs=_tuple(r[5]),
            children=_sections_under(r[0], children),
        )
        for r in children.get(parent, [])
    )


def _task_list(
    rows: Iterable[tuple[Any, ...]],
    units: dict[str, dict[str, list[UnitRef]]],
    section_ids: set[str],
    flags: FlaggedRows | None,
    deadlines: dict[tuple[Any, ...], Deadline] | None = None,
) -> tuple[Task, ...]:
    """A plan's task rows (_TASK_COLUMNS), in order, with their units by role.

    ``section_ids`` are the plan's live sections as stored, read only for a file.
    ``deadlines`` holds the deadlines already made, by their stored fields, shared by the
    plans read together: a deadline is a value, and the same few recur in task after task
    (each is checked when made, a recurring one by parsing its rule).
    """
    known = {} if deadlines is None else deadlines
    tasks = []
    for r in rows:
        fields = r[6:15]
        deadline = known.get(fields)
        if deadline is None:
            try:
                deadline = known[fields] = Deadline(
                    kind=_DEADLINE_KINDS[r[6]],
                    text=r[7],
                    on=_date(r[8]),
                    before=bool(r[9]),
                    year=r[10],
                    month=r[11],
                    quarter=r[12],
                    rrule=r[13],
                    start=_date(r[14]),
                )
            except UserError as exc:  # the rules of a typed deadline, broken by a stored one
                raise ValueError(exc.message) from exc
        if flags is not None and r[1] is not None and r[1] not in section_ids:
            # Filed under a section that is not there: printed with the plan's own
            # tasks, flagged, not left out.
            mark = flags.dangling("tasks", r[0], "section_id", "mục")
            r = (r[0], None, f"{r[2]} {mark}", *r[3:])  # noqa: PLW2901
        roles = units.get(r[0], _NO_UNITS)
        tasks.append(
            Task(
                id=TaskId(r[0]),
                section_id=None if r[1] is None else SectionId(r[1]),
                text=r[2],
                output=r[3],
                status=_TASK_STATUSES[r[4]],
                note=r[5],
                deadline=deadline,
                lead=tuple(roles.get("lead", ())),
                support=tuple(roles.get("support", ())),
            )
        )
    return tuple(tasks)


_NO_UNITS: dict[str, list[UnitRef]] = {}


def search_body(plan: Plan) -> str:
    """The folded text search-as-you-type matches for a plan."""
    parts = [plan.reference, plan.title, plan.issuer.name, plan.type_line]
    parts += [t.text for t in plan.tasks]
    # Each unit once: a plan names the same few units in task after task.
    parts += dict.fromkeys(u.name for t in plan.tasks for u in (*t.lead, *t.support))
    parts += [e.label for e in plan.events]
    parts += [a.unit.name for a in plan.assignments]
    parts += [h.name for a in plan.assignments for h in a.hamlets]
    return fold("\n".join(parts))


# What search_body reads of a plan stored here, table by table for many plans at once, in
# the order PlanRepository.get puts them.
# The tables a plan's search text is read from (the queries below).
SEARCHED_TABLES = frozenset(
    {
        "plans",
        "tasks",
        "task_units",
        "units",
        "events",
        "assignments",
        "assignment_hamlets",
        "hamlets",
    }
)
_SEARCH_PLANS = (
    "SELECT id, system, number, symbol, title, issuer_name, type_line FROM plans"
    " WHERE id IN ({}) AND deleted_at IS NULL"
)
_SEARCH_TASKS = (
    "SELECT plan_id, text FROM tasks WHERE plan_id IN ({}) AND deleted_at IS NULL"
    " ORDER BY plan_id, position"
)
_SEARCH_UNITS = (
    "SELECT t.plan_id, u.name FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
    " JOIN units u ON u.id = tu.unit_id"
    " WHERE t.plan_id IN ({}) AND tu.deleted_at IS NULL AND t.deleted_at IS NULL"
    " ORDER BY t.plan_id, t.position, tu.role = 'support', tu.position"
)
_SEARCH_EVENTS = (
    "SELECT plan_id, label FROM events WHERE plan_id IN ({}) AND deleted_at IS NULL"
    " ORDER BY plan_id, position"
)
_SEARCH_ASSIGNED = (
    "SELECT a.plan_id, u.name FROM assignments a JOIN units u ON u.id = a.unit_id"
    " WHERE a.plan_id IN ({}) AND a.deleted_at IS NULL ORDER BY a.plan_id, a.position"
)
_SEARCH_HAMLETS = (
    "SELECT a.plan_id, h.name FROM assignment_hamlets ah"
    " JOIN assignments a ON a.id = ah.assignment_id JOIN hamlets h ON h.id = ah.hamlet_id"
    " JOIN units u ON u.id = a.unit_id"
    " WHERE a.plan_id IN ({}) AND ah.deleted_at IS NULL AND a.deleted_at IS NULL"
    " ORDER BY a.plan_id, a.position, ah.position"
)


# SQLite allows 32766 parameters; a few hundred per statement keeps each one small.
_IN_CHUNK = 500

# In a calendar line's "who", a lead whose unit row is gone prints flagged, never left out.
_GONE_LEAD_SQL = "'" + GONE_LEAD.replace("'", "''") + "'"
_LEADS = (
    f"(SELECT group_concat(coalesce(u.name, {_GONE_LEAD_SQL}), ', ') FROM task_units tu"
    " LEFT JOIN units u ON u.id = tu.unit_id"
    " WHERE tu.task_id = t.id AND tu.role = 'lead' AND tu.deleted_at IS NULL)"
)


class PlanRepository:
    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    # ---- writing -------------------------------------------------------------------------

    def save(self, plan: Plan) -> None:
        """Write the whole plan; children no longer in it are tombstoned, never erased.

        Must run inside a transaction.
        """
        w = self._writer
        w.put("plans", self._plan_row(plan))
        pid = plan.id
        w.sync_children("sections", "plan_id", pid, self._section_rows(plan))
        w.sync_children("event_rules", "plan_id", pid, self._event_rule_rows(plan))
        w.sync_children(
            "tasks", "plan_id", pid, [self._task_row(pid, i, t) for i, t in enumerate(plan.tasks)]
        )
        for task in plan.tasks:
            w.sync_children("task_units", "task_id", task.id, self._task_unit_rows(task))
            self._sync_occurrences(task, plan.date)
        w.sync_children("events", "plan_id", pid, self._event_rows(plan))
        w.sync_children("assignments", "plan_id", pid, self._assignment_rows(plan))
        for a in plan.assignments:
            w.sync_children(
                "assignment_hamlets", "assignment_id", a.id, self._assignment_hamlet_rows(a)
            )
        w.sync_children("recipients", "plan_id", pid, self._recipient_rows(plan))
        w.sync_children("appendices", "plan_id", pid, self._appendix_rows(plan))
        self._conn.execute("DELETE FROM plan_search WHERE plan_id = ?", (pid,))
        self._conn.execute(
            "INSERT INTO plan_search (plan_id, body) VALUES (?, ?)", (pid, search_body(plan))
        )

    def insert_new(self, plans: Sequence[Plan]) -> None:
        """Write plans known not to be in the file yet, table by table in bulk.

        The rows are the ones :meth:`save` would write, without its reads, comparisons and
        history, which makes loading thousands of plans (a generated office, a first import)
        a matter of seconds. A plan or child that already exists fails the insert, and the
        surrounding transaction leaves the file as it was.

        Must run inside a transaction.
        """
        w = self._writer
        w.insert_many("plans", (self._plan_row(p) for p in plans))
        w.insert_many("sections", (r for p in plans for r in self._section_rows(p)))
        w.insert_many("event_rules", (r for p in plans for r in self._event_rule_rows(p)))
        w.insert_many(
            "tasks", (self._task_row(p.id, i, t) for p in plans for i, t in enumerate(p.tasks))
        )
        w.insert_many(
            "task_units", (r for p in plans for t in p.tasks for r in self._task_unit_rows(t))
        )
        w.insert_many(
            "occurrences",
            (r for p in plans for t in p.tasks for r in self._occurrence_rows(t, p.date)),
        )
        w.insert_many("events", (r for p in plans for r in self._event_rows(p)))
        w.insert_many("assignments", (r for p in plans for r in self._assignment_rows(p)))
        w.insert_many(
            "assignment_hamlets",
            (r for p in plans for a in p.assignments for r in self._assignment_hamlet_rows(a)),
        )
        w.insert_many("recipients", (r for p in plans for r in self._recipient_rows(p)))
        w.insert_many("appendices", (r for p in plans for r in self._appendix_rows(p)))
        self._conn.executemany(
            "INSERT INTO plan_search (plan_id, body) VALUES (?, ?)",
            ((p.id, search_body(p)) for p in plans),
        )

    @staticmethod
    def _plan_row(plan: Plan) -> Row:
        return {
            "id": plan.id,
            "system": plan.system.value,
            "issuer_name": plan.issuer.name,
            "issuer_parent": plan.issuer.parent,
            "number": plan.number,
            "symbol": plan.symbol,
            "place": plan.place,
            "plan_date": _iso(plan.date),
            "doc_type": plan.doc_type,
            "type_line": plan.type_line,
            "title": plan.title,
            "status": plan.status.value,
            "notes": plan.notes,
            "bases": _json_list(plan.bases),
            "preamble": _json_list(plan.preamble),
            "closing": _json_list(plan.closing),
            "sign_authority": plan.signature.authority,
            "sign_position": plan.signature.position,
            "sign_signer": plan.signature.signer,
            "measures": _json_list(plan.measures),
        }

    @staticmethod
    def _section_rows(plan: Plan) -> list[Row]:
        rows: list[Row] = []

        def add(sections: tuple[Section, ...], parent: SectionId | None) -> None:
            for i, s in enumerate(sections):
                rows.append(
                    {
                        "id": s.id,
                        "plan_id": plan.id,
                        "parent_id": parent,
                        "position": i,
                        "label": s.label,
                        "title": s.title,
                        "run_in": int(s.run_in),
                        "paragraphs": _json_list(s.paragraphs),
                    }
                )
                add(s.children, s.id)

        add(plan.sections, None)
        return rows

    @staticmethod
    def _task_row(plan_id: PlanId, position: int, task: Task) -> Row:
        d = task.deadline
        return {
            "id": task.id,
            "plan_id": plan_id,
            "section_id": task.section_id,
            "position": position,
            "text": task.text,
            "output": task.output,
            "status": task.status.value,
            "note": task.note,
            "deadline_kind": d.kind.value,
            "deadline_text": d.text,
            "deadline_date": _iso(d.on),
            "deadline_before": int(d.before),
            "deadline_year": d.year,
            "deadline_month": d.month,
            "deadline_quarter": d.quarter,
            "deadline_rrule": d.rrule,
            "deadline_start": _iso(d.start),
            "due_date": _iso(d.due_date()),
        }

    @staticmethod
    def _task_unit_rows(task: Task) -> list[Row]:
        return [
            {
                "id": derived_id(task.id, role, ref.id),
                "task_id": task.id,
                "unit_id": ref.id,
                "role": role,
                "position": i,
            }
            for role, refs in (("lead", task.lead), ("support", task.support))
            for i, ref in enumerate(refs)
        ]

    @staticmethod
    def _occurrence_rows(task: Task, plan_date: dt.date | None) -> list[Row]:
        """A fresh row (not started) per due date of a recurring deadline; none otherwise."""
        return [
            {
                "id": derived_id(task.id, day.isoformat()),
                "task_id": task.id,
                "due_date": day.isoformat(),
                "status": TaskStatus.NOT_STARTED.value,
                "note": "",
            }
            for day in task.deadline.occurrences(plan_date)
        ]

    @staticmethod
    def _event_rule_rows(plan: Plan) -> list[Row]:
        return [
            {
                "id": r.id,
                "plan_id": plan.id,
                "text": r.text,
                "rrule": r.rrule,
                "start": r.start.isoformat(),
                "label_pattern": r.label_pattern,
            }
            for r in plan.event_rules
        ]

    @staticmethod
    def _event_rows(plan: Plan) -> list[Row]:
        return [
            {
                "id": e.id,
                "plan_id": plan.id,
                "rule_id": e.rule_id,
                "position": i,
                "label": e.label,
                "event_date": e.date.isoformat(),
                "event_time": e.time,
                "place": e.place,
                "all_hamlets": int(e.all_hamlets),
                "note": e.note,
                "rule_date": e.rule_date.isoformat() if e.rule_date else None,
            }
            for i, e in enumerate(plan.events)
        ]

    @staticmethod
    def _assignment_rows(plan: Plan) -> list[Row]:
        return [
            {
                "id": a.id,
                "plan_id": plan.id,
                "unit_id": a.unit.id,
                "position": i,
                "prefix": a.prefix,
                "note": a.note,
            }
            for i, a in enumerate(plan.assignments)
        ]

    @staticmethod
    def _assignment_hamlet_rows(assignment: Assignment) -> list[Row]:
        return [
            {
                "id": derived_id(assignment.id, h.id),
                "assignment_id": assignment.id,
                "hamlet_id": h.id,
                "position": i,
            }
            for i, h in enumerate(assignment.hamlets)
        ]

    @staticmethod
    def _recipient_rows(plan: Plan) -> list[Row]:
        return [
            {
                "id": r.id,
                "plan_id": plan.id,
                "unit_id": r.unit_id,
                "position": i,
                "text": r.text,
                "note": r.note,
                "role": r.role.value,
            }
            for i, r in enumerate(plan.recipients)
        ]

    @staticmethod
    def _appendix_rows(plan: Plan) -> list[Row]:
        return [
            {
                "id": a.id,
                "plan_id": plan.id,
                "position": i,
                "kind": a.kind.value,
                "title": a.title,
                "attached_line": a.attached_line,
                "paragraphs": _json_list(a.paragraphs),
            }
            for i, a in enumerate(plan.appendices)
        ]

    def _sync_occurrences(self, task: Task, plan_date: dt.date | None) -> None:
        """Keep one row per due date of a recurring deadline; existing rows keep their status."""
        wanted = {r["id"]: r for r in self._occurrence_rows(task, plan_date)}
        existing = dict(
            self._conn.execute(
                "SELECT id, deleted_at FROM occurrences WHERE task_id = ?", (task.id,)
            ).fetchall()
        )
        for occ_id, deleted_at in existing.items():
            if occ_id not in wanted and deleted_at is None:
                self._writer.tombstone("occurrences", occ_id, reason="rule changed")
        self._writer.insert_many(
            "occurrences", (row for occ_id, row in wanted.items() if occ_id not in existing)
        )
        for occ_id in wanted:
            if occ_id in existing and existing[occ_id] is not None:
                self._writer.revive("occurrences", occ_id, reason="rule changed")

    def delete(self, plan_id: PlanId) -> None:
        """Tombstone a plan; its children stay as they are so :meth:`restore` brings it all back."""
        if not self._writer.tombstone("plans", plan_id):
            raise NotFoundError("Không tìm thấy kế hoạch này (có thể đã bị xóa).")
        self._conn.execute("DELETE FROM plan_search WHERE plan_id = ?", (plan_id,))

    def restore(self, plan_id: PlanId) -> None:
        """Bring a deleted plan back from the trash, as it was when deleted."""
        row = self._conn.execute("SELECT deleted_at FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None or row[0] is None:
            raise NotFoundError("Kế hoạch này không có trong thùng rác.")
        self._writer.revive("plans", plan_id)
        self._conn.execute(
            "INSERT INTO plan_search (plan_id, body) VALUES (?, ?)",
            (plan_id, search_body(self.get(plan_id))),
        )

    def reindex(self, plan_ids: Iterable[str]) -> None:
        """Rebuild the search text of these plans (after a merge changed their rows)."""
        ids = sorted(set(plan_ids))
        live: set[str] = set()
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            self._conn.execute(f"DELETE FROM plan_search WHERE plan_id IN ({marks})", chunk)
            live |= {
                str(r[0])
                for r in self._conn.execute(
                    f"SELECT id FROM plans WHERE id IN ({marks}) AND deleted_at IS NULL", chunk
                )
            }
        for bodies in self._search_bodies(sorted(live)):
            # Each chunk read first: the reads may not run while executemany steps through
            # its rows. Not all at once: a whole office's texts took a hundred megabytes.
            self._conn.executemany("INSERT INTO plan_search (plan_id, body) VALUES (?, ?)", bodies)

    def _search_bodies(self, plan_ids: Sequence[str]) -> Iterator[list[tuple[str, str]]]:
        """search_body of each plan, read (and given) a few hundred plans at a time.

        Reading each plan whole took seconds per thousand plans, and a whole office's merge
        reindexes thousands.
        """
        for start in range(0, len(plan_ids), _IN_CHUNK):
            out = []
            chunk = list(plan_ids[start : start + _IN_CHUNK])
            marks = ", ".join("?" for _ in chunk)
            tasks, events, assigned, hamlets = (
                self._texts_by_plan(sql, marks, chunk)
                for sql in (_SEARCH_TASKS, _SEARCH_EVENTS, _SEARCH_ASSIGNED, _SEARCH_HAMLETS)
            )
            # Each unit once: a plan names the same few units in task after task.
            units = {
                pid: list(dict.fromkeys(names))
                for pid, names in self._texts_by_plan(_SEARCH_UNITS, marks, chunk).items()
            }
            for pid, system, number, symbol, title, issuer, type_line in self._conn.execute(
                _SEARCH_PLANS.format(marks), chunk
            ):
                reference = plan_reference(System(system), _number(number), symbol)
                parts = [reference, title, issuer, type_line, *tasks[pid], *units.get(pid, [])]
                parts += [*events[pid], *assigned[pid], *hamlets[pid]]
                out.append((str(pid), fold("\n".join(parts))))
            yield out

    def _texts_by_plan(self, sql: str, marks: str, chunk: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for pid, text in self._conn.execute(sql.format(marks), chunk):
            out[pid].append(text)
        return out

    @readable("kế hoạch")
    def deleted(self) -> list[tuple[PlanSummary, str]]:
        """Plans in the trash with when they were deleted, latest first."""
        sql = self._SUMMARY.replace("p.deleted_at IS NULL", "p.deleted_at IS NOT NULL")
        sql = sql.replace("SELECT p.id,", "SELECT p.deleted_at, p.id,")
        rows = self._conn.execute(sql + " ORDER BY p.deleted_at DESC").fetchall()
        return [(self._summary(r[1:]), r[0]) for r in rows]

    def repoint(self, table: str, column: str, old_id: str, new_id: str) -> int:
        """Point every live row of ``table`` that names ``old_id`` at ``new_id``.

        For references the plan-level rewrite does not reach: plans in the trash, which
        must come back pointing at the unit or hamlet that still exists. Each replaced row
        goes to history. Must run inside a transaction.
        """
        cur = self._conn.execute(
            f"SELECT * FROM {table} WHERE {column} = ? AND deleted_at IS NULL", (old_id,)
        )
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        for row in rows:
            own = {
                k: v for k, v in row.items() if k not in ("updated_at", "device_id", "deleted_at")
            }
            self._writer.put(table, {**own, column: new_id}, reason="merged")
        return len(rows)

    def signers(self) -> list[str]:
        """Everyone who has signed a live plan."""
        rows = self._conn.execute(
            "SELECT DISTINCT sign_signer FROM plans WHERE deleted_at IS NULL AND sign_signer != ''"
        )
        return [r[0] for r in rows]

    def ids_using_unit(self, unit_id: str, include_deleted: bool = False) -> list[PlanId]:
        """Plans that name the unit in a task, the assignment table or Nơi nhận.

        Live plans only, unless ``include_deleted`` (plans in the trash too).
        """
        rows = self._conn.execute(
            "SELECT t.plan_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
            " WHERE tu.unit_id = ? AND tu.deleted_at IS NULL AND t.deleted_at IS NULL"
            " UNION SELECT plan_id FROM assignments WHERE unit_id = ? AND deleted_at IS NULL"
            " UNION SELECT plan_id FROM recipients WHERE unit_id = ? AND deleted_at IS NULL",
            (unit_id, unit_id, unit_id),
        )
        return [PlanId(r[0]) for r in rows if include_deleted or self.exists(r[0])]

    def live_ids_using(self, unit_ids: Iterable[str], hamlet_ids: Iterable[str]) -> set[PlanId]:
        """Live plans naming any of the units or hamlets, in a few queries for all of them.

        The same plans as :meth:`ids_using_unit` and :meth:`ids_using_hamlet` one by one.
        """
        live = " AND plan_id IN (SELECT id FROM plans WHERE deleted_at IS NULL)"
        by_unit = (
            "SELECT plan_id FROM (SELECT t.plan_id FROM task_units tu JOIN tasks t"
            " ON t.id = tu.task_id WHERE tu.unit_id IN ({marks}) AND tu.deleted_at IS NULL"
            " AND t.deleted_at IS NULL UNION SELECT plan_id FROM assignments"
            " WHERE unit_id IN ({marks}) AND deleted_at IS NULL UNION SELECT plan_id"
            " FROM recipients WHERE unit_id IN ({marks}) AND deleted_at IS NULL) WHERE 1" + live
        )
        by_hamlet = (
            "SELECT plan_id FROM (SELECT a.plan_id FROM assignment_hamlets ah"
            " JOIN assignments a ON a.id = ah.assignment_id WHERE ah.hamlet_id IN ({marks})"
            " AND ah.deleted_at IS NULL AND a.deleted_at IS NULL) WHERE 1" + live
        )
        out: set[PlanId] = set()
        for sql, ids in ((by_unit, sorted(unit_ids)), (by_hamlet, sorted(hamlet_ids))):
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start : start + _IN_CHUNK]
                marks = ", ".join("?" for _ in chunk)
                params = chunk * sql.count("{marks}")
                out |= {PlanId(r[0]) for r in self._conn.execute(sql.format(marks=marks), params)}
        return out

    def ids_using_hamlet(self, hamlet_id: str, include_deleted: bool = False) -> list[PlanId]:
        """Plans whose assignment table names the hamlet (live ones unless ``include_deleted``)."""
        rows = self._conn.execute(
            "SELECT DISTINCT a.plan_id FROM assignment_hamlets ah"
            " JOIN assignments a ON a.id = ah.assignment_id"
            " WHERE ah.hamlet_id = ? AND ah.deleted_at IS NULL AND a.deleted_at IS NULL",
            (hamlet_id,),
        )
        return [PlanId(r[0]) for r in rows if include_deleted or self.exists(r[0])]

    # ---- reading -------------------------------------------------------------------------

    _SUMMARY = (
        "SELECT p.id, p.system, p.issuer_name, p.title, p.symbol, p.number, p.plan_date,"
        " p.status, (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id"
        " AND t.deleted_at IS NULL) FROM plans p WHERE p.deleted_at IS NULL"
    )

    @staticmethod
    def _summary(row: tuple[Any, ...]) -> PlanSummary:
        try:
            return PlanSummary(
                id=PlanId(row[0]),
                system=System(row[1]),
                issuer_name=row[2],
                title=row[3],
                symbol=row[4],
                number=_number(row[5]),
                date=_date(row[6]),
                status=PlanStatus(row[7]),
                task_count=row[8],
            )
        except (ValueError, TypeError):
            # A row an older version or a hand edit wrote wrong: listed, flagged, so the
            # other plans still show and the clerk knows to run the check.
            return PlanSummary(
                id=PlanId(str(row[0])),
                system=System.STATE,
                issuer_name=str(row[2] or ""),
                title=f"{FLAGGED_TITLE} {row[3] or ''}".strip(),
                symbol=str(row[4] or ""),
                number=None,
                date=None,
                status=PlanStatus.DRAFT,
                task_count=int(row[8] or 0),
                flagged=True,
            )

    @readable("kế hoạch")
    def summaries(self, query: str = "") -> list[PlanSummary]:
        """Plans, newest first; ``query`` matches title, number, issuer and tasks, unaccented."""
        sql = self._SUMMARY
        params: list[Any] = []
        needle = fold(query)
        if needle:
            sql += " AND p.id IN (SELECT plan_id FROM plan_search WHERE body LIKE ? ESCAPE '\\')"
            params.append(like_contains(needle))
        sql += " ORDER BY p.plan_date IS NULL, p.plan_date DESC, p.title"
        return [self._summary(r) for r in self._conn.execute(sql, params)]

    def search_texts(self) -> dict[PlanId, str]:
        """The folded text of every live plan that :meth:`summaries` searches, by plan id."""
        rows = self._conn.execute("SELECT plan_id, body FROM plan_search")
        return {PlanId(r[0]): r[1] for r in rows}

    def ids(self) -> list[PlanId]:
        rows = self._conn.execute("SELECT id FROM plans WHERE deleted_at IS NULL")
        return [PlanId(r[0]) for r in rows]

    def stored_status(self, plan_id: str) -> PlanStatus | None:
        """The plan's status as stored; None when it is not one the program knows."""
        row = self._conn.execute("SELECT status FROM plans WHERE id = ?", (plan_id,)).fetchone()
        try:
            return None if row is None else PlanStatus(row[0])
        except ValueError:
            return None

    def exists(self, plan_id: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM plans WHERE id = ? AND deleted_at IS NULL", (plan_id,)
        ).fetchone()
        return row is not None

    @readable("kế hoạch")
    def get(self, plan_id: str) -> Plan:
        """The whole plan.

        Raises:
            NotFoundError: no live plan has this id.
        """
        return self._get(plan_id, whole=True)

    @readable("kế hoạch")
    def get_flagged(self, plan_id: str, *, whole: bool = True) -> Plan:
        """The plan as a file prints it, even when stored rows of it break the rules.

        Each bad value is replaced by a harmless one and named in the printed text of its
        record; ``Plan.problems`` lists them. Never for the editor: a flagged copy saved
        back would store the flags. ``whole`` False reads the sections and tasks only, as
        the whole office's sheet needs them (two thousand plans).

        Raises:
            NotFoundError: no live plan has this id.
        """
        flags = FlaggedRows()
        return _with_problems(self._get(plan_id, whole=whole, flags=flags), flags)

    @readable("kế hoạch")
    def get_many_flagged(
        self, plan_ids: Sequence[str], checks: RuleChecks | None = None
    ) -> list[Plan]:
        """The plans, in the order asked, each as ``get_flagged(id, whole=False)`` reads it.

        One query per table for all of them, instead of four per plan: the whole office's
        sheet reads two thousand plans, a batch at a time (the caller keeps batches small
        enough, some hundreds, for memory to stay flat). Each plan has its own flags, so
        ``Plan.problems`` names only its own bad values, in the same order. ``checks``,
        given for every batch, lets the rules' word on a value met in one batch serve the
        next ones.

        Raises:
            NotFoundError: one of them is not a live plan.
        """
        if not plan_ids:
            return []
        # A value (a unit, a role, a status, a day) is put to the rules once for the batch,
        # or for all the batches of the caller's ``checks``.
        checks = checks or RuleChecks()
        flags = {pid: FlaggedRows(checks) for pid in plan_ids}
        plans = self._read_many(plan_ids, flags)
        return [_with_problems(plans[pid], flags[pid]) for pid in plan_ids]

    def _rows(
        self, flags: FlaggedRows | None, table: str, text_column: str, sql: str, params: Any
    ) -> list[tuple[Any, ...]]:
        if flags is None:
            return self._conn.execute(sql, params).fetchall()
        return flags.read(self._conn, table, text_column, sql, params)

    def _get(self, plan_id: str, *, whole: bool, flags: FlaggedRows | None = None) -> Plan:
        plan = self._read_many([plan_id], None if flags is None else {plan_id: flags})[plan_id]
        if not whole:
            return plan
        pid = plan.id
        return replace(
            plan,
            event_rules=self._event_rules(pid, flags),
            events=self._events(pid, flags),
            assignments=self._assignments(pid, flags),
            recipients=self._recipients(pid, flags),
            appendices=self._appendices(pid, flags),
        )

    def _by_plan(
        self,
        flags: dict[str, FlaggedRows] | None,
        table: str,
        text_column: str,
        sql: str,
        params: Sequence[str],
    ) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of ``sql`` (its first column the plan's id), by plan, each one readable.

        With ``flags``, each row is read as :meth:`FlaggedRows.read` reads it, with its own
        plan's flags; in the order of the query, which lists a plan's rows in its order.
        """
        cursor = self._conn.execute(sql, params)
        names = tuple(d[0] for d in cursor.description)[1:]
        grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        if flags is None:
            for raw in cursor:
                grouped[raw[0]].append(raw[1:])
        else:
            # Most rows are clean, proven for the whole batch column by column; the others
            # are read one by one, each into its own plan's flags.
            rows = cursor.fetchall()
            checks = next(iter(flags.values())).checks
            unproven = checks.unproven(table, names, rows, skip=1)
            for i, raw in enumerate(rows):
                plan_id = raw[0]
                if i in unproven:
                    grouped[plan_id].append(flags[plan_id].row(table, text_column, names, raw[1:]))
                else:
                    grouped[plan_id].append(raw[1:])
        return grouped

    def _read_many(
        self, plan_ids: Sequence[str], flags: dict[str, FlaggedRows] | None
    ) -> dict[str, Plan]:
        """The plans (sections and tasks, nothing else), by id; flagged when ``flags`` is given.

        The one reading of a plan's sections and tasks, for one plan (the editor, a file) as
        for a batch (the whole office's sheet), so both read alike by construction. Each
        plan's rows are read into its flags in the order one plan alone reads them: the plan,
        its sections, its tasks' units, its tasks.

        Raises:
            NotFoundError: one of them is not a live plan.
        """
        marks = ",".join("?" * len(plan_ids))
        ids = list(plan_ids)
        heads = self._by_plan(
            flags,
            "plans",
            "title",
            f"SELECT id AS plan_id, {_PLAN_COLUMNS} FROM plans"
            f" WHERE id IN ({marks}) AND deleted_at IS NULL",
            ids,
        )
        if len(heads) < len(set(ids)):
            raise NotFoundError("Không tìm thấy kế hoạch này (có thể đã bị xóa).")
        sections = self._by_plan(
            flags,
            "sections",
            "title",
            f"SELECT plan_id, {_SECTION_COLUMNS} FROM sections"
            f" WHERE plan_id IN ({marks}) AND deleted_at IS NULL"
            " ORDER BY plan_id, position, rowid",
            ids,
        )
        section_ids: dict[str, set[str]] = defaultdict(set)
        if flags is not None:  # as stored: a flagged row's printed id is not what tasks name
            for plan_id, section_id in self._conn.execute(
                f"SELECT plan_id, id FROM sections WHERE plan_id IN ({marks})"
                " AND deleted_at IS NULL",
                ids,
            ):
                section_ids[plan_id].add(section_id)
        units = self._task_units(ids, marks, flags)
        tasks = self._by_plan(
            flags,
            "tasks",
            "text",
            f"SELECT plan_id, {_TASK_COLUMNS} FROM tasks"
            f" WHERE plan_id IN ({marks}) AND deleted_at IS NULL"
            " ORDER BY plan_id, position, rowid",
            ids,
        )
        plans = {}
        deadlines: dict[tuple[Any, ...], Deadline] = {}
        for pid in dict.fromkeys(ids):
            plan_flags = None if flags is None else flags[pid]
            plans[pid] = _plan_head(
                heads[pid][0],
                sections=_section_tree(sections.get(pid, ()), plan_flags),
                tasks=_task_list(
                    tasks.get(pid, ()), units.get(pid, {}), section_ids[pid], plan_flags, deadlines
                ),
            )
        return plans

    def _task_units(
        self, plan_ids: list[str], marks: str, flags: dict[str, FlaggedRows] | None
    ) -> dict[str, dict[str, dict[str, list[UnitRef]]]]:
        """Each plan's tasks' units by role: plan id -> task id -> role -> units, in order.

        The units' names come from one read of the small units table (deleted units keep
        theirs, as a join would), and each unit is one shared UnitRef. For the editor a link
        to a unit that is gone is left out; for a file it is printed flagged.
        """
        names = dict(self._conn.execute("SELECT id, name FROM units").fetchall())
        units: dict[str, dict[str, dict[str, list[UnitRef]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        rows = self._conn.execute(
            "SELECT t.plan_id, tu.id, tu.task_id, tu.unit_id, tu.role FROM task_units tu"
            " JOIN tasks t ON t.id = tu.task_id"
            f" WHERE t.plan_id IN ({marks}) AND tu.deleted_at IS NULL AND t.deleted_at IS NULL"
            " ORDER BY t.plan_id, tu.position, tu.rowid",
            plan_ids,
        )
        if flags is None:
            refs: dict[str, UnitRef] = {}
            for plan_id, _link_id, task_id, unit_id, role in rows:
                if unit_id not in names:  # a unit row gone: as a join leaves it out
                    continue
                ref = refs.get(unit_id)
                if ref is None:
                    ref = refs[unit_id] = UnitRef(UnitId(unit_id), names[unit_id])
                units[plan_id][task_id][role].append(ref)
            return units
        good_roles: set[str] = set()  # roles the rules let through, asked once each
        for plan_id, links in groupby(rows, key=itemgetter(0)):  # the rows come plan by plan
            plan_flags, plan_units = flags[plan_id], units[plan_id]
            printed: dict[str, UnitRef] = {}  # the plan's units as printed, each made once
            for _plan_id, link_id, task_id, unit_id, stored_role in links:
                # Only what the file prints of the link: its role (lead or support).
                if type(stored_role) is str and stored_role in good_roles:
                    role = stored_role
                else:
                    role = plan_flags.value("task_units", link_id, "role", stored_role)
                    if type(stored_role) is str and not plan_flags.refused(
                        "task_units", "role", stored_role
                    ):
                        good_roles.add(stored_role)
                ref = printed.get(unit_id)
                if ref is None:
                    if unit_id in names:
                        name = plan_flags.unit_name(unit_id, names[unit_id])
                        ref = printed[unit_id] = UnitRef(UnitId(str(unit_id)), name)
                    else:  # each link to a unit that is gone is flagged, as its own problem
                        name = plan_flags.dangling("task_units", link_id, "unit_id", "đơn vị")
                        ref = UnitRef(UnitId(str(unit_id)), name)
                plan_units[str(task_id)][str(role)].append(ref)
        return units

    def _event_rules(self, pid: PlanId, flags: FlaggedRows | None) -> tuple[EventRule, ...]:
        return tuple(
            EventRule(
                id=EventRuleId(r[0]),
                text=r[1],
                rrule=r[2],
                start=dt.date.fromisoformat(r[3]),
                label_pattern=r[4],
            )
            for r in self._rows(
                flags,
                "event_rules",
                "text",
                "SELECT id, text, rrule, start, label_pattern FROM event_rules"
                " WHERE plan_id = ? AND deleted_at IS NULL ORDER BY start, id",
                (pid,),
            )
        )

    def _events(self, pid: PlanId, flags: FlaggedRows | None) -> tuple[Event, ...]:
        rows = self._rows(
            flags,
            "events",
            "label",
            "SELECT id, rule_id, label, event_date, event_time, place, all_hamlets, note,"
            " rule_date FROM events WHERE plan_id = ? AND deleted_at IS NULL ORDER BY position",
            (pid,),
        )
        # A day that was replaced is a stand-in: the event says so, and nothing prints it.
        unreadable = (
            set()
            if flags is None
            else {
                p.row_id for p in flags.problems if p.table == "events" and p.column == "event_date"
            }
        )
        return tuple(
            Event(
                id=EventId(r[0]),
                rule_id=None if r[1] is None else EventRuleId(r[1]),
                label=r[2],
                date=dt.date.fromisoformat(r[3]),
                time=r[4],
                place=r[5],
                all_hamlets=bool(r[6]),
                note=r[7],
                rule_date=dt.date.fromisoformat(r[8]) if r[8] else None,
                date_unreadable=str(r[0]) in unreadable,
            )
            for r in rows
        )

    def _assignments(self, pid: PlanId, flags: FlaggedRows | None) -> tuple[Assignment, ...]:
        hamlets: dict[str, list[HamletRef]] = defaultdict(list)
        join = "JOIN" if flags is None else "LEFT JOIN"  # a file prints a missing one flagged
        for link_id, aid, hid, name in self._conn.execute(
            f"SELECT ah.id, ah.assignment_id, ah.hamlet_id, h.name FROM assignment_hamlets ah"
            " JOIN assignments a ON a.id = ah.assignment_id"
            f" {join} hamlets h ON h.id = ah.hamlet_id"
            " WHERE a.plan_id = ? AND ah.deleted_at IS NULL AND a.deleted_at IS NULL"
            " ORDER BY ah.position",
            (pid,),
        ):
            if flags is not None and name is None:
                missing = flags.dangling("assignment_hamlets", link_id, "hamlet_id", "thôn")
                hamlets[aid].append(HamletRef(HamletId(hid), missing))
            else:
                hamlets[aid].append(HamletRef(HamletId(hid), name))
        rows = self._conn.execute(
            f"SELECT a.id, a.unit_id, u.name, a.prefix, a.note FROM assignments a"
            f" {join} units u ON u.id = a.unit_id"
            " WHERE a.plan_id = ? AND a.deleted_at IS NULL ORDER BY a.position",
            (pid,),
        ).fetchall()
        if flags is not None:
            rows = [
                (
                    *r[:2],
                    r[2]
                    if r[2] is not None
                    else flags.dangling("assignments", r[0], "unit_id", "đơn vị"),
                    *r[3:],
                )
                for r in rows
            ]
        return tuple(
            Assignment(
                id=AssignmentId(r[0]),
                unit=UnitRef(UnitId(r[1]), r[2]),
                prefix=r[3],
                note=r[4],
                hamlets=tuple(hamlets[r[0]]),
            )
            for r in rows
        )

    def _recipients(self, pid: PlanId, flags: FlaggedRows | None) -> tuple[Recipient, ...]:
        return tuple(
            Recipient(
                id=RecipientId(r[0]),
                text=r[1],
                note=r[2],
                role=RecipientRole(r[3]),
                unit_id=None if r[4] is None else UnitId(r[4]),
            )
            for r in self._rows(
                flags,
                "recipients",
                "text",
                "SELECT id, text, note, role, unit_id FROM recipients"
                " WHERE plan_id = ? AND deleted_at IS NULL ORDER BY position",
                (pid,),
            )
        )

    def _appendices(self, pid: PlanId, flags: FlaggedRows | None) -> tuple[Appendix, ...]:
        return tuple(
            Appendix(
                id=AppendixId(r[0]),
                kind=AppendixKind(r[1]),
                title=r[2],
                attached_line=r[3],
                paragraphs=_tuple(r[4]),
            )
            for r in self._rows(
                flags,
                "appendices",
                "title",
                "SELECT id, kind, title, attached_line, paragraphs FROM appendices"
                " WHERE plan_id = ? AND deleted_at IS NULL ORDER BY position",
                (pid,),
            )
        )

    # ---- calendar ------------------------------------------------------------------------

    @readable("mục lịch")
    def calendar_items(
        self,
        start: dt.date,
        end: dt.date,
        today: dt.date,
        plan_id: str | None = None,
        *,
        pending_only: bool = False,
        with_leads: bool = True,
        unit_id: str | None = None,
        hamlet_id: str | None = None,
    ) -> list[CalendarItem]:
        """Events, one-off deadlines and occurrences of recurring ones between two days.

        Args:
            start: the first day, inclusive.
            end: the last day, inclusive.
            today: what "overdue" is measured against.
            plan_id: only this plan's items.
            pending_only: only deadlines not done yet, no events: all that can be overdue.
                Years of finished work are then never read, let alone turned into items.
            with_leads: fill in ``who`` (the lead units of each deadline); reading them
                is most of the cost of a busy month, so a view that shows only a few asks
                :meth:`lead_names` for those.
            unit_id: only this unit's deadlines (lead or support) and the events of plans
                that give it hamlets.
            hamlet_id: only the items of plans whose assignment covers this hamlet.
        """
        lo, hi = start.isoformat(), end.isoformat()
        if (end + dt.timedelta(days=1)).day == 1:
            # Through the month's end: a day its month does not have (31 June, an older
            # version's or a hand edit's) is read too, and shown flagged on the last day.
            hi = hi[:8] + "99"
        only = " AND p.id = ?" if plan_id else ""
        extra: tuple[str, ...] = (plan_id,) if plan_id else ()
        if hamlet_id:
            only += (
                " AND p.id IN (SELECT a.plan_id FROM assignments a"
                " JOIN assignment_hamlets ah ON ah.assignment_id = a.id"
                " WHERE ah.hamlet_id = ? AND ah.deleted_at IS NULL AND a.deleted_at IS NULL)"
            )
            extra += (hamlet_id,)
        event_only, task_only = only, only
        event_extra, task_extra = extra, extra
        if unit_id:
            event_only += (
                " AND p.id IN (SELECT plan_id FROM assignments"
                " WHERE unit_id = ? AND deleted_at IS NULL)"
            )
            task_only += (
                " AND t.id IN (SELECT task_id FROM task_units"
                " WHERE unit_id = ? AND deleted_at IS NULL)"
            )
            event_extra += (unit_id,)
            task_extra += (unit_id,)
        done = TaskStatus.DONE.value
        task_pending = f" AND t.status != '{done}'" if pending_only else ""
        occurrence_pending = f" AND o.status != '{done}'" if pending_only else ""
        leads = _LEADS if with_leads else "''"
        items: list[CalendarItem] = []
        events = (
            ()
            if pending_only
            else self._conn.execute(
                "SELECT e.id, e.event_date, e.label, e.place, p.id, p.system, p.number, p.symbol,"
                " e.event_time, p.title, p.plan_date"
                " FROM events e JOIN plans p ON p.id = e.plan_id"
                " WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL"
                f" AND e.event_date BETWEEN ? AND ?{event_only}",
                (lo, hi, *event_extra),
            )
        )
        for r in events:
            try:
                day = _date(r[1])
                assert day is not None  # NOT NULL
                _printable("events", label=r[2], place=r[3])
                items.append(
                    CalendarItem(
                        day=day,
                        kind=ItemKind.EVENT,
                        label=r[2],
                        detail=r[3],
                        plan_id=PlanId(r[4]),
                        plan_reference=_cited(System(r[5]), _number(r[6]), r[7], r[9], r[10]),
                        state=ItemState.DONE if day < today else ItemState.DUE,
                        object_id=r[0],
                        time=r[8],
                        place=r[3],
                    )
                )
            except (ValueError, TypeError) as exc:
                items.append(
                    _flagged_item(
                        r[1],
                        (start, end),
                        ItemKind.EVENT,
                        label=r[2],
                        plan_id=r[4],
                        object_id=r[0],
                        reason=_reason(
                            exc,
                            ("events", {"event_date": r[1], "label": r[2], "place": r[3]}),
                            ("plans", {"system": r[5], "number": r[6], "plan_date": r[10]}),
                        ),
                    )
                )
        for r in self._conn.execute(
            f"SELECT t.id, t.due_date, t.text, t.deadline_text, t.status, t.deadline_before,"
            f" p.id, p.system, p.number, p.symbol, {leads}, '', p.title, p.plan_date, p.status"
            " FROM tasks t"
            " JOIN plans p ON p.id = t.plan_id"
            " WHERE t.deleted_at IS NULL AND p.deleted_at IS NULL"
            f" AND t.due_date BETWEEN ? AND ?{task_only}{task_pending}"
            " UNION ALL "
            f"SELECT t.id, o.due_date, t.text, t.deadline_text, o.status, t.deadline_before,"
            f" p.id, p.system, p.number, p.symbol, {leads}, o.id, p.title, p.plan_date, p.status"
            " FROM occurrences o"
            " JOIN tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id"
            " WHERE o.deleted_at IS NULL AND t.deleted_at IS NULL AND p.deleted_at IS NULL"
            f" AND o.due_date BETWEEN ? AND ?{task_only}{occurrence_pending}",
            (lo, hi, *task_extra, lo, hi, *task_extra),
        ):
            try:
                day = _date(r[1])
                assert day is not None  # only rows with a due day are selected
                _printable("tasks", text=r[2], deadline_text=r[3])
                items.append(
                    CalendarItem(
                        day=day,
                        kind=ItemKind.DEADLINE,
                        label=r[2],
                        detail=r[3],
                        plan_id=PlanId(r[6]),
                        plan_reference=_cited(System(r[7]), _number(r[8]), r[9], r[12], r[13]),
                        state=deadline_state(
                            day,
                            TaskStatus(r[4]) is TaskStatus.DONE,
                            today,
                            runs_late=runs_late(PlanStatus(r[14])),
                        ),
                        object_id=r[0],
                        who=r[10] or "",
                        occurrence_id=r[11],
                        flagged=GONE_LEAD in (r[10] or ""),
                    )
                )
            except (ValueError, TypeError) as exc:
                items.append(
                    _flagged_item(
                        r[1],
                        (start, end),
                        ItemKind.DEADLINE,
                        label=r[2],
                        plan_id=r[6],
                        object_id=r[0],
                        occurrence_id=r[11],
                        reason=_reason(
                            exc,
                            (
                                "tasks",
                                {
                                    "due_date": r[1],
                                    "text": r[2],
                                    "deadline_text": r[3],
                                    "status": r[4],
                                },
                            ),
                            (
                                "plans",
                                {
                                    "system": r[7],
                                    "number": r[8],
                                    "plan_date": r[13],
                                    "status": r[14],
                                },
                            ),
                        ),
                    )
                )
        return items

    def count_undated_tasks(self) -> int:
        """Tasks not done, of plans in force, whose deadline names no day (kept as written)."""
        row = self._conn.execute(
            "SELECT count(*) FROM tasks t JOIN plans p ON p.id = t.plan_id"
            " WHERE t.deleted_at IS NULL AND p.deleted_at IS NULL"
            " AND t.deadline_kind = ? AND t.status != ? AND p.status IN (?, ?)",
            (
                DeadlineKind.UNDATED.value,
                TaskStatus.DONE.value,
                PlanStatus.ISSUED.value,
                PlanStatus.IN_PROGRESS.value,
            ),
        ).fetchone()
        return int(row[0])

    def lead_names(self, task_ids: Iterable[str]) -> dict[str, str]:
        """The lead units of each task, as ``calendar_items`` gives them in ``who``."""
        names: dict[str, list[str]] = defaultdict(list)
        wanted = list(dict.fromkeys(task_ids))
        for at in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[at : at + _IN_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for task_id, name in self._conn.execute(
                f"SELECT tu.task_id, coalesce(u.name, {_GONE_LEAD_SQL}) FROM task_units tu"
                f" LEFT JOIN units u ON u.id = tu.unit_id"
                f" WHERE tu.task_id IN ({marks}) AND tu.role = 'lead' AND tu.deleted_at IS NULL"
                " ORDER BY tu.task_id, tu.position",
                chunk,
            ):
                names[task_id].append(name)
        return {task_id: ", ".join(units) for task_id, units in names.items()}

    def count(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM plans WHERE deleted_at IS NULL").fetchone()[0]
        )
