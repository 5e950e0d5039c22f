"""Storage errors the clerk can act on, with Vietnamese messages."""

import functools
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from desktop_app.domain.errors import UserError

P = ParamSpec("P")
R = TypeVar("R")


class StorageError(UserError):
    """The workspace file cannot be used as it is (locked, full disk, damaged, too new)."""


class NewerSchemaError(StorageError):
    """The file was written by a newer version of the program."""


class LockedError(StorageError):
    """Another program (or another copy of this one) is writing the file."""


class ReadOnlyError(StorageError):
    """The workspace was opened only to look at; nothing can be saved through it."""


class DamagedFileError(StorageError):
    """The workspace file has damaged pages (or is not a workspace): a backup or a rescue."""


class BadRowError(StorageError):
    """A stored row the program cannot read (an older version or a hand edit wrote it)."""


def readable(what: str) -> "Callable[[Callable[P, R]], Callable[P, R]]":
    """Turn a row that cannot be read into a message naming check-db, not a traceback.

    Args:
        what: what the method reads, as the clerk calls it ("kế hoạch", "báo cáo").
    """

    def wrap(method: "Callable[P, R]") -> "Callable[P, R]":
        @functools.wraps(method)
        def read(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except sqlite3.DatabaseError as exc:  # a damaged page under the rows read
                from desktop_app.storage.db import translate  # noqa: PLC0415 - db imports us

                raise translate(exc) from exc
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                # Python's own words (English) stay on the cause, for whoever helps.
                raise BadRowError(
                    f"Có {what} mang dữ liệu sai, không đọc được. Hãy chạy Kiểm tra dữ liệu "
                    "(lệnh check-db --repair) để tìm và sửa, rồi mở lại."
                ) from exc

        return read

    return wrap
