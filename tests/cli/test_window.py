"""The window's commands reach the cli from the entry point; the cli never imports the ui."""

import ast
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import desktop_app.cli
from desktop_app.cli import Screenshot, main

CLI_PACKAGE = Path(desktop_app.cli.__file__).parent


@dataclass
class RecordingWindow:
    """Stands in for the Qt window: records what the command line asked of it."""

    calls: list[tuple[str, object]] = field(default_factory=list)

    def run(self, db: Path | None) -> int:
        self.calls.append(("run", db))
        return 0

    def open_package(self, db: Path | None, package: Path) -> int:
        self.calls.append(("open_package", (db, package)))
        return 0

    def screenshot(self, shot: Screenshot) -> None:
        self.calls.append(("screenshot", shot))

    def smoke_test(self) -> int:
        self.calls.append(("smoke_test", None))
        return 0


def test_no_command_opens_the_window_on_the_chosen_file(tmp_path: Path) -> None:
    window = RecordingWindow()
    assert main(["--db", str(tmp_path / "a.sqlite")], window) == 0
    assert window.calls == [("run", tmp_path / "a.sqlite")]


def test_open_package_opens_the_window_with_the_package_as_windows_file_types_ask(
    tmp_path: Path,
) -> None:
    # scripts/installer.nsi: "SoTheoDoiKeHoach.exe" open-package "%1"
    window = RecordingWindow()
    package = tmp_path / "gói dữ liệu.skh"
    assert main(["open-package", str(package)], window) == 0
    assert main(["--db", str(tmp_path / "a.sqlite"), "open-package", str(package)], window) == 0
    assert window.calls == [
        ("open_package", (None, package)),
        ("open_package", (tmp_path / "a.sqlite", package)),
    ]


def test_smoke_runs_the_window_self_test_first() -> None:
    window = RecordingWindow()
    assert main(["--smoke", "plans"], window) == 0
    assert window.calls == [("smoke_test", None)]


def test_screenshot_passes_the_parsed_options_to_the_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = RecordingWindow()
    args = ["screenshot", "--tab", "calendar", "--out", str(tmp_path / "s.png")]
    assert (
        main([*args, "--size", "800X600", "--plan", "95-KH/TU", "--month", "12/2026"], window) == 0
    )
    assert window.calls == [
        (
            "screenshot",
            Screenshot(None, "calendar", tmp_path / "s.png", (800, 600), "95-KH/TU", "12/2026"),
        )
    ]
    assert f"Đã lưu ảnh {tmp_path / 's.png'}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--smoke"],
        ["open-package", "x.skh"],
        ["screenshot", "--tab", "plans", "--out", "x.png"],
    ],
)
def test_without_the_window_its_commands_say_so_in_vietnamese(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert "cần cửa sổ của chương trình" in capsys.readouterr().err


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # function bodies too
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def test_the_cli_never_imports_the_ui() -> None:
    offenders = {
        path.name: sorted(n for n in _imported_modules(path) if n.startswith("desktop_app.ui"))
        for path in CLI_PACKAGE.rglob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    assert any(_imported_modules(path) for path in CLI_PACKAGE.rglob("*.py"))


def test_importing_and_parsing_loads_neither_ui_nor_qt() -> None:
    code = (
        "import sys\n"
        "import desktop_app.cli\n"
        "desktop_app.cli.build_parser().parse_args(['plans'])\n"
        "print(','.join(m for m in sys.modules if m.startswith(('desktop_app.ui', 'PySide6'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
