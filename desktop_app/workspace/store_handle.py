"""The open store that the workspace's services share, and the shape of a progress callback."""

from collections.abc import Callable

from desktop_app.storage.store import Store

# Called with (done, total, what is being done now); long jobs report through it.
ProgressCallback = Callable[[int, int, str], None]


class StoreHandle:
    """The workspace's open store, shared by every service.

    Restoring a backup puts a fresh Store (on the restored file) in its place; services read
    ``handle.store`` on each use, so none of them keeps working on the closed one.
    """

    def __init__(self, store: Store) -> None:
        self.store = store


class StoreService:
    """A service of the workspace, which reads the store from the shared handle on each use."""

    def __init__(self, handle: StoreHandle) -> None:
        self._handle = handle

    @property
    def _store(self) -> Store:
        return self._handle.store
