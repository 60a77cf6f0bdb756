"""Dates as news uses them: metadata timestamps, bylines, and query bounds, all timezone-aware.

A date keeps the UTC offset its source gave (a page's "2019-11-18T23:03-08:00" stays on the
18th, the day its readers saw), and is UTC when the source gave none.
"""

from __future__ import annotations

import calendar
import re
import warnings
from datetime import datetime, timedelta, timezone

from .errors import QueryError

_MIN_YEAR, _MAX_YEAR = 1600, 2200
# Zone abbreviations news sites print; dateutil knows none of them by itself.
_TZINFOS = {
    name: offset * 3600
    for name, offset in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "IST": 5.5,
        "JST": 9,
        "AEST": 10,
        "AEDT": 11,
    }.items()
}
#: A month name as news prints it: "Nov", "Nov.", "November", "Sept." (a regex fragment).
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
_ISO = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,6})?)?)?(?:[Zz]|[+-]\d\d:?\d\d)?$")
_YEAR_FIRST = re.compile(r"\s*\d{4}\D")
_EPOCH = re.compile(r"^\s*\d{9,13}\s*$")
_HAS_YEAR = re.compile(r"(?<!\d)(1[6-9]|2[0-2])\d\d(?!\d)|(?<!\d)(1[6-9]|2[0-2])\d\d[01]\d[0-3]\d")
# "Nov. 2" and "Sept. 2": dateutil knows "Nov" and "Sep" but not the trailing dot or "Sept".
_ABBR_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.I)
# Month names in the other languages news is most often kept in (Spanish, French, German,
# Italian, Portuguese, Dutch, the Scandinavian languages, Russian, Bulgarian, Ukrainian, Polish,
# Czech, Hungarian, Romanian, Turkish, Greek, Finnish, Indonesian: as a date writes them, in the
# genitive where the language has one, and as a heading writes them); dateutil knows English only.
_MONTH_WORDS = [
    "enero janvier januar gennaio janeiro januari jänner января январь януари січня січень stycznia "
    "styczeń ledna leden január ianuarie ocak ιανουαρίου tammikuuta",
    "febrero février fevrier februar febbraio fevereiro februari февраля февраль февруари лютого лютий "
    "lutego luty února únor február februarie şubat φεβρουαρίου helmikuuta",
    "marzo mars märz maerz março maart марта март березня березень marca marzec března březen március "
    "martie mart μαρτίου maaliskuuta maret",
    "abril avril aprile апреля апрель април квітня квітень kwietnia kwiecień dubna duben április aprilie "
    "nisan απριλίου huhtikuuta",
    "mayo mai maggio maio mei мая май травня травень maja maj května květen május mayıs μαΐου μαίου "
    "toukokuuta",
    "junio juin juni giugno junho июня июнь юни червня червень czerwca czerwiec června červen június "
    "iunie haziran ιουνίου kesäkuuta",
    "julio juillet juli luglio julho июля июль юли липня липень lipca lipiec července červenec július "
    "iulie temmuz ιουλίου heinäkuuta",
    "agosto août aout augustus augusti agustus августа август серпня серпень sierpnia sierpień srpna "
    "srpen augusztus ağustos αυγούστου elokuuta",
    "septiembre setiembre septembre settembre setembro сентября сентябрь септември вересня вересень "
    "września wrzesień září szeptember septembrie eylül σεπτεμβρίου syyskuuta",
    "octubre octobre oktober ottobre outubro октября октябрь октомври жовтня жовтень października "
    "październik října říjen október octombrie ekim οκτωβρίου lokakuuta",
    "noviembre novembre novembro ноября ноябрь ноември листопада листопад listopada listopadu listopad "
    "noiembrie kasım νοεμβρίου marraskuuta",
    "diciembre décembre decembre dezember dicembre dezembro december desember декабря декабрь декември "
    "грудня грудень grudnia grudzień prosince prosinec decembrie aralık δεκεμβρίου joulukuuta",
]
_FOREIGN_MONTH = {w: n for n, words in enumerate(_MONTH_WORDS, 1) for w in words.split()}
_FOREIGN_MONTH_RE = re.compile(
    rf"(?<!\w)({'|'.join(sorted(_FOREIGN_MONTH, key=len, reverse=True))})(?!\w)", re.I
)
# Abbreviated month names in those languages ("02 Ago 2017", "3 Okt. 2018", "5 déc. 2019"): read
# only between a day and a year, since some are words too ("ago", "out", "set").
_ABBR_WORDS = [
    "ene janv gen", "févr fév fevr fev", "mär mrt", "abr avr", "mag", "giu", "juil lug",
    "ago", "set", "okt ott out", "", "dic déc dez",
]
_FOREIGN_ABBR = {w: n for n, words in enumerate(_ABBR_WORDS, 1) for w in words.split()}
_FOREIGN_ABBR_RE = re.compile(
    rf"(?<=\d)(\.?\s+)({'|'.join(sorted(_FOREIGN_ABBR, key=len, reverse=True))})\.?(?=,?\s+\d{{4}}(?!\d))",
    re.I,
)
# "19 de noviembre de 2019", "1er avril": the words around a day and month that dateutil trips on.
_JOINER = re.compile(
    r"(?<=\d)(?:er|º)?\s+d[eo]l?\s+(?=[^\W\d])|(?<=[^\W\d])\s+d[eo]l?\s+(?=\d)|(?<=\d)er\b", re.I
)
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
# "10.02 GMT", "5.53pm": a clock written with a dot (not "19.11.2019").
_DOT_CLOCK = re.compile(r"(?<![\d.])([012]?\d)\.([0-5]\d)(?![\d.])")
# "11/18/19 11:04 PM": a date with a two-digit year, followed by a clock.
_SHORT_YEAR = re.compile(r"(?<![\d./])(\d{1,2})/(\d{1,2})/(\d\d)(?=,?\s+(?:at\s+)?\d{1,2}:\d\d)")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_ENGLISH = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
#: A date inside running text ("Published 10:02 AM EST Nov 19, 2019"), after normalising.
_DATE_IN_TEXT = re.compile(
    rf"\b{MONTH_PATTERN}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\.?\s+{MONTH_PATTERN},?\s+\d{{4}}\b"
    r"|\b\d{4}-\d\d-\d\d(?!\d)|(?<![\d.])\d{1,2}[./]\d{1,2}[./]\d{4}\b|(?<![\d-])\d{1,2}-\d{1,2}-\d{4}\b"
    r"|(?<![\d.])\d{4}[./]\d{1,2}[./]\d{1,2}(?![\d/]|\.\d)"  # year first: "2016.12.01", "2016/12/01"
    r"|(?<![\d.])\d{4}\.\s\d{1,2}\.\s\d{1,2}\b"  # Korean: "2019. 11. 19."
    rf"|(?<![\d.])\d{{4}}\.\s+{MONTH_PATTERN}\s+\d{{1,2}}\b",  # Hungarian: "2015. augusztus 15."
    re.I,
)


def _normalise(text: str) -> str:
    """Rewrite the date forms dateutil cannot read into ones it can (a no-op on most text)."""
    text = _CJK_DATE.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", text)
    if _FOREIGN_ABBR_RE.search(text):
        text = _FOREIGN_ABBR_RE.sub(_english_abbr, text)
    if _FOREIGN_MONTH_RE.search(text):
        text = _FOREIGN_MONTH_RE.sub(lambda m: _ENGLISH[_FOREIGN_MONTH[m.group(1).lower()] - 1], text)
        text = _JOINER.sub(" ", text)
    text = _ORDINAL.sub("", text)
    return _ABBR_DOT.sub(lambda m: m.group(1)[:3], text)


def _full_year(m: re.Match[str]) -> str:
    year = int(m.group(3))
    century = 2000 if year <= datetime.now(timezone.utc).year % 100 + 1 else 1900
    return f"{m.group(1)}/{m.group(2)}/{century + year}"


def _english_abbr(m: re.Match[str]) -> str:
    return m.group(1) + _ENGLISH[_FOREIGN_ABBR[m.group(2).lower()] - 1]


def find_date(text: str | None, *, dayfirst: bool = False) -> datetime | None:
    """The first date written inside a longer text (a byline, a dateline), else None.

    `dayfirst` reads "05/06/2019" as 5 June, as most of the world writes it (else 6 May). A year
    in two digits is read only before a clock ("11/18/19 11:04 PM": a time stamp, not a score)."""
    if text and "/" in text:
        text = _SHORT_YEAR.sub(_full_year, text)
    if not text or not _HAS_YEAR.search(text):
        return None
    m = _DATE_IN_TEXT.search(_normalise(text))
    return parse_date(m.group(0), dayfirst=dayfirst) if m else None


def to_utc(value: datetime) -> datetime:
    """Make `value` timezone-aware in UTC; naive datetimes are taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_date(text: str | None, *, dayfirst: bool = False) -> datetime | None:
    """Read a date from metadata or a byline ("2021-11-02T10:00Z", "November 2, 2021"), else None.

    Never raises: a page's broken date is a missing date, not a failed page.
    """
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text.strip()) > 11 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if _ISO.match(text):  # the common case in metadata, read without dateutil's cost
        try:
            value = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text)
        except ValueError:
            pass
        else:
            return _checked(value)
    if not _HAS_YEAR.search(text):
        return None  # "5", "Monday": dateutil would invent a year
    text = _DOT_CLOCK.sub(r"\1:\2", _normalise(text))
    from dateutil import parser as _dateutil  # imported on first use: a search never needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown timezone names: read as UTC
            dayfirst = dayfirst and not _YEAR_FIRST.match(text)  # "2019/05/06" is year, month, day
            value = _dateutil.parse(text, default=datetime(2000, 1, 1), tzinfos=_TZINFOS, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return _checked(value)


def _checked(value: datetime) -> datetime | None:
    """`value` with a fixed UTC offset (UTC if it had none), or None when its year is implausible."""
    if not (_MIN_YEAR <= value.year <= _MAX_YEAR):
        return None
    try:
        offset = value.utcoffset()
        if offset is None:
            return value.replace(tzinfo=timezone.utc)
        value = value.replace(tzinfo=timezone(offset) if offset else timezone.utc)
        to_utc(value)  # out of range once in UTC (year 1 or 9999 edges): no date
        return value
    except (ValueError, OverflowError):
        return None


def parse_bound(text: str, *, end: bool = False) -> datetime:
    """Read a date given by a user as a range bound ("2021", "2021-05", "2021-05-03", "May 3 2021").

    A partial date covers its whole period: as an `end` bound "2021" means the last instant
    of 2021. Raises QueryError with the offending text when it is not a date.
    """
    raw = text
    text = text.strip()
    if m := _YEAR.match(text):
        year = int(m.group(1))
        if end:
            return datetime(year, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
        return datetime(year, 1, 1, tzinfo=timezone.utc)
    if m := _YEAR_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            if end:
                last = calendar.monthrange(year, month)[1]
                return datetime(year, month, last, 23, 59, 59, 999999, tzinfo=timezone.utc)
            return datetime(year, month, 1, tzinfo=timezone.utc)
    value = parse_date(text) if text and not _EPOCH.match(text) else None
    if value is None:
        raise QueryError(f"cannot read {raw!r} as a date (try YYYY, YYYY-MM or YYYY-MM-DD)")
    if end and value.hour == value.minute == value.second == 0 and value.microsecond == 0:
        # A bare day as an end bound includes that whole day.
        value = value + timedelta(days=1) - timedelta(microseconds=1)
    return value
