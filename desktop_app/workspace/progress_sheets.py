"""The progress sheets going out: the workbook of plans, of one unit or hamlet, of the office.

:class:`ProgressSheets` is the half of :class:`~desktop_app.workspace.progress.ProgressService`
that builds the boards and writes the workbooks (with a progress callback that may stop
them, leaving no file behind); the service adds what is recorded and what comes back.
"""

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.plans import HamletRef, Plan, short_title
from desktop_app.domain.progress import LOOKAHEAD_DAYS, ProgressBoard, progress_board
from desktop_app.domain.sheet_changes import ScopeKind, SheetIdentity, SheetScope, scoped_board
from desktop_app.domain.text import fold
from desktop_app.storage.flagged_rows import RuleChecks
from desktop_app.workspace.store_handle import (
    Checkpoint,
    ProgressCallback,
    StoreService,
    checkpoints,
)

if TYPE_CHECKING:
    from desktop_app.domain.plans import PlanSummary
    from desktop_app.exports.progress_sheet import ProgressSheet

WHOLE_PLAN = SheetScope()
# Plans read together for the whole office's sheet: few enough to stay small in memory, many
# enough that the queries per batch cost nothing.
_OFFICE_BATCH = 100


def plan_label(plan: "Plan | PlanSummary") -> str:
    """A plan as messages name it: "12/KH-UBND “Tổ chức thực hiện ra quân…”"."""
    if plan.number is None:
        return plan.name  # already its title and date
    return f"{plan.reference} \u201c{short_title(plan.title)}\u201d"


class ProgressSheets(StoreService):
    """Boards of plans, and the progress workbooks written from them.

    Attributes:
        last_flags: what the last workbook written shows flagged (stored values that
            break the record rules), one line each; empty when it came out clean.
    """

    last_flags: tuple[str, ...] = ()

    def _board(
        self,
        plan: Plan,
        today: dt.date | None,
        lookahead_days: int,
        hamlets: Sequence[HamletRef] | None = None,
        *,
        reread: bool = True,
        with_campaigns: bool = True,
    ) -> ProgressBoard:
        # A board is read as a file is: a bad stored value shows flagged in its row.
        plan = self._store.plans.get_flagged(plan.id) if reread else plan
        if hamlets is None:
            hamlets = self._active_hamlets()
        return progress_board(
            plan,
            self._store.progress.for_plan(plan.id),
            self._store.progress.occurrences(plan.id),
            hamlets,
            today or dt.date.today(),
            lookahead_days=lookahead_days,
            with_campaigns=with_campaigns,
        )

    def _active_hamlets(self) -> list[HamletRef]:
        return [HamletRef(h.id, h.name) for h in self._store.hamlets.list() if h.active]

    def sheet(
        self,
        plans: Sequence[Plan],
        scope: SheetScope = WHOLE_PLAN,
        today: dt.date | None = None,
        *,
        with_campaigns: bool = True,
    ) -> "ProgressSheet":
        """What a progress workbook of these plans holds, for the whole plan or one unit/hamlet.

        ``with_campaigns=False`` leaves the campaign days out: a whole office's tasks in one
        sheet, without a row per hamlet and day of every plan.

        Raises:
            UserError: no plan, or nothing in them for that unit or hamlet.
        """
        return self._sheet(plans, scope, today, with_campaigns=with_campaigns, reread=True)

    def office_sheet(
        self,
        today: dt.date | None = None,
        *,
        with_campaigns: bool = False,
        progress: ProgressCallback | None = None,
    ) -> "ProgressSheet":
        """The progress workbook of every plan of the office, each plan read once.

        Raises:
            UserError: the office has no plan, or no task nor campaign day in them.
            CancelledError: ``progress`` asked to stop.
        """
        return self._office_sheet(today, with_campaigns, checkpoints(progress))

    def _office_sheet(
        self, today: dt.date | None, with_campaigns: bool, checkpoint: Checkpoint | None
    ) -> "ProgressSheet":
        summaries = self._store.plans.summaries()
        if not summaries:
            raise UserError("Chưa có kế hoạch nào để lập bảng tiến độ.")
        plans = []
        for i, summary in enumerate(summaries):
            if checkpoint and i % 20 == 0:
                checkpoint(i, len(summaries) * 2, "đọc các kế hoạch")
            plans.append(self._store.plans.get_flagged(summary.id))
        return self._sheet(
            plans,
            WHOLE_PLAN,
            today,
            with_campaigns=with_campaigns,
            reread=False,
            progress=checkpoint and _shifted(checkpoint, len(summaries)),
        )

    def export_office_xlsx(
        self,
        path: Path,
        today: dt.date | None = None,
        *,
        with_campaigns: bool = False,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Write the progress workbook of every plan of the office to ``path``.

        Without campaign days, each plan is read, written and let go: the whole office's
        sheet is written in flat memory. With them, the campaign sheet's columns depend on
        every plan's measures, so the boards are gathered first.

        A stop asked through ``progress`` leaves no file, and a file already at ``path`` as
        it was.

        Raises:
            UserError: nothing to write, or the file cannot be written.
            CancelledError: the clerk stopped it.
        """
        from desktop_app.exports.progress_sheet import (  # noqa: PLC0415
            write_progress_sheet,
            write_streamed_sheet,
        )

        checkpoint = checkpoints(progress)
        self.last_flags = ()
        if with_campaigns:
            sheet = self._office_sheet(today, with_campaigns, checkpoint)
            written = write_progress_sheet(sheet, path, checkpoint)
            self.last_flags = _problems(b.plan for b in sheet.boards)
            return written
        summaries = self._store.plans.summaries()
        if not summaries:
            raise UserError("Chưa có kế hoạch nào để lập bảng tiến độ.")
        day = today or dt.date.today()
        flags: list[str] = []
        checks = RuleChecks()  # the rules' word on a value, for every batch

        def boards() -> Iterator[ProgressBoard]:
            # A batch of plans at a time: one query per table for each batch, and only the
            # entries the sheet shows are built (no hamlets are needed either). Read as a file
            # reads them: a bad stored value is printed flagged in its row.
            for start in range(0, len(summaries), _OFFICE_BATCH):
                if checkpoint:
                    checkpoint(start, len(summaries) + 1, summaries[start].name)
                ids = [s.id for s in summaries[start : start + _OFFICE_BATCH]]
                plans = self._store.plans.get_many_flagged(ids, checks)
                entries = self._store.progress.latest_task_entries(ids)
                occurrences = self._store.progress.occurrences_of(ids)
                for plan in plans:
                    flags.extend(plan.problems)
                    yield progress_board(
                        plan,
                        entries.get(plan.id, ()),
                        occurrences.get(plan.id, {}),
                        (),
                        day,
                        lookahead_days=LOOKAHEAD_DAYS,
                        with_campaigns=False,
                    )

        identity = self._identity(summaries, WHOLE_PLAN, day)

        def saving(done: int, _total: int, what: str) -> None:
            if checkpoint and done:  # the rows' own reports: the plans already told
                checkpoint(len(summaries), len(summaries) + 1, what)

        with _few_collections():
            written = write_streamed_sheet(
                identity, day, summaries, boards(), path, progress=saving
            )
        self.last_flags = tuple(dict.fromkeys(flags))
        return written

    def _sheet(
        self,
        plans: Sequence[Plan],
        scope: SheetScope,
        today: dt.date | None,
        *,
        with_campaigns: bool,
        reread: bool,
        progress: Checkpoint | None = None,
    ) -> "ProgressSheet":
        if not plans:
            raise UserError("Hãy chọn ít nhất một kế hoạch.")
        from desktop_app.exports.progress_sheet import check_rows  # noqa: PLC0415

        today = today or dt.date.today()
        hamlets = self._active_hamlets()
        boards = []
        for i, plan in enumerate(plans):
            if progress and i % 20 == 0:
                progress(i, len(plans), "xếp các nhiệm vụ theo tiến độ")
            board = self._board(
                plan, today, LOOKAHEAD_DAYS, hamlets, reread=reread, with_campaigns=with_campaigns
            )
            if not with_campaigns:
                board = replace(board, campaigns=())
            boards.append(board)
            if i % 20 == 19:  # a whole office's campaign days: stopped early, not at the end
                check_rows(boards)
        return self._scoped_sheet(plans, boards, scope, today)

    def _scoped_sheet(
        self,
        plans: Sequence[Plan],
        boards: Sequence[ProgressBoard],
        scope: SheetScope,
        today: dt.date,
    ) -> "ProgressSheet":
        """The workbook of the plans' boards, narrowed to the unit's or hamlet's rows.

        Raises:
            UserError: nothing in them for that unit or hamlet.
        """
        scoped = tuple(scoped_board(board, scope) for board in boards)
        if not any(b.tasks or b.campaigns for b in scoped):
            what = f"{scope.name} không chủ trì" if scope.name else "Không có"
            raise UserError(f"{what} nhiệm vụ hay đợt ra quân nào trong kế hoạch này.")
        identity = self._identity(plans, scope, today)
        from desktop_app.exports.progress_sheet import ProgressSheet  # noqa: PLC0415

        return ProgressSheet(identity, scoped, today)

    def _identity(
        self, plans: "Sequence[Plan | PlanSummary]", scope: SheetScope, today: dt.date
    ) -> SheetIdentity:
        return SheetIdentity(
            workspace_id=self._store.workspace_id,
            plan_ids=tuple(p.id for p in plans),
            plan_refs=tuple(plan_label(p) for p in plans),
            scope=scope,
            exported_at=dt.datetime.combine(today, dt.datetime.now().time()).replace(microsecond=0),
            program_version=__version__,
        )

    def unit_scope(self, ref: str) -> SheetScope:
        """A unit or hamlet named by id or name (ignoring case and accents), for a sheet.

        Raises:
            NotFoundError: neither a unit nor a hamlet has that name.
        """
        wanted = fold(ref)
        for unit in self._store.units.list():
            if unit.id == ref or fold(unit.name) == wanted:
                return SheetScope(ScopeKind.UNIT, unit.id, unit.name)
        for hamlet in self._store.hamlets.list():
            if hamlet.id == ref or fold(hamlet.name) == wanted:
                return SheetScope(ScopeKind.HAMLET, hamlet.id, hamlet.name)
        raise NotFoundError(f"Không có đơn vị hay xóm nào tên \u201c{ref}\u201d.")

    def sheet_scopes(self, plan: Plan) -> list[SheetScope]:
        """Everyone who gets a sheet of the plan: each lead unit, and each hamlet head."""
        return self._scopes(self._board(plan, None, LOOKAHEAD_DAYS))

    @staticmethod
    def _scopes(board: ProgressBoard) -> list[SheetScope]:
        units: dict[str, SheetScope] = {}
        for row in board.tasks:
            for unit in row.task.lead:
                units.setdefault(unit.id, SheetScope(ScopeKind.UNIT, unit.id, unit.name))
        for campaign in board.campaigns:
            for unit in campaign.units:
                units.setdefault(unit.id, SheetScope(ScopeKind.UNIT, unit.id, unit.name))
        hamlets = {
            c.hamlet.id: SheetScope(ScopeKind.HAMLET, c.hamlet.id, c.hamlet.name)
            for c in board.campaigns
        }
        return [*units.values(), *hamlets.values()]

    @staticmethod
    def sheet_file_name(plans: Sequence[Plan], scope: SheetScope = WHOLE_PLAN) -> str:
        from desktop_app.exports.progress_sheet import sheet_file_name  # noqa: PLC0415

        return sheet_file_name(plans, scope.kind, scope.name)

    def export_xlsx(
        self,
        plans: Sequence[Plan],
        path: Path,
        scope: SheetScope = WHOLE_PLAN,
        today: dt.date | None = None,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Write the progress workbook of the plans (or of one unit's or hamlet's rows).

        A stop asked through ``progress`` leaves no file, and a file already at ``path`` as
        it was.

        Raises:
            CancelledError: the clerk stopped it.
            UserError: nothing to write, a wrong name, a folder or stick that is gone, a
                full disk, a file open in Excel.
        """
        from desktop_app.exports.progress_sheet import write_progress_sheet  # noqa: PLC0415

        checkpoint = checkpoints(progress)
        self.last_flags = ()
        sheet = self._sheet(
            plans, scope, today, with_campaigns=True, reread=True, progress=checkpoint
        )
        written = write_progress_sheet(sheet, path, checkpoint)
        self.last_flags = _problems(b.plan for b in sheet.boards)
        return written

    def export_unit_sheets(
        self,
        plan: Plan,
        folder: Path,
        scopes: Sequence[SheetScope] | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Path]:
        """One workbook per unit (and per hamlet head) into ``folder``, named for each.

        All or none: each workbook is written under a hidden name, and only when every one
        is written do they take their names. A failure, or a stop asked through
        ``progress``, leaves the folder as it was.

        Raises:
            UserError: the folder is gone or cannot be written.
            CancelledError: the clerk stopped it.
        """
        from desktop_app.exports.files import move_into_place  # noqa: PLC0415
        from desktop_app.exports.progress_sheet import write_progress_sheet  # noqa: PLC0415

        folder = Path(folder)
        if not folder.is_dir():
            raise UserError(f"Không có thư mục {folder}; hãy chọn thư mục khác.")
        today = dt.date.today()
        # The plan is read once and its board narrowed for each: a plan of a whole commune
        # goes out to some three hundred units and hamlets.
        board = self._board(plan, today, LOOKAHEAD_DAYS)
        scopes = list(self._scopes(board) if scopes is None else scopes)
        checkpoint = checkpoints(progress)
        staged: list[tuple[Path, Path]] = []
        try:
            for i, (scope, name) in enumerate(zip(scopes, _apart(plan, scopes), strict=True)):
                if checkpoint:
                    checkpoint(i, len(scopes) + 1, scope.name)
                path = folder / name
                staged.append((path.with_name(f".{os.getpid()}.{path.name}"), path))
                sheet = self._scoped_sheet([plan], [board], scope, today)
                write_progress_sheet(sheet, staged[-1][0])
            if checkpoint:
                checkpoint(len(scopes), len(scopes) + 1, "")
            # Past the last stop: a name held by a file open in Excel still fails here, and
            # the ones moved before it stay (each one whole).
            written = [move_into_place(hidden, path) for hidden, path in staged]
        finally:
            for hidden, _path in staged:
                with contextlib.suppress(OSError):
                    hidden.unlink(missing_ok=True)
        if progress:
            progress(len(scopes) + 1, len(scopes) + 1, "")
        self.last_flags = board.plan.problems if written else ()  # the plan as the sheets read it
        return written


def _problems(plans: Iterable[Plan]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for plan in plans for p in plan.problems))


def _apart(plan: Plan, scopes: Sequence[SheetScope]) -> list[str]:
    """The file name of each scope's sheet, told apart when two would be the same.

    Names lose their diacritics: "Thôn Đông Thành" and "Thôn Đồng Thành" would share one
    (Windows, and so the clerk's stick, also ignores case). The later ones get "-2", "-3".
    """
    from desktop_app.exports.progress_sheet import sheet_file_name  # noqa: PLC0415

    taken: set[str] = set()
    names = []
    for scope in scopes:
        name = sheet_file_name([plan], scope.kind, scope.name)
        stem, suffix = name.removesuffix(".xlsx"), ".xlsx"
        number = 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}{suffix}"
        taken.add(name.casefold())
        names.append(name)
    return names


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Let the cycle collector run rarely while a whole office's sheet is written.

    Its millions of short-lived objects (rows, cells, their texts) are freed as they go, yet
    each 700 of them made the collector walk the young objects, and often all the others:
    a sixth of the time. The objects already there are set aside (frozen) meanwhile. The
    reading makes no reference cycles (tests/storage/test_batch_reads.py), so a batch of
    plans is freed by itself and the collector need not run within one.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_FEW_COLLECTIONS, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


# Objects made and not yet freed between two collections of the young ones: more than a
# batch of plans and their rows make (some 100,000), and a bound should a cycle slip in.
_FEW_COLLECTIONS = 200_000


def _shifted(checkpoint: Checkpoint, offset: int) -> Checkpoint:
    """Reports of a second half of the work, on the same bar as the first half."""

    def shifted(done: int, total: int, what: str) -> None:
        checkpoint(offset + done, offset + total, what)

    return shifted
