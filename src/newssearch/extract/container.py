"""The elements that hold the story: the best-scoring block of paragraphs and its relatives."""

from __future__ import annotations

from lxml.html import HtmlElement

from .metadata import similar_titles
from .paragraphs import CUT, HEADINGS, Para, is_prose

# A sibling holding this many prose paragraphs and nothing else joins the story.
_PROSE_PARAS = 2


def containers(paras: list[Para], title: str = "") -> list[HtmlElement]:
    """The elements holding the story: the best-scoring paragraph parent, plus its relatives.

    A paragraph scores by length and commas, less its link share (a fourth for a cut-off
    teaser); its parent gets the score and its grandparent half. The best element (or, when it
    stands under another story's <h1>, the best block under the page's headline `title`) is
    climbed a few levels, wrappers around it alone not counted. At each level look-alike
    siblings (same tag and class: a story split into columns) join; at the first, also siblings
    scoring a fifth of the best or holding nothing but running text, with a subheading right
    before them. A block holding another story's <h1> never joins.
    """
    prose, prose_blocks = _running_text(paras)
    direct, total = _scores(paras)
    if not direct:
        return []
    best = max(direct, key=direct.__getitem__)
    best = _under_title(best, [e for e in direct if direct[e] >= 0.1 * direct[best]], title)
    threshold = max(10.0, direct[best] * 0.2)
    chosen = [best]
    taken = {best}  # the same, for membership tests (a page may have thousands of blocks)
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
            if el is node or el in taken or _other_story(el, title):
                continue
            # Nothing but running text (a paragraph or a few, under wrappers of their own).
            all_prose = _sole_block(el) in prose_blocks or prose.get(el, 0) >= _PROSE_PARAS
            strong = level == 0 and (total.get(el, 0.0) >= threshold or all_prose)
            # A story cut into repeated blocks (columns, cards) continues in its look-alike siblings.
            twin = kind[1] != "" and _kind(el) == kind and total.get(el, 0.0) > 0
            if strong or twin:
                chosen.append(el)
                taken.add(el)
        if level == 0:
            heads = _subheads(parent, taken)
            chosen += heads
            taken.update(heads)
        node = parent
        level += 1
    return chosen


def _running_text(paras: list[Para]) -> tuple[dict[HtmlElement, int], set[HtmlElement]]:
    """Per element, its prose paragraphs less 1,000 for each other line (positive: nothing but
    running text); and the blocks that are prose paragraphs. A subheading counts for neither
    side; a linked one (a teaser's headline) counts against."""
    prose: dict[HtmlElement, int] = {}
    prose_blocks: set[HtmlElement] = set()
    for para in paras:
        if para.heading and para.link_density <= 0.5:
            continue
        running = is_prose(para)
        if running:
            prose_blocks.add(para.block)
        for el in (para.block, *para.block.iterancestors()):
            prose[el] = prose.get(el, 0) + (1 if running else -1000)
    return prose, prose_blocks


def _scores(paras: list[Para]) -> tuple[dict[HtmlElement, float], dict[HtmlElement, float]]:
    """Each paragraph's points (length and commas, less its link share; a fourth for a cut-off
    teaser) summed for its parent, plus half for its grandparent (`direct`), and for every
    ancestor (`total`)."""
    direct: dict[HtmlElement, float] = {}
    total: dict[HtmlElement, float] = {}
    for para in paras:
        n = len(para.text)
        if n < 25 or para.heading:
            continue
        points = (1 + para.text.count(",") + para.text.count("、") + min(n // 100, 3)) * (
            1 - para.link_density
        )
        if para.text.endswith(CUT):
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
    return direct, total


def _under_title(best: HtmlElement, rivals: list[HtmlElement], title: str) -> HtmlElement:
    """`best`, or a rival scoring at least a tenth as well that stands under the page's own
    headline when `best` stands under another story's <h1> (the next story of an endless page)."""
    under: dict[HtmlElement, str] = {}  # each candidate: its own <h1>, else the last one before it
    wanted = set(rivals) | {best}
    last = title  # before any <h1> (the page's own may sit in a dropped <header>): the page's story
    for el in best.getroottree().getroot().iter():
        if el.tag == "h1":
            last = el.text_content()
        elif el in wanted:
            own = el.find(".//h1")
            under[el] = own.text_content() if own is not None else last
    if not title or not under.get(best) or similar_titles(under[best], title):
        return best
    return next((el for el in rivals if under.get(el) and similar_titles(under[el], title)), best)


def _other_story(el: HtmlElement, title: str) -> bool:
    """Whether `el` holds another story: an <h1> that is not the page's headline."""
    h1 = el.find(".//h1")
    return h1 is not None and bool(title) and not similar_titles(h1.text_content(), title)


def _subheads(parent: HtmlElement, chosen: set[HtmlElement]) -> list[HtmlElement]:
    """Children of `parent` that are a heading alone (under wrappers of its own) right before a
    chosen block: the story's subheadings, when each block of it is wrapped apart."""
    found = []
    children = [el for el in parent if isinstance(el.tag, str)]
    for el, after in zip(children, children[1:], strict=False):
        if el not in chosen and after in chosen and _sole_block(el).tag in HEADINGS:
            found.append(el)
    return found


def _sole_block(el: HtmlElement) -> HtmlElement:
    """The element inside `el`'s chain of single-child wrappers (`el` itself if it has none)."""
    while len(el) == 1 and isinstance(el[0].tag, str) and not (el.text or "").strip():
        el = el[0]
    return el


def _kind(el: HtmlElement) -> tuple[str, str]:
    """Tag and first class name: what repeated blocks of one layout have in common."""
    classes = (el.get("class") or "").split()
    return el.tag, classes[0] if classes else ""


def inside(el: HtmlElement, containers: set[HtmlElement]) -> bool:
    """Whether `el` is one of the chosen blocks or lies within one."""
    return el in containers or any(a in containers for a in el.iterancestors())
