#!/usr/bin/env python3
"""Extraction on the development pages rewritten the ways other sites lay the same story out.

An extractor tuned on a set of pages may lean on how those pages happen to be written. This
benchmark takes the 94 development pages of extraction.py (never the validation pages), rewrites
each page's markup one way at a time, keeping its text, and measures body precision and recall
against the same ground truth (extraction.py's metric). The story's block is the element with
the most <p> children longer than 60 characters. Rewrites:

- none: the page as it is (the reference row)
- hashed classes: every class and id replaced by a hash (CSS-in-JS sites)
- div paragraphs: every <p> becomes a <div>
- br paragraphs: every <p> becomes a <span> followed by <br><br>
- custom elements: every <p> becomes a <story-paragraph> (a web component)
- wrapped paragraphs: every <p> wrapped in its own <div> with a hashed class
- split story: the story block's second half moved to a new block after an "Advertisement" box
- story in chunks: the story's paragraphs in look-alike blocks of two, an "Advertisement" box
  between blocks
- lead apart: the story block's first paragraph moved to a block of its own before it
- linked phrases: every other story paragraph starts with a link over its first third
- sections: the story's paragraphs grouped by three under <section>s with an <h2>
- next story: after the story (two levels above its block), an <article> holding another
  story under its own <h1>: the first eight paragraphs of the development page seven places
  on (an endless page that loaded the next story)
- comment thread: after the story's block, readers' comments one and a half times as long as
  the story, hashed classes, each a name, a full date, the comment and a "Reply" link
- consent notice: at the end of <body>, a cookie-consent dialog in hashed classes (a heading
  and three paragraphs of its legal prose)
- furniture inside: within the story's block, hashed classes all: a newsletter sign-up box
  after the third paragraph; after the last, two teasers, an author's bio and four readers'
  comments (our own furniture, which the rules were checked against: a regression check)
- paywall wrapper: the story block's second half moved into a <div class="subscription-content">
  inside the block, after the first half (a paywall's wrapper around the rest of the story)
- shared sentences: in every third story paragraph, the sentences after the first wrapped in a
  <span class="share-quote"> (a sentence readers can share with one click)
- layout classes: " with-sidebar" added to the class of the story block's parent and
  " non-ad-column" to its grandparent's (words seen on development pages' story wrappers)
- listicle items: the story's paragraphs by two in look-alike items, each a <div> with an <h2>,
  a picture in a <figure> and a <div> holding the two paragraphs
- deep sections: the story's paragraphs by three under <section>s, each with its <h2> two
  wrapper <div>s deep, every class unique (CSS-in-JS sites)
- live blog: the story's paragraphs by two in the entries of an <ol>, each a time ("10:00
  GMT"), a <div> holding the two paragraphs and a "Share" link

- teaser box: after the story's block, a box in hashed classes under a "Related stories" header,
  four cards each with an unlinked headline, a one-sentence blurb and a linked picture
- bio box: after the story's block, an author's bio in hashed classes: an "About the author"
  line and three sentences of bio (our own furniture, as in "furniture inside")

(The headings and times these rewrites insert are left out of the comparison.)

Metadata: title, authors and published-date accuracy on the labelled development pages
(`metadata-labels.json`) as they are, without <meta> tags and JSON-LD, without those and
microdata/datetime attributes too, and with the "next story" after them under a byline and a
date of its own.

    python benchmarks/perturbed.py                     # all extractors
    python benchmarks/perturbed.py --only newssearch --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import lxml.html
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import (  # noqa: E402
    LABELS,
    add_extractor_options,
    installed,
    is_validation,
    load_pages,
    metadata_checks,
    scores,
    tp_fp_fn,
)

# Lines a rewrite inserts (headings, live-blog times), not the page's text: left out of the comparison.
_INSERTED = re.compile(r"^(?:Part \d+ of the story|\d\d:\d\d GMT)$")


def _hash(token: str) -> str:
    return "c" + hashlib.md5(token.encode()).hexdigest()[:6]


def _story_box(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    best, most = None, 0
    for el in root.iter():
        if isinstance(el.tag, str):
            n = sum(1 for c in el if c.tag == "p" and len(c.text_content()) > 60)
            if n > most:
                best, most = el, n
    return best


def _story_paras(root: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement | None, list]:
    box = _story_box(root)
    return box, ([c for c in box if c.tag == "p"] if box is not None else [])


def hashed(root: lxml.html.HtmlElement) -> None:
    for el in root.iter():
        if isinstance(el.tag, str):
            if el.get("class"):
                el.set("class", " ".join(_hash(c) for c in el.get("class").split()))
            if el.get("id"):
                el.set("id", _hash(el.get("id")))


def div_paragraphs(root: lxml.html.HtmlElement) -> None:
    for el in root.iter("p"):
        el.tag = "div"


def br_paragraphs(root: lxml.html.HtmlElement) -> None:
    for el in list(root.iter("p")):
        el.tag = "span"
        br = etree.Element("br")
        el.addnext(br)
        br.addnext(etree.Element("br"))


def custom_elements(root: lxml.html.HtmlElement) -> None:
    for el in root.iter("p"):
        el.tag = "story-paragraph"


def wrapped_paragraphs(root: lxml.html.HtmlElement) -> None:
    for k, el in enumerate(list(root.iter("p"))):
        if el.getparent() is not None:
            wrapper = etree.Element("div", {"class": _hash(f"w{k}")})
            el.addprevious(wrapper)
            wrapper.append(el)


def split_story(root: lxml.html.HtmlElement) -> None:
    box, paras = _story_paras(root)
    if box is None or len(paras) < 4 or box.getparent() is None:
        return
    ad = etree.Element("div", {"class": _hash("ad")})
    etree.SubElement(ad, "span").text = "Advertisement"
    rest = etree.Element("div", {"class": _hash("rest")})
    box.addnext(ad)
    ad.addnext(rest)
    for p in paras[len(paras) // 2 :]:
        rest.append(p)


def chunks(root: lxml.html.HtmlElement) -> None:
    paras = _story_paras(root)[1]
    if len(paras) < 4:
        return
    for k in range(0, len(paras), 2):
        if k:
            ad = etree.Element("div", {"class": _hash("ad")})
            etree.SubElement(ad, "span").text = "Advertisement"
            paras[k].addprevious(ad)
        chunk = etree.Element("div", {"class": _hash("chunk")})
        paras[k].addprevious(chunk)
        for p in paras[k : k + 2]:
            chunk.append(p)


def lead_apart(root: lxml.html.HtmlElement) -> None:
    box, paras = _story_paras(root)
    if paras and box.getparent() is not None:
        lead = etree.Element("div", {"class": _hash("lead")})
        box.addprevious(lead)
        lead.append(paras[0])


def linked_phrases(root: lxml.html.HtmlElement) -> None:
    for p in _story_paras(root)[1][::2]:
        cut = p.text.find(" ", len(p.text) // 3) if p.text and len(p.text) > 40 else -1
        if cut > 0:
            link = etree.Element("a", {"href": "/topic/x"})
            link.text, link.tail, p.text = p.text[:cut], p.text[cut:], ""
            p.insert(0, link)


def _grouped(
    root: lxml.html.HtmlElement,
    size: int,
    html: Callable[[int], str],
    inner: Callable[[lxml.html.HtmlElement], lxml.html.HtmlElement],
) -> None:
    """The story's paragraphs by `size` in new elements (`html` given the first one's position),
    each put where its first paragraph was, the paragraphs into its `inner` element."""
    paras = _story_paras(root)[1]
    for k in range(0, len(paras), size):
        group = lxml.html.fragment_fromstring(html(k))
        paras[k].addprevious(group)
        for p in paras[k : k + size]:
            inner(group).append(p)


def sections(root: lxml.html.HtmlElement) -> None:
    _grouped(root, 3, lambda k: f"<section class='{_hash(f's{k}')}'><h2>Part {k} of the story</h2></section>",
             lambda group: group)


def _story_texts(html: str) -> list[str]:
    return [p.text_content() for p in _story_paras(lxml.html.fromstring(html))[1]]


def next_story(root: lxml.html.HtmlElement, other: list[str]) -> None:
    box = _story_box(root)
    if box is None or not other:
        return
    anchor = box
    for _ in range(2):
        parent = anchor.getparent()
        if parent is not None and parent.tag != "body":
            anchor = parent
    article = etree.Element("article", {"class": _hash("next")})
    etree.SubElement(article, "h1").text = "Up next: the mayor opens the new bridge after ten years of delays"
    for text in other[:8]:
        etree.SubElement(article, "p").text = text
    anchor.addnext(article)


_COMMENT = (
    "I have been reading this paper for years and this is the first time I felt I had to write in, "
    "because the council has not listened to any of us who live on the estate, and it shows. "
)


def comment_thread(root: lxml.html.HtmlElement) -> None:
    box, paras = _story_paras(root)
    if box is None or box.getparent() is None:
        return
    story = sum(len(p.text_content()) for p in paras)
    items, size = [], 0
    while size < 1.5 * story and len(items) < 60:
        k = len(items)
        text = _COMMENT * (1 + k % 2)
        items.append(
            f"<li class='{_hash('c')}'><div class='{_hash('meta')}'><b>Reader{k}</b> "
            f"<span>March {k % 28 + 1}, 2019 at 4:12 pm</span></div><p>{text}</p>"
            f"<div><a href='#r{k}'>Reply</a></div></li>"
        )
        size += len(text)
    thread = f"<div class='{_hash('cs')}'><h3>{len(items)} Responses</h3><ol>{''.join(items)}</ol></div>"
    box.addnext(lxml.html.fragment_fromstring(thread))


_CONSENT = (
    "We and our partners store and access information on your device, such as cookies, and process "
    "personal data, such as unique identifiers and standard information sent by a device, for "
    "personalised ads and content, ad and content measurement, audience insights and product development.",
    "With your permission we and our partners may use precise geolocation data and identification through "
    "device scanning. You may click to consent to our and our partners' processing of cookies as described "
    "above, or access more detailed information and change your preferences before consenting.",
    "Some partners do not ask for your consent to process your data and rely on their legitimate business "
    "interest instead. You can object to this, and withdraw the consent you gave to cookies, at any time "
    "from the privacy settings linked at the bottom of every page.",
)


def consent_notice(root: lxml.html.HtmlElement) -> None:
    body = root.find(".//body")
    if body is not None:
        notice = "".join(f"<p>{text}</p>" for text in _CONSENT)
        body.append(
            lxml.html.fragment_fromstring(
                f"<div class='{_hash('cmp')}'><div class='{_hash('cmp-in')}'><h2>We value your privacy</h2>"
                f"{notice}<button>Accept</button><button>Manage options</button></div></div>"
            )
        )


_FURNITURE = (
    "<div class='{nl}'><h3>Get our free daily newsletter</h3><p>The stories you need, in your inbox every "
    "morning.</p><div class='{nl2}'>Enter your email address</div></div>",
    "<div class='{rel}'><h3><a href='/news/1'>Mayor opens bridge after ten years of delays</a></h3><p>The "
    "bridge, which cost twice the estimate, opened to traffic on Sunday morning.</p><h3><a href='/news/2'>"
    "School fair raises money for new roof</a></h3><p>Parents and teachers ran stalls all day, and the band "
    "played until dusk.</p></div>"
    "<div class='{bio}'><p>Jane Roe is a reporter who covers the city council, transport and the courts for "
    "the paper.</p></div><div class='{com}'>"
    + "".join(
        f"<div class='{{c}}'><div>Reader{i}</div><div>{i} hours ago</div><p>I have lived here for twenty "
        "years and I have never seen the council so divided, it is a shame for everyone.</p></div>"
        for i in range(1, 5)
    )
    + "</div>",
)


def furniture_inside(root: lxml.html.HtmlElement) -> None:
    names = {k: _hash(k) for k in ("nl", "nl2", "rel", "bio", "com", "c")}
    paras = _story_paras(root)[1]
    if len(paras) >= 4:
        box, rest = (lxml.html.fragments_fromstring(f.format(**names)) for f in _FURNITURE)
        paras[2].addnext(box[0])
        anchor = paras[-1]
        for el in rest:
            anchor.addnext(el)
            anchor = el


def paywall_wrapper(root: lxml.html.HtmlElement) -> None:
    box, paras = _story_paras(root)
    if box is not None and len(paras) >= 4:
        rest = etree.Element("div", {"class": "subscription-content"})
        paras[len(paras) // 2].addprevious(rest)
        for p in paras[len(paras) // 2 :]:
            rest.append(p)


_SENTENCE_END = re.compile(r"[.!?] (?=[A-Z\"“])")


def shared_sentences(root: lxml.html.HtmlElement) -> None:
    for p in _story_paras(root)[1][1::3]:
        cut = _SENTENCE_END.search(p.text or "") if not len(p) else None
        if cut:
            quote = etree.SubElement(p, "span", {"class": "share-quote"})
            quote.text, p.text = p.text[cut.end() :], p.text[: cut.end()]


def layout_classes(root: lxml.html.HtmlElement) -> None:
    box = _story_box(root)
    above = box.iterancestors() if box is not None else iter(())
    wrappers = [el for el in above if el.tag not in ("body", "html")][:2]
    for word, el in zip((" with-sidebar", " non-ad-column"), wrappers, strict=False):
        el.set("class", (el.get("class") or "") + word)


def listicle_items(root: lxml.html.HtmlElement) -> None:
    _grouped(root, 2, lambda k: (
        f"<div class='{_hash('item')}'><h2>Part {k} of the story</h2>"
        f"<figure><img src='/i{k}.jpg'></figure><div class='{_hash('item-body')}'></div></div>"
    ), lambda item: item[-1])


def deep_sections(root: lxml.html.HtmlElement) -> None:
    _grouped(root, 3, lambda k: (
        f"<section class='{_hash(f's{k}')}'><div class='{_hash(f'w{k}')}'><div class='{_hash(f'i{k}')}'>"
        f"<h2>Part {k} of the story</h2></div></div></section>"
    ), lambda section: section[0][0])


def live_blog(root: lxml.html.HtmlElement) -> None:
    paras = _story_paras(root)[1]
    if not paras:
        return
    entries = etree.Element("ol", {"class": _hash("entries")})
    paras[0].addprevious(entries)
    for k in range(0, len(paras), 2):
        entry = lxml.html.fragment_fromstring(
            f"<li class='{_hash('entry')}'><div class='{_hash('meta')}'><time>{10 + k // 2:02d}:00 GMT</time>"
            f"</div><div class='{_hash('content')}'></div>"
            f"<div class='{_hash('share')}'><a href='#'>Share</a></div></li>"
        )
        entries.append(entry)
        for p in paras[k : k + 2]:
            entry[1].append(p)


def _after_story(root: lxml.html.HtmlElement, html: str) -> None:
    box = _story_box(root)
    if box is not None and box.getparent() is not None:
        box.addnext(lxml.html.fragment_fromstring(html))


def teaser_box(root: lxml.html.HtmlElement) -> None:
    cards = "".join(
        f"<div class='{_hash('card')}'><h4>Council to vote on the budget, part {k}</h4><p>The council "
        "will meet on Thursday to decide on the budget, which includes cuts to libraries and parks, "
        "officials said.</p>"
        f"<a href='/n/{k}'><img src='/t{k}.jpg'></a></div>"
        for k in range(4)
    )
    _after_story(root, f"<div class='{_hash('related')}'><h3>Related stories</h3>{cards}</div>")


def bio_box(root: lxml.html.HtmlElement) -> None:
    bio = ("<p>Jane Roe joined the paper in 2009, after ten years at regional papers in the north, where she "
           "covered courts, councils and schools.</p>")
    _after_story(root, f"<div class='{_hash('bio')}'><div class='{_hash('bio-in')}'><p>About the author</p>"
                       f"{bio * 3}</div></div>")


REWRITES: dict[str, Callable[[lxml.html.HtmlElement], None] | None] = {
    "none": None,
    "hashed classes": hashed,
    "div paragraphs": div_paragraphs,
    "br paragraphs": br_paragraphs,
    "custom elements": custom_elements,
    "wrapped paragraphs": wrapped_paragraphs,
    "split story": split_story,
    "story in chunks": chunks,
    "lead apart": lead_apart,
    "linked phrases": linked_phrases,
    "sections": sections,
    "next story": next_story,
    "comment thread": comment_thread,
    "consent notice": consent_notice,
    "furniture inside": furniture_inside,
    "paywall wrapper": paywall_wrapper,
    "shared sentences": shared_sentences,
    "layout classes": layout_classes,
    "listicle items": listicle_items,
    "deep sections": deep_sections,
    "live blog": live_blog,
    "teaser box": teaser_box,
    "bio box": bio_box,
}
_INSERTING = (sections, listicle_items, deep_sections, live_blog)  # rewrites that add lines of their own


def rewrite(html: str, how: Callable[[lxml.html.HtmlElement], None] | None) -> str:
    if how is None:
        return html
    root = lxml.html.fromstring(html)
    how(root)
    return lxml.html.tostring(root, encoding="unicode")


def strip_metadata(html: str, attributes: bool) -> str:
    """The page without <meta> tags and JSON-LD (and, with `attributes`, without microdata and
    datetime attributes): what is left is what the page shows."""
    root = lxml.html.fromstring(html)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag == "meta" or (el.tag == "script" and "ld+json" in (el.get("type") or "")):
            el.drop_tree()
        elif attributes:
            for name in ("itemprop", "itemtype", "datetime", "rel"):
                el.attrib.pop(name, None)
    return lxml.html.tostring(root, encoding="unicode")


_NEXT_BYLINE = "<div class='byline'>By Zed Quill</div><time datetime='2001-01-01'>January 1, 2001</time>"


def with_next_story(html: str, other: list[str]) -> str:
    """The page with another story after its own (see next_story), under its own byline and date."""
    page = rewrite(html, partial(next_story, other=other))
    return page.replace("years of delays</h1>", "years of delays</h1>" + _NEXT_BYLINE, 1)


def metadata_rows(html: dict[str, str], stories: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    from newssearch import extract

    labels = json.loads(LABELS.read_text(encoding="utf-8"))["pages"]
    dev = {pid: want for pid, want in labels.items() if not is_validation(pid)}
    order = sorted(stories)  # the development pages, as "next story" pairs them
    rows = {}
    for name, strip in (
        ("as published", None),
        ("no meta tags, no JSON-LD", False),
        ("... nor microdata", True),
        ("next story after it, own byline and date", "next"),
    ):
        right = {"title": 0, "authors": 0, "published": 0}
        for pid, want in dev.items():
            if strip == "next":
                page = with_next_story(html[pid], stories[order[(order.index(pid) + 7) % len(order)]])
            else:
                page = html[pid] if strip is None else strip_metadata(html[pid], bool(strip))
            for field, ok in metadata_checks(extract(page, kind="html"), want).items():
                right[field] += ok
        rows[name] = {"pages": len(dev), **{k: v / len(dev) for k, v in right.items()}}
    return rows


def run(only: list[str] | None) -> dict:
    html, truth = load_pages()
    dev = [pid for pid in sorted(html) if not is_validation(pid)]
    report: dict = {"pages": len(dev), "bodies": {}, "notes": []}
    extractors = installed(only, report["notes"])
    stories = {pid: _story_texts(html[pid]) for pid in dev}  # for "next story"
    for label, how in REWRITES.items():
        if how is next_story:
            pages = {
                pid: rewrite(html[pid], partial(next_story, other=stories[dev[(k + 7) % len(dev)]]))
                for k, pid in enumerate(dev)
            }
        else:
            pages = {pid: rewrite(html[pid], how) for pid in dev}
        row = {}
        for name, fn in extractors.items():
            counts = []
            for pid in dev:
                body = fn(pages[pid], truth[pid].get("url", ""))
                if how in _INSERTING:  # the inserted headings and times are not the page's text
                    body = "\n".join(line for line in body.splitlines() if not _INSERTED.match(line.strip()))
                counts.append(tp_fp_fn(truth[pid]["articleBody"], body))
            row[name] = scores(counts)
        report["bodies"][label] = row
    if not only or "newssearch" in only:
        report["metadata"] = metadata_rows(html, stories)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extractor_options(ap)
    args = ap.parse_args(argv)
    report = run(args.only)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    names = list(next(iter(report["bodies"].values())))
    print(f"{report['pages']} development pages, each rewritten one way at a time; body P / R / F1\n")
    head = f"{'rewrite':<20}" + "".join(f" {n:>22}" for n in names)
    print(head)
    print("-" * len(head))
    for label, row in report["bodies"].items():
        cells = "".join(f"     {r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f}" for r in row.values())
        print(f"{label:<20}{cells}")
    if "metadata" in report:
        columns = f"{'title':>15} {'authors':>8} {'published':>10}"
        print(f"\nnewssearch metadata, labelled development pages{columns}")
        for label, r in report["metadata"].items():
            print(f"  {label:<53} {r['title']:7.1%} {r['authors']:8.1%} {r['published']:10.1%}")
    for note in report["notes"]:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
