"""The fuzz harness as a test (issue 22): a bounded, seeded run every time the suite runs.

``python -m tests.fuzz --cases 20000`` runs the same harness at length, on demand.
"""

from pathlib import Path

import pytest

from tests import fuzz

# Enough to meet each damage on each kind of file; the on-demand run goes further.
CASES = 80


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on a damaged stylesheet
def test_damaged_inputs_end_in_success_or_a_message_and_refusals_change_nothing(
    tmp_path: Path,
) -> None:
    report = fuzz.run(CASES, seed=22, folder=tmp_path)
    assert report.cases == CASES
    assert report.tracebacks == [], report.tracebacks[0]
    assert report.changed_on_refusal == []
    assert report.refused > 0  # the damage reached the doors
