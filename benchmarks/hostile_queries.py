"""The slowest queries a user can type, timed on a big index: does every one finish within 2 s?

    python benchmarks/indexing.py --sizes 100000 --csv /tmp/indexing-100k.csv   # builds the index
    python benchmarks/hostile_queries.py --size 100000 [--random 2000] [--seed 7]

Families of query, each run cold once and timed in this process through `Archive.search`
(first page of 10 hits with snippets, as the CLI asks):
  wildcard   every one-letter prefix (`a*` .. `z*`), `*`, `?*`, and seeded two-letter prefixes
  common     ORs, ANDs and phrases of the commonest English words, with and without facets
  sorted     broad queries sorted by date, over wide and broken date ranges
  huge       100 KB queries: one word repeated, a long phrase, thousands of wildcards
  random     seeded strings of query-language pieces (quotes, brackets, operators, fields, dates)
Prints per family: count, answered vs refused (QueryError), p50, p95 and max ms, and the
slowest query; then the longest time seen against the 2 s limit. Exit status 1 if over.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from indexing import DEFAULT_WORK  # noqa: E402

LIMIT_S = 2.0
COMMON = ["the", "a", "of", "to", "in", "and", "for", "on", "is", "said", "it", "at", "by", "with"]
PIECES = ['"', "(", ")", "AND", "OR", "NOT", "-", "+", "*", "?", "title:", "nosuchfield:", "published:[",
          "TO", "]", "2021-13-45", "published:>", "source:", "🙂", "\u202e", "\x00", "a*", "s*", "the",
          "published:[* TO *]", "x" * 50, "~", "^", "\\", "{", "}", "author:*"]


def families(rng: random.Random, n_random: int) -> dict[str, list[tuple[str, dict]]]:
    """Seeded query families: (query text, extra search options)."""
    letters = string.ascii_lowercase
    two = rng.sample([a + b for a in letters for b in letters], 40)
    return {
        "wildcard": [(f"{c}*", {}) for c in letters] + [("*", {}), ("?*", {})] + [(f"{p}*", {}) for p in two],
        "common": [
            (" OR ".join(COMMON[:k]), {}) for k in (2, 5, 8, 14)
        ] + [
            (" AND ".join(COMMON[:k]), {}) for k in (2, 5, 8)
        ] + [
            ('"' + " ".join(COMMON[:k]) + '"', {}) for k in (2, 4, 8)
        ] + [
            (" ".join(COMMON), {"facets": ["year", "source", "author"]}),
            ("the", {"facets": ["year", "source", "author", "section", "tag", "language"]}),
        ],
        "sorted": [
            ("the", {"sort": "newest"}),
            ("the OR a OR of", {"sort": "oldest"}),
            ("s*", {"sort": "newest", "since": "1900", "until": "2100"}),
            ("published:[1900 TO 2100]", {"sort": "newest"}),
            ("published:[2100 TO 1900]", {}),
            ("the published:>1900", {"sort": "oldest", "facets": ["year"]}),
        ],
        "huge": [
            ("storm " * 20_000, {}),
            ('"' + "the " * 20_000 + '"', {}),
            ("a* " * 30_000, {}),
            ("(" * 10_000 + "the" + ")" * 10_000, {}),
            ("the OR " * 15_000 + "a", {}),
        ],
        "random": [
            (" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 20))), {}) for _ in range(n_random)
        ],
    }


def run(index: Path, n_random: int, seed: int) -> tuple[list[dict], tuple[float, str]]:
    from newssearch import Archive, QueryError

    rows: list[dict] = []
    worst = (0.0, "")
    with Archive(index, create=False) as archive:
        print(f"# index {index}: {len(archive)} articles")
        for family, queries in families(random.Random(seed), n_random).items():
            times, refused, slowest = [], 0, (0.0, "")
            for text, options in queries:
                started = time.perf_counter()
                try:
                    archive.search(text, **options)
                except QueryError:
                    refused += 1
                took = time.perf_counter() - started
                times.append(took)
                label = (text if len(text) < 60 else f"{text[:40]}... ({len(text):,} chars)") + (
                    f" {options}" if options else "")
                slowest = max(slowest, (took, label))
            times.sort()
            rows.append({
                "family": family, "queries": len(times), "answered": len(times) - refused, "refused": refused,
                "p50_ms": statistics.median(times) * 1000,
                "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
                "max_ms": times[-1] * 1000, "slowest": slowest[1],
            })
            worst = max(worst, slowest)
    return rows, worst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="the N of the index indexing.py built")
    ap.add_argument("--format", choices=["html", "text", "mixed"], default="html")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--index", type=Path, help="any other index instead")
    ap.add_argument("--random", type=int, default=2000, help="how many random query-language strings")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    index = args.index or args.work / f"index-newssearch-{args.format}-{args.size}"
    if not index.exists():
        print(f"no index at {index}: build it with python benchmarks/indexing.py --sizes {args.size}")
        return 2
    rows, (took, text) = run(index, args.random, args.seed)
    where = f"--index {args.index}" if args.index else f"--size {args.size} --format {args.format}"
    print(f"# command: python benchmarks/hostile_queries.py {where} --random {args.random} "
          f"--seed {args.seed}")
    print(f"{'family':<9} {'queries':>7} {'answered':>8} {'refused':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8}  slowest")
    for r in rows:
        print(f"{r['family']:<9} {r['queries']:>7} {r['answered']:>8} {r['refused']:>7} {r['p50_ms']:>8.1f} "
              f"{r['p95_ms']:>8.1f} {r['max_ms']:>8.1f}  {r['slowest']}")
    verdict = "within" if took <= LIMIT_S else "OVER"
    print(f"longest query: {took * 1000:.0f} ms ({verdict} the {LIMIT_S:.0f} s limit): {text}")
    return 0 if took <= LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
