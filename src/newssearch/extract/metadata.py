"""Article metadata from a parsed page: JSON-LD, OpenGraph/`article:*`, `<meta>`, `<time>`, bylines.

The page's own statements (JSON-LD, then meta tags) come first; `bylines` and `published`
check them against what the page shows and fill in what they leave out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .bylines import dedupe, shown_authors, split_authors
from .published import DATE_META, STAMP_KEY, day_first, publication_date
from .visible import HEADLINE_TAGS, article_root, clean, logo_like, other_stories, page_headline, text_of

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
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_HEADINGS_LOOKUP = 50  # headings looked at for the title shown (a page may have thousands)
# A title that is the page's address slug ("adac-kindersitztest-herbst-2018"), not its headline.
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_SITE_LEAD = re.compile(r"\s*[|\-–—:·•»]\s+")  # after the site's name opening a title


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


def strip_site_suffix(title: str, site: str | None, guess: bool = True) -> str:
    """'Storm hits coast | Daily Planet' -> 'Storm hits coast' (the site part is the shorter side);
    'Daily Planet: Storm hits coast' -> 'Storm hits coast' (the site's known name first).

    With `guess` false (a headline shown on the page, not a <title>) only the site's own name
    goes: "Plague in China – 'The plague is coming'" keeps its second half.
    """
    if site and title.lower().startswith(site.lower()):  # "Daily Planet: Storm hits coast"
        lead = _SITE_LEAD.match(title, len(site))
        if lead and len(title) - lead.end() >= 10:
            title = title[lead.end() :]
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


def _shown(title: str | None, root: HtmlElement) -> bool:
    """Whether the page shows `title` as a heading (<h1> to <h3>, the first few dozen)."""
    heads = islice(root.iter(*HEADLINE_TAGS), _HEADINGS_LOOKUP)
    return bool(title) and any(similar_titles(text_of(h), title) for h in heads)


def similar_titles(a: str, b: str) -> bool:
    """True when two headlines share most of their words (one may be the other plus a suffix)."""
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) >= 0.6 * min(len(wa), len(wb))


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
    # A meta tag's "author" that is the site's own name ("Mac & i") is the publisher, not a byline.
    site_key = (md.source or "").casefold()
    md.authors = dedupe(
        [n for x in _names(people) for n in split_authors(x)]
        or [
            n
            for v in (meta.get(k, []) for k in _AUTHOR_META)
            for x in v
            if clean(x).casefold() != site_key
            for n in split_authors(x)
        ]
    )

    # Then any JSON-LD node's date (a WebPage, a ClaimReview) before the visible page's.
    ld_dates = [n.get(k) for n in nodes for k in ("datePublished", "dateCreated")]
    stamps = [ld.get("datePublished"), ld.get("dateCreated"), *[first(k) for k in DATE_META], *ld_dates]
    others = [v for k, vs in meta.items() if STAMP_KEY.search(k) for v in vs]
    others += [n.get(k) for n in nodes for k in ("dateModified", "datePublished", "uploadDate")]
    lang = ld.get("inLanguage") or root.get("lang") or first("og:locale", "language", "content-language")
    lang = lang if isinstance(lang, str) else None
    said = [clean(ld.get("headline")), *meta.get("og:title", []), *meta.get("twitter:title", [])]
    md.title = next((t for t in said if t and not _SLUG.match(t)), None)  # (a slug: no headline)
    title_el = root.find(".//title")
    if not md.title and title_el is not None:
        md.title = strip_site_suffix(text_of(title_el), md.source)

    # The article the page shows: the <article> holding the headline (see article_root), and
    # the other stories' <article>s (an endless page's), whose bylines and dates are theirs.
    other_arts = other_stories(root, md.title or "")
    art = article_root(root, md.title or "", other_arts)
    skip = frozenset(el for other in other_arts for el in other.iter())  # their elements, once
    md.published = publication_date(
        root,
        art,
        [s for s in stamps if isinstance(s, str)],
        [s for s in others if isinstance(s, str)],
        md.url,
        dayfirst=day_first(lang),
        skip=skip,
    )

    section = ld.get("articleSection")
    section = section[0] if isinstance(section, list) and section else section
    md.section = clean(section) or first("article:section", "section", "parsely-section") or None

    tags: list[str] = []
    for value in _as_list(ld.get("keywords")):
        tags += [t for t in (clean(x) for x in str(value).split(",")) if t]
    tags += meta.get("article:tag", [])
    for value in meta.get("news_keywords", []) + meta.get("keywords", []):
        tags += [t.strip() for t in value.split(",")]
    md.tags = dedupe([clean(t) for t in tags if 0 < len(clean(t)) <= 60])[:30]

    if lang and lang.strip():
        md.language = lang.strip().replace("_", "-").split("-")[0].lower()[:8] or None

    md.description = clean(ld.get("description")) or first(
        "og:description", "description", "twitter:description"
    )
    body = ld.get("articleBody")
    md.ld_body = body if isinstance(body, str) and body.strip() else None

    # Visible page: the article's own <h1>, byline and <time>.
    h1 = art.find(".//h1")
    if md.title and (h1 is None or not similar_titles(text_of(h1), md.title)):
        # The headline above an <article> that holds only the story, or outside the <article>
        # that article_root fell back on (the next story of an endless page).
        headline = next((h for h in root.iter("h1") if similar_titles(text_of(h), md.title)), None)
        h1 = headline if headline is not None else h1
    if h1 is None and art.tag not in ("body", "html") and not _shown(md.title, root):
        # No <h1> in the <article> taken for the story's (a teaser's, the page's first), and the
        # title shown in no heading: the page's own headline, unless it reads as the site's logo.
        h1 = page_headline(root)
        h1 = None if logo_like(h1) else h1
    h1_text = text_of(h1) if h1 is not None else ""
    if art.tag in ("body", "html") and md.title and not similar_titles(h1_text, md.title) and logo_like(h1):
        h1_text = ""  # a page-wide <h1> is often the site's logo, not the headline
    if 3 <= len(h1_text) <= 300:
        md.h1 = h1_text
    md.authors = shown_authors(root, art, md.authors, skip)
    return md
