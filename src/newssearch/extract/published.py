"""When the article was published: metadata stamps read in the page's own time zone, else the
date the page shows, else a date alone under the headline, else the day in its address."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from itertools import chain

from lxml.html import HtmlElement

from ..dates import find_date, parse_date
from .bylines import BY_PREFIX
from .visible import INLINE, clean, lines_after_title, lines_before_title, text_of

# Meta tags giving the publication time, most trusted first.
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "article.published",
    "article:published",
    "og:published_time",
    "displaydate",
    "originalpublicationdate",
    "article_date_original",
    "date_published",
    "release_date",
)
# Words that say "published" before a date, in the languages news is most often kept in.
_PUBLISHED_CUE = re.compile(
    r"\b(published|posted|publiziert|ver[öo]ffentlicht|publi[ée]|publicado|pubblicato|gepubliceerd)\b", re.I
)
_DATE_ATTR = re.compile(r"date|time|publish|posted|byline|author|meta|fecha|datum", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?=[/-]|$)")
# Meta tags holding a timestamp (published, modified, updated...), and time zones named in text.
STAMP_KEY = re.compile(r"time|date", re.I)
_ZONES = {
    "EST": -5, "EDT": -4, "ET": -5, "CST": -6, "CDT": -5, "CT": -6, "MST": -7, "MDT": -6, "MT": -7,
    "PST": -8, "PDT": -7, "PT": -8, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "IST": 5.5,
    "JST": 9, "AEST": 10, "AEDT": 11, "HST": -10, "AKST": -9, "AKDT": -8, "KST": 9, "HKT": 8, "SGT": 8,
    "MSK": 3, "SAST": 2, "EAT": 3, "WAT": 1, "NZST": 12, "NZDT": 13,
}
_ZONE = re.compile(r"\b(" + "|".join(_ZONES) + r")\b")
# A time said relative to now, in the languages news is most often kept in ("2 hours ago").
_RELATIVE = re.compile(r"\b(?:ago|hace|il y a|vor \d|fa|geleden|назад|yesterday|today|just now)\b", re.I)
_CLOCK = re.compile(r"\b(\d{1,2}):(\d\d)\s*([ap])\.?\s*m\b", re.I)


def publication_date(
    root: HtmlElement,
    art: HtmlElement,
    stamps: list[str],
    others: list[str],
    url: str | None,
    *,
    dayfirst: bool = False,
    skip: frozenset[HtmlElement] = frozenset(),
) -> datetime | None:
    """The first readable of the metadata's publication `stamps` (in order of trust), put in the
    page's local time with the help of its `others` stamps and the date its article `art` (else
    a date alone under the headline, else the page) shows; else that shown date; else the day
    in its `url`. `dayfirst`: the page writes 5 June as 05/06. A date shown in `skip` (the
    elements of other stories' <article>s) is theirs."""
    # (the page's other dates may be other stories' or today's, in the site's header)
    shown = (
        _shown_date(art, dayfirst, skip)
        or _date_near_title(root, dayfirst)
        or _shown_date(root, dayfirst, skip)
    )
    for value in stamps:
        published = parse_date(value, dayfirst=dayfirst)
        if published:
            return _as_shown(_in_local_time(published, others, shown), shown)
    return shown[0] if shown else _url_date(url)


def day_first(lang: str | None) -> bool:
    """Whether a page in language `lang` ("fr", "en-GB", "en_US") writes the day before the
    month in numeric dates: everywhere but in plain or North American English."""
    code = (lang or "").strip().replace("_", "-").lower()
    return bool(code) and not (code == "en" or code.startswith(("en-us", "en-ca", "en-ph")))


def _shown_date(
    root: HtmlElement, dayfirst: bool = False, skip: frozenset[HtmlElement] = frozenset()
) -> tuple[datetime, str] | None:
    """The article's date as the page shows it, with the text that shows it (not in `skip`)."""
    relative: tuple[datetime, str] | None = None  # "1 hour ago": a teaser's, or the last resort
    for tag in (*root.iterfind(".//*[@itemprop='datePublished']"), *root.iter("time")):
        if tag in skip or tag.tag == "meta":
            continue  # (a <meta itemprop> is metadata, read with the others, not a date shown)
        text = text_of(tag)
        # ("segunda-feira, 22 de janeiro de 2018 às 0:13": a date within words)
        seen = parse_date(text, dayfirst=dayfirst) or find_date(text, dayfirst=dayfirst)
        value = parse_date(tag.get("content") or tag.get("datetime"), dayfirst=dayfirst)
        if value and not seen and _RELATIVE.search(text):
            relative = relative or (value, text)
            continue
        if value and seen:  # <time datetime="...T00:53Z">Nov 19, 2019, 7:53pm EST</time>: the 19th
            return _in_local_time(value, [], (seen, text)), text
        if value or seen:
            return value or seen, text
    # A dateline or byline that says the date in words: "Published 10:02 AM EST Nov 19, 2019",
    # "on Monday, November 18th, 2019 at 11:08 a.m.". The first one found, unless a byline
    # ("By ...") says one (a date beside other names may be that of a quote or a claim), or one
    # stands alone on its line by the headline (a date in the site's header is today's).
    found: tuple[datetime, str] | None = None
    for tag in root.iter():
        if not isinstance(tag.tag, str) or tag.tag in ("script", "style", "html", "body") or tag in skip:
            continue
        if _DATE_ATTR.search(f"{tag.get('class', '')} {tag.get('id', '')}"):
            text = text_of(tag)
        elif len(tag) == 0 and tag.text and _PUBLISHED_CUE.search(tag.text):
            text = clean(tag.text)  # a leaf saying so: "publiziert am 25. September 2018"
        elif tag.text and BY_PREFIX.match(tag.text) and all(c.tag in INLINE for c in tag):
            text = text_of(tag)  # a byline line: "Written by <a>Jane Doe</a> on November 14, 2019"
        else:
            continue
        if len(text) <= 120 and (value := _published_in(text, dayfirst)):
            if BY_PREFIX.match(text):
                return value, text
            if found is None:
                found = value, text
    if found is not None and (near := _date_near_title(root, dayfirst)):
        return near  # a date alone on its line right under the headline, or right above it
    return found or relative


def _published_in(text: str, dayfirst: bool) -> datetime | None:
    """The date a line of text gives, the one after its "published" if it says so ("Updated
    March 5, 2019, first published March 3, 2019": the 3rd), else its first."""
    cue = _PUBLISHED_CUE.search(text)
    after = find_date(text[cue.start() :], dayfirst=dayfirst) if cue else None
    return after or find_date(text, dayfirst=dayfirst)


def _in_local_time(published: datetime, stamps: list[str], shown: tuple[datetime, str] | None) -> datetime:
    """A UTC publication time in the zone the page shows its times in, when the page tells.

    Pages often stamp their metadata in UTC but show readers the local date: 00:04 UTC on the
    19th is "Nov. 18, 7:04 pm ET". The zone comes from another timestamp of the page written
    with an offset (a modified time), else a zone named beside the shown date ("EST", "PT"),
    else the gap between the shown local time and the UTC time (whole quarter hours, at most
    14 hours).
    """
    if published.utcoffset() != timedelta(0):
        return published
    for value in stamps:
        other = parse_date(value)
        offset = other.utcoffset() if other else None
        if offset and abs(other - published) <= timedelta(days=2):
            return published.astimezone(timezone(offset))
    if shown is None:
        return published
    value, text = shown
    if (value.hour, value.minute) == (0, 0) and (clock := _CLOCK.search(text)):  # "Nov. 19, 2019 5:53 PM"
        hour = int(clock.group(1)) % 12 + (12 if clock.group(3).lower() == "p" else 0)
        if hour < 24 and int(clock.group(2)) < 60:
            value = value.replace(hour=hour, minute=int(clock.group(2)))
    if zone := _ZONE.search(text):
        return published.astimezone(timezone(timedelta(hours=_ZONES[zone.group(1).upper()])))
    if (value.hour, value.minute) != (0, 0):
        gap = value.replace(second=0, microsecond=0, tzinfo=None) - published.replace(
            second=0, microsecond=0, tzinfo=None
        )
        if gap and abs(gap) <= timedelta(hours=14) and gap % timedelta(minutes=15) == timedelta(0):
            return published.astimezone(timezone(gap))
    return published


def _as_shown(published: datetime, shown: tuple[datetime, str] | None) -> datetime:
    """The metadata's publication date, or the date the page shows when the two are a day or
    so apart: a UTC stamp is a day off the local date readers see ("November 18" in New York
    is the 19th in UTC), and a date shown a few days earlier than the metadata's is the first
    publication, which the metadata moved on an update."""
    if shown is None:
        return published
    if timedelta(0) < published.date() - shown[0].date() <= timedelta(days=3):
        return shown[0]
    return published


def _date_near_title(
    root: HtmlElement, dayfirst: bool, after: int = 25, before: int = 3
) -> tuple[datetime, str] | None:
    """A date standing alone on a short line among the first `after` elements after the
    headline ("<label><i class='icon'></i> November 20, 2019 12:32</label>"), else among the
    `before` lines right above it (a date over the headline), unmarked; with that line."""
    for text in chain(lines_after_title(root, after), lines_before_title(root, before)):
        if 6 <= len(text) <= 40 and (value := find_date(text, dayfirst=dayfirst)):
            return value, text
    return None


def _url_date(url: str | None) -> datetime | None:
    """The day in a story's address ("/2019/11/18/slug"): the last resort for its date."""
    if url and (m := _URL_DATE.search(url)):
        return parse_date("-".join(m.groups()))
    return None
