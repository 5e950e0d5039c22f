"""The exchange service: moving data between office PCs and keeping it safe.

The window and the command line both go through :class:`ExchangeService`:

- "Xuất gói dữ liệu": :meth:`ExchangeService.pack` writes a ``.skh`` file and verifies it;
- "Nhập gói dữ liệu": :meth:`ExchangeService.preview` checks the file and says what would
  change; :meth:`ExchangeService.merge` takes a backup and applies it in one transaction
  (the backup's copy may end just after: :meth:`ExchangeService.finish_merge_backup`);
- backups: :meth:`ExchangeService.backup_now`, :meth:`ExchangeService.auto_backup` (on close
  and every 30 minutes when the data changed), :meth:`ExchangeService.backups`,
  :meth:`ExchangeService.restore_backup`, which puts a fresh store on the restored file in
  the handle every service shares;
- "Kiểm tra dữ liệu": :meth:`ExchangeService.check_db` and :meth:`ExchangeService.repair_db`.

Workspace files before they are opened (on a stick, damaged): ``workspace_files.py``.
"""

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.domain.errors import UserError
from desktop_app.paths import backups_dir_for, resolved
from desktop_app.storage import backups as backup_files
from desktop_app.storage import history as versions
from desktop_app.storage import integrity
from desktop_app.storage import peers as exchange_peers
from desktop_app.storage.backups import BackupInfo, BackupReason, BackupUnderWay
from desktop_app.storage.db import now_iso
from desktop_app.storage.errors import ReadOnlyError, StorageError
from desktop_app.storage.merge import (
    MergePreview,
    MergeResult,
    apply_merge,
    confirm_nothing_to_do,
    preview_merge,
)
from desktop_app.storage.merge_plan import ItemKey, Side
from desktop_app.storage.package import (
    HISTORY,
    SUFFIX,
    Manifest,
    Package,
    PackageError,
    PlanInfo,
    package_path,
    read_package,
    write_package,
)
from desktop_app.storage.peers import Peer
from desktop_app.storage.store import Store
from desktop_app.workspace.backup_checks import (
    BackgroundCheck,
    BackupCheckOutcome,
    BackupWorkLeft,
    wait_before_commit,
    written_with_backup,
)
from desktop_app.workspace.store_handle import (
    Checkpoint,
    ProgressCallback,
    StoreHandle,
    StoreService,
    checkpoints,
)

BACKUP_INTERVAL = dt.timedelta(minutes=30)
_BACKUP_DIR_KEY = "backup_dir"
# Backups whose full check and thinning wait for the next backup or the close: a merge must
# not pay for them (seconds on a big office, against a fraction of one for the merge).
_THINNED_LATER = frozenset({BackupReason.BEFORE_MERGE})
_BUSY = "Đang ghi dữ liệu: hãy sao lưu khi việc đang làm đã xong."


@dataclass(frozen=True)
class PackResult:
    path: Path
    manifest: Manifest
    size: int

    def message(self) -> str:
        rows = sum(self.manifest.counts.values())
        return (
            f"Đã ghi và kiểm tra gói {self.path.name} ({self.manifest.scope_text()}, "
            f"{rows} bản ghi, {max(self.size // 1024, 1)} KB). Có thể rút USB ra."
        )


@dataclass(frozen=True)
class PackagePreview:
    """A package checked and compared with this workspace, ready to merge.

    ``trial``: what the merge did when it was run in a transaction rolled back at once (a
    preview asked for with ``trial=True``); a package the merge would refuse is then refused
    by :meth:`ExchangeService.preview` already.
    """

    package: Package
    merge: MergePreview
    trial: MergeResult | None = None


class ExchangeService(StoreService):
    """Packages, merges, backups and the integrity check of one workspace."""

    def __init__(self, handle: StoreHandle) -> None:
        super().__init__(handle)
        self._left = BackupWorkLeft()

    # ---- packages ------------------------------------------------------------------------

    def pack(
        self,
        out: Path,
        plan_ids: Sequence[str] = (),
        progress: ProgressCallback | None = None,
        *,
        changes_for: str = "",
    ) -> PackResult:
        """Write the whole workspace, or the given plans with what they name, to ``out``.

        ``changes_for``: the device id of a known PC (:meth:`known_pcs`): only what that PC
        does not hold yet, by its last package merged here (a change package).

        ``progress`` may stop the work (it returns False): no package is left then, and a
        file already at ``out`` stays as it was.

        Raises:
            NotFoundError: a plan is not here.
            UserError: ``changes_for`` is not a PC known here, or comes with plans.
            PackageError: the file cannot be written or does not read back the same.
            CancelledError: the clerk stopped it.
        """
        base: Mapping[str, str] | None = None
        made_for = ""
        if changes_for:
            if plan_ids:
                raise UserError(
                    "Gói thay đổi mang mọi thay đổi của bộ dữ liệu, không chọn riêng kế hoạch: "
                    "hãy bỏ chọn kế hoạch, hoặc xuất gói đầy đủ."
                )
            peer = self.find_pc(changes_for)
            base, made_for = peer.holds, peer.device_name
        plans = []
        for plan_id in plan_ids:
            plan = self._store.plans.get(plan_id)
            plans.append(PlanInfo(plan.id, plan.title, plan.name))
        out = package_path(out)
        if out.exists() and resolved(out) == resolved(self._store.path):
            raise UserError("Không thể ghi gói đè lên chính tệp dữ liệu đang mở.")
        manifest = write_package(
            self._store.conn,
            out,
            workspace_id=self._store.workspace_id,
            device_id=self._store.writer.device_id,
            created_at=now_iso(),
            plans=plans,
            progress=checkpoints(progress),
            holds=self._held(),
            base=base,
            made_for=made_for,
        )
        return PackResult(out, manifest, out.stat().st_size)

    def _held(self) -> dict[str, str]:
        """What this workspace holds of each PC (itself included), as packages say it."""
        conn, writer = self._store.conn, self._store.writer
        mark = exchange_peers.own_mark(conn, writer.clock_state()[0])
        held = exchange_peers.holds_here(conn, writer.device_id, mark)
        return {device: stamp for device, stamp in held.items() if stamp}

    def known_pcs(self) -> list[Peer]:
        """The other PCs whose packages were merged here, the most recent first."""
        own = self._store.writer.device_id
        return [p for p in exchange_peers.peers(self._store.conn) if p.device_id != own]

    def find_pc(self, text: str) -> Peer:
        """The known PC named by ``text``: its device id (or its start), or its name.

        Raises:
            UserError: no known PC, or several, answer to ``text``.
        """
        known = self.known_pcs()
        wanted = text.strip()
        found = [p for p in known if p.device_id == wanted]
        found = found or [p for p in known if p.device_name.casefold() == wanted.casefold()]
        found = found or [p for p in known if len(wanted) >= 4 and p.device_id.startswith(wanted)]
        if len(found) == 1:
            return found[0]
        names = "; ".join(f"“{p.device_name}” (mã {p.device_id[:8]})" for p in known)
        if not known:
            raise UserError(
                "Máy này chưa nhập gói nào từ máy khác nên chưa biết máy kia đã có gì: hãy "
                "xuất gói đầy đủ. Sau khi máy kia gửi lại một gói và gói đó được nhập ở đây, "
                "mới làm được gói thay đổi cho máy đó."
            )
        if found:
            raise UserError(
                f"Có nhiều máy cùng tên “{wanted}”: hãy ghi mã máy. Các máy đã biết: {names}."
            )
        raise UserError(f"Không có máy nào tên hay mã “{wanted}”. Các máy đã biết: {names}.")

    def preview(
        self, path: Path, progress: ProgressCallback | None = None, *, trial: bool = False
    ) -> PackagePreview:
        """Check the package (or a workspace file) and say what merging it would do.

        A ``.sqlite`` workspace file (from a stick) is read through a package made from a
        temporary copy of it, so it gets the same checks and the same preview. With
        ``trial``, the merge is also run and rolled back (:meth:`dry_run`), so a package the
        merge would refuse is refused here; without it, such a package is refused by
        :meth:`merge`, which writes nothing then. For a whole office the trial doubles the
        work, so only ``merge --dry-run`` asks for it. ``progress`` follows (and may stop)
        the work.

        Raises:
            PackageError: the file cannot be used; nothing here has changed.
            CancelledError: the clerk stopped it; nothing here has changed.
        """
        checkpoint = checkpoints(progress)
        if checkpoint:
            checkpoint(0, 1, "Đang đọc và kiểm tra gói…")
        if path.suffix.lower() in (".sqlite", ".db", ".sqlite3"):
            package = self._package_from_workspace_file(path)
        else:
            package = read_package(path, self._store.conn, self._held())
        if checkpoint:
            checkpoint(0, 1, "Đang so sánh với dữ liệu trên máy này…")
        merge = preview_merge(self._store.conn, package, self._store.workspace_id)
        preview = PackagePreview(package, merge)
        if not trial:
            return preview
        return PackagePreview(package, merge, self.dry_run(preview, progress=progress))

    def dry_run(
        self,
        preview: PackagePreview,
        choices: Mapping[ItemKey, Side] | None = None,
        progress: ProgressCallback | None = None,
    ) -> MergeResult:
        """The merge itself, in a transaction that is rolled back: nothing is written.

        Raises:
            PackageError, UserError: as :meth:`merge` would, for the same package.
            CancelledError: ``progress`` asked to stop.
        """
        if preview.merge.nothing_to_do:
            return MergeResult(0, 0, 0, 0, 0, 0)
        with self._store.trial():
            return self._apply(preview, choices, checkpoints(progress))

    def _apply(
        self,
        preview: PackagePreview,
        choices: Mapping[ItemKey, Side] | None,
        progress: Checkpoint | None,
    ) -> MergeResult:
        return apply_merge(
            self._store.conn,
            self._store.writer,
            preview.package,
            preview.merge,
            self._store.workspace_id,
            choices=choices,
            reindex=self._store.reindex_touched,
            progress=progress,
        )

    def _package_from_workspace_file(self, path: Path) -> Package:
        if resolved(path) == resolved(self._store.path):
            raise PackageError("Đây là chính tệp dữ liệu đang mở.")
        with tempfile.TemporaryDirectory(prefix="skh-") as tmp:
            copy = Path(tmp) / "nguon.sqlite"
            try:
                backup_files.check_backup(path)
                backup_files.replace_file(path, copy)
                other = Store(copy, self._store.writer.device_id)
            except StorageError as exc:
                raise PackageError(f"Không đọc được tệp dữ liệu {path.name}: {exc}") from exc
            try:
                out = Path(tmp) / f"goi{SUFFIX}"
                write_package(
                    other.conn,
                    out,
                    workspace_id=other.workspace_id,
                    device_id=self._store.writer.device_id,
                    created_at=now_iso(),
                )
            finally:
                other.close()
            package = read_package(out, self._store.conn)
        # Named as the file the clerk chose; what the reader found taken stays with it.
        return replace(package, path=path)

    def merge(
        self,
        preview: PackagePreview,
        choices: Mapping[ItemKey, Side] | None = None,
        progress: ProgressCallback | None = None,
    ) -> MergeResult:
        """Back up, then apply the package in one transaction (conflicts as in ``choices``).

        The data before the merge is held and quick-checked before the commit; on a big
        office its copy may still be written after this returns (:attr:`backup_finishing`,
        :meth:`finish_merge_backup`), from a snapshot no commit changes.

        ``progress`` may stop the merge (it returns False): the transaction rolls back, the
        backup taken for it is deleted, and the workspace file is left byte for byte as it was.

        Raises:
            UserError: this workspace changed since the preview; look again.
            StorageError: the backup or the write failed; nothing was merged.
            CancelledError: the clerk stopped it; nothing was merged.
        """
        if preview.merge.nothing_to_do:
            # Nothing to write, but the other PC's word on what it holds is news, and the
            # parts read are known here from now on.
            if not self._store.read_only:
                with self._store.transaction():
                    confirm_nothing_to_do(self._store.conn, preview.package, preview.merge)
                    # Its history was not kept (no merge ran): that part is not taken.
                    self._remember_package(preview, history_kept=False)
            return MergeResult(0, 0, 0, 0, 0, 0)
        checkpoint = checkpoints(progress)
        with (
            self._undone_on_failure(BackupReason.BEFORE_MERGE) as backup,
            self._store.transaction(links_checked_by_caller=preview.merge.links_checked_at_end),
        ):
            result = self._apply(preview, choices, checkpoint)
            self._remember_package(preview)
            wait_before_commit(backup, checkpoint)
        self._left.copying_after_commit(backup)
        self._store.reload_identity()
        return result

    def _remember_package(self, preview: PackagePreview, *, history_kept: bool = True) -> None:
        """What a package merged (or found known) leaves known here, in its transaction."""
        package = preview.package
        manifest = package.manifest
        parts = package.parts()
        if not history_kept and package.history:
            parts = {part: n for part, n in parts.items() if part[0] != HISTORY}
        exchange_peers.record_taken_parts(self._store.conn, parts, now_iso())
        if manifest.holds is None:
            return  # a workspace file read as a package, or a package of an older program
        exchange_peers.record_package(
            self._store.conn,
            own_device=self._store.writer.device_id,
            sender=manifest.device_id,
            sender_name=manifest.device_name,
            sender_holds=manifest.holds,
            package_at=manifest.created_at,
            merged_at=now_iso(),
            whole=manifest.whole_workspace,
        )

    def _undone_on_failure(
        self, reason: BackupReason
    ) -> contextlib.AbstractContextManager[BackupUnderWay]:
        if reason in _THINNED_LATER:  # copied and checked while the write runs
            return written_with_backup(self._store, lambda: self._start_backup(reason))
        # A repair's backup gets its full check first, as any other backup.
        return written_with_backup(
            self._store, lambda: BackupUnderWay.done(self.backup_now(reason))
        )

    # ---- backups -------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        chosen = self._store.get_meta(_BACKUP_DIR_KEY)
        return Path(chosen) if chosen else backups_dir_for(resolved(self._store.path))

    def set_backup_dir(self, folder: Path) -> None:
        """Keep backups in ``folder`` from now on (another disk is safer).

        Raises:
            StorageError: the folder cannot be written.
        """
        probe = folder / ".thu-ghi"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StorageError(f"Không ghi được vào thư mục {folder}: {exc}") from exc
        self._store.set_meta(_BACKUP_DIR_KEY, str(folder))

    def backups(self) -> list[BackupInfo]:
        """The backups in the folder, the one a merge is finishing included once it is done."""
        self._left.wait_for_copy(self._store)
        return backup_files.list_backups(self.backup_dir)

    def newest_good_backup(self) -> Path | None:
        """The newest backup that passes SQLite's integrity check."""
        self._left.wait_for_copy(self._store)
        found = backup_files.newest_good(self.backup_dir, self._store.workspace_id)
        return None if found is None else found.path

    @property
    def busy(self) -> bool:
        """A write is under way (a merge showing its progress): no backup can be taken now."""
        return self._store.conn.in_transaction

    @property
    def device_id(self) -> str:
        return self._store.writer.device_id

    @property
    def backup_finishing(self) -> bool:
        """A merge's backup is being copied (seconds), or its outcome is not yet said."""
        return self._left.copy_pending

    def merge_backup_outcome(self) -> str | None:
        """:meth:`finish_merge_backup` once the copy has ended; None while it goes on."""
        return None if self._left.copy_running else self.finish_merge_backup()

    def finish_merge_backup(self) -> str:
        """Wait for a merge's backup still being copied; what to tell the clerk, or "".

        A copy that failed after the commit is said once: the merge stays, the history keeps
        what it replaced, and the data counts as not backed up (the next backup comes soon).
        """
        self._left.wait_for_copy(self._store)
        return self._left.take_copy_failure()

    def backup_now(
        self, reason: BackupReason = BackupReason.MANUAL, *, check_later: bool = False
    ) -> Path:
        """Take a backup now, then check and thin the old ones.

        The copy gets SQLite's quick check as it is written. The full check of the newest
        backups, then the thinning, run at once, except for a backup before a merge or with
        ``check_later`` (the window's own backups): they then wait for the next backup, a
        check in the background (:meth:`check_in_background`) or the close
        (:meth:`finish_backups`).

        Raises:
            StorageError: a write is under way (SQLite would wait for it for ever), the
                backup folder cannot be written, or the copy fails its check (it is kept
                aside and the data is not counted as backed up).
        """
        if self.busy:
            raise StorageError(_BUSY)
        self._left.wait_for_copy(self._store)
        now, folder, conn = dt.datetime.now(), self.backup_dir, self._store.conn
        if reason in _THINNED_LATER or check_later:
            path = backup_files.write_backup(conn, folder, reason, now)
            self._left.thinning_due.add(folder)
        else:
            path = backup_files.write_and_thin(conn, folder, reason, now)
            self._left.thinning_due.discard(folder)
        self._store.mark_backed_up()
        return path

    def _start_backup(self, reason: BackupReason) -> BackupUnderWay:
        """A backup of the data as it is now, going on while the caller writes.

        Its full check and the thinning wait (:data:`_THINNED_LATER`).
        """
        if self.busy:
            raise StorageError(_BUSY)
        self._left.wait_for_copy(self._store)  # its snapshot stops the WAL being emptied
        folder = self.backup_dir
        backup = backup_files.start_backup(self._store.conn, folder, reason, dt.datetime.now())
        self._left.thinning_due.add(folder)
        # The data as it is now; what is written meanwhile is not in the backup, and counts
        # as changed since it.
        self._store.mark_backed_up()
        return backup

    @property
    def checks_due(self) -> bool:
        """Backups wait for their full check and the thinning (:meth:`finish_backups`)."""
        return bool(self._left.thinning_due)

    def check_later(self) -> None:
        """Look at the backup folder at the next check (backups a last run left unchecked)."""
        self._left.thinning_due.add(self.backup_dir)

    def finish_backups(self) -> None:
        """All backup work left for later, here and now (on close), what runs waited for."""
        self._left.finish(self._store)

    def check_in_background(
        self, on_done: Callable[[BackupCheckOutcome], None]
    ) -> BackgroundCheck | None:
        """Start the checks left for later in a worker thread.

        None when none is due, when they are running, or while a merge's backup is still
        being copied (it is due once written).

        ``on_done`` is called in the worker's thread with the outcome; the folders it did not
        finish are due again by then.
        """
        return self._left.check_in_background(on_done)

    @property
    def checking_in_background(self) -> bool:
        return self._left.checking

    def stop_background_check(self) -> None:
        """Stop a check in the background at once; what it left waits for next time."""
        self._left.stop_check()

    def auto_backup(self, *, check_later: bool = False) -> Path | None:
        """A backup when the data changed since the last one (on close, every 30 minutes)."""
        if self.busy or not self._store.changed_since_backup:
            return None
        return self.backup_now(BackupReason.AUTO, check_later=check_later)

    def restore_backup(self, backup: Path) -> Path:
        """Put ``backup`` in place of the workspace; the current data is backed up first.

        Returns:
            The backup of the data as it was just before.

        Raises:
            StorageError: the backup is not usable; the workspace is unchanged.
        """
        if self._store.read_only:
            raise ReadOnlyError(
                "Cửa sổ này chỉ để xem: tệp dữ liệu đang mở ở một cửa sổ khác. Hãy khôi phục "
                "ở cửa sổ kia; dữ liệu chưa bị thay đổi."
            )
        backup_files.check_backup(backup)
        before = self.backup_now(BackupReason.BEFORE_RESTORE)
        path, device = self._store.path, self._store.writer.device_id
        self._store.close()
        if backup_files.open_elsewhere(path):
            self._handle.store = Store(path, device)
            raise StorageError(
                "Tệp dữ liệu đang mở ở một cửa sổ hoặc chương trình khác. Hãy đóng nơi đó rồi "
                "khôi phục lại; dữ liệu chưa bị thay đổi."
            )
        try:
            backup_files.replace_file(backup, path)
            self._handle.store = Store(path, device)
        except StorageError:
            with contextlib.suppress(StorageError):
                backup_files.replace_file(before, path)
            self._handle.store = Store(path, device)
            raise
        self._store.mark_backed_up()
        return before

    # ---- history -------------------------------------------------------------------------

    def history(
        self, limit: int = 500, table: str = "", row_id: str = ""
    ) -> list[versions.HistoryEntry]:
        """Versions that edits and merges replaced, newest first."""
        return versions.entries(
            self._store.conn, limit, table, row_id, this_device=self._store.writer.device_id
        )

    def restore_version(self, seq: int) -> None:
        """Bring an earlier version back as the current one (the current one is kept too)."""
        with self._store.transaction():
            table, row_id = versions.restore(self._store.conn, self._store.writer, seq)
            self._store.reindex_touched({table: {row_id}})

    # ---- integrity -----------------------------------------------------------------------

    def check_db(self, progress: ProgressCallback | None = None) -> integrity.IntegrityReport:
        """What is wrong with the data; reads only.

        Raises:
            CancelledError: ``progress`` asked to stop; nothing was changed.
        """
        return integrity.check(self._store.conn, checkpoints(progress))

    def repair_db(self, progress: ProgressCallback | None = None) -> list[str]:
        """Back up, then fix what can be fixed; returns what was done.

        ``progress`` may stop the repair: the transaction rolls back and the backup taken
        for it is deleted, as for a merge.

        Raises:
            StorageError: the file is damaged beyond what a repair may touch.
            CancelledError: the clerk stopped it; nothing was changed.
        """
        report = self.check_db(progress)
        if not report.sqlite_ok:
            raise StorageError(report.summary_text())
        if not any(p.repairable for p in report.problems):
            return []
        checkpoint = checkpoints(progress)
        with (
            self._undone_on_failure(BackupReason.BEFORE_REPAIR) as backup,
            self._store.transaction(),
        ):
            done = integrity.repair(self._store.writer, self._store.reindex_all, checkpoint)
            wait_before_commit(backup, checkpoint)
            return done
