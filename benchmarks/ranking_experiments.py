#!/usr/bin/env python3
"""Measure each ranking choice on the TIME collection, one change at a time, with paired statistics.

Builds one newssearch index of the collection (as benchmarks/relevance.py does), then for each
variant of the settings in `newssearch.engine.ranking` (and the query stop list) runs all queries
through `Archive.search` and compares per-query nDCG@10 with the current settings: mean
difference, wins/losses, sign-test p and a bootstrap 95% interval. Choices are made on the
odd-numbered queries; the even-numbered ones are reported alongside as the held-back check.

    python benchmarks/ranking_experiments.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relevance as R  # noqa: E402

from newssearch import Archive  # noqa: E402
from newssearch.engine import query as engine_query  # noqa: E402
from newssearch.engine import ranking  # noqa: E402

# Each variant: a name and the settings it changes (module, attribute, value).
VARIANTS: list[tuple[str, list[tuple[Any, str, Any]]]] = [
    ("lucene idf", [(ranking, "IDF", "lucene")]),
    ("lucene idf, k1 1.2", [(ranking, "IDF", "lucene"), (ranking, "K1", 1.2)]),
    ("whoosh idf", [(ranking, "IDF", "whoosh")]),
    ("idf floor 0.1", [(ranking, "IDF_FLOOR", 0.1)]),
    ("idf floor 0.5", [(ranking, "IDF_FLOOR", 0.5)]),
    ("idf floor 1.0", [(ranking, "IDF_FLOOR", 1.0)]),
    ("keep stop words", [(engine_query, "STOP_WORDS", frozenset())]),
    ("title weight 1", [(ranking, "FIELD_WEIGHTS", {**ranking.FIELD_WEIGHTS, "title": 1.0})]),
    ("title weight 3", [(ranking, "FIELD_WEIGHTS", {**ranking.FIELD_WEIGHTS, "title": 3.0})]),
    ("k1 1.2", [(ranking, "K1", 1.2)]),
    ("k1 1.3", [(ranking, "K1", 1.3)]),
    ("k1 1.7", [(ranking, "K1", 1.7)]),
    ("k1 2.0", [(ranking, "K1", 2.0)]),
    ("b 0.6", [(ranking, "B", 0.6)]),
    ("b 0.7", [(ranking, "B", 0.7)]),
    ("b 0.8", [(ranking, "B", 0.8)]),
    ("b 0.9", [(ranking, "B", 0.9)])]


@contextmanager
def settings(changes: list[tuple[Any, str, Any]]) -> Iterator[None]:
    saved = [(mod, name, getattr(mod, name)) for mod, name, _ in changes]
    for mod, name, value in changes:
        setattr(mod, name, value)
    try:
        yield
    finally:
        for mod, name, value in saved:
            setattr(mod, name, value)


def run(index: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    with Archive(index, create=False) as archive:  # a new archive: new searchers, current settings
        return {
            qid: [Path(h.id).stem for h in archive.search(text, limit=1000, snippets=False)]
            for qid, text in queries.items()
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    docs, queries, qrels = R.load()
    judged = qrels["standard"]
    halves = {"odd": [q for q in judged if int(q) % 2], "even": [q for q in judged if not int(q) % 2]}
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        R.newssearch_ranker(docs, Path(tmp))  # builds the index with the real CLI
        index = Path(tmp) / "index"
        base = R.per_query(run(index, queries), judged)
        out["current"] = {h: R.summarise(base, qs) for h, qs in halves.items()}
        for name, changes in VARIANTS:
            with settings(changes):
                pq = R.per_query(run(index, queries), judged)
            row = {}
            for half, qs in halves.items():
                qs = [q for q in qs if q in pq]
                row[half] = R.summarise(pq, qs) | R.paired(
                    [pq[q]["ndcg@10"] for q in qs], [base[q]["ndcg@10"] for q in qs]
                )
            out[name] = row
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    cur = out["current"]
    print(
        f"current settings: nDCG@10 odd {cur['odd']['ndcg@10']:.3f}, even {cur['even']['ndcg@10']:.3f}; "
        f"MAP odd {cur['odd']['map']:.3f}, even {cur['even']['map']:.3f}\n"
    )
    head = (
        f"{'variant':<24} {'half':<5} {'nDCG@10':>8} {'MAP':>6} {'diff':>7} "
        f"{'95% interval':>17} {'W/L':>7} {'sign p':>7}"
    )
    print(head)
    print("-" * len(head))
    for name, row in out.items():
        if name == "current":
            continue
        for half in ("odd", "even"):
            r = row[half]
            print(
                f"{name if half == 'odd' else '':<24} {half:<5} {r['ndcg@10']:8.3f} {r['map']:6.3f} "
                f"{r['mean_diff']:+7.3f} [{r['ci95_low']:+.3f}, {r['ci95_high']:+.3f}] "
                f"{r['wins']:>3}/{r['losses']:<3} {r['sign_test_p']:7.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
