"""More like this, on the TIME test collection: does a relevant article find the other ones?

    python benchmarks/more_like_this.py [--json]

The 423 TIME articles are written out and indexed as benchmarks/relevance.py does. For every
judged query with at least two relevant articles, one relevant article is the seed (the first
by id; and, as a steadier second figure, each relevant article in turn), and we count how many
of the query's other relevant articles are in the seed's top 10 from `Archive.more_like_this`.
The baseline queries the archive with the seed's headline the plain way (`Archive.search`, the
seed itself left out): TIME's text runs its headline into the first sentence without a mark,
so "headline" is the first 6 words (a TIME headline's usual length), and a second baseline
takes the whole first sentence (headline and lead). Reported per seed: found = other relevant
articles in the top 10, share = found / min(10, other relevant); means over queries, a paired
comparison (sign test, bootstrap interval) against each baseline, and latency.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import DATA, load, paired, write_articles  # noqa: E402

from newssearch import Archive  # noqa: E402

TOP = 10


def headline(text: str, words: int = 6) -> str:
    return " ".join(re.findall(r"[\w'’.-]+", text)[:words])


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.?!])\s", text + " ")
    return match.group(1) if match else text


def evaluate(judgement_sets: tuple[str, ...] = ("standard", "extended"), every_seed: bool = True) -> dict:
    """The figures above; `every_seed=False` (first seeds only) and one judgement set run quicker."""
    docs, _queries, qrels = load()
    text = {d["id"]: d["text"] for d in docs}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="newssearch-mlt-") as tmp:
        folder, index = Path(tmp) / "articles", Path(tmp) / "index"
        write_articles(docs, folder)
        with Archive(index) as archive:
            archive.index([folder])
            by_doc = {Path(path).stem: article_id for path, article_id in archive.files().items()}

            def stems(hits: list) -> list[str]:
                return [Path(h.path or h.id).stem for h in hits]

            def like(seed: str) -> list[str]:
                return stems(archive.more_like_this(by_doc[seed], limit=TOP, snippets=False).hits)

            def query(seed: str, words: str) -> list[str]:
                hits = archive.search(words, limit=TOP + 1, snippets=False).hits
                return [d for d in stems(hits) if d != seed][:TOP]

            systems = {
                "more_like_this": like,
                "headline (6 words)": lambda seed: query(seed, headline(text[seed])),
                "first sentence": lambda seed: query(seed, first_sentence(text[seed])),
            }
            like_ms: list[float] = []
            for judgements in judgement_sets:
                judged = {q: sorted(rel) for q, rel in qrels[judgements].items() if len(rel) >= 2}
                report: dict = {"queries": len(judged), "systems": {}}
                per_system: dict[str, dict[str, list[float]]] = {}
                for name, run in systems.items():
                    first, every = [], []
                    for rel in judged.values():
                        shares = []
                        for i, seed in enumerate(rel if every_seed else rel[:1]):
                            t0 = time.perf_counter()
                            top = run(seed)
                            if name == "more_like_this":
                                like_ms.append((time.perf_counter() - t0) * 1000)
                            others = set(rel) - {seed}
                            found = len(others & set(top[:TOP]))
                            share = found / min(TOP, len(others))
                            if i == 0:
                                first.append((found, share))
                            shares.append(share)
                        every.append(statistics.mean(shares))
                    per_system[name] = {"first": [s for _, s in first], "every": every}
                    report["systems"][name] = {
                        "found_first_seed": statistics.mean(f for f, _ in first),
                        "share_first_seed": statistics.mean(s for _, s in first),
                        "share_every_seed": statistics.mean(every),
                    }
                report["paired"] = {
                    f"more_like_this vs {name}": {
                        kind: paired(per_system["more_like_this"][kind], per_system[name][kind])
                        for kind in ("first", "every")
                    }
                    for name in systems
                    if name != "more_like_this"
                }
                out[judgements] = report
            like_ms.sort()
            out["more_like_this_ms"] = {
                "p50": statistics.median(like_ms), "p95": like_ms[int(0.95 * (len(like_ms) - 1))],
                "articles": len(archive),
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"needs the TIME collection at {DATA}", file=sys.stderr)
        return 2
    result = evaluate()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print("# command: python benchmarks/more_like_this.py")
    for judgements in ("standard", "extended"):
        r = result[judgements]
        print(f"\n{judgements} judgements: {r['queries']} queries with 2+ relevant articles")
        print(f"{'system':<20} {'found (1st seed)':>16} {'share (1st seed)':>16} {'share (every seed)':>18}")
        for name, s in r["systems"].items():
            print(f"{name:<20} {s['found_first_seed']:>16.2f} {s['share_first_seed']:>16.3f} "
                  f"{s['share_every_seed']:>18.3f}")
        for label, kinds in r["paired"].items():
            for kind, p in kinds.items():
                print(f"  {label} ({kind} seed): diff {p['mean_diff']:+.3f}, wins {p['wins']}/losses "
                      f"{p['losses']}, sign test p={p['sign_test_p']:.4f}, 95% CI [{p['ci95_low']:+.3f}, "
                      f"{p['ci95_high']:+.3f}]")
    ms = result["more_like_this_ms"]
    print(f"\nmore_like_this latency on {ms['articles']} articles: p50 {ms['p50']:.1f} ms, "
          f"p95 {ms['p95']:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
