"""Article metadata from a parsed page: JSON-LD, OpenGraph/`article:*`, `<meta>`, `<time>`, bylines."""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..dates import MONTH_PATTERN, find_date, parse_date

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "livebloposting",
    "liveblogposting",
    "report",
    "techarticle",
    "socialmediaposting",
    "askpublicquestion",
}
_DATE_META = (
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
_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "citation_author",
    "og:article:author",
)
_SITE_META = ("og:site_name", "application-name", "dc.publisher", "publisher", "twitter:site")
_BYLINE_ATTR = re.compile(r"byline|author|writer|reporter|contributor", re.I)
_COMMENT_ATTR = re.compile(r"comment(?!ary)", re.I)  # (a "commentary-byline" is an author's)
# "By", "Written by", "Analysis by", and the same in German, French, Spanish and Dutch.
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|analysis|story|reporting|reported|words|text|posted|published|commentary|opinion|"
    r"column|interview|review)\s+)?(?:by|von|par|por|door)[:\s]+",
    re.I,
)
# Between names: commas, "and" (und, et), "&", bars and dots; a slash only as " / ".
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\b(?:and|und|et)\b|&|\||／|·|•)\s*|\s+/\s+", re.I)
_NOT_A_NAME = re.compile(
    r"https?://|@|\b(updated|published|posted|min(ute)?s? read|for)\b"
    r"|^(about|follow|more (from|by)|view|see|contact|email)\b",
    re.I,
)
# What follows a name and is not one: "(Reuters)", "for The Guardian", "For Dailymail.com".
_NAME_SUFFIX = re.compile(r"\s*\([^)]*\)$|\s+for\s+\S.*$", re.I)
# After a name, an outlet ("CNN Business", "The Washington Post"): not another author.
_OUTLET = re.compile(
    r"^the\s|\b(post|times|journal|herald|tribune|telegraph|guardian|daily|magazine|gazette|"
    r"chronicle|business|press|radio|tv|television|network|online|digital)\b",
    re.I,
)
# An organisation in a byline: beside a person's name it is their outlet or agency and dropped;
# a byline that credits only organisations ("By The Associated Press") keeps them as authors.
_ORGANIZATION = re.compile(
    r"\b(news|desk|team|staff|editors?|reuters|associated press|wire|agency|bureau|media)\b", re.I
)
# A job title after the names ("AP Auto Writer", "Senior Political Correspondent"); "Bob Writer"
# alone could be a name, so it counts only with an abbreviation or three or more words.
_JOB = re.compile(r"\b(writer|reporter|correspondent|columnist|contributor|photographer)\b", re.I)
_META_ATTR = re.compile(r"meta|credit|info|dateline", re.I)
# Words that say "published" before a date, in the languages news is most often kept in.
_PUBLISHED_CUE = re.compile(
    r"\b(published|posted|publiziert|ver[öo]ffentlicht|publi[ée]|publicado|pubblicato|gepubliceerd)\b", re.I
)
# Parts of a byline element that are not the names.
_NOT_NAMES = re.compile(r"publication|publisher|affiliation|organi[sz]ation", re.I)
_DATE_ATTR = re.compile(r"date|time|publish|posted|byline|author|meta|fecha|datum", re.I)
_MONTHS = MONTH_PATTERN
# Meta tags holding a timestamp (published, modified, updated...), and time zones named in text.
# Elements that break a line of text: their words are never glued to their neighbours'.
_BREAKS = frozenset(
    "div p br li ul ol h1 h2 h3 h4 h5 h6 td th tr table section article header footer".split()
)
# Elements inside a line of text ("Written by <a>Jane Doe</a> on <time>...</time>").
_INLINE = frozenset("a span b strong em i time abbr small font".split())
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?=[/-]|$)")
_STAMP_KEY = re.compile(r"time|date", re.I)
_ZONES = {
    "EST": -5, "EDT": -4, "ET": -5, "CST": -6, "CDT": -5, "CT": -6, "MST": -7, "MDT": -6, "MT": -7,
    "PST": -8, "PDT": -7, "PT": -8, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "IST": 5.5,
    "JST": 9, "AEST": 10, "AEDT": 11, "HST": -10, "AKST": -9, "AKDT": -8, "KST": 9, "HKT": 8, "SGT": 8,
    "MSK": 3, "SAST": 2, "EAT": 3, "WAT": 1, "NZST": 12, "NZDT": 13,
}
_ZONE = re.compile(r"\b(" + "|".join(_ZONES) + r")\b")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d\d)\s*([ap])\.?\s*m\b", re.I)
# What follows the names in a byline: "Jane Doe on Monday, November 18th, 2019 at 11:08 a.m."
_BYLINE_TAIL = re.compile(
    rf"\s+(?:on|at|updated|published|posted)\s+(?:\w+day,?\s+)?(?:{_MONTHS}|\d).*$"
    rf"|\s*[,|·•-]?\s*(?:\w+day,?\s+)?{_MONTHS}\s+\d{{1,2}}.*$",
    re.I,
)
_PLAIN_NAME = re.compile(r"^[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+)*\.?$")
_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|uk|in|ru|de|fr|au|ca|io|news)\b", re.I)
_ACCOUNT = re.compile(r"admin", re.I)
# A one-word label before the names: "Text: Jane Doe", "Words: ...", "Текст: ...".
_LABEL = re.compile(r"^[^\W\d_]{2,12}:\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


@dataclass
class Metadata:
    """What a page says about its article; every field may be missing."""

    title: str | None = None
    h1: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    source: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None
    description: str | None = None
    ld_body: str | None = None


def clean(text: Any) -> str:
    """Collapse whitespace and undo HTML entities left in metadata ("doesn&#8217;t"); non-strings
    become ''."""
    if not isinstance(text, str):
        return ""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _names(value: Any) -> list[str]:
    """Author or publisher names from a JSON-LD value (string, Person, list of either)."""
    out = []
    for item in _as_list(value):
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = item[0] if item else None
        name = clean(item)
        if name and not name.startswith(("http://", "https://")):
            out.append(name)
    return out


def _is_organization(node: dict[str, Any]) -> bool:
    return bool(_types(node) & {"organization", "newsmediaorganization", "corporation"})


def _ld_nodes(root: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, `@graph` flattened."""
    nodes: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(nodes) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    return {t.lower() for t in _as_list(node.get("@type")) if isinstance(t, str)}


def _ld_article(nodes: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON-LD article node and the site's Organization/WebSite node among `nodes`, if any."""
    article: dict[str, Any] = {}
    site: dict[str, Any] = {}
    for node in nodes:
        types = _types(node)
        if not article and types & ARTICLE_TYPES:
            article = node
        elif not site and types & {"website", "organization", "newsmediaorganization"}:
            site = node
    return article, site


def _meta_tags(root: HtmlElement) -> dict[str, list[str]]:
    """`<meta>` contents by lowercased name/property/itemprop, in page order."""
    out: dict[str, list[str]] = {}
    for tag in root.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = tag.get("content")
        if key and content and content.strip():
            for name in key.lower().split():  # itemprop="datePublished dateCreated" is two names
                out.setdefault(name, []).append(content.strip())
    return out


def split_authors(text: str) -> list[str]:
    """'By JANE DOE and John Roe, Staff Writer' -> ['Jane Doe', 'John Roe'].

    Drops what bylines carry besides names: job titles, outlets and their domains ("| NJ.com"),
    a leading label ("Text:", "Written by"), site accounts ("admin"); names in capitals are
    title-cased.
    """
    text = _BYLINE_TAIL.sub("", _LABEL.sub("", _BY_PREFIX.sub("", clean(text))))
    names, organizations = [], []
    for part in _AUTHOR_SPLIT.split(text):
        part = _NAME_SUFFIX.sub("", _BY_PREFIX.sub("", part)).strip(" .:-–—")
        if not 2 < len(part) <= 60 or any(c.isdigit() for c in part):
            continue
        if _NOT_A_NAME.search(part) or _DOMAIN.search(part) or _ACCOUNT.search(part):
            continue
        if names and " " not in part and not part.isupper():
            continue  # one word after a name: a count ("Shares"), a place, a section
        outlet = _OUTLET.search(part) or (part.isupper() and len(part) <= 5)  # "AFP", "CNN"
        if _ORGANIZATION.search(part) or (names and outlet):
            organizations.append(part)
            continue
        words = part.split()
        # A job title: after a name ("Jane Doe, Senior Reporter"), or long or abbreviated alone.
        if _JOB.search(part) and (names or len(words) >= 3 or any(w.isupper() and len(w) > 1 for w in words)):
            continue
        if not _PLAIN_NAME.match(part) or part[0].islower():  # "Name *", "@handle", "the way"
            continue
        if part.isupper() and len(part) > 3:
            part = part.title()
        names.append(part)
    return names or organizations


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def strip_site_suffix(title: str, site: str | None, guess: bool = True) -> str:
    """'Storm hits coast | Daily Planet' -> 'Storm hits coast' (the site part is the shorter side).

    With `guess` false (a headline shown on the page, not a <title>) only the site's own name
    goes: "Plague in China – 'The plague is coming'" keeps its second half.
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site:
        low = site.lower()
        kept = [p for p in parts if p.lower() != low and low not in p.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # No known site name: drop a short last segment that looks like a brand.
    if guess and len(parts[-1]) <= 30 and len(parts[-1]) < len(parts[0]):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»")
    return title


def similar_titles(a: str, b: str) -> bool:
    """True when two headlines share most of their words (one may be the other plus a suffix)."""
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _text(el: HtmlElement, sep: str = " ") -> str:
    """The element's text, with `sep` where a block child or a <br> breaks it ("JILL LAWLESS"
    and "Associated Press" in two <div>s are not one word)."""
    if not any(isinstance(d.tag, str) and d.tag in _BREAKS for d in el.iterdescendants()):
        return clean(el.text_content())
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        element = isinstance(node.tag, str)  # (not a comment, whose .text is not page text)
        if element and node.tag in _BREAKS and node is not el:
            parts.append(sep)
        if event == "start" and element and node.text:
            parts.append(node.text)
        elif event == "end" and node is not el and node.tail:
            parts.append(node.tail)
    return clean("".join(parts))


def _shown_names(root: HtmlElement, names: list[str]) -> list[str]:
    """Those of `names` that the page's text shows outside its scripts and styles (attributes,
    such as meta tags, do not count). Counted, not walked: linear however deep the page."""
    text = " ".join(root.text_content().split()).casefold()
    hidden = [" ".join((el.text or "").split()).casefold() for el in root.iter("script", "style")]
    shown = []
    for name in names:
        key = " ".join(name.split()).casefold()
        if text.count(key) > sum(h.count(key) for h in hidden):
            shown.append(name)
    return shown


def _visible_byline(root: HtmlElement) -> list[str]:
    for tag in root.iter():
        if not isinstance(tag.tag, str) or tag.tag in ("meta", "link", "script", "style", "html", "body"):
            continue
        attrs = f"{tag.get('class', '')} {tag.get('id', '')} {tag.get('itemprop', '')}"
        text = ""
        if _COMMENT_ATTR.search(attrs):  # "comment-author": a reader's name, not a byline
            continue
        if tag.get("rel") == "author" or _BYLINE_ATTR.search(attrs):
            text = _byline_text(tag)
        elif _META_ATTR.search(attrs):  # "article__meta": a byline only when it says "By ..."
            text = _text(tag)
            if not _BY_PREFIX.match(text):
                continue
        if text:
            if 3 <= len(text) <= 120:
                names = split_authors(text)
                if names:
                    return names
    return []


def _author_links(root: HtmlElement) -> list[str]:
    """Names from the page's author links (`<a rel="author">`), one name each, in page order."""
    names: list[str] = []
    for link in root.iter("a"):
        if link.get("rel") == "author" and len(text := _text(link)) <= 60:
            names += split_authors(text)
    return _dedupe(names)


def _by_line_after_title(root: HtmlElement, within: int = 20) -> list[str]:
    """Names from a short unmarked line that starts with "By" among the first `within` elements
    after the headline (`<li>by Jane Doe / 2016.12.01</li>` under the `<h1>`)."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return []
    for i, tag in enumerate(_following(h1)):
        if i >= within:
            break
        if not isinstance(tag.tag, str) or tag.tag in ("script", "style"):
            continue
        if any(isinstance(child.tag, str) and child.tag not in _INLINE for child in tag):
            continue  # a container: its lines are looked at one by one
        text = _text(tag)
        if 3 <= len(text) <= 120 and _BY_PREFIX.match(text):
            return split_authors(text)
    return []


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after `el` in document order (its descendants excluded)."""
    for ancestor in [el, *el.iterancestors()]:
        for sibling in ancestor.itersiblings():
            yield from sibling.iter()


def _byline_text(tag: HtmlElement) -> str:
    """A byline's text without a part beside the names that names the publication ("Sioux Falls
    Argus Leader" in a `publication` span)."""

    def publication(el: Any) -> bool:
        attrs = f"{el.get('class', '')} {el.get('itemprop', '')}"
        return isinstance(el.tag, str) and bool(_NOT_NAMES.search(attrs))

    # A line break inside a byline separates names from what follows them, like a comma.
    if not any(publication(el) for el in tag.iterdescendants()):
        return _text(tag, sep=" , ")
    tag = copy.deepcopy(tag)
    for el in [el for el in tag.iterdescendants() if publication(el)]:
        el.drop_tree()
    return _text(tag, sep=" , ")


def _visible_date(root: HtmlElement) -> datetime | None:
    found = _shown_date(root)
    return found[0] if found else None


def _shown_date(root: HtmlElement) -> tuple[datetime, str] | None:
    """The article's date as the page shows it, with the text that shows it."""
    for tag in root.iterfind(".//*[@itemprop='datePublished']"):
        value = parse_date(tag.get("content") or tag.get("datetime") or _text(tag))
        if value:
            return value, _text(tag)
    for tag in root.iter("time"):
        value = parse_date(tag.get("datetime") or _text(tag))
        if value:
            return value, _text(tag)
    # A dateline or byline that says the date in words: "Published 10:02 AM EST Nov 19, 2019",
    # "on Monday, November 18th, 2019 at 11:08 a.m.". The first one found, unless a byline
    # ("By ...") says one: a date beside other names may be that of a quote or a claim.
    found: tuple[datetime, str] | None = None
    for tag in root.iter():
        if not isinstance(tag.tag, str) or tag.tag in ("script", "style", "html", "body"):
            continue
        if _DATE_ATTR.search(f"{tag.get('class', '')} {tag.get('id', '')}"):
            text = _text(tag)
        elif len(tag) == 0 and tag.text and _PUBLISHED_CUE.search(tag.text):
            text = clean(tag.text)  # a leaf saying so: "publiziert am 25. September 2018"
        elif tag.text and _BY_PREFIX.match(tag.text) and all(c.tag in _INLINE for c in tag):
            text = _text(tag)  # a byline line: "Written by <a>Jane Doe</a> on November 14, 2019"
        else:
            continue
        if len(text) <= 120 and (value := find_date(text)):
            if _BY_PREFIX.match(text):
                return value, text
            if found is None:
                found = value, text
    return found


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


def article_root(root: HtmlElement) -> HtmlElement:
    """The page's `<article>` (or articleBody, or `<main>`) element, else `<body>`."""
    for path in (".//article", ".//*[@itemprop='articleBody']", ".//main"):
        found = root.find(path)
        if found is not None:
            return found
    body = root.find("body")
    return body if body is not None else root


def read_metadata(root: HtmlElement, url: str | None = None) -> Metadata:
    """Collect metadata from a whole parsed page, trusting JSON-LD over meta tags over visible text."""
    meta = _meta_tags(root)
    nodes = _ld_nodes(root)  # parsed once: the article node, author references and dates use it
    ld, ld_site = _ld_article(nodes)

    def first(*keys: str) -> str | None:
        for key in keys:
            for value in meta.get(key, []):
                if value:
                    return value
        return None

    md = Metadata()
    # Canonical URL: the one the caller knows, else rel=canonical, og:url, JSON-LD url.
    canonical = next((ln.get("href") for ln in root.iter("link") if ln.get("rel") == "canonical"), None)
    candidates = [url, canonical, first("og:url"), ld.get("url")]
    urls = (c.strip() for c in candidates if isinstance(c, str))
    md.url = next((c for c in urls if c.startswith("http")), None)

    site_names = _names(ld.get("publisher")) or _names(ld_site.get("name"))
    site = site_names[0] if site_names else first(*_SITE_META[:4])
    if not site and md.url:
        site = urlsplit(md.url).hostname
        site = site[4:] if site and site.startswith("www.") else site
    md.source = clean(site) or None

    # A JSON-LD author may be a reference ({"@id": ...}) to a node elsewhere in the graph; one
    # typed as an Organization is the publisher standing in for a byline.
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    people = [
        by_id.get(a["@id"], a) if isinstance(a, dict) and "name" not in a and isinstance(a.get("@id"), str)
        else a
        for a in _as_list(ld.get("author"))
    ]
    people = [a for a in people if not (isinstance(a, dict) and _is_organization(a))]
    md.authors = _dedupe(
        [n for x in _names(people) for n in split_authors(x)]
        or [n for v in (meta.get(k, []) for k in _AUTHOR_META) for x in v for n in split_authors(x)]
    )

    # Then any JSON-LD node's date (a WebPage, a ClaimReview) before the visible page's.
    ld_dates = [n.get(k) for n in nodes for k in ("datePublished", "dateCreated")]
    for value in [ld.get("datePublished"), ld.get("dateCreated"), *[first(k) for k in _DATE_META], *ld_dates]:
        md.published = parse_date(value if isinstance(value, str) else None)
        if md.published:
            stamps = [v for k, vs in meta.items() if _STAMP_KEY.search(k) for v in vs]
            ld_keys = ("dateModified", "datePublished", "uploadDate")
            stamps += [n.get(k) for n in nodes for k in ld_keys]
            shown = _shown_date(article_root(root)) or _shown_date(root)
            md.published = _in_local_time(md.published, [s for s in stamps if isinstance(s, str)], shown)
            md.published = _as_shown(md.published, shown)
            break

    section = ld.get("articleSection")
    section = section[0] if isinstance(section, list) and section else section
    md.section = clean(section) or first("article:section", "section", "parsely-section") or None

    tags: list[str] = []
    for value in _as_list(ld.get("keywords")):
        tags += [t for t in (clean(x) for x in str(value).split(",")) if t]
    tags += meta.get("article:tag", [])
    for value in meta.get("news_keywords", []) + meta.get("keywords", []):
        tags += [t.strip() for t in value.split(",")]
    md.tags = _dedupe([clean(t) for t in tags if 0 < len(clean(t)) <= 60])[:30]

    lang = ld.get("inLanguage") or root.get("lang") or first("og:locale", "language", "content-language")
    if isinstance(lang, str) and lang.strip():
        md.language = lang.strip().replace("_", "-").split("-")[0].lower()[:8] or None

    md.description = clean(ld.get("description")) or first(
        "og:description", "description", "twitter:description"
    )
    body = ld.get("articleBody")
    md.ld_body = body if isinstance(body, str) and body.strip() else None

    md.title = clean(ld.get("headline")) or first("og:title", "twitter:title")
    title_el = root.find(".//title")
    if not md.title and title_el is not None:
        md.title = strip_site_suffix(_text(title_el), md.source)

    # Visible page: the article's own <h1>, byline and <time>.
    art = article_root(root)
    h1 = art.find(".//h1")
    if h1 is None and md.title:  # the headline above an <article> that holds only the story
        h1 = next((h for h in root.iter("h1") if similar_titles(_text(h), md.title)), None)
    h1_text = _text(h1) if h1 is not None else ""
    if art.tag in ("body", "html") and md.title and not similar_titles(h1_text, md.title):
        h1_text = ""  # a page-wide <h1> is often the site's logo, not the headline
    if 3 <= len(h1_text) <= 300:
        md.h1 = h1_text
    if md.authors:  # a CMS account's name that the page never shows is not the byline
        md.authors = _shown_names(root, md.authors)
    if not md.authors:
        md.authors = _visible_byline(art) or _visible_byline(root)
        md.authors = md.authors or _by_line_after_title(art) or _by_line_after_title(root)
    else:  # the byline's author links may credit co-authors the metadata leaves out
        linked = _author_links(art)
        if {a.casefold() for a in linked} > {a.casefold() for a in md.authors}:
            md.authors = linked
    if not md.published:
        md.published = _visible_date(art) or _visible_date(root) or _url_date(md.url)
    return md


def _url_date(url: str | None) -> datetime | None:
    """The day in a story's address ("/2019/11/18/slug"): the last resort for its date."""
    if url and (m := _URL_DATE.search(url)):
        return parse_date("-".join(m.groups()))
    return None
