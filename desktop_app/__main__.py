"""Entry point: ``python -m desktop_app``, the frozen program (``build.spec``), ``so-ke-hoach``.

The one module that joins the command line and the window: nothing else imports
:mod:`desktop_app.ui`. Qt is loaded only when a command needs the window.
"""

import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_app import cli


def _missing_libraries() -> str | None:
    """On Linux, why Qt's window cannot open here: missing packages, no display.

    Asked before Qt loads, since Qt itself would abort the process.
    """
    from desktop_app.ui.system_libraries import check_window_can_open  # noqa: PLC0415

    return check_window_can_open()


class _QtWindow:
    """The window's commands for :func:`desktop_app.cli.main` (a ``cli.WindowCommands``)."""

    def run(self, db: Path | None) -> int:
        if message := _missing_libraries():  # Qt would abort the process instead
            print(message, file=sys.stderr)  # noqa: T201
            return 2
        from desktop_app.ui.app import run_gui  # noqa: PLC0415  # Qt only loads for the window

        return run_gui(db)

    def open_package(self, db: Path | None, package: Path) -> int:
        if message := _missing_libraries():
            print(message, file=sys.stderr)  # noqa: T201
            return 2
        from desktop_app.ui.app import run_gui  # noqa: PLC0415  # Qt only loads for the window

        return run_gui(db, package=package)

    def screenshot(self, shot: cli.Screenshot) -> None:
        from desktop_app.ui.app import screenshot  # noqa: PLC0415  # Qt only loads when asked

        screenshot(
            shot.db, shot.tab, shot.out, size=shot.size, plan_ref=shot.plan_ref, month=shot.month
        )

    def smoke_test(self) -> int:
        from desktop_app.ui.system_libraries import check_desktop_libraries  # noqa: PLC0415

        if message := check_desktop_libraries():
            _log_smoke_failure(f"smoke: FAIL the window cannot open here\n{message}")
            return 1
        from desktop_app.ui.app import smoke_test  # noqa: PLC0415  # Qt only loads when asked

        return smoke_test()


def main(argv: Sequence[str] | None = None) -> int:
    """The whole program: the command line, with the window when asked (or no command given)."""
    return cli.main(argv, _QtWindow())


def _give_missing_streams_a_sink() -> None:
    """Point a missing ``sys.stdout``/``sys.stderr`` at the null device.

    The Windows build is a GUI program (PyInstaller ``console=False``), like ``pythonw``:
    started from Explorer it has no console, and Python sets both streams to ``None``.
    ``print()`` copes with that, but library code that calls ``sys.stderr.write()`` or
    ``.flush()`` would raise ``AttributeError``. When the output is redirected
    (``SoTheoDoiKeHoach.exe plans > list.txt``) the streams exist and are left alone.
    ``--smoke`` also writes its result to ``smoke.log`` in the data folder.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _log_smoke_crash() -> None:
    """Report an exception that escaped ``--smoke`` before its own reporting could run."""
    _log_smoke_failure(f"smoke: FAIL (did not start)\n{traceback.format_exc().rstrip()}")


def _log_smoke_failure(text: str) -> None:
    """A failed self-test on stderr and in ``smoke.log``, without loading Qt."""
    from desktop_app.paths import data_dir  # noqa: PLC0415  # no Qt: works when Qt is broken

    print(text, file=sys.stderr)  # noqa: T201
    with contextlib.suppress(OSError):
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        # Same file as desktop_app.ui.app.SMOKE_LOG_NAME, which may be what failed to import.
        (folder / "smoke.log").write_text(f"{sys.executable}\n{text}\n", encoding="utf-8")


def _run() -> int:
    _give_missing_streams_a_sink()
    if "--smoke" not in sys.argv[1:]:
        return main()
    try:
        return main()
    except Exception:
        # A self-test must report, not die: in the windowed build an escaping exception opens
        # PyInstaller's "Unhandled exception" dialog, which nobody may be there to close.
        # smoke_test() logs its own failures; this catches the rest, such as a Qt library or a
        # module missing from the bundle.
        _log_smoke_crash()
        return 1


if __name__ == "__main__":
    sys.exit(_run())
