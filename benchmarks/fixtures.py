#!/usr/bin/env python3
"""Extraction on pages from outside the shared set: newspaper4k's own test fixtures.

The newspaper4k source release on PyPI ships, for its regression tests, 23 real news pages
(CNN, Time, Wired, Fox, cleveland.com, Yonhap and pages in Arabic, Chinese, Japanese, Thai,
Burmese, Latvian and Spanish) each with the article text newspaper4k's maintainers accept as
its output. This benchmark downloads that release (pinned, from PyPI, once, into
benchmarks/out/), runs every extractor on the pages and scores the bodies against those texts
with extraction.py's metric (word-4-gram shingles, means over pages).

The expected texts are another extractor's checked output, not hand-made ground truth: they
keep some links to other stories and shop widgets and drop some captions, so a score here
measures agreement with newspaper4k, and a page's misses are worth reading before they are
called errors. The pages were not used to build newssearch's rules until 2026-11-29, when four
rules came from them (teaser cards with plain-link headlines, byline boxes whose buttons come
first, hidden byline parts, the site's own copyright/error-report/social lines).

    python benchmarks/fixtures.py                   # all extractors
    python benchmarks/fixtures.py --only newssearch --json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import (  # noqa: E402
    add_extractor_options,
    installed,
    lowest_pages,
    per_page_scores,
    pypi_sdist,
    scores,
    tp_fp_fn,
)

RELEASE = "newspaper4k==0.9.6"
CACHE = Path(__file__).resolve().parent / "out" / "fixtures"


def fetch(cache: Path = CACHE) -> Path:
    """The fixtures' folder (tests/data of the pinned release), downloaded from PyPI once."""
    return pypi_sdist(RELEASE, cache, "tests/data") / "tests" / "data"


def load(data: Path) -> dict[str, tuple[str, str, str]]:
    """Per fixture with an expected text: its HTML (decoded as UTF-8, as the tests read it), URL
    and expected text."""
    pages = {}
    for page in sorted((data / "html").glob("*.html")):
        expected = data / "txt" / f"{page.stem}.txt"
        if not expected.exists():
            continue
        meta = data / "metadata" / f"{page.stem}.json"
        url = json.loads(meta.read_text(encoding="utf-8")).get("url") or "" if meta.exists() else ""
        html = page.read_bytes().decode("utf-8", errors="replace")
        pages[page.stem] = (html, url, expected.read_text(encoding="utf-8"))
    return pages


def run(only: list[str] | None) -> dict:
    pages = load(fetch())
    report: dict = {"release": RELEASE, "pages": len(pages), "bodies": {}, "per_page": {}, "notes": []}
    for name, fn in installed(only, report["notes"]).items():
        counts = {stem: tp_fp_fn(want, fn(html, url)) for stem, (html, url, want) in pages.items()}
        report["bodies"][name] = scores(list(counts.values()))
        report["per_page"][name] = per_page_scores(counts)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extractor_options(ap)
    args = ap.parse_args(argv)
    report = run(args.only)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['pages']} pages with expected texts, from {RELEASE}'s tests/data\n")
    print(f"{'extractor':18} {'precision':>9} {'recall':>7} {'F1':>6}  lowest-F1 pages")
    print("-" * 78)
    for name, s in report["bodies"].items():
        worst = lowest_pages(report["per_page"][name])
        print(f"{name:18} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f}  {worst}")
    for note in report["notes"]:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
