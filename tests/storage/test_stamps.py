import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.storage.rows import STAMP_FORMAT, parse_stamp


def _by_strptime(stamp: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _parsed(stamp: str) -> dt.datetime | None:
    try:
        return parse_stamp(stamp)
    except ValueError:
        return None


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=7)
_NEAR_STAMPS = st.builds(
    "{}-{}-{}T{}:{}:{}.{}{}".format,
    _DIGITS, _DIGITS, _DIGITS, _DIGITS, _DIGITS, _DIGITS, _DIGITS,
    st.sampled_from(["Z", "", "z", "Z\n"]),
)  # fmt: skip


@given(st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_a_stamp_reads_back_as_written(moment: dt.datetime) -> None:
    assert parse_stamp(moment.strftime(STAMP_FORMAT)) == moment.replace(tzinfo=dt.UTC)


@given(st.one_of(_NEAR_STAMPS, st.text()))
def test_parse_stamp_takes_and_refuses_what_strptime_does(stamp: str) -> None:
    assert _parsed(stamp) == _by_strptime(stamp)
