"""The five sample plans hold what their seeds hold (issue acceptance counts)."""

import datetime as dt
import json
import re

import pytest

from desktop_app.domain.plans import place_date_line, walk_sections
from desktop_app.domain.text import fold
from desktop_app.workspace import Workspace
from tests.conftest import SEEDS, needs_seeds, sample_plan_id


def _json(ws: Workspace, key: str) -> dict[str, object]:
    data = ws.plans.to_json(ws.plans.get(sample_plan_id(ws, key)))
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


def test_five_plans(samples: Workspace) -> None:
    assert samples.plans.count() == 5


def test_phu_lac(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    assert plan.system.value == "state"
    assert (plan.number, plan.symbol, plan.date) == (None, "KH-UBND", dt.date(2025, 12, 2))
    days = [e.date for e in plan.events]
    assert len(days) == 13
    assert days[0] == dt.date(2025, 12, 6)
    assert days[-1] == dt.date(2026, 12, 5)
    for day in days:  # the first Saturday of each month
        assert day.weekday() == 5
        assert day.day <= 7
    assert len({(d.year, d.month) for d in days}) == 13
    assert len(plan.assignments) == 23
    named = {h.name for a in plan.assignments for h in a.hamlets}
    assert len(named) == 48
    assert named == {h.name for h in samples.directory.hamlets()}
    recurring = [t.deadline for t in plan.tasks if t.deadline.is_recurring]
    assert len(recurring) == 3
    assert all(d.rrule and d.rrule.startswith("FREQ=MONTHLY") for d in recurring)
    assert len(plan.recipients) == 7
    assert plan.signature.signer == "Nguyễn Văn Thắng"
    assert plan.signature.authority == "TM. ỦY BAN NHÂN DÂN"


def test_kon_tum(samples: Workspace) -> None:
    data = _json(samples, "kon_tum")
    assert (data["number"], data["symbol"], data["date"], data["system"]) == (
        95,
        "KH/TU",
        "2023-05-22",
        "party",
    )
    assert data["reference"] == "95-KH/TU"


@pytest.mark.parametrize(
    ("key", "signer", "system"),
    [
        ("nhu_khe", "Nguyễn Hữu Phương", "party"),
        ("tan_ky", "Nguyễn Xuân Cương", "state"),
        ("huyen_uy", "Nguyễn Tấn Phước", "party"),
        ("kon_tum", "A Pớt", "party"),
    ],
)
def test_signatures_and_systems(samples: Workspace, key: str, signer: str, system: str) -> None:
    plan = samples.plans.get(sample_plan_id(samples, key))
    assert plan.signature.signer == signer
    assert plan.system.value == system
    assert plan.tasks
    assert all(u.id for t in plan.tasks for u in (*t.lead, *t.support))


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", fold(text))


def _body_lines(seed: str) -> list[str]:
    text = (SEEDS / seed).read_text(encoding="utf-8").replace("**", "").replace("*", "")
    return [line.strip() for line in text.splitlines() if len(line.strip()) > 25]


@needs_seeds
@pytest.mark.parametrize(
    ("key", "seed"),
    [
        ("nhu_khe", "000_39bd67904559043a.txt"),
        ("phu_lac", "001_5e32054a1d37738b.txt"),
        ("kon_tum", "002_cce30597f5e13edf.txt"),
        ("tan_ky", "003_3606d0f2ab83f33b.txt"),
        ("huyen_uy", "004_44347e61f19fdfda.txt"),
    ],
)
def test_every_line_of_the_seed_body_is_in_the_plan(
    samples: Workspace, key: str, seed: str
) -> None:
    plan = samples.plans.get(sample_plan_id(samples, key))
    parts = [plan.title, plan.type_line, *plan.bases, *plan.preamble, *plan.closing]
    for _, s in walk_sections(plan.sections):
        parts += [s.label, s.title, *s.paragraphs]
    parts += [f"{r.text} {r.note}" for r in plan.recipients]
    parts += [place_date_line(plan.place, plan.date)]
    parts += [f"{a.title} {a.attached_line}" for a in plan.appendices]
    parts += [p for a in plan.appendices for p in a.paragraphs]
    squashed = _letters(" ".join(parts))
    missing = [
        line for line in _body_lines(seed) if _letters(line) not in squashed and "\t" not in line
    ]
    assert missing == []
