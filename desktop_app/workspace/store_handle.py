"""The open store that the workspace's services share, and the shape of a progress callback."""

from collections.abc import Callable

from desktop_app.domain.errors import CancelledError
from desktop_app.storage.store import Store

# Called with (done, total, what is being done now); long jobs report through it. It returns
# False when the clerk asked to stop (None or True: go on), so a door with no Cancel button
# passes a callback that returns nothing.
ProgressCallback = Callable[[int, int, str], bool | None]
# What the layers below the workspace call: they know nothing of stopping, and a stop comes
# to them as the CancelledError exception, which unwinds their transaction or temporary file.
Checkpoint = Callable[[int, int, str], None]


def checkpoints(progress: ProgressCallback | None) -> Checkpoint | None:
    """The callback handed down to storage and exports: it raises CancelledError on a stop.

    A report of the work done (``done >= total``) comes past the point of no return (a
    package renamed into place), so a stop asked for then is not honoured: the work is done.
    """
    if progress is None:
        return None

    def checkpoint(done: int, total: int, what: str) -> None:
        if progress(done, total, what) is False and done < total:
            raise CancelledError

    return checkpoint


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
