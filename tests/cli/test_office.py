"""``office show`` and ``office set``: the office set up from the command line."""

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.office import UnitKind
from desktop_app.domain.plans import Signature, System
from desktop_app.workspace import Workspace


def _run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "office", *args])


def test_show_says_when_the_office_is_not_set_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.sqlite"
    assert _run(db) == 0
    assert "Chưa khai báo cơ quan" in capsys.readouterr().out
    assert _run(db, "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["set_up"] is False
    assert shown["bodies"] == []


def test_set_fills_the_bodies_and_the_term_through_the_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.sqlite"
    args = ("set", "--province", "thai nguyen", "--commune", "xã Phú Lạc")
    assert _run(db, *args, "--term-start", "15/10/2025", "--two-sided", "co") == 0
    assert "ĐẢNG BỘ TỈNH THÁI NGUYÊN / ĐẢNG ỦY XÃ PHÚ LẠC" in capsys.readouterr().out
    ws = Workspace.open(db)
    try:
        office = ws.plans.office()
        assert office is not None
        assert (office.province, office.unit_kind, office.unit_name) == (
            "Thái Nguyên",
            UnitKind.COMMUNE,
            "Phú Lạc",
        )
        assert ws.plans.office_set_up()
        assert ws.numbering.party_term_start() == dt.date(2025, 10, 15)
        assert ws.documents.two_sided()
        # New plans take the office's post-reform header.
        assert ws.plans.new(System.PARTY).issuer.name == "ĐẢNG ỦY XÃ PHÚ LẠC"
        # The clerk names the chairman in the window; a renamed ward keeps him.
        state = office.bodies[0]
        signed = Signature(state.signature.authority, state.signature.position, "Nguyễn Văn A")
        bodies = (dataclasses.replace(state, signature=signed), *office.bodies[1:])
        ws.plans.set_office(dataclasses.replace(office, bodies=bodies))
    finally:
        ws.close()
    assert _run(db, "set", "--kind", "phuong", "--commune", "Ba Đình", "--province", "Hà Nội") == 0
    ws = Workspace.open(db)
    try:
        office = ws.plans.office()
        assert office is not None
        assert office.bodies[0].issuer.name == "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"
        assert office.bodies[0].signature.signer == "Nguyễn Văn A"
        assert office.bodies[1].issuer.parent == "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
        assert ws.numbering.party_term_start() == dt.date(2025, 10, 15)  # not given: kept
    finally:
        ws.close()
    assert _run(db, "set", "--term-start", "khong") == 0
    ws = Workspace.open(db)
    try:
        assert ws.numbering.party_term_start() is None
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "--province", "Hà Nam", "--commune", "X"), "không phải một trong 34"),
        (("set", "--commune", "Phú Lạc"), "cần cả --province và --commune"),
        (("set", "--province", "Huế", "--commune", "  "), "Hãy nhập tên xã"),
        (
            ("set", "--province", "Huế", "--commune", "A", "--term-start", "01/01/2999"),
            "năm 2999 nằm ngoài khoảng 1900–2100",
        ),
        (
            ("set", "--province", "Huế", "--commune", "A", "--term-start", "01/01/1950"),
            "nhiệm kỳ phải từ năm 2000",
        ),
        (("set", "--province", "Huế", "--commune", "A", "--term-start", "31/02/2026"), ""),
        (("set",), "cần ít nhất một"),
        (("show", "--commune", "A"), "office set"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "w.sqlite"
    assert _run(db, *args) == 2
    assert message in capsys.readouterr().err
    ws = Workspace.open(db)
    try:
        assert ws.plans.office() is None
        assert ws.numbering.party_term_start() is None
    finally:
        ws.close()


def test_the_samples_office_is_not_the_clerks(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(samples_path) == 0
    assert "dữ liệu mẫu" in capsys.readouterr().out
    assert _run(samples_path, "set", "--province", "Thái Nguyên", "--commune", "Phú Lạc") == 0
    assert "dữ liệu mẫu" not in capsys.readouterr().out
