"""The workspace stays a small facade over services a newcomer can read one at a time."""

from pathlib import Path

import desktop_app.workspace
from desktop_app.workspace import Workspace

PACKAGE = Path(desktop_app.workspace.__file__).parent
SERVICES = (
    "plans",
    "directory",
    "calendar",
    "progress",
    "documents",
    "exchange",
    "plan_import",
    "numbering",
)


def test_the_facade_has_few_names_of_its_own(workspace: Workspace) -> None:
    own = {n for n in vars(Workspace) if not n.startswith("_")}
    services = {n for n in vars(workspace) if not n.startswith("_")}
    assert services == set(SERVICES)
    assert len(own | services) <= 15


def test_every_service_module_stays_short() -> None:
    lengths = {
        p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")
    }
    assert {name for name, count in lengths.items() if count >= 600} == set()
    assert {f"{s}.py" for s in SERVICES} <= set(lengths)
