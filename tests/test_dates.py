"""Dates: metadata parsing never raises; query bounds raise only QueryError; periods cover their span."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssearch import QueryError
from newssearch.dates import parse_bound, parse_date

DATEISH = st.text(
    alphabet=st.sampled_from(list("0123456789-/:.,TZ+ NovJanSept")) | st.characters(), max_size=40
)


@given(DATEISH)
def test_parse_date_never_raises(text):
    value = parse_date(text)
    assert value is None or value.tzinfo == timezone.utc


@given(DATEISH)
def test_parse_bound_raises_only_query_error(text):
    try:
        value = parse_bound(text, end=True)
    except QueryError as err:
        assert repr(text.strip())[1:-1][:5] in str(err) or str(err)
    else:
        assert value.tzinfo is not None


@given(st.datetimes(min_value=datetime(1700, 1, 1), max_value=datetime(2199, 12, 31)))
def test_iso_dates_round_trip(value):
    assert parse_date(value.isoformat()) == value.replace(tzinfo=timezone.utc)


def test_known_forms():
    assert parse_date("November 2, 2021") == datetime(2021, 11, 2, tzinfo=timezone.utc)
    assert parse_date("Sept. 9, 2019") == datetime(2019, 9, 9, tzinfo=timezone.utc)
    assert parse_date("2021-11-02T10:00:00+02:00") == datetime(2021, 11, 2, 8, tzinfo=timezone.utc)
    assert parse_date("2 Nov 2021 10:00 EST") == datetime(2021, 11, 2, 15, tzinfo=timezone.utc)
    assert parse_date("Monday") is None and parse_date("5") is None and parse_date("") is None


def test_bounds_cover_periods():
    assert parse_bound("2021") == datetime(2021, 1, 1, tzinfo=timezone.utc)
    assert parse_bound("2021", end=True).date().isoformat() == "2021-12-31"
    assert parse_bound("2024-02", end=True).day == 29
    assert parse_bound("2021-05-03", end=True).hour == 23
    with pytest.raises(QueryError, match="cannot read 'soon' as a date"):
        parse_bound("soon")
