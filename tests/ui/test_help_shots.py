"""The guide's screenshots are made from the program: every picture the guide names is made."""

import re
from pathlib import Path

import pytest

from desktop_app.paths import resource_path
from desktop_app.ui.help.help_shots import render_help_screenshots

pytestmark = pytest.mark.gui


def test_the_guide_script_makes_every_picture_the_guide_shows(tmp_path: Path) -> None:
    guide = resource_path("help", "huong-dan.html").read_text(encoding="utf-8")
    named = set(re.findall(r'<img src="([^"]+)"', guide))
    assert len(named) >= 8
    written = render_help_screenshots(tmp_path / "help")
    assert {p.name for p in written} == named
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size > 10_000
    # The program's own data folder was left alone (tests/conftest.py's private one).
    assert not (tmp_path / "data" / "so-ke-hoach.sqlite").exists()
