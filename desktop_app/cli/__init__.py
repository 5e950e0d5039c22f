"""Command line over the workspace: ``python -m desktop_app [--db FILE] [COMMAND]``.

Each group of commands is a module here with ``add_parsers`` (its subcommands and options) and
``HANDLERS`` (subcommand -> function of the open workspace and the parsed arguments); this module
builds the parser from them and dispatches. With no command the window opens, through the
:class:`~desktop_app.cli.window.WindowCommands` that the entry point hands in. Every error a user
can fix (a :class:`UserError`, which the storage, import and export errors are too) goes to
stderr in Vietnamese with exit code 2, never as a traceback.
"""

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import APP_NAME, __version__
from desktop_app.cli import (
    calendar,
    documents,
    exchange,
    office,
    plan_import,
    plans,
    sheets,
    window,
)
from desktop_app.cli.common import EXIT_USER_ERROR, Handler
from desktop_app.cli.parsing import VERSION_HELP, VietnameseParser
from desktop_app.cli.window import Screenshot, WindowCommands
from desktop_app.domain.errors import UserError
from desktop_app.paths import default_db_path
from desktop_app.workspace import Workspace
from desktop_app.workspace.errors import as_user_error
from desktop_app.workspace.workspace_files import safe_workspace_path

__all__ = ["HANDLERS", "Screenshot", "WindowCommands", "build_parser", "main"]

EXIT_INTERRUPTED = 130  # the shell's code for Ctrl+C

# In this order in --help; the window's commands come last.
GROUPS = (plans, calendar, documents, sheets, exchange, plan_import, office)
HANDLERS: dict[str, Handler] = {
    command: handler for group in GROUPS for command, handler in group.HANDLERS.items()
}


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="python -m desktop_app",
        description=f"{APP_NAME} {__version__}: theo dõi kế hoạch của xã, không cần mạng.",
    )
    parser.add_argument(
        "--db", type=Path, help="tệp dữ liệu (mặc định: thư mục dữ liệu của người dùng)"
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help=VERSION_HELP
    )
    parser.add_argument("--smoke", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for group in GROUPS:
        group.add_parsers(sub)
    window.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None, window_commands: WindowCommands | None = None) -> int:
    """Run one command line; ``window_commands`` opens the window (the entry point gives it)."""
    _utf8_output()
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args, window_commands)
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as exc:  # a damaged page, a full disk, a corrupt stream met anywhere
        error = as_user_error(exc)
        if error is None:
            raise
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return EXIT_USER_ERROR


def _dispatch(args: argparse.Namespace, window_commands: WindowCommands | None) -> int:
    if args.smoke:
        return window.available(window_commands).smoke_test()
    if args.command is None:
        return window.available(window_commands).run(args.db)
    if args.command in window.HANDLERS:
        return window.HANDLERS[args.command](window_commands, args)
    db = args.db
    if db is not None:
        db, moved = safe_workspace_path(db)
        if moved:
            print(moved, file=sys.stderr)
    if args.command in exchange.FILE_HANDLERS:
        return exchange.FILE_HANDLERS[args.command](db or default_db_path(), args)
    ws = Workspace.open(db)
    try:
        return HANDLERS[args.command](ws, args)
    finally:
        _close(ws)


def _close(ws: Workspace) -> None:
    """Close, after the full check of a backup a merge took; said first (seconds).

    The command line has no idle time for it, as the window has.
    """
    if ws.is_open and ws.exchange.checks_due:
        print("Đang kiểm tra bản sao lưu vừa chép trước khi đóng…", file=sys.stderr, flush=True)
    ws.close()


def _silence_stdout() -> None:
    # "agenda | head": the reader left. Stop quietly, and point stdout at nothing so the flush
    # at exit does not print a traceback either (the Python docs' recipe).
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        target = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target)
        os.close(devnull)


def _utf8_output() -> None:
    # Vietnamese must survive a redirected Windows console (cp1252) and the console script.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
