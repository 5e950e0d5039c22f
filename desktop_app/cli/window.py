"""The commands that need the window: none (open it), ``open-package``, ``screenshot``, ``--smoke``.

The window lives in :mod:`desktop_app.ui`, a layer above the command line, which never imports
it. The program's entry point (``desktop_app/__main__.py``) hands the window in as a
:class:`WindowCommands`, loading Qt only when one of these commands runs.
"""

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop_app.cli.common import Subparsers
from desktop_app.domain.errors import UserError

TABS = ("plans", "units", "hamlets", "calendar", "overview")


@dataclass(frozen=True)
class Screenshot:
    """What ``screenshot`` asked for: the window on ``db`` with ``tab`` shown, as a PNG."""

    db: Path | None
    tab: str
    out: Path
    size: tuple[int, int]
    plan_ref: str | None
    month: str | None


class WindowCommands(Protocol):
    def run(self, db: Path | None) -> int:
        """Open the window on the workspace ``db`` until the clerk closes it."""
        ...

    def open_package(self, db: Path | None, package: Path) -> int:
        """Open the window on ``db`` with the merge preview of ``package``, until it closes."""
        ...

    def screenshot(self, shot: Screenshot) -> None:
        """Render the window as ``shot`` says and save it as a PNG."""
        ...

    def smoke_test(self) -> int:
        """Check that the installed program starts; 0 when it does."""
        ...


def add_parsers(sub: Subparsers) -> None:
    # What Windows runs when the clerk opens a .skh file (scripts/installer.nsi registers it):
    # the window, showing what the package would change; nothing is merged until they say so.
    p = sub.add_parser("open-package", help="mở cửa sổ và xem trước một gói dữ liệu (.skh)")
    p.add_argument("package", type=Path, metavar="TỆP", help="gói dữ liệu .skh")
    p = sub.add_parser("screenshot", help="chụp ảnh một thẻ của cửa sổ")
    p.add_argument("--tab", choices=TABS, required=True)
    p.add_argument("--out", type=Path, required=True, help="tệp PNG")
    p.add_argument("--plan", help="kế hoạch được chọn (mặc định: kế hoạch đầu tiên)")
    p.add_argument("--month", help="tháng của lịch, dạng MM/YYYY")
    p.add_argument("--size", default="1366x768", help="kích thước cửa sổ, vd. 1366x768")


def available(window: WindowCommands | None) -> WindowCommands:
    """The window, or a message when this command line was started without one."""
    if window is None:
        raise UserError("Lệnh này cần cửa sổ của chương trình: hãy chạy “python -m desktop_app”.")
    return window


def run_screenshot(window: WindowCommands | None, args: argparse.Namespace) -> int:
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError as exc:
        raise UserError("Kích thước phải có dạng RỘNGxCAO, vd. 1366x768.") from exc
    available(window).screenshot(
        Screenshot(args.db, args.tab, args.out, (width, height), args.plan, args.month)
    )
    print(f"Đã lưu ảnh {args.out}")
    return 0


def run_open_package(window: WindowCommands | None, args: argparse.Namespace) -> int:
    return available(window).open_package(args.db, args.package)


WindowHandler = Callable[[WindowCommands | None, argparse.Namespace], int]
# The subcommands above, which open no workspace of their own.
HANDLERS: dict[str, WindowHandler] = {
    "open-package": run_open_package,
    "screenshot": run_screenshot,
}
