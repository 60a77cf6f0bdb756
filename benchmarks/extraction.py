#!/usr/bin/env python3
"""Article-body extraction benchmark: newssearch against trafilatura, readability-lxml and bare get_text.

Data: ../shared/data/extraction (127 real news pages with hand-made ground-truth bodies, the
Scrapinghub article-extraction benchmark). Metric: that benchmark's own: per page, the multisets
of word 4-gram shingles (tokens are \\w+ runs, case kept) of the true and the extracted body give
tp/fp/fn, normalised to sum 1; precision and recall are means over pages (a page with an empty
extraction counts for recall only), F1 is computed from the two means.

Split: a page is in the *validation* part when its id (a sha256 hex string) starts with 0-4
(5/16 of the ids), else in the *development* part. Tuning looks only at development pages.

Speed: each extractor's time over all pages, against a bare `BeautifulSoup(html, "lxml")` parse
and a bare `lxml.html` parse of the same pages in the same run (pages already decompressed and
decoded, so only parsing and extraction are timed).

    python benchmarks/extraction.py                # table
    python benchmarks/extraction.py --json         # machine output
    python benchmarks/extraction.py --worst 10     # the lowest-F1 dev pages and what went wrong

trafilatura and readability-lxml are benchmark extras (pip install -e '.[bench]'); they are
skipped with a note when not installed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "extraction"
LABELS = Path(__file__).resolve().parent / "metadata-labels.json"
VALIDATION_PREFIXES = tuple("01234")

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-gram shingles; texts shorter than n give one shorter shingle (as the benchmark does)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle matches between the true and the predicted body, normalised to sum 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision, recall (means over pages) and F1 from them, exactly as the benchmark computes."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def per_page_scores(counts: dict[str, tuple[float, float, float]]) -> dict[str, dict[str, float]]:
    """Each page's precision, recall and F1, as `scores` computes them for one page."""
    return {page: scores([c]) for page, c in counts.items()}


def lowest_pages(per_page: dict[str, dict[str, float]], n: int = 3, label: Callable[[str], str] = str) -> str:
    """The `n` pages with the lowest F1, "name 0.82, ...", each named by `label`."""
    low = sorted(per_page, key=lambda page: per_page[page]["f1"])[:n]
    return ", ".join(f"{label(page)} {per_page[page]['f1']:.2f}" for page in low)


def page_f1(c: tuple[float, float, float]) -> float:
    p, r = _precision(*c), _recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def load_pages(data: Path = DATA) -> tuple[dict[str, str], dict[str, dict]]:
    """Decoded HTML and ground truth by page id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    html = {}
    for pid in sorted(truth):
        with gzip.open(data / "html" / f"{pid}.html.gz", "rt", encoding="utf-8", errors="replace") as fh:
            html[pid] = fh.read()
    return html, truth


def is_validation(pid: str) -> bool:
    return pid.startswith(VALIDATION_PREFIXES)


# --- extractors: html (str) -> body text --------------------------------------------------------


def ex_newssearch(html: str, url: str) -> str:
    from newssearch import ExtractionError, extract

    try:
        return extract(html, url=url, kind="html").body
    except ExtractionError:
        return ""


def ex_get_text(html: str, url: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text(separator=" ", strip=True)


def ex_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def ex_readability(html: str, url: str) -> str:
    from lxml import html as lhtml
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lhtml.fromstring(summary).text_content() if summary.strip() else ""


def bare_bs4(html: str, url: str) -> str:
    from bs4 import BeautifulSoup

    BeautifulSoup(html, "lxml")
    return ""


def bare_lxml(html: str, url: str) -> str:
    from lxml import html as lhtml

    lhtml.document_fromstring(html)
    return ""


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "newssearch": ex_newssearch,
    "trafilatura": ex_trafilatura,
    "readability-lxml": ex_readability,
    "bs4 get_text": ex_get_text,
}
BASELINES = {"bare BeautifulSoup(lxml) parse": bare_bs4, "bare lxml.html parse": bare_lxml}


def pypi_sdist(release: str, cache: Path, under: str) -> Path:
    """The unpacked folder of a pinned source release ("name==version") from PyPI, with only its
    files under `under` ("tests/data"): downloaded and unpacked into `cache` once (other
    extractors' test pages, for the benchmarks that read them)."""
    name, version = release.split("==")
    folder = cache / f"{name}-{version}"
    if (folder / under).is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:"]
    subprocess.run([*pip, release, "-d", str(cache)], check=True)
    archive = next(cache.glob(f"{name}-{version}.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if f"/{under}/" in m.name and m.isfile()]
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # (Python >= 3.10.12)
        tar.extractall(cache, members=members, **safe)
    return folder


def available(name: str, fn: Callable[[str, str], str]) -> bool:
    try:
        fn("<html><body><p>probe</p></body></html>", "")
    except ImportError:
        return False
    return True


def add_extractor_options(ap: argparse.ArgumentParser) -> None:
    """The options every extraction benchmark takes: `--only` these extractors, and `--json`."""
    ap.add_argument("--only", choices=sorted(EXTRACTORS), action="append", help="run only these extractors")
    ap.add_argument("--json", action="store_true", help="print one JSON document")


def installed(only: list[str] | None, notes: list[str]) -> dict[str, Callable[[str, str], str]]:
    """The extractors asked for (all, without `only`) that are installed; a note in `notes` for
    each that is not."""
    found = {}
    for name, fn in EXTRACTORS.items():
        if only and name not in only:
            continue
        if available(name, fn):
            found[name] = fn
        else:
            notes.append(f"{name} not installed (pip install -e '.[bench]'); skipped")
    return found


def timed_run(
    fn: Callable[[str, str], str], html: dict[str, str], truth: dict[str, dict]
) -> tuple[dict[str, str], float]:
    fn(next(iter(html.values())), "")  # warm imports and caches
    out = {}
    start = time.perf_counter()
    for pid, page in html.items():
        out[pid] = fn(page, truth[pid].get("url", ""))
    return out, time.perf_counter() - start


def evaluate_bodies(bodies: dict[str, str], truth: dict[str, dict]) -> dict[str, dict[str, float]]:
    counts = {pid: tp_fp_fn(truth[pid]["articleBody"], bodies[pid]) for pid in truth}
    parts = {
        "all": list(counts.values()),
        "dev": [c for pid, c in counts.items() if not is_validation(pid)],
        "validation": [c for pid, c in counts.items() if is_validation(pid)],
    }
    return {name: scores(cs) for name, cs in parts.items()}


def metadata_accuracy(html: dict[str, str], labels_path: Path = LABELS) -> dict[str, Any] | None:
    """Share of hand-labelled pages where newssearch's title, authors and date are right, for all
    labelled pages and for the development and validation parts (split as for bodies).

    The date is compared as the page shows it (in the page's own UTC offset), as labelled.
    """
    if not labels_path.exists():
        return None
    from newssearch import extract

    labels = json.loads(labels_path.read_text(encoding="utf-8"))["pages"]
    fields = ("title", "authors", "published")
    right: dict[str, Counter] = {"all": Counter(), "development": Counter(), "validation": Counter()}
    pages = Counter()
    wrong: dict[str, list[str]] = {f: [] for f in fields}
    for pid, want in sorted(labels.items()):
        checks = metadata_checks(extract(html[pid], kind="html"), want)
        part = "validation" if is_validation(pid) else "development"
        pages["all"] += 1
        pages[part] += 1
        for name, ok in checks.items():
            right["all"][name] += ok
            right[part][name] += ok
            if not ok:
                wrong[name].append(pid)
    parts = {p: {"pages": pages[p], **{f: right[p][f] / pages[p] for f in fields}} for p in right if pages[p]}
    return {**parts["all"], "parts": parts, "wrong": wrong}


def metadata_checks(art: Any, want: dict[str, Any]) -> dict[str, bool]:
    """Whether an extracted article's title, authors and date (the day as the page shows it)
    are the labelled ones."""
    day = art.published.date().isoformat() if art.published else None
    return {
        "title": _norm(art.title) == _norm(want["title"]),
        "authors": sorted(map(_norm, art.authors)) == sorted(map(_norm, want["authors"])),
        "published": day == want["published"],
    }


def _norm(text: str | None) -> str:
    return " ".join((text or "").replace("’", "'").replace("‘", "'").split()).casefold()


def worst_pages(
    bodies: dict[str, str], truth: dict[str, dict], n: int, validation: bool = False
) -> list[dict]:
    """The n lowest-F1 development pages (validation ones too only when asked: they are for reporting)."""
    rows = []
    for pid in truth:
        if is_validation(pid) and not validation:
            continue
        c = tp_fp_fn(truth[pid]["articleBody"], bodies[pid])
        t, p = shingles(truth[pid]["articleBody"]), shingles(bodies[pid])
        missed = [" ".join(s) for s in (t - p)][:3]
        added = [" ".join(s) for s in (p - t)][:3]
        rows.append(
            {
                "id": pid,
                "f1": page_f1(c),
                "precision": _precision(*c),
                "recall": _recall(*c),
                "url": truth[pid].get("url"),
                "missed": missed,
                "added": added,
                "part": "validation" if is_validation(pid) else "dev",
            }
        )
    return sorted(rows, key=lambda r: r["f1"])[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--worst", type=int, default=0, metavar="N", help="list the N lowest-F1 dev pages (newssearch)"
    )
    ap.add_argument(
        "--include-validation", action="store_true", help="let --worst list validation pages too"
    )
    add_extractor_options(ap)
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    html, truth = load_pages(args.data)
    report: dict = {
        "pages": len(truth),
        "validation_pages": sum(map(is_validation, truth)),
        "extractors": {},
        "baselines": {},
        "notes": [],
    }
    for name, fn in BASELINES.items():
        _, seconds = timed_run(fn, html, truth)
        report["baselines"][name] = {"seconds": seconds, "ms_per_page": 1000 * seconds / len(html)}
    bs4_seconds = report["baselines"]["bare BeautifulSoup(lxml) parse"]["seconds"]
    bodies_by_name = {}
    for name, fn in installed(args.only, report["notes"]).items():
        bodies, seconds = timed_run(fn, html, truth)
        bodies_by_name[name] = bodies
        report["extractors"][name] = {
            **evaluate_bodies(bodies, truth),
            "seconds": seconds,
            "ms_per_page": 1000 * seconds / len(html),
            "x_bare_bs4_parse": seconds / bs4_seconds,
        }
    meta = metadata_accuracy(html)
    if meta is not None:
        report["metadata"] = meta
    if args.worst and "newssearch" in bodies_by_name:
        nbodies = bodies_by_name["newssearch"]
        report["worst"] = worst_pages(nbodies, truth, args.worst, args.include_validation)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print_table(report)
    return 0


def print_table(report: dict) -> None:
    print(
        f"{report['pages']} pages ({report['validation_pages']} validation, "
        f"{report['pages'] - report['validation_pages']} development)\n"
    )
    cols = ("precision", 9), ("recall", 7), ("F1", 6), ("ms/page", 8), ("x parse", 8)
    head = f"{'extractor':<18} {'part':<11} " + " ".join(f"{name:>{width}}" for name, width in cols)
    print(head)
    print("-" * len(head))
    for name, r in report["extractors"].items():
        for part in ("all", "dev", "validation"):
            s = r[part]
            timing = f"{r['ms_per_page']:8.1f} {r['x_bare_bs4_parse']:8.2f}" if part == "all" else ""
            print(
                f"{name if part == 'all' else '':<18} {part:<11} {s['precision']:9.3f} {s['recall']:7.3f} "
                f"{s['f1']:6.3f} {timing}"
            )
    for name, b in report["baselines"].items():
        print(f"{name:<30} {b['ms_per_page']:8.1f} ms/page")
    if "metadata" in report:
        m = report["metadata"]
        print("\nmetadata on hand-labelled pages   pages   title  authors  published")
        for part, r in m["parts"].items():
            print(
                f"  {part:<31} {r['pages']:5d}  {r['title']:6.1%}  {r['authors']:7.1%}  {r['published']:9.1%}"
            )
        for field, pids in m["wrong"].items():
            if pids:
                print(f"  {field} wrong: {', '.join(p[:10] for p in pids)}")
    for note in report["notes"]:
        print(f"note: {note}")
    for row in report.get("worst", []):
        print(
            f"\n{row['id'][:16]} [{row['part']}] F1 {row['f1']:.3f} P {row['precision']:.3f} "
            f"R {row['recall']:.3f} {row['url']}"
        )
        for s in row["missed"]:
            print(f"   missed: {s}")
        for s in row["added"]:
            print(f"   added:  {s}")


if __name__ == "__main__":
    sys.exit(main())
