"""The baseline a sheet's row carries: one report's JSON made once serves every day."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import Report
from desktop_app.domain.sheet_changes import baseline_text, dated_baselines

# Texts that JSON must escape, that look like the day's field, or hold the stand-in's marks.
_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ['"date":"2026-01-05"', ',"date":"x"}', "\\", '"', "\ufdd0day\ufdd0", "Đã xong", ""]
    ),
)
_reports = st.builds(
    Report,
    status=st.one_of(st.none(), st.sampled_from(TaskStatus)),
    percent=st.one_of(st.none(), st.integers(0, 100)),
    text=_texts,
    document=_texts,
    note=_texts,
    participants=st.one_of(st.none(), st.integers(0, 500)),
    figures=st.dictionaries(_texts, st.floats(0, 1e6), max_size=3),
)


@given(report=_reports, days=st.lists(st.one_of(st.none(), st.dates()), max_size=4))
def test_a_reports_baseline_on_any_day_is_the_one_made_for_that_day(
    report: Report, days: list[dt.date | None]
) -> None:
    baseline = dated_baselines(report)
    for day in days:
        assert baseline(day) == baseline_text(report, day)


def test_the_day_takes_its_place_among_the_fields() -> None:
    report = Report(TaskStatus.DONE, 100, "Đã xong", note="Xem báo cáo")
    baseline = dated_baselines(report)
    assert baseline(dt.date(2026, 1, 5)) == (
        '{"date":"2026-01-05","note":"Xem báo cáo","percent":100,"status":"done","text":"Đã xong"}'
    )
    assert baseline(None) == '{"note":"Xem báo cáo","percent":100,"status":"done","text":"Đã xong"}'
