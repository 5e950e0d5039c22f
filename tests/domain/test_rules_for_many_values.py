"""The rules' tests of many values at once say what the rule of each value says.

The package reader asks them of each batch of a package's rows: ``all_stamps`` for the
stamps, ``all_pass(check)`` for the texts and links. True must mean that every value
passes; the reader then takes the batch without asking value by value.
"""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.record_rules import RULES, all_pass, all_stamps, stamp_problem
from tests.domain.test_clean_rows import VALUES

STAMPS = [
    "2026-11-15T08:00:00.000000Z",
    "2026-02-29T08:00:00.000000Z",  # no such day
    "2026-11-15T24:00:00.000000Z",
    "2026-11-15T08:00:00.000000Z\n",
    "2026-11-15T08:00:00.00000Z",
    "2026-11-15 08:00:00.000000Z",
    "2026-11-15T08:00:00.000000",
    "０２026-11-15T08:00:00.000000Z",
]
ALPHABET = st.characters(codec="utf-8") | st.sampled_from(["\x00", "\x0b", "\x7f", "\t", "\n"])
ANY_VALUE = st.sampled_from([*VALUES, *STAMPS]) | st.text(ALPHABET, max_size=90)
CHECKS = sorted(
    {check for rules in RULES.values() for check, _required in rules.values() if all_pass(check)},
    key=repr,
)


def test_a_stamp_with_a_line_feed_after_it_is_no_stamp() -> None:
    assert stamp_problem("2026-11-15T08:00:00.000000Z\n") is not None
    assert stamp_problem("2026-11-15T08:00:00.000000Z") is None


def test_texts_and_links_have_a_test_of_many_values() -> None:
    assert len(CHECKS) >= 3  # the links, the short and the long texts at least


@given(values=st.lists(ANY_VALUE, max_size=8))
def test_all_stamps_is_every_stamp_right(values: list[Any]) -> None:
    assert all_stamps(values) == all(stamp_problem(v) is None for v in values)


@given(values=st.lists(ANY_VALUE, max_size=8), which=st.integers(0, 1_000))
def test_all_pass_is_every_value_passing(values: list[Any], which: int) -> None:
    check = CHECKS[which % len(CHECKS)]
    every = all_pass(check)
    assert every is not None
    assert every(values) == all(check(v) is None for v in values)
