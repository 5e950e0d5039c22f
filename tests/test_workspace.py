import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import HamletId, new_id
from desktop_app.domain.units import Hamlet
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def test_loading_the_samples_twice_changes_nothing(samples: Workspace) -> None:
    before = [samples.get_plan(p.id) for p in samples.list_plans()]
    samples.load_samples()
    assert [samples.get_plan(p.id) for p in samples.list_plans()] == before
    conn = sqlite3.connect(samples.path)
    assert conn.execute("SELECT count(*) FROM history").fetchone()[0] == 0
    conn.close()


def test_find_plan_by_reference_id_and_prefix(samples: Workspace) -> None:
    kon_tum = sample_plan_id(samples, "kon_tum")
    assert samples.find_plan("95-KH/TU").id == kon_tum
    assert samples.find_plan(" 95-kh/tu ").id == kon_tum
    assert samples.find_plan(kon_tum).id == kon_tum
    assert samples.find_plan(kon_tum[:8]).id == kon_tum


@pytest.mark.parametrize(
    ("ref", "message"),
    [("", "Hãy cho biết"), ("99-KH/TU", "Không tìm thấy"), ("/KH-UBND", "Có 2 kế hoạch")],
)
def test_find_plan_explains_what_went_wrong(samples: Workspace, ref: str, message: str) -> None:
    with pytest.raises(NotFoundError, match=message):
        samples.find_plan(ref)


def test_phu_lac_covers_every_hamlet_once(samples: Workspace) -> None:
    coverage = samples.coverage(samples.get_plan(sample_plan_id(samples, "phu_lac")))
    assert coverage.uncovered == []
    assert coverage.doubly_covered == []


def test_coverage_shows_gaps_and_overlaps(samples: Workspace) -> None:
    plan = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    with samples.store.transaction():
        samples.store.hamlets.save(Hamlet(HamletId(new_id()), "Xóm Mới"))
    first, second, *rest = plan.assignments
    overlapping = dataclasses.replace(second, hamlets=second.hamlets + first.hamlets[:1])
    coverage = samples.coverage(dataclasses.replace(plan, assignments=(first, overlapping, *rest)))
    assert [h.name for h in coverage.uncovered] == ["Xóm Mới"]
    assert [h.name for h, _ in coverage.doubly_covered] == ["Xóm Quang Minh"]


def test_agenda_on_a_day_of_the_campaign(samples: Workspace) -> None:
    agenda = samples.agenda(today=dt.date(2026, 11, 30))
    assert any(i.label == "Đợt 13" for i in agenda.this_week + agenda.next_30_days)
    assert any(i.day == dt.date(2026, 11, 10) for i in agenda.overdue)
    assert all(i.day < dt.date(2026, 11, 30) for i in agenda.overdue)


def test_a_broken_sample_file_loads_nothing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "zz-broken.json"
    broken.write_text('{"format": "so-ke-hoach/sample-1", "plan": {"system": "state"}}')
    good = Workspace.sample_files()
    monkeypatch.setattr(Workspace, "sample_files", staticmethod(lambda: [*good, broken]))
    with pytest.raises(UserError, match="trích yếu"):
        workspace.load_samples()
    assert workspace.plan_count() == 0
    assert workspace.units() == []
