"""``import-plan F.json``: a plan from the JSON ``show --json`` prints, round-tripped."""

import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.workspace import Workspace

IGNORED = {"id", "findings"}  # ids differ; the findings are recomputed, not data


def _show(db: Path, ref: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["--db", str(db), "show", ref, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def _without_ids(data: Any) -> Any:
    """The data with every id left out, at any depth."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k not in IGNORED}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def test_show_json_import_plan_show_json_gives_the_same_plan(
    samples_path: Path, workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace.close()
    target = tmp_path / "other.sqlite"
    assert main(["--db", str(samples_path), "plans", "--json"]) == 0
    plans = json.loads(capsys.readouterr().out)
    assert len(plans) == 5
    for listed in plans:
        shown = _show(samples_path, listed["id"], capsys)
        source = tmp_path / f"{listed['id']}.json"
        source.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
        assert main(["--db", str(target), "import-plan", str(source), "--json"]) == 0
        created = json.loads(capsys.readouterr().out)
        again = _show(target, created["plan"], capsys)
        assert again["id"] != shown["id"]
        assert _without_ids(again) == _without_ids(shown), listed["title"]


def test_a_malformed_json_names_the_first_bad_field_and_saves_nothing(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = workspace.path
    workspace.close()
    good: dict[str, Any] = {
        "system": "state",
        "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A"},
        "title": "Kế hoạch thử",
        "symbol": "KH-UBND",
        "tasks": [
            {"text": "Việc 1", "lead": ["Công an xã"]},
            {"text": "Việc 2", "deadline": {"kind": "date", "date": "2026-02-30"}},
        ],
    }
    clean = {**good, "tasks": good["tasks"][:1]}
    cases = [
        (good, r"tasks[1].deadline.date"),
        ({**clean, "tasks": [{"text": "x", "lead": "Công an xã"}]}, "tasks[0].lead"),
        (
            {**clean, "sections": [{"label": "I.", "children": [{"title": 5}]}]},
            "sections[0].children[0].title",
        ),
        ({**clean, "recipients": [{"text": "a", "role": "boss"}]}, "recipients[0].role"),
        ({**clean, "number": "12"}, "number"),
    ]
    for data, path in cases:
        source = tmp_path / "bad.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert main(["--db", str(db), "import-plan", str(source)]) == 2
        err = capsys.readouterr().err
        assert path in err, err
        assert "Traceback" not in err
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert main(["--db", str(db), "import-plan", str(tmp_path / "broken.json")]) == 2
    assert "không phải JSON hợp lệ" in capsys.readouterr().err
    assert main(["--db", str(db), "plans", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was saved
