"""The article body of an HTML page: drop boilerplate, find the block holding the story, keep its paragraphs.

One parse, two walks: lxml builds the tree (BeautifulSoup rebuilds it when lxml cannot, e.g.
pages nested deeper than libxml2 allows); one walk drops boilerplate elements, one flattens
the page into paragraphs, each remembering its block element and how much of it is link text.
The article container is the deepest element that holds most of the page's prose; the body is
that container's paragraphs minus link lists and one-line furniture ("Advertisement", "Share").
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree
from lxml import html as lhtml
from lxml.html import HtmlElement

from ..dates import parse_date
from ..errors import ExtractionError
from .metadata import Metadata, clean, read_metadata, similar_titles

# Elements that are never article text.
_DROP_TAGS = frozenset(
    "script style noscript template svg canvas iframe object embed button input select "
    "textarea nav footer aside header menu dialog figure figcaption video audio map head title".split()
)
# Elements that are boilerplate unless they hold most of the page's prose: a login or search <form>
# is junk, but ASP.NET and some CMSs wrap the whole page in one.
_WRAPPER_TAGS = frozenset(["form"])
# Elements that start a new paragraph.
_BLOCK = frozenset(
    "p div section article main li ul ol dl dt dd blockquote pre h1 h2 h3 h4 h5 h6 table tr td th "
    "tbody thead tfoot caption hr address center body html details summary fieldset".split()
)
# Inline elements often used inside a word (<b>W</b>ord, H<sub>2</sub>O): no space around them.
_GLUE = frozenset("sub sup wbr br".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# class/id words of media boxes (junk, unless they hold a quote: see _is_junk).
_MEDIA_WORDS = "image|photo|picture|video|player"
# class/id words that mark boilerplate containers.
_JUNK_ATTR = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|recommend(?:ed|ations)?|more-stories|newsletter|"
    r"subscri(?:be|ption)|signup|promo|advert(?:isement)?|ads?|ad-slot|sponsor(?:ed)?|cookies?|"
    r"consent|gdpr|comments?|disqus|sidebar|breadcrumbs?|navbar|nav|menu|footer|masthead|popup|"
    r"modal|outbrain|taboola|toolbar|skip-link|byline|dateline|"
    r"author-bio|tags|tag(?=$|\s)|tag-list|topics|read-more|most-popular|trending|captions?|credits?|"
    r"wp-caption|gallery|resgallery|slideshow|carousel|lightbox|rollover|tooltip|popover|hovercard|"
    rf"{_MEDIA_WORDS}|teaser|next-prev|prev-next|pagination|pager|recent-posts|"
    r"tagbox|recent)(?:$|[\s_-])"
    # ...and words that mark boilerplate even inside a longer class name ("inlinegallery-item").
    r"|gallery|caption|newsletter|carousel|slideshow|sidebar|advert|sponsor|outbrain|taboola|related",
    re.I,
)
# A class or id naming a comment thread or a recommendation widget, the whole name ("comments",
# "comment-list", "disqus_thread", "outbrain-widget"), not a modifier ("comments-open").
_THREAD = re.compile(
    r"^(?:[\w]+[-_])?(?:comments?|commentlist|disqus(?:_thread)?|outbrain|taboola|recommend(?:ed|ations)?|"
    r"more-stories|most-popular|trending)(?:[-_](?:area|section|list|wrapper|container|block|widget|box|"
    r"module|thread|feed|items?))?$",
    re.I,
)
# Class names that hide an element on every screen. Responsive ones ("hidden-xs", "hide-mobile",
# "d-none d-md-block") and Drupal's "field--label-hidden" on the body field show it somewhere.
_HIDDEN_CLASSES = frozenset(
    "hidden hide is-hidden invisible sr-only visually-hidden screen-reader-text element-invisible".split()
)
_SHOWN_AGAIN = re.compile(r"^d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|grid|table)$")
_MEDIA_ATTR = re.compile(rf"(?:^|[\s_-])(?:{_MEDIA_WORDS})(?:$|[\s_-])", re.I)
# Microdata properties whose elements restate metadata (often invisibly) rather than tell the story.
_META_ITEMPROPS = frozenset(
    "keywords image thumbnailurl url publisher logo datepublished datemodified author creator "
    "interactioncount wordcount".split()
)
# class/id words that mark the story itself: never dropped, whatever else the class says.
_STORY_ATTR = re.compile(
    r"(?:article|story|entry|post|news)[-_]?(?:body|content|text)|articlebody|main[-_]?content|body[-_]?text",
    re.I,
)
_FURNITURE = re.compile(
    r"^(advertisement|advert|sponsored|share( this( article| story)?)?( on \w+)?|read more|"
    r"related( stories| articles| content| news| posts| coverage)?|more|"
    r"subscribe.*|sign up.*|follow us.*|click here.*|"
    r"continue reading.*|(photo|image|video|credit|source): .*|getty images|"
    r"(all rights reserved|copyright|©).*|we use cookies.*|skip to .*|"
    r"(listen|print|email|comments?)( to this article)?|loading.*|top of page)\W*$",
    re.I,
)
_BY_LINE = re.compile(r"^(by|von|par|por)\s+[\w .,'’-]{2,80}$", re.I)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Lower-case words that join or sit inside names in a byline ("Jane Doe and John de la Roe").
_NAME_JOINERS = frozenset("and und et y e de del della da di van von der den la le du".split())
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}、。，．！？」』）])")
_SPACE_AFTER = re.compile(r"(?<=[(\[{「『（]) ")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CUT = ("...", "…", "[...]", "[…]")  # how a teaser's excerpt ends
PROSE_MIN=2
_COPY_CHARS = 600  # a run of repeated paragraphs this long is a second copy of the story
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_local = threading.local()


@dataclass
class _Para:
    text: str
    block: HtmlElement
    link_chars: int

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))

    @property
    def heading(self) -> bool:
        return self.block.tag in _HEADINGS


def _tidy(text: str) -> str:
    """Undo the spaces that inline-element boundaries put before punctuation ("word ," -> "word,")."""
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def _parser() -> lhtml.HTMLParser:
    # lxml parser objects must not be shared between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = lhtml.HTMLParser(remove_comments=True, remove_pis=True)
    return parser


def parse_html(text: str) -> HtmlElement:
    """Build the page's tree with lxml, or with BeautifulSoup where lxml would lose text."""
    text = _XML_DECL.sub("", text, count=1)
    parser = _parser()
    try:
        root = lhtml.document_fromstring(text, parser=parser)
        too_deep = any("depth" in e.message for e in parser.error_log)
    except (etree.ParserError, ValueError):
        root, too_deep = None, False
    if root is not None and not too_deep:
        return root
    from lxml.html import soupparser  # BeautifulSoup: only for what lxml cannot read; slow to import

    try:
        return soupparser.fromstring(text)
    except RecursionError:
        raise ExtractionError("markup nested too deeply to read") from None
    except Exception as err:  # BeautifulSoup gave up as well: not a page we can read
        raise ExtractionError(f"unreadable markup ({type(err).__name__})") from None


def _attrs(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _is_junk(el: HtmlElement) -> bool:
    if el.tag in ("body", "html", "main", "article"):
        return False
    if el.tag in _WRAPPER_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if (el.get("role") or "").lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    if (el.get("itemprop") or "").lower() in _META_ITEMPROPS:
        return True
    classes = (el.get("class") or "").split()
    if _HIDDEN_CLASSES.intersection(classes) or (
        "d-none" in classes and not any(_SHOWN_AGAIN.match(c) for c in classes)
    ):
        return True
    attrs = _attrs(el)
    if not _JUNK_ATTR.search(attrs) or _STORY_ATTR.search(attrs):
        return False
    # A media box holding a quote (an embedded post the story cites) is part of the story.
    media_only = _MEDIA_ATTR.search(attrs) and not _JUNK_ATTR.search(_MEDIA_ATTR.sub(" ", attrs))
    return not (media_only and el.find(".//blockquote") is not None)


def _drop(elements: list[HtmlElement]) -> None:
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element


def _prose(el: HtmlElement) -> int:
    """Characters of paragraph text under `el`: what a story is made of."""
    return sum(len(p.text_content()) for p in el.iter("p"))


def _drop_boilerplate(root: HtmlElement) -> None:
    """Remove elements that are never the story: first by tag, then by class/id/role."""
    # Comments and processing instructions only survive in BeautifulSoup's tree; drop them too.
    _drop([el for el in root.iter() if not isinstance(el.tag, str) or el.tag in _DROP_TAGS])
    # Reader comments and recommendation widgets go whatever their size: a long thread is no story.
    _drop([el for el in root.iter() if _is_thread(el)])
    total = _prose(root)
    # A "sidebar" or "modal" class on a wrapper holding most of the page's prose is layout, not junk.
    _drop([el for el in root.iter() if _is_junk(el) and _prose(el) <= 0.4 * total])


def _is_thread(el: HtmlElement) -> bool:
    if el.tag in ("body", "html", "main", "article"):
        return False
    names = [el.get("id") or "", *(el.get("class") or "").split()]
    return any(_THREAD.match(n) for n in names if n)


def _paragraphs(root: HtmlElement) -> list[_Para]:
    """Flatten the tree into paragraphs, in one non-recursive walk."""
    paras: list[_Para] = []
    buf: list[str] = []
    link_chars = 0
    in_link = 0
    blocks: list[HtmlElement] = [root]

    def flush(block: HtmlElement) -> None:
        nonlocal link_chars
        raw = "".join(buf)
        buf.clear()
        for chunk in re.split(r"\n\s*\n", raw):
            text = _tidy(" ".join(_SPACES.sub(" ", chunk).split()))
            if text:
                paras.append(_Para(text, block, min(link_chars, len(text))))
        link_chars = 0

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag in _BLOCK:
                flush(blocks[-1])
                blocks.append(el)
            elif tag == "br":
                buf.append("\n")
            else:
                if tag == "a":
                    in_link += 1
                if tag not in _GLUE:
                    buf.append(" ")  # inline boundaries separate words (CJK text has no spaces)
            if el.text:
                buf.append(el.text)
                if in_link:
                    link_chars += len(el.text.strip())
        else:
            if tag in _BLOCK:
                flush(el)
                blocks.pop()
            else:
                if tag == "a":
                    in_link -= 1
                if tag not in _GLUE:
                    buf.append(" ")
            if el.tail and el is not root:
                buf.append(el.tail)
                if in_link:
                    link_chars += len(el.tail.strip())
    flush(root)
    return paras


def _containers(paras: list[_Para], title: str = "") -> list[HtmlElement]:
    """The elements holding the story: the best-scoring paragraph parent, plus strong relatives.

    A paragraph scores by length and commas, less its link share; its parent gets the score and
    its grandparent half. From the best element we climb a few levels (wrappers around it alone
    not counted), taking at each level the siblings whose paragraphs score at least a fifth of
    the best and look-alike blocks (a story split into columns, or one wrapper per paragraph).
    """
    direct: dict[HtmlElement, float] = {}
    total: dict[HtmlElement, float] = {}
    prose: dict[HtmlElement, int] = {}  # per element: its prose paragraphs, less 1000 per other line
    prose_blocks = set()
    for para in paras:
        if not para.heading:
            is_prose = _is_prose(para)
            if is_prose:
                prose_blocks.add(para.block)
            for el in (para.block, *para.block.iterancestors()):
                prose[el] = prose.get(el, 0) + (1 if is_prose else -1000)
    for para in paras:
        n = len(para.text)
        if n < 25 or para.heading:
            continue
        points = (1 + para.text.count(",") + para.text.count("、") + min(n // 100, 3)) * (
            1 - para.link_density
        )
        if para.text.endswith(_CUT):
            points /= 4  # a teaser's excerpt, cut off ("... may soon..."): another story's
        parent = para.block.getparent()  # a <p>, or a <div> used as one, scores for its parent
        if parent is None:
            continue
        direct[parent] = direct.get(parent, 0.0) + points
        grand = parent.getparent()
        if grand is not None:
            direct[grand] = direct.get(grand, 0.0) + points / 2
        for el in parent.iterancestors():
            total[el] = total.get(el, 0.0) + points
        total[parent] = total.get(parent, 0.0) + points
    if not direct:
        return []
    best = max(direct, key=direct.__getitem__)
    best = _under_title(best, [e for e in direct if direct[e] >= 0.1 * direct[best]], title)
    threshold = max(10.0, direct[best] * 0.2)
    chosen = [best]
    node = best
    level = 0
    while level < 3:
        parent = node.getparent()
        if parent is None:
            break
        if level == 0 and not any(el is not node and any(t.strip() for t in el.itertext()) for el in parent):
            # Wrappers around the best block alone (paragraphs wrapped a few levels deep each, in
            # classes hashed per block): climbing them costs no level.
            node = parent
            continue
        kind = _kind(node)
        for el in parent:
            if el is node or el in chosen or _other_story(el, title):
                continue
            # Nothing but running text (a paragraph or a few, under wrappers of their own).
            all_prose = _sole_block(el) in prose_blocks or prose.get(el, 0) >= PROSE_MIN
            strong = level == 0 and (total.get(el, 0.0) >= threshold or all_prose)
            # A story cut into repeated blocks (columns, cards) continues in its look-alike siblings.
            twin = kind[1] != "" and _kind(el) == kind and total.get(el, 0.0) > 0
            if strong or twin:
                chosen.append(el)
        if level == 0:
            chosen += _subheads(parent, set(chosen))
        node = parent
        level += 1
    return chosen


def _subheads(parent: HtmlElement, chosen: set[HtmlElement]) -> list[HtmlElement]:
    """Children of `parent` that are a heading alone (under wrappers of its own) right before a
    chosen block: the story's subheadings, when each block of it is wrapped apart."""
    found = []
    children = [el for el in parent if isinstance(el.tag, str)]
    for el, after in zip(children, children[1:], strict=False):
        if el not in chosen and after in chosen and _sole_block(el).tag in _HEADINGS:
            found.append(el)
    return found


def _other_story(el: HtmlElement, title: str) -> bool:
    """Whether `el` holds another story: an <h1> that is not the page's headline."""
    h1 = el.find(".//h1")
    return h1 is not None and bool(title) and not similar_titles(h1.text_content(), title)


def _under_title(best: HtmlElement, rivals: list[HtmlElement], title: str) -> HtmlElement:
    """`best`, or a rival scoring at least a tenth as well that stands under the page's own
    headline when `best` stands under another story's <h1> (the next story of an endless page)."""
    under: dict[HtmlElement, str] = {}  # each candidate: its own <h1>, else the last one before it
    wanted = set(rivals) | {best}
    last = ""
    for el in best.getroottree().getroot().iter():
        if el.tag == "h1":
            last = el.text_content()
        elif el in wanted:
            own = el.find(".//h1")
            under[el] = own.text_content() if own is not None else last
    if not title or not under.get(best) or similar_titles(under[best], title):
        return best
    return next((el for el in rivals if under.get(el) and similar_titles(under[el], title)), best)


def _sole_block(el: HtmlElement) -> HtmlElement:
    """The element inside `el`'s chain of single-child wrappers (`el` itself if it has none)."""
    while len(el) == 1 and isinstance(el[0].tag, str) and not (el.text or "").strip():
        el = el[0]
    return el


def _kind(el: HtmlElement) -> tuple[str, str]:
    """Tag and first class name: what repeated blocks of one layout have in common."""
    classes = (el.get("class") or "").split()
    return el.tag, classes[0] if classes else ""


def _is_prose(para: _Para) -> bool:
    """A paragraph that reads as running text: long, or a full sentence, and neither a link list
    nor a teaser's excerpt cut off with an ellipsis."""
    n = len(para.text)
    if para.link_density >= 0.25 or para.text.endswith(_CUT):
        return False
    return n > 80 or (n > 20 and para.text.endswith((".", "!", "?", "。")))


def _is_byline(text: str) -> bool:
    """A "By Jane Doe, Reuters" line: "by" and names, not a sentence ("By the end of the day, ...")."""
    if not _BY_LINE.match(text):
        return False
    words = [w for w in _NAME_WORD.findall(text)[1:] if w.lower() not in _NAME_JOINERS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _names_as_byline(name: str, text: str) -> bool:
    """Whether `name` stands in `text` as a byline credits it: followed by the end, punctuation,
    a joining word or a date ("Jane Doe, Reporter", "Jane Doe and John Roe", "Jane Doe on
    Monday"), not by more words ("Beachbody Performance Recharge": a product named after the
    author)."""
    after = r"(?=\s*(?:$|[,;:|·•/()\[\]&\-–—]|(?:and|und|et|y|e|on|for|am|le)\b|\d))"
    return re.search(rf"(?<!\w){re.escape(name)}{after}", text, re.I) is not None


def _keep(para: _Para, byline_names: list[str]) -> bool:
    text = para.text
    if para.link_density > 0.5 and len(text) < 300 and not para.heading:
        # A link list, unless it is a sentence that happens to carry a long link.
        sentence = text.endswith((".", "!", "?", "。")) and len(text) - para.link_chars >= 40
        if not sentence or para.link_density > 0.8:
            return False
    if len(text) < 120 and _FURNITURE.match(text):
        return False
    if len(text) < 90 and _is_byline(text):
        return False
    if len(text) < 50 and parse_date(text) is not None:
        return False  # a bare timestamp line ("2021-03-04", "Updated March 4, 2021 10:02 ET")
    if byline_names and len(text) < 90 and all(_names_as_byline(n, text) for n in byline_names):
        return False  # the byline ("By Jane Doe, Reporter"), not a line that uses a name
    return True


def _teaser_runs(paras: list[_Para]) -> set[int]:
    """Positions of headlines that are links to other stories, two or more in a row: a list of
    teasers ("More:", "Related news"). A linked heading followed by prose (a product in a gift
    guide, a section of the story) is left alone."""
    linked = [p.heading and p.link_density > 0.8 for p in paras]
    return {
        i
        for i, is_linked in enumerate(linked)
        if is_linked and ((i > 0 and linked[i - 1]) or (i + 1 < len(linked) and linked[i + 1]))
    }


def _drop_copies(texts: list[str]) -> list[str]:
    """The texts minus later copies of the story (print, AMP and teaser copies on one page).

    A copy is a run of long paragraphs seen before, in their first order, of at least
    `_COPY_CHARS` characters. Shorter repeats are the story repeating itself (the same recipe
    in each of five meal plans) and stay.
    """
    long = [i for i, t in enumerate(texts) if len(t) >= 120]
    first: dict[str, int] = {}
    drop: set[int] = set()
    run: list[int] = []  # positions in `long` of the current run of copies
    for k, i in enumerate(long):
        origin = first.setdefault(texts[i], k)
        if origin == k:
            run = []
            continue
        if run and first[texts[long[run[-1]]]] != origin - 1:
            run = []
        run.append(k)
        if sum(len(texts[long[j]]) for j in run) >= _COPY_CHARS:
            drop.update(long[j] for j in run)
    return [t for i, t in enumerate(texts) if i not in drop]


def _strays_from(body: str, ld_body: str) -> bool:
    """Whether the extracted body shares less than half the word 4-grams of a long JSON-LD
    articleBody: then the page's own statement of its story is right and our pick (another
    story on the page) is wrong."""
    if len(ld_body) < 500:
        return False
    grams = _grams(ld_body)
    return len(grams & _grams(body)) < 0.5 * len(grams)


def _grams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text)
    return {tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))}


def _inside(el: HtmlElement, containers: set[HtmlElement]) -> bool:
    return el in containers or any(a in containers for a in el.iterancestors())


def extract_html(text: str, url: str | None = None) -> tuple[Metadata, str]:
    """Parse an HTML page once and return its metadata and body (paragraphs joined by blank lines)."""
    root = parse_html(text)
    md = read_metadata(root, url)
    _drop_boilerplate(root)
    paras = _paragraphs(root)
    first_h1 = next(root.iter("h1"), None)
    headline = md.h1 or md.title or (first_h1.text_content() if first_h1 is not None else "")
    containers = _containers(paras, headline)
    if containers:
        chosen = set(containers)
        paras = [p for p in paras if _inside(p.block, chosen)]
    title = clean(md.h1 or md.title or "")
    kept: list[str] = []
    teasers = _teaser_runs(paras)
    for i, p in enumerate(paras):
        if i in teasers:
            continue
        if _keep(p, md.authors) and not (p.block.tag == "h1" and p.text == title):
            kept.append(p.text)
    kept = _drop_copies(kept)
    if not kept:
        # Nothing but lines that usually surround a story ("BY FIRST BOSTON" as a wire brief's
        # one line): that line is the story. Link lists and page furniture stay out.
        kept = [
            p.text
            for p in paras
            if p.link_density <= 0.5
            and not _FURNITURE.match(p.text)
            and not (p.block.tag == "h1" and p.text == title)
        ]
    body = "\n\n".join(kept)
    if md.ld_body and (len(md.ld_body) > 2 * len(body) or _strays_from(body, md.ld_body)):
        paragraphs = (" ".join(chunk.split()) for chunk in md.ld_body.splitlines())
        body = "\n\n".join(p for p in paragraphs if p)
    return md, body
