"""Opening a workspace file: pragmas, migrations, transactions and error translation."""

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from desktop_app.paths import os_path
from desktop_app.storage.errors import DamagedFileError, LockedError, StorageError
from desktop_app.storage.migrations import migrate


def like_contains(needle: str) -> str:
    """A LIKE pattern (used with an ESCAPE of backslash) matching text containing needle."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def now_iso() -> str:
    """UTC time stamp of a change, to the microsecond."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) a workspace file, migrated to the latest schema.

    The connection uses explicit transactions (``isolation_level=None``), WAL,
    ``synchronous=FULL`` (offices lose power) and enforced foreign keys.

    Raises:
        NewerSchemaError: the file comes from a newer program.
        StorageError: the file is not a workspace, is damaged, or cannot be written.
    """
    if path.is_dir():
        raise StorageError(f"{path} là một thư mục: hãy chọn một tệp dữ liệu (.sqlite).")
    _refuse_empty(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục cho tệp dữ liệu {path}: {exc}") from exc
    try:
        conn = sqlite3.connect(os_path(path), isolation_level=None, check_same_thread=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Không mở được tệp dữ liệu {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        _refuse_foreign(conn, path)  # before WAL mode is written into its header
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # Off while the schema is upgraded (a step may rebuild a table others point to);
        # the pragma does nothing inside a transaction, so it is set after.
        conn.execute("PRAGMA foreign_keys = OFF")
        _quick_check(conn, path)
        migrate(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate(exc, path) from exc
    except UnicodeDecodeError as exc:
        # SQLite named a damaged schema object in bytes that are not UTF-8: Python fails
        # on the message itself before it can raise the database error.
        conn.close()
        raise damaged(path) from exc
    except Exception:
        conn.close()
        raise
    return conn


def _refuse_empty(path: Path) -> None:
    """A 0-byte file given as the workspace is refused, never made into a new workspace.

    It is a copy cut short, a stick that failed, or the wrong file: the clerk must hear.
    """
    try:
        empty = path.is_file() and path.stat().st_size == 0
    except OSError:
        return  # connect() says why the file cannot be opened
    if empty:
        raise DamagedFileError(
            f"Tệp {path} trống (0 byte): không phải tệp dữ liệu, có thể do chép bị ngắt hoặc "
            "USB hỏng. Chương trình không ghi gì vào tệp này. Hãy chọn đúng tệp dữ liệu, hoặc "
            "khôi phục từ bản sao lưu."
        )


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """An SQLite file of another program is not turned into a workspace beside its tables."""
    if conn.execute("PRAGMA user_version").fetchone()[0]:
        return
    names = {
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }
    if names - {"_sqlite_migrations"} and "meta" not in names:
        raise DamagedFileError(
            f"Tệp {path.name} là dữ liệu của một chương trình khác, không phải tệp dữ liệu "
            "của Sổ theo dõi Kế hoạch. Tệp không bị thay đổi; hãy chọn đúng tệp."
        )


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's quick check at every open: a damaged page is found before anything reads it."""
    result = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if result != ["ok"]:
        raise damaged(path, "; ".join(result))


def damaged(path: Path | None, detail: str = "") -> DamagedFileError:
    """The clerk's message for a workspace file with damaged pages."""
    where = f" {path.name}" if path else ""
    detail = f" ({detail[:200]})" if detail else ""
    return DamagedFileError(
        f"Tệp dữ liệu{where} bị hỏng ở một số trang{detail}. Chưa có gì bị ghi thêm vào tệp. "
        "Hãy khôi phục bản sao lưu tốt gần nhất (lệnh: restore), hoặc cứu những "
        "gì còn đọc được sang một tệp mới (lệnh: rescue --out <tệp mới>)."
    )


def storage_error(exc: BaseException) -> StorageError | None:
    """The clerk's message for an SQLite error met anywhere; None for any other error."""
    return translate(exc) if isinstance(exc, sqlite3.Error) else None


def translate(exc: sqlite3.Error, path: Path | None = None) -> StorageError:
    """A user-facing error for an SQLite failure."""
    text = str(exc).lower()
    where = f" ({path})" if path else ""
    if "locked" in text or "busy" in text:
        return LockedError(
            f"Tệp dữ liệu đang được chương trình khác sử dụng{where}. "
            "Hãy đóng chương trình đó rồi thử lại."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError(
            "Ổ đĩa đã đầy: hãy giải phóng dung lượng rồi thử lại. Chưa có gì bị lưu dở."
        )
    if "malformed" in text or "could not decode" in text:
        return damaged(path)
    if "disk i/o error" in text:
        return DamagedFileError(
            f"Lỗi đọc/ghi ổ đĩa{where}: ổ đĩa hoặc USB có thể bị hỏng hay vừa bị rút ra. "
            "Chưa có gì bị lưu dở; hãy kiểm tra ổ đĩa, rồi mở lại tệp."
        )
    if "not a database" in text or "file is encrypted" in text:
        return StorageError(
            f"Tệp{where} không phải tệp dữ liệu của chương trình, hoặc đã bị hỏng. "
            "Hãy chọn tệp khác hoặc khôi phục từ bản sao lưu."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(f"Không ghi được vào tệp dữ liệu{where}: thư mục chỉ cho đọc.")
    return StorageError(f"Lỗi khi đọc/ghi dữ liệu{where}: {exc}")


@contextlib.contextmanager
def transaction(
    conn: sqlite3.Connection, *, links_checked_by_caller: bool = False
) -> Iterator[sqlite3.Connection]:
    """All or nothing: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    With ``links_checked_by_caller``, SQLite does not look up each written row's links (the
    pragma can only change outside a transaction): the caller runs ``PRAGMA
    foreign_key_check`` itself before the end, which a million rows pass far quicker.
    """
    if links_checked_by_caller:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        try:
            yield conn
        except BaseException:
            _rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            raise translate(exc) from exc
    finally:
        if links_checked_by_caller:
            conn.execute("PRAGMA foreign_keys = ON")


def links_checked_by_sqlite(conn: sqlite3.Connection) -> bool:
    """Whether SQLite itself refuses a row that points at a row not there."""
    return bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])


def _rollback(conn: sqlite3.Connection) -> None:
    # On some errors (a full disk, an I/O error) SQLite has rolled back already; a ROLLBACK
    # then fails with "cannot rollback - no transaction is active", which would hide the
    # error the clerk needs to hear about.
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
