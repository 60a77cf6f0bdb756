#!/usr/bin/env python3
"""Extraction on page layouts whose markup says nothing: random pages with hashed class names.

The 127 real pages of extraction.py come from sites whose class names often say "article-body"
or "related". Many sites (CSS-in-JS, page builders) name every element with a hash instead, so
an extractor must find the story by its text and structure alone. This benchmark builds such
pages at random, deterministically per seed: a story of 3-10 blocks of 1-4 paragraphs (word
salad with real sentence shapes), each block under 0-4 wrappers with hashed classes, some
blocks preceded by a subheading; between blocks, ad links, lists of related links and figures
with captions; after the story, sometimes an author's bio, teasers with whole-sentence
summaries and readers' comments; a navigation bar, a sidebar of teasers (headline links over
excerpts cut off with "..."), a footer; the sidebar before or after the story.

For each extractor: precision, recall and F1 of the story text (the word-4-gram shingle metric
of extraction.py, the story's paragraphs and subheadings as the truth), the share of pages
whose every story paragraph was found, and the share of pages free of any page furniture
(each furniture text carries a marker word that no story text has).

    python benchmarks/layouts.py                   # 200 pages, seed 0
    python benchmarks/layouts.py --pages 500 --seed 7 --json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import add_extractor_options, installed, scores, tp_fp_fn  # noqa: E402

_WORDS = (
    "council harbour roads budget mayor voters school fire police river bridge market trade court judge "
    "union workers storm winter hospital doctors"
).split()
_FILL = "the a of and to in on for with as by at from that which".split()
_MARK = "Zqx"  # in every furniture text, in no story text


def _sentence(rnd: random.Random, n: int | None = None) -> str:
    words = [
        rnd.choice(_WORDS if rnd.random() < 0.4 else _FILL) + ("," if rnd.random() < 0.08 else "")
        for _ in range(n or rnd.randint(12, 30))
    ]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _hashed(rnd: random.Random) -> str:
    return f"css-{rnd.getrandbits(24):06x}"


def _wrap(rnd: random.Random, inner: str, depth: int) -> str:
    for _ in range(rnd.randint(0, depth)):
        inner = f"<div class='{_hashed(rnd)}'>{inner}</div>"
    return inner


def make_page(seed: int) -> tuple[str, list[str]]:
    """A random page and its story (paragraphs and subheadings, in order)."""
    rnd = random.Random(seed)
    story: list[str] = []
    parts: list[str] = []
    for block in range(rnd.randint(3, 10)):
        if block and rnd.random() < 0.25:
            head = " ".join(rnd.choice(_WORDS) for _ in range(4)).capitalize()
            story.append(head)
            parts.append(_wrap(rnd, f"<h2>{head}</h2>", 2))
        paras = [" ".join(_sentence(rnd) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 4))]
        story += paras
        parts.append(_wrap(rnd, "".join(f"<p>{p}</p>" for p in paras), 4))
        junk = rnd.random()
        if junk < 0.2:
            parts.append(_wrap(rnd, f"<a href='/ad'>{_MARK} advertisement</a>", 2))
        elif junk < 0.35:
            links = "".join(
                f"<li><a href='/r{k}'>{_MARK} related headline {k} about the {rnd.choice(_WORDS)}</a></li>"
                for k in range(4)
            )
            parts.append(_wrap(rnd, f"<ul>{links}</ul>", 2))
        elif junk < 0.45:
            caption = f"{_MARK} {_sentence(rnd, 8)}"
            parts.append(f"<figure><img src='photo.jpg'><figcaption>{caption}</figcaption></figure>")
    # After the story, inside its column: an author's bio, teasers with whole-sentence summaries,
    # readers' comments (each a name line over its text).
    if rnd.random() < 0.3:
        bio = f"{_MARK} Jane Roe is a reporter who covers the {rnd.choice(_WORDS)}. {_sentence(rnd, 12)}"
        parts.append(_wrap(rnd, f"<p>{bio}</p>", 2))
    if rnd.random() < 0.3:
        related = "".join(
            f"<div class='{_hashed(rnd)}'><h3><a href='/m{k}'>{_MARK} more {k}</a></h3>"
            f"<p>{_MARK} {_sentence(rnd, 14)}</p></div>"
            for k in range(rnd.randint(2, 4))
        )
        parts.append(_wrap(rnd, related, 2))
    if rnd.random() < 0.3:
        comments = "".join(
            f"<div class='{_hashed(rnd)}'><div>{_MARK} reader{k} · 2 hours ago</div>"
            f"<p>{_MARK} {_sentence(rnd)}</p></div>"
            for k in range(rnd.randint(2, 8))
        )
        parts.append(_wrap(rnd, comments, 2))
    links = "".join(f"<a href='/s{k}'>{_MARK} section {k}</a> " for k in range(10))
    nav = f"<div class='{_hashed(rnd)}'>{links}"
    teasers = "".join(
        f"<div><a href='/t{k}'><h3>{_MARK} teaser {k}</h3></a>"
        f"<p>{_MARK} {_sentence(rnd, 10)[:60]}...</p></div>"
        for k in range(rnd.randint(0, 6))
    )
    side = f"<div class='{_hashed(rnd)}'>{teasers}"
    foot = (
        f"<div class='{_hashed(rnd)}'><p>{_MARK} Copyright 2024 The Paper. All rights reserved.</p>"
        f"<a href='/contact'>{_MARK} contact</a></div>"
    )
    main = f"<div class='{_hashed(rnd)}'><h1>Headline {seed}</h1>{''.join(parts)}</div>"
    body = [nav + "</div>", main, side + "</div>", foot]
    if rnd.random() < 0.5:
        body[1], body[2] = body[2], body[1]
    return "<html><body>" + "".join(body) + "</body></html>", story


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def run(pages: int, seed: int, only: list[str] | None) -> dict:
    built = [make_page(seed * 100_003 + i) for i in range(pages)]
    report: dict = {"pages": pages, "seed": seed, "extractors": {}, "notes": []}
    for name, fn in installed(only, report["notes"]).items():
        counts, whole, clean = [], 0, 0
        for html, story in built:
            body = fn(html, "")
            counts.append(tp_fp_fn("\n".join(story), body))
            found = _normal(body)
            whole += all(_normal(p) in found for p in story if len(p) > 40)
            clean += _MARK not in body
        report["extractors"][name] = {
            **scores(counts),
            "whole_story_pages": whole / pages,
            "furniture_free_pages": clean / pages,
        }
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    add_extractor_options(ap)
    args = ap.parse_args(argv)
    report = run(args.pages, args.seed, args.only)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['pages']} random pages with hashed class names (seed {report['seed']})\n")
    head = (
        f"{'extractor':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'whole story':>12} "
        f"{'no furniture':>13}"
    )
    print(head)
    print("-" * len(head))
    for name, r in report["extractors"].items():
        print(
            f"{name:<18} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f} "
            f"{r['whole_story_pages']:12.1%} {r['furniture_free_pages']:13.1%}"
        )
    for note in report["notes"]:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
