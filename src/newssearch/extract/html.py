"""The article body of an HTML page: drop boilerplate, find the block holding the story, keep its paragraphs.

One parse, one walk: the page is flattened into paragraphs (each remembering the block element it
came from and how much of it is link text); the article container is the deepest element that
holds most of the page's prose; the body is that container's paragraphs minus link lists and
one-line furniture ("Advertisement", "Share this article").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from ..dates import parse_date
from .metadata import Metadata, clean, read_metadata

# Elements that are never article text.
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "footer",
    "aside",
    "header",
    "menu",
    "dialog",
    "figure",
    "figcaption",
    "video",
    "audio",
    "map",
]
# Elements that start a new paragraph.
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "hr",
    "address",
    "center",
    "body",
    "html",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# class/id words that mark boilerplate containers.
_JUNK_ATTR = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|recommend(?:ed|ations)?|more-stories|newsletter|"
    r"subscri(?:be|ption)|signup|promo|advert(?:isement)?|ads?|ad-slot|sponsor(?:ed)?|cookies?|"
    r"consent|gdpr|comments?|disqus|sidebar|breadcrumbs?|navbar|nav|menu|footer|masthead|popup|"
    r"modal|outbrain|taboola|toolbar|skip-link|sr-only|visually-hidden|hidden|byline|dateline|"
    r"author-bio|tags?|tag-list|topics|read-more|most-popular|trending|paywall)(?:$|[\s_-])",
    re.I,
)
_FURNITURE = re.compile(
    r"^(advertisement|advert|sponsored|share( this( article| story)?)?( on \w+)?|read more|"
    r"related( stories| articles| content)?|subscribe.*|sign up.*|follow us.*|click here.*|"
    r"continue reading.*|(photo|image|video|credit|source): .*|getty images|"
    r"(all rights reserved|copyright|©).*|we use cookies.*|skip to .*|"
    r"(listen|print|email|comments?)( to this article)?|loading.*|top of page)\W*$",
    re.I,
)
_BY_LINE = re.compile(r"^(by|von|par|por)\s+[\w .,'’-]{2,80}$", re.I)
_SKIP_NODES = (Comment, Declaration, Doctype, ProcessingInstruction)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


@dataclass
class _Para:
    text: str
    block: Tag
    link_chars: int
    heading: bool

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _is_junk(tag: Tag) -> bool:
    if tag.name in ("body", "html", "main", "article"):
        return False
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    if str(tag.get("role", "")).lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    classes = tag.get("class")
    attrs = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    attrs += " " + str(tag.get("id") or "")
    return bool(attrs.strip()) and bool(_JUNK_ATTR.search(attrs))


def _paragraphs(root: Tag) -> list[_Para]:
    """Flatten `root` into paragraphs, without recursion (pages can nest thousands deep)."""
    paras: list[_Para] = []
    buf: list[str] = []
    link_chars = 0

    def flush(block: Tag) -> None:
        nonlocal link_chars
        raw = "".join(buf)
        buf.clear()
        for chunk in re.split(r"\n\s*\n", raw):
            text = " ".join(_SPACES.sub(" ", chunk).split())
            if text:
                share = min(link_chars, len(text))
                paras.append(_Para(text, block, share, block.name in _HEADINGS))
        link_chars = 0

    # Stack of (element, child iterator, inside-link flag).
    stack: list[tuple[Tag, object, bool]] = [(root, iter(root.children), False)]
    while stack:
        node, children, in_link = stack[-1]
        child = next(children, None)  # type: ignore[call-overload]
        if child is None:
            stack.pop()
            if node.name in _BLOCK:
                flush(node)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIP_NODES):
                text = str(child)
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            buf.append("\n")
            continue
        if name in _BLOCK:
            flush(node)
        stack.append((child, iter(child.children), in_link or name == "a"))
    return paras


def _container(paras: list[_Para]) -> Tag | None:
    """The deepest element holding at least 3/4 of the page's prose (long, link-poor paragraphs)."""
    weight: dict[int, int] = {}
    elements: dict[int, Tag] = {}
    depth: dict[int, int] = {}
    total = 0
    for para in paras:
        if len(para.text) < 50 or para.link_density > 0.4 or para.heading:
            continue
        total += len(para.text)
        chain = [para.block, *para.block.parents]
        for level, el in enumerate(reversed(chain)):
            key = id(el)
            weight[key] = weight.get(key, 0) + len(para.text)
            elements[key] = el
            depth[key] = level
    if not total:
        return None
    holding = [k for k, w in weight.items() if w >= 0.75 * total]
    return elements[max(holding, key=depth.__getitem__)] if holding else None


def _keep(para: _Para, byline_names: list[str]) -> bool:
    text = para.text
    if para.link_density > 0.5 and len(text) < 300:
        return False
    if len(text) < 120 and _FURNITURE.match(text):
        return False
    if len(text) < 90 and _BY_LINE.match(text):
        return False
    if len(text) < 50 and parse_date(text) is not None:
        return False  # a bare timestamp line ("2021-03-04", "Updated March 4, 2021 10:02 ET")
    if byline_names and len(text) < 90 and all(n.lower() in text.lower() for n in byline_names):
        return False
    return True


def extract_html(text: str, url: str | None = None) -> tuple[Metadata, str]:
    """Parse an HTML page once and return its metadata and body (paragraphs joined by blank lines)."""
    soup = BeautifulSoup(text, "lxml")
    md = read_metadata(soup, url)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = soup.body or soup
    total = len(root.get_text())
    for tag in soup.find_all(_is_junk):
        # A "sidebar" or "modal" class on a wrapper holding most of the page is layout, not junk.
        if not tag.decomposed and len(tag.get_text()) < 0.4 * total:
            tag.decompose()
    paras = _paragraphs(root)
    container = _container(paras)
    if container is not None:
        paras = [p for p in paras if p.block is container or container in p.block.parents]
    title = clean(md.h1 or md.title or "")
    kept = [
        p.text
        for p in paras
        if _keep(p, md.authors) and not (p.heading and p.block.name == "h1" and p.text == title)
    ]
    body = "\n\n".join(kept)
    if md.ld_body and len(md.ld_body) > 2 * len(body):
        body = "\n\n".join(" ".join(chunk.split()) for chunk in md.ld_body.splitlines() if chunk.strip())
    return md, body
