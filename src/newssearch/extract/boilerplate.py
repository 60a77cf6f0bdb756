"""Page furniture that is never the story, dropped from the tree before the story is looked for:
elements by tag (scripts, figures, navigation, footers; headers and asides unless a page puts
most of its running text in one), then by class, id, role or hiding, then by what they hold
(sign-up boxes, readers' comments, pictures with their captions)."""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from ..dates import find_date
from .container import wraps_one
from .paragraphs import BLOCKS, HEADINGS, ends_sentence
from .visible import hidden, lines_of

# Elements that are never article text.
_DROP_TAGS = frozenset(
    "script style template svg canvas iframe object embed button input select "
    "textarea dialog figure figcaption video audio map head title nav footer menu".split()
)
# Elements beside the story, not in it, unless a page misuses one to hold most of its text (or,
# for <noscript>, shows its story only to readers without scripts). A <nav> or <footer> holding
# most of a page's text holds teasers.
_LAYOUT_TAGS = frozenset("aside header noscript".split())
# Elements that are boilerplate unless they hold most of the page's prose: a login or search <form>
# is junk, but ASP.NET and some CMSs wrap the whole page in one.
_WRAPPER_TAGS = frozenset(["form"])
# A sign-up box: elements of these tags holding lines of these, a newsletter and a call to sign up.
_BOX_TAGS = ("div", "section", "aside", "form")
_SIGNUP_CHARS = 500
_STORY_LINE = 200  # a line this long that names no newsletter is a story's, not the box's
_SENTENCE = 40  # two sentences this long that name none are a story's too (a brief with a plug)
_SIGNUP_NOUN = re.compile(
    r"\b(?:newsletters?|inbox|mailing list|e-?mail alerts?|boletín|lettre d'information)\b", re.I
)
_SIGNUP_CALL = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|enter your e-?mail|your e-?mail address|e-?mail address"
    # ... in the languages news is most often kept in
    r"|anmelden|abonnieren|e-?mail-adresse|inscrivez-vous|abonnez-vous|adresse e-?mail|"
    r"suscr[ií]b(?:ete|irse)|correo electr[oó]nico|iscriviti|inscreva-se|assine)\b",
    re.I,
)
# Class words of a wrapper around the rest of the story (a paywall's, a "Read more" button's),
# and the characters of a paragraph of the story in it.
_REST = re.compile(r"subscri(?:be[rd]?|bers?|ption)|read-?more", re.I)
_REST_PARAGRAPH = 100
# What a paywall's own box asks: to subscribe, to log in, to try it free.
_PAYWALL_CALL = re.compile(
    r"subscri|\b(?:log|sign)(?:ged)? ?(?:in|up)\b|free (?:articles?|stories|trial)|unlimited|abonn|anmelden",
    re.I,
)
# A time written as how long ago: "2 hours ago", "5 min ago", "vor 3 Stunden", "il y a 2 jours".
_AGO = re.compile(
    r"^(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|years?)\s+ago$"
    r"|^vor\s+\d+\s+\w+$|^il y a\s+\d+\s+\w+$|^hace\s+\d+\s+\w+$",
    re.I,
)
# Between a commenter's name and the time on one line: "Jane · 2 hours ago", "Jane | 5 min ago".
_NAME_SEP = re.compile(r"\s*[·•|]\s*|\s+[-–—]\s+")
# The link under a reader's comment, in the languages news is most often kept in.
_REPLY = re.compile(r"^(?:reply|antworten|répondre|responder|rispondi|beantwoorden|ответить)$", re.I)
# class/id words of media boxes (junk, unless they hold a quote: see _is_junk).
_MEDIA_WORDS = "image|photo|picture|video|player"
# Class words of a card shown when a word in the text is hovered.
_HOVER = re.compile(r"rollover|tooltip|popover|hovercard", re.I)
# The words of an id ("nav_nur_die_folie__1": nav, nur, die, folie) and of a heading's text.
_ID_WORD = re.compile(r"[^\W_]+")
# A class word saying what an element holds or lacks, and the rest of that class name; a BEM
# modifier saying the block or element named before it has adverts in it ("TestReport__Section--Ads").
_MODIFIER = re.compile(
    r"(?:^|(?<=[\s_-]))(?:has|with|without|no|non)[-_][\w-]*|(?<=[^\W_])--(?:ads?|adverts?|advertising)\b[\w-]*",
    re.I,
)
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
# Elements that show a picture, the characters of a caption beside one, and the marks that open
# a quote (a quote beside its speaker's photo is story).
_PICTURES = frozenset(["img", "picture"])
_CAPTION = 300
_PICTURE_NODES = 12
_PICTURE_DEPTH = 6  # levels from a picture up to the wrapper of it and its caption
_QUOTE_MARKS = "\"“„«'‘"
# Inline elements that mark words inside a sentence.
_PHRASING = frozenset("span em strong b i q mark cite".split())
# Microdata properties whose elements restate metadata (often invisibly) rather than tell the story.
_META_ITEMPROPS = frozenset(
    "keywords image thumbnailurl url publisher logo datepublished datemodified author creator "
    "interactioncount wordcount".split()
)
# A run of text between tags this long is running text, not a label or a menu item.
_RUN = 40
# The most characters of a link or a marked phrase inside a sentence, and the text around it.
_MID_SENTENCE = 200
_WORD_END = re.compile(r"\w[\s,;:'\"’”(-]*$")
_WORD = re.compile(r"\w")
# A wire dateline: the place in capitals, maybe a state or country, maybe the agency, a dash.
_PLACE_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]{1,40}(?:,\s*[\w.' ]{2,30})?(?:\s*\([\w .]{2,20}\))?\s*[—–-]$"
)
# Characters of running text in the page's main block (see _around_main_block) that make it the
# story's, not a footer's or a box's beside a short story.
_MAIN_BLOCK = 1000
# Characters of running text beyond any caption: a media box holding them holds story text.
_MEDIA_PROSE = 500
# class/id words that mark the story itself: never dropped, whatever else the class says.
_STORY_ATTR = re.compile(
    r"(?:article|story|entry|post|news)[-_]?(?:body|content|text)|articlebody|main[-_]?content|body[-_]?text",
    re.I,
)


def drop_boilerplate(root: HtmlElement) -> None:
    """Remove elements that are never the story: first by tag, then by class/id/role."""
    # Comments and processing instructions only survive in BeautifulSoup's tree; drop them too.
    _drop([el for el in root.iter() if not isinstance(el.tag, str) or el.tag in _DROP_TAGS])
    prose = _prose(root)
    dropped = [el for el in root.iter(*_LAYOUT_TAGS) if prose[el] <= 0.5 * prose[root]]
    # An article's <header> goes, but its headline stays in its place: it tells which story the
    # text under it belongs to (the next story of an endless page has its own).
    for header in (el for el in dropped if el.tag == "header"):
        h1 = header.find(".//h1")
        if h1 is not None and header.getparent() is not None:
            header.addprevious(h1)  # (moves it, without its tail)
    _drop(dropped)
    # Reader comments and recommendation widgets go whatever their size: a long thread is no story.
    _drop([el for el in root.iter() if _is_thread(el)])
    prose = _prose(root)
    # A "sidebar" or "modal" class on a wrapper holding most of the page's prose is layout, not junk.
    most = 0.4 * prose[root]
    layout = _around_main_block(root)
    junk = [
        el
        for el in root.iter()
        if _is_junk(el) and prose[el] <= most and el not in layout and not _story_rest(el, prose[el])
    ]
    # A word in a sentence that shows a card on hover ("Rep. <span class=rollover><a>Jane Roe</a>
    # <span>card</span></span> said"): the word stays, the card goes.
    for el in junk:
        if el.tag in ("span", "a") and _HOVER.search(_attrs(el)) and el.getparent() is not None:
            _keep_first_words(el)
    _drop(junk)
    # Hidden by its style, holding no running text (a sub-menu, an ad slot, an id): a hidden
    # part of the story ("Read more" opens it) stays.
    _drop([el for el in root.iter() if hidden(el) and not prose.get(el)])
    # A newsletter sign-up box, whatever its class: a few lines naming a newsletter and asking for
    # an address ("Get our daily newsletter ... Enter your email address").
    chars = _prose(root, every=True)
    _drop([el for el in root.iter(*_BOX_TAGS) if 0 < chars[el] < _SIGNUP_CHARS and _is_signup_box(el)])
    # Readers' comments, whatever their class: three look-alike blocks or more, each opening with
    # a name and a time ago ("Reader42 / 2 hours ago / ...") and holding no heading.
    _drop([el for parent in root.iter() for el in _comments(parent)])
    # A picture and its caption alone in a wrapper: a <figure> in markup that does not say so.
    _drop([el for el in _near_pictures(root) if _captioned_picture(el)])


def _keep_first_words(el: HtmlElement) -> None:
    """Put the text of `el`'s first link (else its own leading text) in its place in the line."""
    link = el if el.tag == "a" else next(el.iter("a"), None)
    words = link.text_content() if link is not None else (el.text or "")
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + words
    else:
        parent = el.getparent()
        parent.text = (parent.text or "") + words
    if link is not None and link is not el:
        link.text, link.tail = "", ""  # (a junk link inside is dropped on its own: no words twice)
        for child in list(link):
            link.remove(child)


def _is_signup_box(el: HtmlElement) -> bool:
    """A short element of two lines or more (not a story's one sentence about a newsletter) that
    names a newsletter and asks for a sign-up, and is no short story with a plug for the
    newsletter: lines that do neither are at most one sentence (the box's blurb) and short."""
    if sum(1 for child in el if isinstance(child.tag, str)) < 2:
        return False
    text = " ".join(el.itertext())  # (text_content() would run "newsletter</h3><p>Sign" together)
    if not (_SIGNUP_NOUN.search(text) and _SIGNUP_CALL.search(text)):
        return False
    sentences = 0
    for line in lines_of(el):
        if _SIGNUP_NOUN.search(line) or _SIGNUP_CALL.search(line):
            continue
        if len(line) >= _STORY_LINE:
            return False
        sentences += len(line) >= _SENTENCE and ends_sentence(line)
    return sentences < 2


def _near_pictures(root: HtmlElement) -> list[HtmlElement]:
    """The elements up to a few levels above a picture: where a figure may be."""
    near: dict[HtmlElement, None] = {}
    for picture in root.iter(*_PICTURES):
        near.update(dict.fromkeys(islice(picture.iterancestors(), _PICTURE_DEPTH)))
    return list(near)


def _captioned_picture(el: HtmlElement) -> bool:
    """Whether `el` holds a picture and, after it, one short text that is no quote (a caption:
    under 300 characters), and nothing else but empty elements."""
    if not isinstance(el.tag, str) or el.tag in ("body", "html", "blockquote") or (el.text or "").strip():
        return False
    filled = _filled(el, 3)  # (a story's block of many paragraphs is no figure)
    if filled is None or len(filled) != 2:
        return False
    picture, caption = filled
    # A picture in a <p> is the story's own, and so is the paragraph after it; a quote stays.
    if picture.tag == "p" or caption.tag == "blockquote":
        return False
    if _picture_only(caption) or not _picture_only(picture):
        return False
    text = " ".join(caption.text_content().split())
    return 0 < len(text) < _CAPTION and text[0] not in _QUOTE_MARKS


def _filled(el: HtmlElement, most: int) -> list[HtmlElement] | None:
    """`el`'s children holding something (text, elements, a picture), up to `most` of them
    (the walk stops there: a block may have thousands); None if text stands between them."""
    filled: list[HtmlElement] = []
    for child in el:
        if (child.tail or "").strip():
            return None
        holds = len(child) or child.tag in _PICTURES or (child.text or "").strip()
        if isinstance(child.tag, str) and holds:
            filled.append(child)
            if len(filled) >= most:
                break
    return filled


def _picture_only(el: HtmlElement) -> bool:
    """Whether `el` is a picture, or holds one and no text in a few elements (a linked image, its
    wrappers); a larger element is no picture (and the look stays bounded however deep the tree)."""
    nodes = list(islice(el.iter(), _PICTURE_NODES + 1))
    if len(nodes) > _PICTURE_NODES:
        return False
    for node in nodes:
        if (node.text or "").strip() or (node is not el and (node.tail or "").strip()):
            return False
    return any(node.tag in _PICTURES for node in nodes)


def _comments(parent: HtmlElement) -> list[HtmlElement]:
    kinds: dict[str, list[HtmlElement]] = {}  # (by tag: classes may be hashed per element)
    for child in parent:
        if isinstance(child.tag, str) and _is_comment(child):
            kinds.setdefault(child.tag, []).append(child)
    # Three or more; two when each has its "Reply" link (a thread only just begun).
    found = (g for g in kinds.values() if len(g) >= 3 or (len(g) == 2 and all(map(_has_reply, g))))
    return [el for group in found for el in group]


def _is_comment(el: HtmlElement) -> bool:
    """A block opening with a name (a short line) and a time ago, with no heading: a comment.
    The two may share a line ("Jane · 2 hours ago"). A date instead of a time ago ("March 3,
    2019 at 4:12 pm") makes one only with a "Reply" link. (A live blog's entry has a headline,
    or no name before its time.)"""
    texts = list(islice((t for t in (t.strip() for t in el.itertext()) if t), 3))  # (not all of it)
    if len(texts) < 2 or len(texts[0]) > 60:
        return False
    when = texts[1:3] if len(texts) == 3 and len(texts[0]) <= 40 else []  # a name line, the time
    parts = _NAME_SEP.split(texts[0])  # (a time alone, no name, opens a live blog's entry)
    if len(parts) > 1 and parts[0]:
        when.append(parts[-1])  # "Jane · 2 hours ago"
    if not any(_AGO.match(t) for t in when):
        dated = any(len(t) <= 40 and find_date(t) is not None for t in when)
        if not dated or not _has_reply(el):
            return False
    return next(el.iter("h1", "h2", "h3", "h4", "h5", "h6"), None) is None


def _has_reply(el: HtmlElement) -> bool:
    return any(_REPLY.match(a.text_content().strip()) for a in el.iter("a"))


def _is_thread(el: HtmlElement) -> bool:
    if el.tag in ("body", "html", "main", "article"):
        return False
    names = [el.get("id") or "", *(el.get("class") or "").split()]
    return any(_THREAD.match(n) and not _MODIFIER.match(n) for n in names if n)


def _attrs(el: HtmlElement) -> str:
    """`el`'s class and id, less the modifiers that say what it holds or lacks ("o-section--has-ads",
    "with-sidebar", "no-comments"): a section with ads in it is no advert. A heading's id made of
    its own words is an anchor for a table of contents ("nav_nur_die_folie__1"), not a role."""
    ident = el.get("id", "")
    if ident and el.tag in HEADINGS and _own_words(ident, el):
        ident = ""
    return _MODIFIER.sub(" ", f"{el.get('class', '')} {ident}")


def _own_words(ident: str, el: HtmlElement) -> bool:
    """Whether the id `ident` holds a word of three letters or more of `el`'s text."""
    words = {w.casefold() for w in _ID_WORD.findall(ident) if len(w) >= 3}
    return bool(words) and any(w.casefold() in words for w in _ID_WORD.findall(el.text_content()))


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
    if not _JUNK_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}"):
        return False  # (no junk word before modifiers go either: the common case, checked first)
    attrs = _attrs(el)
    if not _JUNK_ATTR.search(attrs) or _STORY_ATTR.search(attrs):
        return False
    if el.tag in _PHRASING and not _HOVER.search(attrs) and _in_sentence(el):
        return False  # a sentence of the story marked for sharing ("share-quote"): the words stay
    if (el.tag in _PHRASING or el.tag == "a") and not _HOVER.search(attrs) and _mid_sentence(el):
        return False  # words a note pops up over ("a class=popup"): the sentence keeps them
    if el.tag in _PHRASING and _opens_with_dateline(el):
        return False  # "<span class=dateline>CAIRO —</span> Gunmen opened fire ...": the wire's dateline
    # A media box holding a quote (an embedded post the story cites) or more running text than a
    # caption ("paragraph--type--text-with-image") is part of the story.
    media_only = _MEDIA_ATTR.search(attrs) and not _JUNK_ATTR.search(_MEDIA_ATTR.sub(" ", attrs))
    return not (media_only and (el.find(".//blockquote") is not None or _more_than_a_caption(el)))


def _around_main_block(root: HtmlElement) -> set[HtmlElement]:
    """The page's main block of running text (the element whose paragraphs hold the most of it:
    <p>s or other blocks of one paragraph, or its own lines parted by <br>s) and the wrappers
    around it: a class on one of them ("content-with-sidebar", "non-ad-column", "js-ad-slots")
    names the layout the story sits in, not junk. Empty when that block is short."""
    runs: dict[HtmlElement, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for text, owner in ((el.text, el), (el.tail, el.getparent() if el is not root else None)):
            size = len(text.strip()) if text else 0
            if size < _RUN or owner is None:
                continue
            block = owner
            while block.tag not in BLOCKS and block.tag != "a" and (up := block.getparent()) is not None:
                block = up
            if block.tag != "a":  # (link text is no running text)
                runs[block] = runs.get(block, 0) + size
    held: dict[HtmlElement, float] = {}
    for block, size in runs.items():
        group = block if block.tag != "p" and block.find("br") is not None else block.getparent()
        while group is not None and wraps_one(group):
            group = group.getparent()  # a wrapper around this paragraph alone is not its parent
        if group is not None:
            held[group] = held.get(group, 0) + size
            if (grand := group.getparent()) is not None:
                held[grand] = held.get(grand, 0) + size / 2  # (a story cut into chunks)
    main = max(held, key=held.__getitem__, default=None)
    if main is None or held[main] < _MAIN_BLOCK:
        return set()  # a short story: a footer's or a box's text may outweigh it
    return {main, *main.iterancestors()}


def _story_rest(el: HtmlElement, prose: int) -> bool:
    """Whether `el` wraps the rest of the story behind a paywall or a "Read more" button: a class
    naming a subscription or "read more" and nothing else junk, around two paragraphs or more of
    running text, more than a box asking readers to subscribe holds."""
    attrs = _attrs(el)
    if not prose or not _REST.search(attrs) or _JUNK_ATTR.search(_REST.sub(" ", attrs)):
        return False
    if prose < _SIGNUP_CHARS and _PAYWALL_CALL.search(el.text_content()):
        return False  # a short box asking to subscribe or log in: the paywall itself
    paragraphs = [n for n in (len(p.text_content()) for p in el.iter("p")) if n >= _REST_PARAGRAPH]
    return len(paragraphs) >= 2 or sum(paragraphs) >= 3 * _REST_PARAGRAPH


def _in_sentence(el: HtmlElement) -> bool:
    """Whether `el` holds running text inside a paragraph that has words of its own beside it."""
    parent = el.getparent()
    if parent is None or parent.tag != "p" or el.find(".//a") is not None:
        return False
    if len(" ".join(el.text_content().split())) < _RUN:
        return False
    beside = [parent.text or "", *(c.tail or "" for c in parent)]
    beside += [c.text_content() for c in parent if c is not el and c.tag != "a" and isinstance(c.tag, str)]
    return any(t.strip() for t in beside)


def _mid_sentence(el: HtmlElement) -> bool:
    """Whether `el` is a few words inside a sentence of a paragraph of running text: words of the
    paragraph's own just before it and just after it."""
    parent = el.getparent()
    if parent is None or len(el.text_content()) > _MID_SENTENCE:
        return False
    if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el.iter()):
        return False
    previous = el.getprevious()
    before = (previous.tail if previous is not None else parent.text) or ""
    own = (parent.text or "") + "".join(c.tail or "" for c in parent)
    return bool(_WORD_END.search(before) and _WORD.search(el.tail or "")) and _run(own) >= _RUN


def _opens_with_dateline(el: HtmlElement) -> bool:
    """Whether `el` is a wire dateline ("CAIRO —", "NEW YORK (Reuters) -") opening a paragraph of
    running text."""
    parent = el.getparent()
    if parent is None or parent.tag != "p" or (parent.text or "").strip() or el.getprevious() is not None:
        return False
    text = " ".join(el.text_content().split())
    return bool(_PLACE_DATELINE.match(text)) and _run(el.tail or "") >= _RUN


def _more_than_a_caption(el: HtmlElement) -> bool:
    """Two paragraphs or more of running text, or one longer than any caption."""
    lengths = [n for n in (len(p.text_content()) for p in el.iter("p")) if n > 60]
    return len(lengths) >= 2 or sum(lengths) >= _MEDIA_PROSE


def _drop(elements: list[HtmlElement]) -> None:
    for el in elements:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element


def _prose(root: HtmlElement, every: bool = False) -> dict[HtmlElement, int]:
    """Per element, the characters of running text under it, what a story is made of: runs of
    text of `_RUN` characters or more between tags, outside links (<p>, or <div> and <br>
    where a page writes paragraphs so). One walk, however deep the tree. With `every`: every
    character of text instead, links too."""
    prose: dict[HtmlElement, int] = {}
    sums = [0]
    links = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            links += el.tag == "a" and not every
            sums.append(0 if links or not el.text else _run(el.text, every))
        else:
            n = prose[el] = sums.pop()
            links -= el.tag == "a" and not every
            sums[-1] += n + (_run(el.tail, every) if el.tail and not links and el is not root else 0)
    return prose


def _run(text: str, every: bool = False) -> int:
    size = len(text.strip())
    return size if every or size >= _RUN else 0
