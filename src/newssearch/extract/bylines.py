"""Who wrote the article: names from a byline's text, and the byline the page shows."""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml.html import HtmlElement

from ..dates import MONTH_PATTERN
from .visible import BREAKS, clean, hidden, lines_after_title, text_of

_BYLINE_ATTR = re.compile(r"byline|author(?!i[tz])|writer|reporter|contributor", re.I)  # (not "authority")
_COMMENT_ATTR = re.compile(r"comment(?!ary)", re.I)  # (a "commentary-byline" is an author's)
# "By", "Written by", "Analysis by", and the same in German, French, Spanish and Dutch.
BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|analysis|story|reporting|reported|words|text|posted|published|commentary|opinion|"
    r"column|interview|review)\s+)?(?:by|von|par|por|door)[:\s]+",
    re.I,
)
# Between names: commas, "and" (und, et), "&", bars and dots; a slash or dash only as " / ", " - ".
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\b(?:and|with|und|et)\b|&|\||／|·|•)\s*|\s+[/–—-]\s+", re.I)
# A name written surname first, as catalogues and some CMSs keep it: "Doe, Jane", "Doe, Jane Q.".
_SURNAME_FIRST = re.compile(r"^([^\W\d_][\w'’-]+),\s+([^\W\d_][\w'’-]+(?:\s+[^\W\d_]\.)?)$")
_NOT_A_NAME = re.compile(
    r"https?://|@|\b(updated|published|posted|min(ute)?s? read|for)\b"
    r"|^(about|follow|more (from|by)|view|see|contact|e-?mail|print|share|save|reply|comments?)\b"
    r"|^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?$",  # "Jane Doe, Tue, Nov 19"
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
# alone could be a name, so it counts after a name, or with an abbreviation, or in one word or three.
_JOB = re.compile(r"\b(writer|reporter|correspondent|columnist|contributor|photographer)s?\b", re.I)
_META_ATTR = re.compile(r"meta|credit|info|dateline", re.I)
# Parts of a byline element that are not the names: the outlet, the author's job title.
_NOT_NAMES = re.compile(
    r"publication|publisher|affiliation|organi[sz]ation|(?:job|author|byline)[-_]?(?:title|type|role)", re.I
)
_MONTHS = MONTH_PATTERN
# What follows the names in a byline: "Jane Doe on Monday, November 18th, 2019 at 11:08 a.m."
_BYLINE_TAIL = re.compile(
    rf"\s+(?:on|at|updated|published|posted):?\s+(?:\w+day,?\s+)?(?:{_MONTHS}|\d).*$"
    rf"|\s*[,|·•-]?\s*(?:\w+day,?\s+)?{_MONTHS}\s+\d{{1,2}}.*$",
    re.I,
)
_PLAIN_NAME = re.compile(r"^[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+)*\.?$")
_DOMAIN = re.compile(r"\w\.(?:com|org|net|co|uk|in|ru|de|fr|au|ca|io|news)\b", re.I)
_ACCOUNT = re.compile(r"admin", re.I)
# A one-word label before the names: "Text: Jane Doe", "Words: ...", "Текст: ...".
_LABEL = re.compile(r"^[^\W\d_]{2,12}:\s+")
# A line of the body that is only a byline: "by" and up to 80 characters of names.
_BY_LINE = re.compile(r"^(by|von|par|por|door)(?::\s*|\s+)[\w .,'’-]{2,80}$", re.I)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_BYLINE_BREAKS = BREAKS | {"a"}
_TWICE = re.compile(r"^(.+?)\s+\1$")
_POSSESSIVE = re.compile(r"\w['’]s\b", re.I)  # "Jane Doe's most recent stories"
# "Jane Doe @janedoe", "Jane Doe jane.doe@example.com": the name's social account or address.
_HANDLE = re.compile(r"(?:^|\s)(?:@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\b")
# Lower-case words that join or sit inside names in a byline ("Jane Doe and John de la Roe").
_NAME_JOINERS = frozenset("and und et y e de del della da di van von der den la le du".split())


def shown_authors(
    root: HtmlElement, art: HtmlElement, authors: list[str], skip: frozenset[HtmlElement] = frozenset()
) -> list[str]:
    """The metadata's `authors` that the page shows (plus co-authors its author links add), else
    the names of the byline the page shows in the article `art` or anywhere but in `skip`
    (the elements of other stories' <article>s)."""
    if authors:  # a CMS account's name that the page never shows is not the byline
        authors = _shown_names(root, authors)
    if not authors:
        authors = _visible_byline(art, skip) or _visible_byline(root, skip)
        return authors or _by_line_after_title(art) or _by_line_after_title(root)
    linked = _author_links(art)  # the byline's author links may credit co-authors the metadata leaves out
    return linked if {a.casefold() for a in linked} > {a.casefold() for a in authors} else authors


def split_authors(text: str) -> list[str]:
    """'By JANE DOE and John Roe, Staff Writer' -> ['Jane Doe', 'John Roe'].

    Drops what bylines carry besides names: job titles, outlets and their domains ("| NJ.com"),
    a leading label ("Text:", "Written by"), site accounts ("admin"); names in capitals are
    title-cased.
    """
    text = _BYLINE_TAIL.sub("", _LABEL.sub("", BY_PREFIX.sub("", clean(text))))
    turned = _SURNAME_FIRST.match(text)
    agency = turned and (turned[2].isupper() and len(turned[2]) <= 5 or _ORGANIZATION.search(turned[2]))
    if turned and not agency and not _OUTLET.search(turned[2]) and not _JOB.search(turned[2]):
        text = f"{turned[2]} {turned[1]}"  # "Doe, Jane": one name, not two ("Doe, AP": a name and its agency)
    names, organizations = [], []
    for part in _AUTHOR_SPLIT.split(text):
        part = _NAME_SUFFIX.sub("", BY_PREFIX.sub("", _HANDLE.sub("", part))).strip(" .:-–—")
        if not 2 < len(part) <= 60 or any(c.isdigit() for c in part):
            continue
        if any(rule.search(part) for rule in (_NOT_A_NAME, _DOMAIN, _ACCOUNT, _POSSESSIVE)):
            continue
        if names and " " not in part and not part.isupper():
            continue  # one word after a name: a count ("Shares"), a place, a section
        words = part.split()
        # Written as a name: capitalised words ("the way", "Name *" are not).
        lowered = any(w[0].islower() and w not in _NAME_JOINERS for w in words)
        shaped = bool(_PLAIN_NAME.match(part)) and not lowered
        # An outlet's name ("The Plain Dealer", written as one) is never a person's; "AFP", "CNN"
        # only after a name.
        outlet = (_OUTLET.search(part) and (names or shaped)) or (names and part.isupper() and len(part) <= 5)
        if _ORGANIZATION.search(part) or outlet:
            organizations.append(part)
            continue
        # A job title: after a name ("Jane Doe, Senior Reporter"), or long or abbreviated alone.
        if _JOB.search(part) and (
            names or len(words) != 2 or any(w.isupper() and len(w) > 1 for w in words)
        ):
            continue
        if not shaped:
            continue  # "Name *", "@handle", "the way", "Opinions expressed by ..."
        part = _TWICE.sub(r"\1", part)  # "Jane Doe Jane Doe": a name and its hidden copy
        if part.isupper() and len(part) > 3:
            part = part.title()
        names.append(part)
    return dedupe(names) or organizations


def is_byline(text: str) -> bool:
    """A "By Jane Doe, Reuters" line: "by" and names, not a sentence ("By the end of the day, ...")."""
    if not _BY_LINE.match(text):
        return False
    words = [w for w in _NAME_WORD.findall(text)[1:] if w.lower() not in _NAME_JOINERS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def names_as_byline(name: str, text: str) -> bool:
    """Whether `name` stands in `text` as a byline credits it: followed by the end, punctuation,
    a joining word or a date ("Jane Doe, Reporter", "Jane Doe and John Roe", "Jane Doe on
    Monday", "Jane Doe March 4, 2019"), not by more words ("Beachbody Performance Recharge": a
    product named after the author)."""
    after = (
        r"(?=\s*(?:$|[,;:|·•/()\[\]&\-–—]|(?:and|und|et|y|e|on|for|am|le)\b|\d"
        rf"|{_MONTHS}\s+\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b))"
    )
    return re.search(rf"(?<!\w){re.escape(name)}{after}", text, re.I) is not None


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


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


def _visible_byline(root: HtmlElement, skip: frozenset[HtmlElement] = frozenset()) -> list[str]:
    for tag in root.iter():
        if not isinstance(tag.tag, str) or tag.tag in ("meta", "link", "script", "style", "html", "body"):
            continue
        if tag in skip:
            continue
        attrs = f"{tag.get('class', '')} {tag.get('id', '')} {tag.get('itemprop', '')}"
        text = ""
        if _COMMENT_ATTR.search(attrs):  # "comment-author": a reader's name, not a byline
            continue
        if tag.get("rel") == "author" or _BYLINE_ATTR.search(attrs):
            text = _byline_text(tag)
        elif _META_ATTR.search(attrs):  # "article__meta": a byline only when it says "By ..."
            text = text_of(tag)
            if not BY_PREFIX.match(text):
                continue
        text = _from_by(text)
        if 120 < len(text) <= 400:  # a byline box with the author's links and bio: its first lines
            text = text[:120].rsplit(" , ", 1)[0]
        if 3 <= len(text) <= 120:
            names = split_authors(text)
            if names:
                return names
    return []


def _from_by(text: str) -> str:
    """A byline box's text from its "By" on, when buttons or an avatar's name come first
    ("Print , Jane Doe , By , Jane Doe , on May 2")."""
    parts = text.split(" , ")
    by = next((i for i, part in enumerate(parts) if i and BY_PREFIX.match(part + " ")), 0)
    return " , ".join(parts[by:])


def _author_links(root: HtmlElement) -> list[str]:
    """Names from the page's author links (`<a rel="author">`), one name each, in page order."""
    names: list[str] = []
    for link in root.iter("a"):
        if link.get("rel") == "author" and len(text := text_of(link)) <= 60:
            names += split_authors(text)
    return dedupe(names)


def _by_line_after_title(root: HtmlElement, within: int = 20) -> list[str]:
    """Names from a short unmarked line that starts with "By" among the first `within` elements
    after the headline (`<li>by Jane Doe / 2016.12.01</li>` under the `<h1>`)."""
    for text in lines_after_title(root, within):
        if 3 <= len(text) <= 120 and BY_PREFIX.match(text):
            return split_authors(text)
    return []


def _byline_text(tag: HtmlElement) -> str:
    """A byline's text without a part beside the names that names the publication ("Sioux Falls
    Argus Leader" in a `publication` span) or that the page hides."""

    def publication(el: Any) -> bool:
        attrs = f"{el.get('class', '')} {el.get('itemprop', '')}"
        return isinstance(el.tag, str) and (bool(_NOT_NAMES.search(attrs)) or hidden(el))

    # A line break or a link's end inside a byline separates names from what follows them, like
    # a comma ("<a>Jane Doe</a><a>View more articles</a>").
    if not any(publication(el) for el in tag.iterdescendants()):
        return text_of(tag, sep=" , ", breaks=_BYLINE_BREAKS)
    tag = copy.deepcopy(tag)
    for el in [el for el in tag.iterdescendants() if publication(el)]:
        el.drop_tree()
    return text_of(tag, sep=" , ", breaks=_BYLINE_BREAKS)
