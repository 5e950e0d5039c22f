"""The workspace: one open data file, and one service per area of the clerk's work.

The GUI and the command line both go through here, so anything the clerk can click can be
scripted and tested. Callers name the area, then the use case: ``ws.plans.issue(plan_id,
day)``, ``ws.exchange.merge(preview)``.
"""

from pathlib import Path

from desktop_app.paths import default_db_path, device_id
from desktop_app.storage.store import Store
from desktop_app.workspace.calendar import CalendarService
from desktop_app.workspace.directory import DirectoryService
from desktop_app.workspace.documents import DocumentService
from desktop_app.workspace.exchange import ExchangeService
from desktop_app.workspace.numbering import NumberingService
from desktop_app.workspace.plan_import import PlanImportService
from desktop_app.workspace.plans import PlanService
from desktop_app.workspace.progress import ProgressService
from desktop_app.workspace.store_handle import StoreHandle


class Workspace:
    """One workspace file and everything the clerk does with it.

    Attributes:
        plans: create, edit, find, issue plans; the trash.
        directory: units, hamlets, their merges; assignment tables.
        calendar: the agenda, the calendar's items, events, days off.
        progress: where plans stand, reports recorded, progress sheets.
        documents: Word plans and reports, the calendar's files, the export folder.
        exchange: packages, merges, backups, history, the integrity check.
        plan_import: plans read from documents, and the sample plans.
        numbering: the registers every numbered document takes its number from.
    """

    def __init__(self, store: Store) -> None:
        self._handle = StoreHandle(store)
        self.progress = ProgressService(self._handle)
        self.calendar = CalendarService(self._handle, self.progress)
        self.numbering = NumberingService(self._handle)
        self.plans = PlanService(self._handle, self.calendar, self.numbering)
        self.directory = DirectoryService(self._handle)
        self.documents = DocumentService(self._handle, self.calendar, self.progress, self.numbering)
        self.exchange = ExchangeService(self._handle)
        self.plan_import = PlanImportService(self._handle, self.plans, self.directory)

    @classmethod
    def open(
        cls, path: Path | None = None, device: str | None = None, *, read_only: bool = False
    ) -> "Workspace":
        """Open (creating and migrating as needed) a workspace file; default: the user's.

        ``read_only``: only to look at (the file is open in another window); every save is
        refused with a message saying so.
        """
        store = Store(path or default_db_path(), device or device_id(), read_only=read_only)
        return cls(store)

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def store(self) -> Store:
        """The open store (a restored backup replaces it with one on the restored file)."""
        return self._handle.store

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self, *, finish_backups: bool = True) -> None:
        """Close the file, after the backup work a merge left for later (its full check).

        ``finish_backups=False`` (the window, which must close at once): a check under way
        in the background is stopped, and what is left waits for the next run; a backup not
        fully checked is checked before it counts. The copy of a merge's backup still being
        written is always waited for: it is the only copy of the data before the merge.
        """
        try:
            if not self.store.closed:
                if finish_backups:
                    self.exchange.finish_backups()
                else:
                    self.exchange.finish_merge_backup()  # the window said it (or backed up)
                    self.exchange.stop_background_check()
        finally:
            self.store.close()

    @property
    def is_open(self) -> bool:
        """False once closed: work a window put off (a timer) must then not run."""
        return not self.store.closed
