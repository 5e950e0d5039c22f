import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.workspace import Workspace


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_demo_then_plans_and_show_through_the_real_entry_point(db_path: Path) -> None:
    done = run("--db", str(db_path), "demo")
    assert done.returncode == 0, done.stderr
    assert "Đã nạp 5 kế hoạch mẫu" in done.stdout
    plans = json.loads(run("--db", str(db_path), "plans", "--json").stdout)
    assert len(plans) == 5
    for plan in plans:
        shown = run("--db", str(db_path), "show", plan["id"], "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["title"] == plan["title"]
    kon_tum = json.loads(run("--db", str(db_path), "show", "95-KH/TU", "--json").stdout)
    assert (kon_tum["number"], kon_tum["symbol"], kon_tum["date"]) == (95, "KH/TU", "2023-05-22")


def test_plans_lists_and_searches(samples_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(samples_path), "plans", "--search", "dong vong", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [p["reference"] for p in found] == [""]  # no number yet
    assert found[0]["name"].startswith("\u201cTổ chức thực hiện ra quân")
    assert found[0]["name"].endswith("\u201d ngày 02/12/2025")
    assert main(["--db", str(samples_path), "plans"]) == 0
    listed = capsys.readouterr().out
    assert "95-KH/TU" in listed
    assert "/KH-UBND" not in listed  # a plan without a number: "(chưa số)" and its title


def test_show_prints_a_readable_summary(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "show", "95-KH/TU"]) == 0
    out = capsys.readouterr().out
    assert "TỈNH ỦY KON TUM" in out
    assert "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / A Pớt" in out


def test_check_prints_findings_and_fails_on_errors(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "check", "95-KH/TU"]) == 0
    out = capsys.readouterr().out
    assert "không có ngày kết thúc" in out
    assert "Tổng: 0 lỗi, 0 cảnh báo, 1 lưu ý." in out


def test_check_json_names_the_place_to_fix(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    ws = Workspace.open(samples_path)
    phu_lac = next(
        p.id for p in ws.plans.summaries() if p.title.startswith("Tổ chức thực hiện ra quân")
    )
    ws.close()
    assert main(["--db", str(samples_path), "check", phu_lac, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    places = {(f["severity"], f["place"]) for f in data["findings"]}
    assert ("error", "appendices") in places
    assert ("error", "header") in places
