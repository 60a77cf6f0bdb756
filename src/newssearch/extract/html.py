"""The article body of an HTML page: drop boilerplate, find the block holding the story, keep its paragraphs.

One parse, two walks: lxml builds the tree (`parse`); one walk drops boilerplate elements
(`boilerplate`), one flattens the page into paragraphs (`paragraphs`), and the story's blocks
are chosen by the paragraphs' scores (`container`). Here the body is put together: the chosen
blocks' paragraphs less link lists, bylines, one-line furniture ("Advertisement", "Share") and
a second copy of the story.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..dates import find_date, parse_date
from .boilerplate import drop_boilerplate
from .bylines import is_byline, names_as_byline
from .container import containers, inside, other_articles
from .metadata import Metadata, read_metadata
from .paragraphs import CUT, Para, ends_sentence, paragraphs
from .parse import parse_html
from .published import day_first
from .visible import clean

# Headers over a box of furniture, in the languages news is most often kept in: over a list of
# other stories ("Related stories", "Read also"; ends in "|") and over the author's bio ("About the
# author").
_BOX_HEADER = (
    r"related(?: stories| articles| content| news| posts| links| topics| coverage.*)?|"
    r"(?:more|top|latest|popular|trending)(?: \w+){0,2} (?:stories|news|videos?|articles|posts)"
    r"(?: like this(?: one)?)?|more (?:on|about) (?:this|the) (?:story|topic)|"
    r"recommended(?: for you)?|promoted(?: stories| content)?|sponsored (?:content|stories|links)|"
    r"trending(?: now| stories)?|most (?:popular|read|viewed|shared)|"
    r"editor.?s.? (?:picks|choice|recommendations)|"
    r"(?:read|see) also|you (?:may|might) also (?:like|be interested in).*|don.t miss|more great .*stories|"
    r"leggi anche|lesen sie (?:auch|mehr).*|mehr zum thema|lire aussi|lea también|leia também|ver también|"
    r"das könnte sie auch interessieren|auch interessant|à lire (?:aussi|également)|voir aussi|"
    r"sur le même sujet|lee también|te puede interesar|noticias relacionadas|leia mais|veja também|"
    r"saiba mais|potrebbe interessarti|articoli correlati|lees ook|meer over dit onderwerp|"
    r"weiterführende(?:r)? links?|ähnliche (?:beiträge|artikel)|verwandte (?:beiträge|artikel|themen)|"
    r"articles similaires|artículos relacionados|"
)
_BIO_HEADER = (
    r"about the author|über (?:den autor|die autorin)|à propos de l.auteur|sobre (?:el|o) autor|sull.autore|"
    r"over de auteur"
)
_BOX_OPENER = re.compile(rf"^(?:{_BOX_HEADER}{_BIO_HEADER})\W*$", re.I)
_BIO_OPENER = re.compile(rf"^(?:{_BIO_HEADER})\W*$", re.I)
_BOX_CHARS = 1500  # the most text a box of teasers under such a header has
_BIO_CHARS = 800  # and an author's bio (a few sentences: a story after such a line is longer)
_CARD_LINE = 250  # a teaser's lines (headline, summary) are shorter than this; a story's need not be
_FURNITURE = re.compile(
    r"^(advertisement|advert|sponsored|share( this( article| story)?)?( on \w+)?|read more|"
    # the same labels in the languages news is most often kept in
    r"anzeige|werbung|publicité|publicidad|pubblicità|advertentie|teilen|partager|compartir|condividi|"
    r"compartilhar|delen|publicidade|reklama|реклама|reklam|hirdetés|annons|annonse|mainos|publicitate|"
    r"διαφήμιση|広告|广告|광고|"
    r"more|"
    r"(image|photo|picture|slide)s? \d+ ?(of|/) ?/? ?\d*|captions?|"
    # a gallery's counter and buttons: "1 / 8", "Back to Gallery", "Close"
    r"\d+ ?(of|/) ?\d+|back to (the )?(gallery|top|article|story|home(page)?)|close|next|prev(ious)?|"
    r"subscribe.*|sign up.*|follow us.*|click here.*|"
    r"continue reading.*|(photo|image|video|credit|source): .*|getty images|"
    r"(all rights reserved|copyright|©).*|we use cookies.*|skip to .*|"
    r"(listen|print|email|comments?)( to this article)?|\d+ (comments?|responses?|replies)|"
    r"loading.*|top of page|"
    # a paywall's, a comment thread's and a share bar's buttons and notes
    r"already a subscriber\?.*|(log|sign) in to (continue|comment|read).*|create a (free )?account to .*|"
    r"you have \d+ free (articles?|stories) .*|"
    r"this (article|story) is (for|available to) subscribers( only)?|"
    r"want to read more\?|start your free trial.*|get unlimited (digital )?access.*|"
    r"join the conversation|(leave|post|add|write) a comment|"
    r"(show|view|hide|load) (all )?comments( \(\d+\))?|"
    r"(sorry, )?(we are|we.re) no longer accepting comments.*|comments are (now )?closed.*|"
    r"thank you for joining (our|the) discussion.*|your comment has been (posted|submitted|received).*|"
    # a share bar's counters and network names: "114 views", "17K", "Facebook:"
    r"\d[\d,.]*\s?[km]|\d[\d,.]*\s?[km]? (views|reads|shares|likes)|"
    r"(facebook|twitter|x|instagram|linkedin|pinterest|reddit|whatsapp|youtube|tiktok|telegram|e-?mail)|"
    r"(read or )?share this (story|article|post)\b.*|next page\b.*|"
    r"(text|font) size|(story|article) tools|what.s your reaction\?|stay connected\b.*|"
    r"featured|story highlights|"
    r"tags|topics|filed under|tweet|pin it|print this (page|article|story)|save (for later|article)|"
    # a post's taxonomy and a thread's button, in the languages news is most often kept in
    r"(categor(y|ies)|posted in|filed in|tagged( with)?|kategorien?|catégories?|categorías?|categorie)"
    r" ?: .{1,60}|"
    r"kommentare? (schreiben|verfassen)|jetzt kommentieren|(laisser|écrire) un commentaire|"
    r"(deja|escribe) (un|tu) comentario|lascia un commento|deixe (um|seu) comentário|"
    r"listen to (this )?article|\d+ min(ute)? read|reading time:? .*|"
    r"photo gallery|watch( the)? video|video|image|opens in (a )?new (window|tab)|"
    # notes around an advert in the story
    r"advertisement ?[-–—:]? ?continue reading below|(story|article) continues below.*|"
    r"scroll to continue with content|report (an error|a typo)|send us a tip|"
    # headers over lists of other stories and over the author's bio
    + _BOX_HEADER
    + _BIO_HEADER
    + r"|"
    r"like( this)?|like loading.*|(you have been|you.re) (successfully )?subscribed.*|"
    r"thanks? (you )?for (subscribing|signing up).*|"
    # a bare time stamp: "Updated at 1:23 p.m.", "Published 10 hours ago", "4 hours ago"
    r"(last )?(updated|posted|published|modified)\b(?=.*(\d|\bago\b)).{0,50}|"
    r"([^·•|]{1,40} [·•|] )?(about )?(a few |an? |\d+ )(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|"
    r"months?|years?) ago|"
    r"just now)\W*$",
    re.I,
)
# A plug for the site's newsletter or podcast, addressed to the reader: such a noun, a verb asking
# for a sign-up, and "you", "your" or "our" (a story about a podcast's downloads is not one).
_PROMO = re.compile(
    r"(?=.*\b(?:newsletters?|inbox|mailing list|e-?mail alerts?|podcast)\b)"
    r"(?=.*\b(?:subscrib\w*|sign(?:ed)? up|deliver\w*|listen|download"
    # ... in the languages news is most often kept in
    r"|abonnier\w*|anmelde\w*|abonne[rz]\w*|inscri[vbr]\w*|suscr[ií]b\w*|iscriv\w*|assin[ae]\w*)\b)"
    r"(?=.*\b(?:you|your|our|sie|ihr\w*|unser\w*|vous|votre|notre|nos|usted|tu|nuestr\w*|vostr\w*|seu|sua)\b"
    r"|\s*(?:sign up|subscribe|get|listen|download|how to)\b)",
    re.I,
)
# A line asking readers to follow the site elsewhere ("Follow Newsbeat on Instagram, Facebook and
# YouTube", "Like us on Facebook", "Folgen Sie uns auf Twitter", "Polub Money.pl na Facebooku").
_SOCIAL = re.compile(
    r"^(?:please )?(?:follow|like|find|join|add|get|folgen?|suivez|síguenos|sigue|seguici|segui|siga|volg|"
    r"polub|obserwuj)\b.{0,60}(?:\b(?:on|auf|sur|en|su|no|na|op) |: )(?:instagram|facebook\w*|twitter\w*|x|"
    r"youtube|tiktok|linkedin|snapchat|threads|whatsapp|telegram|bluesky|mastodon)\b",
    re.I,
)
# A line crediting the pictures: "Top photo by Jane Roe", "Photos by cmgirl (Shutterstock), ...".
_PICTURE_CREDITS = re.compile(
    r"^(?:top |lead |header |cover |main )?(?:photos?|images?|illustrations?) (?:by|courtesy of) ", re.I
)
# A text cut off with a button to show the rest ("... more"), and the button that hides it
# again after a whole sentence ("... nation. less"): a caption shown short and in full.
_SHOW_MORE = re.compile(r"(?:\.\.\.|…)\s*\(?(?:(?:read|see|show) )?more\)?$", re.I)
_SHOW_LESS = re.compile(r"(?<=[.!?\"”’)])\s+(?:(?:read|see|show) )?less$", re.I)
# An appeal to the reader for money or membership ("If you enjoyed this article, ... join",
# "we need your financial support"): addressed to "you" and unquoted (a story quoting one puts
# it in quotation marks; one telling how to give to a cause names no "you").
_APPEAL = re.compile(
    r"(?=.*\byour?\b)(?:.*\bif you (?:enjoyed|liked|value|appreciate) (?:this|our|what we)\b"
    r"|.*\bsupport (?:our|independent|local|quality|fact-based|trusted|nonprofit) (?:\w+ )?journalism\b"
    r"|.*\b(?:become|join us as) an? (?:member|subscriber|supporter|patron)\b"
    r"|.*\b(?:make|consider making) an? (?:donation|contribution)\b|.*\bdonate (?:now|today)\b"
    r"|.*\bwe need your (?:financial )?support\b|.*\bsmall favou?r to ask\b)",
    re.I | re.S,
)
_QUOTES = re.compile("[\"“”«»„]")
# A line that is only an address: a web page's ("https://www.chron.com/...php"), a mailbox, a handle.
_BARE_ADDRESS = re.compile(
    r"^\s*(?:https?://\S+|www\.\S+|\S+@\S+\.\w+|[\w.-]+\.(?:com|org|net)/\S*)\s*$", re.I
)
# Lines that sign a story off: the author's bio ("Jane Doe is a reporter who covers ..."), then
# contributors' credits ("Reporting by ...; Editing by ...", "Keith Bradsher contributed
# reporting") and where to follow or write to the author or the site ("Email Jane Roe at ... or
# follow her", "let us know at tips@...").
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){1,4}(?:\([^)]*\)\s+)?(?:is|was|has been)\s+(?:a|an|the)\b[^.]{0,120}?\b"
    r"(?i:reporter|writer|editor|correspondent|journalist|columnist|contributor|producer|author|freelancer|"
    r"photographer|analyst)s?\b"
)
_CREDIT = re.compile(
    r"^(?:additional )?(?:reporting|writing|editing) by\b|^contributing:"
    r"|\bcontributed (?:reporting|to this report)\b"
    r"|\b(?:follow|keep up with) (?:us|him|her|me|them) (?:on|at|@)"
    r"|^(?:e-?mail|contact) [A-Z][\w'’-]* (?:[A-Z][\w'’-]* )?at \S+@"
    r"|\b(?:let us know|contact us|write to us|e-?mail us|send (?:us )?(?:your )?(?:news )?tips)\b.*@",
    re.I,
)
# A photo's credit at the end of a line: the line is its caption.
_PHOTO_CREDIT = re.compile(
    r"(?:\((?:[\w.]+ )?photos?(?: by)?[ /:][^)]{2,60}\)"
    r"|\b(?:photo|photograph|image|picture)s?(?: by)?: [^.]{2,60}"
    r"|\bgetty images|\breuters/[\w. ]+|/(?:ap|afp|epa)(?: photo)?)\W*$",
    re.I,
)
# A short line of the site's, whatever else it says: its copyright notice (ending in "All rights
# reserved", in the languages news is most often kept in, or with a dated "©"), an error-report
# hint ("Found a typo? Select it and press Ctrl+Enter") or its accounts on two social networks.
_RIGHTS = re.compile(
    r"(?:\ball rights reserved|\balle rechte vorbehalten|\btous droits réservés"
    r"|\btodos los derechos reservados|\btutti i diritti riservati|\bвсе права защищены|版权所有)\W*$"
    r"|©\s*(?:\d{4}|the\b)",
    re.I,
)
_SITE_LINE = re.compile(
    _RIGHTS.pattern + r"|\bctrl\s*\+\s*enter\b"
    r"|\b(?:(?:facebook|twitter|x|instagram|youtube|tiktok|t)\.(?:com|me)|fb\.me)/\S+.*"
    r"\b(?:(?:facebook|twitter|x|instagram|youtube|tiktok|t)\.(?:com|me)|fb\.me)/",
    re.I,
)
# A label saying a time stamp follows, in the languages news is most often kept in.
_STAMP_LABEL = re.compile(
    r"^\W*(?:(?:last )?(?:updated|published|posted|modified)|aktualisiert|ver[öo]ffentlicht|publiziert"
    r"|mis à jour|publié|actualizado|publicado|aggiornato|pubblicato|bijgewerkt|gepubliceerd"
    r"|обновлено|опубликовано|更新时间|发布时间|发表时间|更新日|公開日|投稿日)",
    re.I,
)
# A teaser card's lines above its headline: a kicker ("POLITICS", "Analysis"), not a paragraph.
_KICKER = 50
# A dateline opening the story with the date and a dash ("Feb. 23, 2015 -- Life-threatening ...",
# "LONDON, March 3, 2019 — ..."): the last resort for the publication date.
_DATELINE = re.compile(r"^(.{6,60}?\b(?:19|20)\d\d\)?)\s*(?:--|[—–-])\s")
_LEAD = 80  # characters of the story's first paragraph, past the short lines above it
_STAMP_BY = re.compile(r"^(.{6,50}?)\s+(by\b.*)$", re.I)
_COPY_CHARS = 600  # a run of repeated paragraphs this long is a second copy of the story
_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[^\W_]")


def extract_html(text: str, url: str | None = None) -> tuple[Metadata, str]:
    """Parse an HTML page once and return its metadata and body (paragraphs joined by blank lines)."""
    root = parse_html(text)
    md = read_metadata(root, url)
    drop_boilerplate(root)
    paras = paragraphs(root)
    title = clean(md.h1 or md.title or "")
    first_h1 = next(root.iter("h1"), None)
    headline = title or (first_h1.text_content() if first_h1 is not None else "")
    # Boxes of furniture under their headers ("Related stories", "About the author") are no
    # candidates for the story's block: a box of teasers can outweigh a story of two paragraphs.
    boxed_page = _boxes(paras)
    candidates = [p for i, p in enumerate(paras) if i not in boxed_page] if boxed_page else paras
    blocks, loose = containers(candidates, headline, md.description or "")
    if blocks:
        chosen, others = set(blocks), other_articles(blocks, headline)  # (the next story, inside)
        loose_ids = {id(candidates[i]) for i in loose}
        paras = [p for p in paras if id(p) in loose_ids or inside(p.block, chosen)]
        paras = [p for p in paras if not inside(p.block, others)] if others else paras
    kept: list[str] = []
    host = urlsplit(md.url or "").hostname or ""
    boxed = _teaser_runs(paras) | _teaser_cards(paras, host) | _boxes(paras)  # (lines of boxes)
    for i, p in enumerate(paras):
        if i in boxed:
            continue
        if _keep(p, md.authors) and not (p.heading and p.text == title):
            kept.append(_SHOW_LESS.sub("", p.text))
    kept = _drop_copies(kept)
    # A caption shown twice in a row (a gallery's thumbnail and its enlargement): a story never
    # says one long line twice running (a line it repeats further on, each day of a meal plan, stays).
    kept = [t for i, t in enumerate(kept) if len(t) < 40 or i == 0 or t != kept[i - 1]]
    while len(kept) > 1 and len(kept[-1]) < 500 and (_BIO.match(kept[-1]) or _CREDIT.search(kept[-1])):
        kept.pop()  # the author's bio, contributors' credits, "follow us" under the story
    if not kept:
        # Nothing but lines that usually surround a story ("BY FIRST BOSTON" as a wire brief's
        # one line): that line is the story. Link lists and page furniture stay out.
        kept = [
            p.text
            for p in paras
            if p.link_density <= 0.5
            and not _FURNITURE.match(p.text)
            and not (p.heading and p.text == title)
        ]
    if md.published is None:
        lead = next((line for line in kept[:3] if len(line) > _LEAD), "")  # (past a kicker, an outlet)
        if m := _DATELINE.match(lead):
            md.published = find_date(m.group(1), dayfirst=day_first(md.language))  # "Feb. 23, 2015 -- ..."
    body = "\n\n".join(kept)
    # The page's own statement of its story (JSON-LD articleBody), unless it is an excerpt cut off
    # ("... the return of&hellip;"): a teaser of the story, not the story.
    lines = [clean(chunk) for chunk in (md.ld_body or "").splitlines()]
    ld_body = "\n\n".join(line for line in lines if line)
    whole = bool(ld_body) and not ld_body.endswith(CUT)
    if whole and (len(ld_body) > 2 * len(body) or _strays_from(body, ld_body)):
        body = ld_body
    return md, body


def _keep(para: Para, byline_names: list[str]) -> bool:
    text = para.text
    if para.link_density > 0.5 and len(text) < 300 and not para.heading:
        # A link list, unless it is a sentence that happens to carry long links: forty characters
        # or three words of its own ("<a>Jane Roe</a> has been eliminated from <a>the show</a>.").
        sentence = ends_sentence(text) and (len(text) - para.link_chars >= 40 or para.own_words >= 3)
        if not sentence or para.link_density > 0.8:
            return False
    if len(text) < 120 and (_FURNITURE.match(text) or _BARE_ADDRESS.match(text)):
        return False
    if _SHOW_MORE.search(text):
        return False  # a caption cut off with a button to show the rest, shown in full beside it
    if not _ALNUM.search(text):
        return False  # a rule drawn with characters ("___", "* * *")
    if len(text) < 400 and (_PHOTO_CREDIT.search(text) or _PICTURE_CREDITS.match(text)):
        return False  # a caption: "... shake hands in Hanoi. (AP Photo/Jane Roe)"
    if len(text) < (120 if _RIGHTS.search(text) else 250) and _SITE_LINE.search(text):
        return False  # (a longer copyright line carries the licence the story is sold under)
    if len(text) < 300 and (_PROMO.match(text) or _SOCIAL.match(text)):
        return False  # "Get the day's top headlines delivered to your inbox: subscribe ..."
    if len(text) < 600 and _APPEAL.match(text) and not _QUOTES.search(text):
        return False  # "If you enjoyed this article, we have a proposition for you: join ..."
    if len(text) < 90 and (is_byline(text) or _stamp_and_byline(text)):
        return False
    if len(text) < 50 and parse_date(text) is not None:
        return False  # a bare timestamp line ("2021-03-04", "Updated March 4, 2021 10:02 ET")
    if len(text) < 60 and _STAMP_LABEL.match(text) and find_date(text) is not None:
        return False  # "Aktualisiert am 12.03.2019, 10:41 Uhr", "更新时间 2012年12月10日"
    if byline_names and len(text) < 90 and all(names_as_byline(n, text) for n in byline_names):
        return False  # the byline ("By Jane Doe, Reporter"), not a line that uses a name
    return True


def _stamp_and_byline(text: str) -> bool:
    """A time stamp and a byline on one line: "2/26/2015 7:11 AM PST BY TMZ STAFF"."""
    m = _STAMP_BY.match(text)
    return m is not None and parse_date(m.group(1)) is not None and is_byline(m.group(2))


def _boxes(paras: list[Para]) -> set[int]:
    """Positions of the lines of boxes of furniture: after a header such as "Related stories" or
    "About the author" that opens an element (the smallest holding it and the next line, with no
    line before it), that element's lines, when they are a box's length and, under a header over
    other stories, teasers' lines (two headlines or links or more, and short blurbs): a story
    going on after such a line and its one link stays. Inside a block of the story, such a header
    and the list of short linked lines right under it are a box too."""
    found: set[int] = set()
    for i, para in enumerate(paras[:-1]):
        if len(para.text) >= 60 or not _BOX_OPENER.match(para.text):
            continue
        after = {paras[i + 1].block, *paras[i + 1].block.iterancestors()}
        box = next(el for el in (para.block, *para.block.iterancestors()) if el in after)
        if i and inside(paras[i - 1].block, {box}):
            # A line in a block of the story, which goes on after it; but the list of links right
            # under it is a box of teasers ("More great stories:" and a <ul> of headlines).
            found.update(_linked_list(paras, i))
            continue
        lines = []
        for k in range(i + 1, len(paras)):
            if not inside(paras[k].block, {box}):
                break
            lines.append(k)
        box_lines = [paras[k] for k in lines]
        bio = bool(_BIO_OPENER.match(para.text))  # (a bio is prose; teasers are headlines and blurbs)
        heads = [p for p in box_lines if p.heading or p.link_density > 0.5]  # headlines, links
        cards = len(heads) >= 2 and all(p in heads or len(p.text) < _CARD_LINE for p in box_lines)
        size = sum(len(p.text) for p in box_lines)
        if (bio and size <= _BIO_CHARS) or (cards and size <= _BOX_CHARS):
            found.update(lines)
    return found


def _linked_list(paras: list[Para], i: int) -> list[int]:
    """The header at `i` and the lines of the list right after it (the header's next element, a
    <ul> or <ol>), when each is a short line with a link: teasers, two or more."""
    nxt = paras[i].block.getnext()
    if nxt is None or nxt.tag not in ("ul", "ol") or (paras[i].block.tail or "").strip():
        return []
    lines = []
    for k in range(i + 1, len(paras)):
        if not inside(paras[k].block, {nxt}):
            break
        if paras[k].link_chars == 0 or len(paras[k].text) >= _CARD_LINE:
            return []
        lines.append(k)
    return [i, *lines] if len(lines) >= 2 else []


def _linked_headline(para: Para) -> bool:
    """A heading that is (nearly all) a link: the headline of another story, or of a product."""
    return para.heading and para.link_density > 0.8


def _linked_title(para: Para) -> bool:
    """A linked headline, or a short line all link that is no sentence: a teaser's headline in
    markup that does not say it is one."""
    return _linked_headline(para) or (
        para.link_density > 0.8 and len(para.text) < 150 and not ends_sentence(para.text)
    )


def _teaser_runs(paras: list[Para]) -> set[int]:
    """Positions of headlines that are links to other stories, two or more in a row: a list of
    teasers ("More:", "Related news"). A linked heading followed by prose (a product in a gift
    guide, a section of the story) is left alone."""
    linked = [_linked_headline(p) for p in paras]
    return {
        i
        for i, is_linked in enumerate(linked)
        if is_linked and ((i > 0 and linked[i - 1]) or (i + 1 < len(linked) and linked[i + 1]))
    }


def _teaser_cards(paras: list[Para], host: str) -> set[int]:
    """Positions of the lines of teaser cards: an element holding a headline (a heading, or a short
    line all link) that links within the site, nothing above it but a kicker, and at most three
    short lines more (a section, a summary, a byline), two or more side
    by side; or one element holding two such headlines or more, each with a short line or two. A
    product linked to a shop in a gift guide links elsewhere and stays."""
    heads: dict[HtmlElement, list[int]] = {}  # card element -> positions of its headlines
    for i, para in enumerate(paras):
        if _linked_title(para) and _links_within(para.block, host):
            card = para.block.getparent()
            while card is not None and _alone(card):  # wrappers around it alone (or with a picture)
                card = card.getparent()
            if card is not None:
                heads.setdefault(card, []).append(i)
    lines: dict[HtmlElement, list[int]] = {card: [] for card in heads}
    for k, para in enumerate(paras):  # one walk up from each line, not one scan per card
        for el in (para.block, *para.block.iterancestors()):
            if el in lines:
                lines[el].append(k)
    # A list of teasers in one element: two headlines or more, each followed by a short line or two.
    lists = {k for card, found in lines.items() if _teaser_list(paras, found, heads[card]) for k in found}
    cards = [
        card
        for card, found in lines.items()
        if len(heads[card]) == 1
        and len(found) <= 4
        and sum(len(paras[k].text) for k in found if k != heads[card][0]) < 400
        and all(len(paras[k].text) <= _KICKER for k in found if k < heads[card][0])
    ]
    by_parent: dict[HtmlElement | None, list[HtmlElement]] = {}
    for card in cards:
        parent = card.getparent()
        while parent is not None and _alone(parent):  # <li><div>card</div></li>, <div><img>card</div>
            parent = parent.getparent()
        by_parent.setdefault(parent, []).append(card)
    side_by_side = (lines[card] for group in by_parent.values() if len(group) >= 2 for card in group)
    return lists.union(*side_by_side)


def _alone(el: HtmlElement) -> bool:
    """Whether `el`'s text is all of its own single child's (beside pictures and empty elements),
    so that the child's card is `el` too."""
    if (el.text or "").strip():
        return False
    holding = 0
    for child in el:  # (stops at the second: a list of a thousand cards is no wrapper)
        if (child.tail or "").strip():
            return False
        if isinstance(child.tag, str) and any(t.strip() for t in child.itertext()):
            holding += 1
            if holding > 1:
                return False
    return holding == 1


def _teaser_list(paras: list[Para], found: list[int], heads: list[int]) -> bool:
    """Whether the lines `found` of one element are headlines `heads` (two or more), each followed
    by at most two short lines (an excerpt, a byline): a story with a few linked headlines among
    its paragraphs has runs of longer ones."""
    if len(heads) < 2 or found[0] not in heads:
        return False
    run = 0
    for k in found:
        run = 0 if k in heads else run + 1
        if run > 2 or (run and len(paras[k].text) >= 300):
            return False
    return True


def _links_within(block: HtmlElement, host: str) -> bool:
    """Whether the block's first link stays on the site: a relative address, or the page's host."""
    link = block if block.tag == "a" else next(block.iter("a"), None)
    href = (link.get("href") or "") if link is not None else ""
    target = urlsplit(href).hostname or ""
    return not target or (bool(host) and target.removeprefix("www.") == host.removeprefix("www."))


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
    run_chars = 0
    for k, i in enumerate(long):
        origin = first.setdefault(texts[i], k)
        if origin == k:
            run, run_chars = [], 0
            continue
        if run and first[texts[long[run[-1]]]] != origin - 1:
            run, run_chars = [], 0
        run.append(k)
        run_chars += len(texts[i])
        if run_chars >= _COPY_CHARS:
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

