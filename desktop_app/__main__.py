"""Entry point for ``python -m desktop_app`` and for the frozen program (``build.spec``)."""

import contextlib
import os
import sys
import traceback

from desktop_app.cli import main


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
    from desktop_app.paths import data_dir  # noqa: PLC0415  # no Qt: works when Qt is broken

    text = f"smoke: FAIL (did not start)\n{traceback.format_exc().rstrip()}"
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
