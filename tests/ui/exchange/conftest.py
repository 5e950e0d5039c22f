"""Two PCs that share data through a USB stick."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace


@pytest.fixture
def pcs(samples_path: Path, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Two PCs that started from the same data: A (the sample file) and B (a copy of it)."""
    b_path = tmp_path / "may-b" / "so-ke-hoach.sqlite"
    b_path.parent.mkdir()
    shutil.copy2(samples_path, b_path)
    a = Workspace.open(samples_path, device="pc-a")
    b = Workspace.open(b_path, device="pc-b")
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder
