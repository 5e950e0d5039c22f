"""The benchmark runs to its end on a small office and writes its figures for tools."""

import json
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.generate_office import generate, scaled
from desktop_app.workspace import Workspace


@pytest.fixture(scope="module")
def small_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office-20y-x0.005.sqlite"
    ws = Workspace.open(path, device="benchmark")
    generate(ws, scaled(0.005))
    ws.close()
    return path


def test_the_window_step_then_the_bulk_steps_run_to_the_end(
    small_office: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Closing the window closed the workspace the later steps used: they never printed.
    for name, value in [
        ("KEY_INTERVAL_MS", 0),
        ("CLICK_INTERVAL_MS", 0),
        ("MONTHS_SWITCHED", 2),
        ("QUERIES", ("ra",)),
    ]:
        monkeypatch.setattr(run, name, value)
    figures = tmp_path / "figures.json"
    args = [str(small_office), "--only", "window", "sheet", "exchange", "--json", str(figures)]
    assert run.main(args) == 0
    printed = capsys.readouterr().out
    assert "switching calendar months" in printed
    assert "progress sheet of the whole office" in printed
    assert "merge the same package again" in printed
    written = json.loads(figures.read_text(encoding="utf-8"))["figures"]
    for name, budget in [
        ("sheet_s", run.SHEET_BUDGET_S),
        ("sheet_peak_mb", run.SHEET_MEMORY_BUDGET_MB),
        ("pack_s", run.PACK_BUDGET_S),
        ("merge_new_s", run.MERGE_NEW_BUDGET_S),
        ("merge_again_s", run.MERGE_AGAIN_BUDGET_S),
    ]:
        assert written[name]["budget"] == budget
        assert written[name]["value"] > 0
        assert written[name]["ok"] == (written[name]["value"] <= budget)
    assert written["month_worst_ms"]["unit"] == "ms"


def test_the_scaled_office_is_scaled() -> None:
    half = scaled(0.5)
    assert (half.plans, half.tasks, half.progress) == (1_000, 50_000, 100_000)
    assert (half.hamlets, half.units) == (150, 100)
    # The growth table's offices are one commune's, kept twice as long: the same directory.
    double = scaled(2, directory=False)
    assert (double.plans, double.tasks, double.hamlets, double.units) == (4_000, 200_000, 300, 200)
    with pytest.raises(ValueError, match="positive"):
        scaled(0)


def test_growth_measures_the_bulk_operations_of_the_steps_asked() -> None:
    # The office's sheet alone takes minutes on the four offices; pack and merge, far more.
    assert run.growth_steps(["sheet"]) == ("sheet",)
    assert run.growth_steps(["exchange"]) == ("pack", "merge-new", "merge-again")
    assert run.growth_steps(["open", "sheet", "exchange"]) == run.BULK
    assert run.growth_steps(["open", "window"]) == run.BULK  # no bulk step named: all of them


def test_the_growth_table_says_how_the_rows_grew() -> None:
    line = run._rows_line([193_302, 416_456, 937_249, 2_331_569])
    assert "2,331,569" in line
    assert line.endswith("2.15x, 2.25x, 2.49x per doubling")


def test_growth_keeps_the_median_run_and_merges_into_an_empty_workspace_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cpus = iter([3.0, 1.0, 2.0])
    seen: list[bool] = []

    def fake_run(step: str, db: Path, folder: Path) -> dict[str, float]:
        target = folder / "empty.sqlite"
        seen.append(target.exists())
        target.write_bytes(b"filled by the merge")
        (folder / "sao-luu").mkdir(exist_ok=True)
        return {"cpu": next(cpus), "seconds": 1.0}

    monkeypatch.setattr(run, "run_bulk", fake_run)
    kept = run.median_run("merge-new", tmp_path / "office.sqlite", tmp_path, 3)
    assert kept["cpu"] == 2.0
    assert seen == [False, False, False]  # each merge met an empty place
