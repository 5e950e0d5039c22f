"""Shared fixtures: a fresh workspace file, one holding the five sample plans, open files."""

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before anything can load Qt: no screen on test machines, and no writes to the real
# user's data folder. The offscreen screen is a 1366×768 laptop's (Qt's own is 800×800,
# smaller than any the program is made for), so windows open and are placed as on one.
# Qt splits the option at every ":", so on Windows the file is named from the current folder
# ("C:/..." would break it); tests/ui/test_screens.py skips what needs it when it is not read.
os.environ["QT_QPA_PLATFORM"] = (
    "offscreen:configfile="
    + Path(
        os.path.relpath(Path(__file__).parent / "fixtures" / "screen-1366x768.json")
        if os.name == "nt"
        else Path(__file__).resolve().parent / "fixtures" / "screen-1366x768.json"
    ).as_posix()
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen"
    else os.environ["QT_QPA_PLATFORM"]
)

from desktop_app.domain.ids import PlanId
from desktop_app.workspace import Workspace

DEVICE = "test-device"
# The five real plans the program was built from, copied from the team's shared folder
# (tests/fixtures/seeds/README.md) so their tests run on a fresh clone too.
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="tests/fixtures/seeds is missing from this checkout"
)
# The shared folder itself, beside the checkout; only the check of the copies needs it.
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SO_KE_HOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SO_KE_HOACH_DOCUMENTS_DIR", str(tmp_path / "documents"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.sqlite"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_path, device=DEVICE)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def samples_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace file with the five sample plans, shared by the session: copy, never open."""
    path = tmp_path_factory.mktemp("samples") / "samples.sqlite"
    ws = Workspace.open(path, device=DEVICE)
    ws.plan_import.load_samples()
    ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    return path


@pytest.fixture
def samples_path(samples_file: Path, tmp_path: Path) -> Path:
    """A private copy of a workspace with the five sample plans loaded."""
    path = tmp_path / "samples.sqlite"
    shutil.copy2(samples_file, path)
    return path


@pytest.fixture
def samples(samples_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(samples_path, device=DEVICE)
    yield ws
    ws.close()


SAMPLE_TITLES = {
    "phu_lac": "Tổ chức thực hiện ra quân",
    "kon_tum": "triển khai thực hiện Kết luận số 48-KL/TW",
    "nhu_khe": "thực hiện Nghị quyết số 96-NQ/TU",
    "tan_ky": "Thực hiện Nghị quyết số 268/NQ-CP",
    "huyen_uy": "tổ chức quán triệt, triển khai thực hiện Nghị quyết số 14-NQ/TU",
}


def sample_plan_id(ws: Workspace, key: str) -> PlanId:
    matches = [p.id for p in ws.plans.summaries() if p.title.startswith(SAMPLE_TITLES[key])]
    assert len(matches) == 1, key
    return matches[0]


@pytest.fixture
def opened_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every file opened while the test runs (zipfile and pathlib open through io.open)."""
    opened: list[Any] = []
    real_open = io.open

    def watched(*args: Any, **kwargs: Any) -> Any:
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(io, "open", watched)
    yield opened
    monkeypatch.undo()
    for handle in opened:  # nothing left for the garbage collector, even when a test fails
        handle.close()
