"""What the clerk is told when something fails below the services, at either door.

The services raise :class:`UserError` for what they foresee. A damaged page met by a read,
a disk I/O error or a corrupt stream in some file can surface anywhere; the window and the
command line both ask :func:`as_user_error` for its message, so neither shows a traceback.
"""

import errno
import zipfile
import zlib

from desktop_app.domain.errors import UserError
from desktop_app.storage.db import storage_error
from desktop_app.storage.errors import DamagedFileError

__all__ = ["DamagedFileError", "as_user_error"]


def as_user_error(exc: BaseException) -> UserError | None:
    """The clerk's message for ``exc``; None for a fault of the program itself."""
    if isinstance(exc, UserError):
        return exc
    from_storage = storage_error(exc)
    if from_storage is not None:
        return from_storage
    if isinstance(exc, zlib.error | zipfile.BadZipFile | EOFError):
        return UserError(
            "Tệp đang đọc bị hỏng (phần nén bên trong không giải nén được) hoặc chép chưa đủ. "
            "Hãy chép lại tệp rồi thử lại; dữ liệu của bạn không bị thay đổi."
        )
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return UserError("Ổ đĩa đã đầy: hãy giải phóng dung lượng rồi thử lại.")
    if isinstance(exc, OSError):
        return UserError(f"Không đọc/ghi được tệp: {exc.strerror or exc}.")
    return None
