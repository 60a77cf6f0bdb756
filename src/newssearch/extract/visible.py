"""What a page shows: an element's text with its line breaks, clean strings, the article's root."""

from __future__ import annotations

import html
import re
from collections import deque
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

# Elements that break a line of text: their words are never glued to their neighbours'.
BREAKS = frozenset(
    "div p br li ul ol h1 h2 h3 h4 h5 h6 td th tr table section article header footer".split()
)
# Where a page sets its headline: an <h1>, else (older templates) an <h2> or <h3> saying the title.
HEADLINE_TAGS = ("h1", "h2", "h3")
_HEADLINE_LOOKUP = 5  # <h1>s looked at for the headline past a logo's (a page may have hundreds)
# Class or id words of a site's name set as a heading (on it or its two nearest wrappers).
_BRAND = re.compile(r"logo|brand|masthead|site[-_]?(?:title|name)", re.I)
# Elements inside a line of text ("Written by <a>Jane Doe</a> on <time>...</time>").
INLINE = frozenset("a span b strong em i time abbr small font".split())
# Inline elements often used inside a word (<b>W</b>ord, H<sub>2</sub>O): no space around them.
GLUE = frozenset("sub sup wbr br".split())
# An inline element's edge: a space between words, but nothing inside a word, between a letter
# and a lower-case letter of any script ("<span class='dropcap'>M</span>uch", "Б<b>ойко</b>").
SOFT = "\ue002"
_EDGE = re.compile("(?<=(.))\ue002+(?=(.))", re.S)
# In metadata's short texts, an inline edge is a space only between two words of a script that
# spaces them ("Infanta<a>Ultima Hora</a>"), never before punctuation or inside CJK text.
_BETWEEN_WORDS = re.compile(
    "(?<=[^\\W_])(?<![\u3040-\u30ff\u3400-\u9fff])\ue002+(?=[^\\W_])(?![\u3040-\u30ff\u3400-\u9fff])"
)
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Characters that show nothing and only hint at layout: a soft hyphen (where a long word may break:
# "Bundes&shy;regierung"), a word joiner, a byte-order mark. Inside a word they would split it in
# two for the index and for anyone searching it.
INVISIBLE = re.compile("[\u00ad\u2060\ufeff]")


def glue(text: str) -> str:
    """`text` without the inline edges (SOFT) that fall inside a word."""
    return _EDGE.sub(_edge, text) if SOFT in text else text


def _edge(m: re.Match[str]) -> str:
    before, after = m.group(1), m.group(2)
    if before.isalpha() and after.islower():
        return ""
    return m.group(0)


def clean(text: Any) -> str:
    """Collapse whitespace and undo HTML entities left in metadata ("doesn&#8217;t"); non-strings
    become ''."""
    if not isinstance(text, str):
        return ""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(INVISIBLE.sub("", text).split())


def hidden(el: HtmlElement) -> bool:
    """Whether the element hides itself: the `hidden` attribute, or its own style (display: none,
    visibility: hidden). A hidden copy of a name or a sub-menu is not what the page shows."""
    style = el.get("style")
    return el.get("hidden") is not None or (bool(style) and _HIDING_STYLE.search(style) is not None)


def text_of(el: HtmlElement, sep: str = " ", breaks: frozenset[str] = BREAKS) -> str:
    """The element's text, with `sep` where a block child or a <br> (or another of `breaks`)
    breaks it ("JILL LAWLESS" and "Associated Press" in two <div>s are not one word), and a
    space where an inline element starts or ends between two words ("<b>W</b>ord" is one)."""
    if next(iter(el), None) is None:
        return clean(el.text)
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        element = isinstance(node.tag, str)  # (not a comment, whose .text is not page text)
        if element and node is not el:
            if node.tag in breaks:
                parts.append(sep)
            elif node.tag not in GLUE:
                parts.append(SOFT)  # an inline element's edge: a space unless inside a word
        if event == "start" and element and node.text:
            parts.append(node.text)
        elif event == "end" and node is not el and node.tail:
            parts.append(node.tail)
    return clean(_BETWEEN_WORDS.sub(" ", glue("".join(parts))).replace(SOFT, ""))


def article_root(root: HtmlElement, title: str = "", others: set[HtmlElement] | None = None) -> HtmlElement:
    """The page's `<article>` (the one whose <h1> is the headline `title`, else the first with no
    <h1> of another story: `others`, from other_stories when not given; teasers in a sidebar may
    be <article>s too), or articleBody, or `<main>` element, else `<body>`."""
    articles = list(root.iter("article"))
    if title:
        from .metadata import similar_titles  # (metadata builds on this module)

        for art in articles:
            h1 = art.find(".//h1")
            if h1 is not None and similar_titles(text_of(h1), title):
                return art
        others = other_stories(root, title) if others is None else others
        articles = [art for art in articles if art not in others]
    if articles:
        return articles[0]
    for path in (".//*[@itemprop='articleBody']", ".//main"):
        found = root.find(path)
        if found is not None:
            return found
    body = root.find("body")
    return body if body is not None else root


def other_stories(root: HtmlElement, title: str) -> set[HtmlElement]:
    """The <article>s under another story's <h1>, when the page's headline stands outside them:
    an endless page's next stories, whose bylines are not the page's. The headline is an <h1>,
    <h2> or <h3> like `title`, else a page-wide <h1> before them that reads as a headline (not
    as the site's logo) worded apart from the title tag."""
    from .metadata import similar_titles  # (metadata builds on this module)

    if not title:
        return set()
    page_h1 = None
    if not any(similar_titles(text_of(h), title) for h in root.iter(*HEADLINE_TAGS)):
        page_h1 = next(root.iter("h1"), None)
        if page_h1 is None or logo_like(page_h1) or any(a.tag == "article" for a in page_h1.iterancestors()):
            return set()
    found = set()
    seen = page_h1 is None  # (an <article> before the page-wide <h1> is no next story)
    for node in root.iter():
        if node is page_h1:
            seen = True
        elif node.tag == "article" and seen:
            h1 = node.find(".//h1")
            if h1 is not None and not similar_titles(text_of(h1), title):
                found.add(node)
    return found


def logo_like(h1: HtmlElement | None) -> bool:
    """Whether a page-wide <h1> unlike the page's title reads as the site's logo or another story's
    link (a few words, or mostly a link), not as a headline worded apart from the title tag."""
    if h1 is None:
        return True
    text = text_of(h1)
    linked = sum(len(text_of(a)) for a in h1.iter("a"))
    if len(text.split()) < 4 or linked * 2 >= len(text) or h1.find(".//img") is not None:
        return True
    wrappers = islice(h1.iterancestors(), 2)  # (not the <body>: "wp-custom-logo" marks every page)
    return any(_BRAND.search(f"{el.get('class', '')} {el.get('id', '')}") for el in (h1, *wrappers))


def following(el: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after `el` in document order (its descendants excluded)."""
    for ancestor in [el, *el.iterancestors()]:
        for sibling in ancestor.itersiblings():
            yield from sibling.iter()


def page_headline(root: HtmlElement) -> HtmlElement | None:
    """The page's <h1> that its <title> repeats (the site's logo or section may come first as an
    <h1> of its own), else its first <h1>."""
    h1s = list(islice(root.iter("h1"), _HEADLINE_LOOKUP))
    title = root.find(".//title")
    said = " ".join(text_of(title).split()).casefold() if title is not None else ""
    for h1 in h1s:
        words = " ".join(text_of(h1).split()).casefold()
        if len(words) >= 10 and words in said:
            return h1
    return h1s[0] if h1s else None


def lines_after_title(root: HtmlElement, within: int) -> Iterator[str]:
    """The text of each line (an element holding no block) among the first `within` elements
    after the page's headline (its first <h1> past the site's logo): where a byline or a date
    stands unmarked."""
    h1 = page_headline(root)
    for i, tag in enumerate(following(h1) if h1 is not None else ()):
        if i >= within:
            break
        text = _line_text(tag)
        if text is not None:
            yield text


def lines_before_title(root: HtmlElement, within: int) -> Iterator[str]:
    """The text of the last `within` non-empty lines (elements holding no block) before the
    page's first <h1>, nearest first: where a date stands above a headline, unmarked. None above
    an <h1> that reads as the site's logo (a masthead's date is the day's, not the story's)."""
    h1 = next(root.iter("h1"), None)
    if h1 is None or logo_like(h1):
        return
    lines: deque[str] = deque(maxlen=within)
    for tag in root.iter():
        if tag is h1:
            break
        if text := _line_text(tag):
            lines.append(text)
    yield from reversed(lines)


def lines_of(el: HtmlElement) -> Iterator[str]:
    """The text of each line inside `el`: each element holding text of its own and no block."""
    for tag in el.iter():
        if tag.tag not in INLINE and (text := _line_text(tag)):
            yield text


def _line_text(tag: HtmlElement) -> str | None:
    """The text of `tag` when it is a line (an element holding no block; not a script or a
    style), else None: a container's lines are looked at one by one."""
    if not isinstance(tag.tag, str) or tag.tag in ("script", "style"):
        return None
    if any(isinstance(child.tag, str) and child.tag not in INLINE for child in tag):
        return None
    return text_of(tag)
