"""The elements that hold the story: the best-scoring block of paragraphs and its relatives."""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from .metadata import similar_titles
from .paragraphs import BLOCKS, CUT, HEADINGS, Para, ends_sentence, is_prose
from .visible import HEADLINE_TAGS

# Commas of the scripts news is written in (Latin, Japanese, Chinese, Arabic).
_COMMAS = (",", "、", "，", "،")
# A sibling holding this many prose paragraphs and little else (see _running_text) joins the story.
_PROSE_PARAS = 2
# An ancestor of the best block scoring this share of its score is the story's block: the best
# one is a box inside the story (a fact box; the story's own paragraphs carry links).
_NEAR = 0.9
# Characters of text before another story's <h1> in a block that make it a teaser inside the story.
_EMBEDDED = 200
# A paragraph of a cookie-consent notice: cookies, and consent, partners or personal data, in
# the languages news is most often kept in (matched at the start only: a lookahead per position
# would be quadratic in a long paragraph).
_CONSENT = re.compile(
    r"(?=.*\bcookies?\b)(?=.*\b(?:consent|partners|personal data|einwilligung|partner|"
    r"personenbezogene|consentement|partenaires|données personnelles|consentimiento|socios|"
    r"datos personales|consenso|dati personali|toestemming|persoonsgegevens)\b)",
    re.I | re.S,
)
# Empty elements of these tags are spacers between a story's paragraphs, not content.
_SPACERS = frozenset(["p", "div", "span", "br"])
# The weight of a paragraph's points when it comes before the page's headline.
_ABOVE = 0.5
# Wrappers around the fourth level's block alone climbed for free (a CMS component's section and
# its own wrapper; a third let a hashed-classes page's sidebar join its story).
_FREE_TOP = 2
# A block scoring this share of the best block's, in the element around the page's headline that
# holds one, is the story's: the best one outside it is a sidebar's.
_BY_HEADLINE = 1 / 3
# Levels above another story's <h1> within which the block it heads stands (an <article>, its
# header and its body): farther off, the <h1> is a card's title, not the next story's headline.
_OVER = 4
# Words of the page's description that open its own story's block, and the characters of a
# block's start where they are looked for.
_OPENING = 8
_HEAD_CHARS = 600
_WORDS = re.compile(r"\w+")
# Levels above the best block within which the element around the page's headline is weighed
# against it (a story of modules: a tips box inside it outscores each module).
_HOLDER_LEVELS = 5
_H1S = 20  # <h1>s looked at for the headline (a page may have hundreds)


def containers(
    paras: list[Para], title: str = "", description: str = ""
) -> tuple[list[HtmlElement], set[int]]:
    """The elements holding the story (the best-scoring paragraph parent, plus its relatives), and
    the positions of paragraphs outside them that are story too.

    A paragraph scores by length and commas, less its link share (a fourth for a cut-off
    teaser); its parent (past wrappers around it alone; a <div> of paragraphs parted by <br>s is
    their own) gets the score and its grandparent half. The best element (or one scoring a third
    as well or more that stands closer to the page's one headline `title`: the best is a long
    text in a sidebar; or its look-alike that opens with the page's `description`, on a page of
    whole stories; or, when it stands under another story's <h1>, the best block under the
    page's headline; or an ancestor (of the nearest two, or up to five levels up the element
    around the page's one headline: a story of modules) scoring nearly as well, counting (when
    it holds paragraphs of its own: the story's first part) its children of running text and the
    running text right after it, or whose look-alike children of running text do: the best is a
    box inside the story, or beside a story cut into chunks or broken by an advert) is climbed
    four levels, wrappers around it alone not counted. At each level look-alike siblings (same
    tag and class: a story split into columns or a CMS's components) join, at the fourth (past
    up to two wrappers around the third alone) only those of running text; at the first, also
    siblings scoring a fifth of the best or holding nothing but running text, with a subheading
    right before them; at the second, the <p>s of running text right before (the story's lead,
    outside the wrapper of its rest); and the prose paragraphs of the first level's own text
    (parted by <br>s around the best block, as a <p> sibling would join). A block holding
    another story's <h1> never joins, nor does one above the page's headline, whose paragraphs
    score half (a banner, a blurb).
    """
    prose, prose_blocks = _running_text(paras)
    above = _above_headline(paras[0].block, title) if paras else set()
    direct, total = _scores(paras, above)
    if not direct:
        return [], set()
    headline = _one_headline(paras[0].block.getroottree().getroot(), title)
    top = _near_headline(max(direct, key=direct.__getitem__), direct, headline)
    top = _described(top, direct, description)
    best = pick = _under_title(top, [e for e in direct if direct[e] >= 0.1 * direct[top]], title)
    if pick is top:
        branch = top
        holder = _headline_holder(headline)
        for k, el in enumerate(islice(top.iterancestors(), _HOLDER_LEVELS)):
            if k >= 2 and el is not holder:
                branch = el
                continue  # (past two levels, only the element right around the page's headline)
            if _other_stories(el, title):
                break
            own = direct.get(el, 0.0)
            if total.get(el, 0.0) > sum(total.get(child, 0.0) for child in el):  # paragraphs of its own
                own = _story_parts(el, branch, own, prose, prose_blocks, total, direct[top], title)
            if max(own, _chunks(el, branch, prose, total)) >= _NEAR * direct[top]:
                best = el  # the story's own block, scoring nearly as well as a box inside it
            branch = el
    threshold = max(10.0, direct[pick] * 0.2)
    chosen = [best]
    taken = {best}  # the same, for membership tests (a page may have thousands of blocks)
    node = best
    level = 0
    first_level: HtmlElement | None = None  # the parent of the best block, past its wrappers
    free_top = _FREE_TOP
    while level < 4:
        parent = node.getparent()
        if parent is None:
            break
        if level == 0 and not _text_beside(node, parent):
            # Wrappers around the best block alone (paragraphs wrapped a few levels deep each, in
            # classes hashed per block): climbing them costs no level.
            node = parent
            continue
        if level == 3 and free_top and wraps_one(parent):
            # Wrappers around the story's component alone, as each of a CMS's components has (a
            # section and the component's own): its look-alike siblings are above them.
            free_top -= 1
            node = parent
            continue
        kind = _kind(node)
        for el in parent:
            if el is node or el in taken or el in above or _other_story(el, title):
                continue
            # Nothing but running text (a paragraph or a few, under wrappers of their own; one
            # under its subheading, however deep the wrappers: a section of the story).
            needed = 1 if _section(el, prose) else _PROSE_PARAS
            all_prose = _sole_block(el) in prose_blocks or prose.get(el, 0) >= needed
            strong = level == 0 and (total.get(el, 0.0) >= threshold or all_prose)
            # A story cut into repeated blocks (columns, cards) continues in its look-alike siblings.
            twin = kind[1] != "" and _kind(el) == kind and total.get(el, 0.0) > 0
            if level == 3:  # (so high up, look-alike blocks of short lines are a page's furniture)
                twin = twin and _running(el, prose, prose_blocks)
            if strong or twin:
                chosen.append(el)
                taken.add(el)
        if level == 1:
            # The story's first paragraphs, right before the block holding the rest (its lead,
            # outside the wrapper of a paywall or of sections).
            lead = _lead(node, prose_blocks)
            chosen += lead
            taken.update(lead)
        if level == 0:
            first_level = parent
            heads = _subheads(parent, taken)
            chosen += heads
            taken.update(heads)
        node = parent
        level += 1
    loose = {i for i, p in enumerate(paras) if p.block is first_level and is_prose(p)}
    return chosen, loose


def _story_parts(
    el: HtmlElement,
    branch: HtmlElement,
    own: float,
    prose: dict[HtmlElement, int],
    prose_blocks: set[HtmlElement],
    total: dict[HtmlElement, float],
    limit: float,
    title: str,
) -> float:
    """The score of the story `el` begins (`own`: its direct score), its parts outside `branch`
    (the child holding the best block, a box inside the story) counted: its own paragraphs and
    its children that are running text (the rest of the story wrapped apart inside it, behind a
    paywall), or `own` if more; plus the running text right after `el`, past empty blocks (the
    story going on after an advert). A block scoring `limit` (the best block's score) or more is
    a story of its own (a second copy, the next post), as is one under another story's <h1>:
    it does not count, and after `el` the count stops there."""
    inside = total.get(el, 0.0) - sum(total.get(child, 0.0) for child in el)
    parts = (child for child in el if child is not branch and not _apart(child, total, limit, title))
    inside += sum(total.get(child, 0.0) for child in parts if _running(child, prose, prose_blocks))
    score = max(own, inside)
    for sib in el.itersiblings():
        if _apart(sib, total, limit, title):
            break
        if _running(sib, prose, prose_blocks):
            score += total.get(sib, 0.0)
        elif total.get(sib, 0.0) > 0:
            break
    return score


def _apart(el: HtmlElement, total: dict[HtmlElement, float], limit: float, title: str) -> bool:
    """Whether `el` is a story of its own: it scores `limit` or more, or stands under another
    story's <h1>."""
    return total.get(el, 0.0) >= limit or _other_stories(el, title)


def _running(el: HtmlElement, prose: dict[HtmlElement, int], prose_blocks: set[HtmlElement]) -> bool:
    """Whether `el` is running text: two prose paragraphs or more, or one alone."""
    return prose.get(el, 0) >= _PROSE_PARAS or _sole_block(el) in prose_blocks


def _chunks(
    el: HtmlElement, branch: HtmlElement, prose: dict[HtmlElement, int], total: dict[HtmlElement, float]
) -> float:
    """The score of the largest set of look-alike children of `el` that are running text, or of
    look-alike grandchildren (the entries of a list: a live blog), `branch` (the child holding
    the best block) aside: a story cut into chunks (between advertisements) beside a box that
    outweighs each chunk alone. Sections (each opening with its one subheading, past wrappers)
    look alike whatever their classes."""
    groups: dict[tuple[int, str, str], list[float]] = {}
    for child in el:
        if child is branch:
            continue
        for depth, part in ((1, child), *((2, inner) for inner in child)):
            if prose.get(part):
                kind = (part.tag, "") if _section(part, prose) else _kind(part)
                groups.setdefault((depth, *kind), []).append(total.get(part, 0.0))
    return max((sum(g) for g in groups.values() if len(g) >= 2), default=0.0)


def _running_text(paras: list[Para]) -> tuple[dict[HtmlElement, int], set[HtmlElement]]:
    """Per element, its prose paragraphs when it is running text (four fifths of its characters
    prose, the linked characters of other lines counted at a quarter: a "Read also" link among a
    story's paragraphs; no linked heading: a teaser's headline), else 0; and the blocks that are
    prose paragraphs. A plain subheading counts for neither side, nor does a sentence too short
    for prose whose links are under four fifths of its text (a story citing its sources); a cookie-consent
    notice's legal prose is no running text."""
    count: dict[HtmlElement, int] = {}
    balance: dict[HtmlElement, int] = {}  # prose characters less four times the others'
    prose_blocks: set[HtmlElement] = set()
    for para in paras:
        if para.heading and para.link_density <= 0.5:
            continue
        running = is_prose(para) and not _CONSENT.match(para.text)
        if running:
            prose_blocks.add(para.block)
        if running:
            weight = len(para.text)
        elif para.link_density < 0.8 and ends_sentence(para.text):
            weight = 0
        else:
            linked = min(para.link_chars, len(para.text))
            weight = -(10**9 if para.heading else 4 * (len(para.text) - linked) + linked)
        for el in (para.block, *para.block.iterancestors()):
            count[el] = count.get(el, 0) + running
            balance[el] = balance.get(el, 0) + weight
    return {el: n for el, n in count.items() if balance[el] >= 0}, prose_blocks


def _scores(
    paras: list[Para], above: set[HtmlElement]
) -> tuple[dict[HtmlElement, float], dict[HtmlElement, float]]:
    """Each paragraph's points (length and commas, less its link share; a fourth for a cut-off
    teaser, half for one `above` the headline) summed for its parent, plus half for its
    grandparent (`direct`), and for every ancestor (`total`)."""
    direct: dict[HtmlElement, float] = {}
    total: dict[HtmlElement, float] = {}
    per_block: dict[HtmlElement, int] = {}
    for para in paras:
        per_block[para.block] = per_block.get(para.block, 0) + 1
    for para in paras:
        n = para.size
        if n < 25 or para.heading:
            continue
        commas = sum(para.text.count(c) for c in _COMMAS)
        points = (1 + commas + min(n // 100, 3)) * (1 - para.link_density)
        if para.text.endswith(CUT):
            points /= 4  # a teaser's excerpt, cut off ("... may soon..."): another story's
        if para.block in above:
            points *= _ABOVE  # before the page's headline: a banner, a blurb about the publisher
        if _CONSENT.match(para.text):
            points /= 10  # a cookie-consent notice's legal prose (a story on cookies has more)
        # A <p>, or a <div> used as one, scores for its parent; a <div> holding paragraphs
        # parted by <br>s is the story's own block.
        block = para.block
        parent = block if per_block[block] > 1 and block.tag != "p" else block.getparent()
        while parent is not None and wraps_one(parent):
            parent = parent.getparent()  # a wrapper around this paragraph alone is not its parent
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
    headline (an <h1>, or an <h2> or <h3> like `title`) when `best` stands under another story's
    <h1> (the next story of an endless page)."""
    under: dict[HtmlElement, str] = {}  # each candidate: its own <h1>, else the last one before it
    wanted = set(rivals) | {best}
    last = title  # before any <h1> (the page's own may sit in a dropped <header>): the page's story
    last_h1: HtmlElement | None = None
    over_best: HtmlElement | None = None  # the <h1> before `best`
    for el in best.getroottree().getroot().iter():
        if el.tag == "h1" or (el.tag in HEADLINE_TAGS and similar_titles(el.text_content(), title)):
            last, last_h1 = el.text_content(), el  # (a page may set its headline in an <h2>)
        elif el in wanted:
            own = el.find(".//h1")
            under[el] = own.text_content() if own is not None else last
            over_best = last_h1 if el is best and own is None else over_best
    if not title or not under.get(best) or similar_titles(under[best], title):
        return best
    if over_best is not None and not _heads(over_best, best):
        return best  # a card's heading far above it (a site setting every card's title in an <h1>)
    return next((el for el in rivals if under.get(el) and similar_titles(under[el], title)), best)


def _one_headline(root: HtmlElement, title: str) -> HtmlElement | None:
    """The page's headline: its one <h1> like `title` among the first few (none, or the story said
    again: an endless page, a print copy, gives no one place)."""
    heads = [h for h in islice(root.iter("h1"), _H1S) if title and similar_titles(h.text_content(), title)]
    return heads[0] if len(heads) == 1 else None


def _headline_holder(headline: HtmlElement | None) -> HtmlElement | None:
    """The parent of the page's `headline`, past wrappers around it alone: the element a story's
    modules and its headline share."""
    holder = headline.getparent() if headline is not None else None
    while holder is not None and wraps_one(holder):
        holder = holder.getparent()
    return holder


def _heads(h1: HtmlElement, block: HtmlElement) -> bool:
    """Whether `h1` heads the story `block` is part of: both stand within a few levels above `h1`."""
    lineage = {block, *block.iterancestors()}
    return any(anc in lineage for anc in islice(h1.iterancestors(), _OVER))


def _described(top: HtmlElement, direct: dict[HtmlElement, float], description: str) -> HtmlElement:
    """`top`, or, on a page of whole stories in look-alike blocks (same tag and class: an endless
    page, an archive), the one that opens with the words of the page's `description` when `top`
    does not: the page's own story, where another may be longer."""
    opening = " ".join(_WORDS.findall(description)[:_OPENING]).casefold()
    kind = _kind(top)
    if opening.count(" ") < _OPENING - 1 or not kind[1]:
        return top
    twins = [el for el in direct if _kind(el) == kind and direct[el] >= 0.1 * direct[top] and el is not top]
    if not twins or _opens_with(top, opening):
        return top
    return next((el for el in twins if _opens_with(el, opening)), top)


def _opens_with(el: HtmlElement, opening: str) -> bool:
    """Whether `el`'s text, in its first few hundred characters, holds the words `opening`."""
    head = []
    size = 0
    for text in el.itertext():
        head.append(text)
        size += len(text)
        if size > _HEAD_CHARS:
            break
    return opening in " ".join(_WORDS.findall(" ".join(head))).casefold()


def _near_headline(
    top: HtmlElement, direct: dict[HtmlElement, float], headline: HtmlElement | None
) -> HtmlElement:
    """`top`, or the best block closest to the page's `headline` among those scoring a third of
    `top`'s or more, when `top` is farther: a story stands by its headline, a long text in a
    sidebar's widget does not. Closest: under the smallest element that holds both the block and
    the headline."""
    if headline is None:
        return top
    around = list(headline.iterancestors())
    depth = {el: k for k, el in enumerate(around)}
    enough = direct[top] * _BY_HEADLINE
    closest: list[HtmlElement] = []
    nearest = len(around)
    for el, score in direct.items():
        if score < enough:
            continue
        meet = next((depth[a] for a in (el, *el.iterancestors()) if a in depth), len(around))
        if meet < nearest:
            closest, nearest = [el], meet
        elif meet == nearest:
            closest.append(el)
    if not closest or any(el is top for el in closest):
        return top
    return max(closest, key=direct.__getitem__)


def _other_story(el: HtmlElement, title: str) -> bool:
    """Whether `el` holds another story: it opens with an <h1> that is not the page's headline
    (one after a paragraph of running text is a teaser embedded in the story: "Read also")."""
    h1 = el.find(".//h1")
    if h1 is None or not title or similar_titles(h1.text_content(), title):
        return False
    before = 0
    for _, node in etree.iterwalk(el, events=("start",)):
        if node is h1:
            break
        own = len((node.text or "").strip()) if isinstance(node.tag, str) else 0  # (not a comment's)
        before += own + (len((node.tail or "").strip()) if node is not el else 0)
        if before > _EMBEDDED:
            return False
    return True


def _above_headline(el: HtmlElement, title: str) -> set[HtmlElement]:
    """The elements that come before the page's headline (its <h1> like `title`) and do not
    hold it: a banner or a blurb about the publisher, seldom the story."""
    root = el.getroottree().getroot()
    headline = next((h for h in root.iter("h1") if title and similar_titles(h.text_content(), title)), None)
    if headline is None:
        return set()
    holding = set(headline.iterancestors())
    above: set[HtmlElement] = set()
    for node in root.iter():
        if node is headline:
            return above
        if node not in holding:
            above.add(node)
    return above


def _other_stories(el: HtmlElement, title: str) -> bool:
    """Whether `el` holds an <h1> that is not the page's headline (an endless page's next story)."""
    return bool(title) and any(not similar_titles(h1.text_content(), title) for h1 in el.iter("h1"))


def _subheads(parent: HtmlElement, chosen: set[HtmlElement]) -> list[HtmlElement]:
    """Children of `parent` that are a heading alone (under wrappers of its own) right before a
    chosen block: the story's subheadings, when each block of it is wrapped apart."""
    found = []
    children = [el for el in parent if isinstance(el.tag, str)]
    for el, after in zip(children, children[1:], strict=False):
        if el not in chosen and after in chosen and _sole_block(el).tag in HEADINGS:
            found.append(el)
    return found


def _lead(node: HtmlElement, prose_blocks: set[HtmlElement]) -> list[HtmlElement]:
    """The <p>s of running text right before `node`, each a sibling of its own (elements with no
    text passed: spacers, a picture, an empty share bar)."""
    found = []
    for el in node.itersiblings(preceding=True):
        if not isinstance(el.tag, str) or _spacer(el) or not any(t.strip() for t in el.itertext()):
            continue
        if el.tag != "p" or el not in prose_blocks:
            break
        found.append(el)
    return found


def _text_beside(node: HtmlElement, parent: HtmlElement) -> bool:
    """Whether `parent` holds text besides `node`'s: in other children, or its own between them."""
    if (parent.text or "").strip():
        return True
    return any(
        (el.tail or "").strip() or (el is not node and any(t.strip() for t in el.itertext())) for el in parent
    )


def _only_child(el: HtmlElement) -> HtmlElement | None:
    """`el`'s child when it has exactly one, else None (not len(el): lxml counts children one by
    one, and a story's container may have thousands)."""
    child = next(iter(el), None)
    return child if child is not None and child.getnext() is None else None


def wraps_one(el: HtmlElement) -> bool:
    """Whether `el` holds one element and no text of its own."""
    child = _only_child(el)
    return child is not None and not (el.text or "").strip() and not (child.tail or "").strip()


def _headed(el: HtmlElement) -> bool:
    """Whether `el` opens with a heading (a section of a story: a subheading and its text)."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    return first is not None and _sole_block(first).tag in HEADINGS


def _section(el: HtmlElement, prose: dict[HtmlElement, int]) -> bool:
    """Whether `el` is a section of a story: it opens with its one subheading, itself or past
    wrappers that open with it (<section><div><h2>...), and the element holding the subheading
    holds running text too (a box of tools, each under its own title, is no section)."""
    if next(islice(el.iter(*HEADINGS), 1, None), None) is not None:
        return False  # two headings or more
    for _ in range(4):
        if _headed(el):
            return prose.get(el, 0) > 0
        if (el.text or "").strip():
            return False
        el = next((c for c in el if isinstance(c.tag, str)), None)
        if el is None:
            return False
    return False


def _sole_block(el: HtmlElement) -> HtmlElement:
    """The block inside `el`'s chain of single-child wrappers (`el` itself if it has none); a
    paragraph's inline markup (<p><b>...</b></p>) is no wrapper."""
    while (child := _only_filled(el)) is not None and child.tag in BLOCKS and not (el.text or "").strip():
        el = child
    return el


def _only_filled(el: HtmlElement) -> HtmlElement | None:
    """`el`'s one child besides empty spacers (`<p></p>`, `<br>`), else None."""
    found = None
    for child in el:
        if _spacer(child):
            if (child.tail or "").strip():
                return None
            continue
        if found is not None:
            return None
        found = child
    return found


def _spacer(el: HtmlElement) -> bool:
    """An empty element between a story's paragraphs (`<p></p>`, `<br>`): no content."""
    return el.tag in _SPACERS and not len(el) and not (el.text or "").strip()


def _kind(el: HtmlElement) -> tuple[str, str]:
    """Tag and first class name: what repeated blocks of one layout have in common."""
    classes = (el.get("class") or "").split()
    return el.tag, classes[0] if classes else ""


def other_articles(blocks: list[HtmlElement], title: str) -> set[HtmlElement]:
    """The <article>s inside the chosen `blocks` that hold another story: each opens with an <h1>
    that is not the page's headline `title` (an endless page's next story, loaded inside the
    element that holds the page's own)."""
    return {art for block in blocks for art in block.iterdescendants("article") if _other_story(art, title)}


def inside(el: HtmlElement, containers: set[HtmlElement]) -> bool:
    """Whether `el` is one of the chosen blocks or lies within one."""
    return el in containers or any(a in containers for a in el.iterancestors())
