"""The layers of DESIGN.md section 2 hold: Qt only in ui/, SQL only in storage/."""

import ast
import subprocess
import sys
from pathlib import Path

import desktop_app

PACKAGE = Path(desktop_app.__file__).parent


def test_core_layers_never_load_qt() -> None:
    code = (
        "import sys\n"
        "import desktop_app.domain.text, desktop_app.domain.plans, desktop_app.domain.calendar\n"
        "import desktop_app.domain.holidays, desktop_app.storage.store\n"
        "import desktop_app.imports.plan_json, desktop_app.exports.plan_json\n"
        "import desktop_app.workspace, desktop_app.cli, desktop_app.paths\n"
        "from desktop_app.workspace import Workspace\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_qt_is_imported_only_under_ui() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and {"PySide6", "shiboken6"} & _imports(p)
    ]
    assert offenders == []


def test_sqlite_is_used_only_in_storage() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "storage" and "sqlite3" in _imports(p)
    ]
    assert offenders == []


def test_domain_imports_nothing_above_it() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("desktop_app.")
            ):
                assert node.module.startswith("desktop_app.domain"), (path, node.module)
