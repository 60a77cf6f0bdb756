"""Dates: metadata parsing never raises; query bounds raise only QueryError; periods cover their span."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssearch import QueryError
from newssearch.dates import find_date, parse_bound, parse_date

DATEISH = st.text(
    alphabet=st.sampled_from(list("0123456789-/:.,TZ+ NovJanSept")) | st.characters(), max_size=40
)


@given(DATEISH)
def test_parse_date_never_raises(text):
    value = parse_date(text)
    assert value is None or value.utcoffset() is not None
    found = find_date(text)
    assert found is None or found.utcoffset() is not None


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


@pytest.mark.parametrize(
    "text",
    [
        "19 de noviembre de 2019",
        "19 novembre 2019",
        "19. November 2019",
        "19 ноября 2019",
        "19 ноември 2019",  # Bulgarian
        "19 листопада 2019",  # Ukrainian
        "19 listopada 2019",  # Polish
        "19. listopadu 2019",  # Czech
        "2019. november 19.",  # Hungarian: year first
        "19 noiembrie 2019",  # Romanian
        "19 Kasım 2019",  # Turkish
        "19 Νοεμβρίου 2019",  # Greek
        "19. marraskuuta 2019",  # Finnish
        "2019年11月19日",
        "2019년 11월 19일",
        "Tuesday 19 November 2019 10.02 GMT",
        "19 Nov. 2019",
        # abbreviated month names of other languages, between a day and a year
        "19 nov 2019",
    ],
)
def test_dates_in_other_languages_and_house_styles(text):
    assert parse_date(text).date().isoformat() == "2019-11-19"


@pytest.mark.parametrize(
    "text",
    [
        "Published 12:05 PM ET Tue, 19 Nov 2019",
        "Posted on 19/11/2019 at 10:02",
        "martes, 19 de noviembre de 2019, 10:02",
        "Updated: Nov 19th, 2019 at 5:53 PM EST",
        "Zuletzt aktualisiert 2019-11-19T10:02:00Z",
        "by Lighthouse Patent Office / 2019.11.19",  # year first, with dots or slashes (East Asia)
        "2019/11/19 10:02",
        "Posted 19-11-2019 17:01",  # dashes, day first (or month first: 11-19-2019)
        "Updated 11-19-2019",
        "2019. 11. 19. 오후 5:01",  # Korean: year, month and day, each followed by a dot
    ],
)
def test_find_date_reads_a_date_inside_a_line(text):
    assert find_date(text).date().isoformat() == "2019-11-19"


@pytest.mark.parametrize(
    ("text", "day"),
    [("02 Ago 2017", "2017-08-02"), ("3 Okt. 2018", "2018-10-03"), ("5 déc. 2019", "2019-12-05"),
     ("12 Dez. 2019", "2019-12-12"), ("10 out 2020", "2020-10-10"), ("4. Mär 2019", "2019-03-04"),
     ("segunda-feira, 22 de janeiro de 2018 às 0:13", "2018-01-22")],
)
def test_abbreviated_months_of_other_languages(text, day):
    assert find_date(text).date().isoformat() == day


def test_a_phone_number_is_no_date():
    assert find_date("Call 555-12-2019 to book a seat") is None


def test_words_that_look_like_months_are_not_dates():
    assert find_date("posted 2 hours ago") is None and find_date("sold out 2019") is None
    assert parse_date("Mars 2020 rover") is None and find_date("Mars 2020 rover landed") is None
    assert find_date("In 2019, 12 people died.") is None
    assert find_date("since 2019 may 12 teams have left") is None  # (year-first needs the dot: "2019. május 12.")


def test_bounds_cover_periods():
    assert parse_bound("2021") == datetime(2021, 1, 1, tzinfo=timezone.utc)
    assert parse_bound("2021", end=True).date().isoformat() == "2021-12-31"
    assert parse_bound("2024-02", end=True).day == 29
    assert parse_bound("2021-05-03", end=True).hour == 23
    with pytest.raises(QueryError, match="cannot read 'soon' as a date"):
        parse_bound("soon")


def test_day_first_pages_read_numeric_dates_their_way():
    assert parse_date("05/06/2019", dayfirst=True).date().isoformat() == "2019-06-05"
    assert parse_date("05/06/2019").date().isoformat() == "2019-05-06"
    assert parse_date("2019/05/06", dayfirst=True).date().isoformat() == "2019-05-06"  # year first stays y/m/d
    assert find_date("Publié le 05/06/2019 à 10h02", dayfirst=True).date().isoformat() == "2019-06-05"
