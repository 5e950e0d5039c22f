"""Writing an output file so that a pulled USB stick or a crash never leaves a half file.

Every exporter writes through :func:`write_atomically`: the content goes to a temporary
name in the same folder, is flushed to the disk, and only then renamed into place.
"""

import contextlib
import errno
import os
import traceback
from collections.abc import Callable
from pathlib import Path

from desktop_app.domain.errors import UserError


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file, then move it to ``path`` in one step.

    Args:
        path: where the finished file goes; an existing file there is replaced.
        write: writes the whole content to the path it is given.

    Returns:
        ``path``.

    Raises:
        UserError: with a Vietnamese message when the folder is missing, the disk is full,
            the file is open in another program, or the medium is gone.
    """
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} là một thư mục; hãy chọn tên tệp cần ghi.")
    if not path.parent.is_dir():
        raise UserError(f"Không có thư mục {path.parent}; hãy chọn thư mục khác.")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        # openpyxl and python-docx do not close the zip they opened on the file when a write
        # fails. Freeing their frames closes it now: Windows cannot delete an open file, and
        # the temporary file would stay in the clerk's folder.
        traceback.clear_frames(exc.__traceback__)
        raise UserError(_message(path, exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path


def move_into_place(temporary: Path, path: Path) -> Path:
    """Give a finished file (written under ``temporary``, in the same folder) its name.

    Raises:
        UserError: the name is held by a file open in another program, or the medium is gone.
    """
    try:
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(_message(path, exc)) from exc
    return path


def _message(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"Ổ đĩa đã đầy, không ghi được {path.name}. Hãy giải phóng chỗ trống rồi thử lại."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Không có quyền ghi {path}. Tệp có thể đang mở trong Word hoặc Excel; "
            "hãy đóng nó hoặc chọn nơi lưu khác."
        )
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.EIO):
        return f"Không ghi được {path}: thư mục hoặc ổ USB không còn. Hãy cắm lại rồi thử lại."
    return f"Không ghi được {path}: {exc.strerror or exc}."
