#!/usr/bin/env python3
"""Ranking benchmark on the TIME test collection: newssearch against bm25s, rank_bm25 and tantivy.

The collection (../shared/data/relevance/time: 423 TIME articles from 1963, 83 prose queries,
relevance judgements) is written out as a folder of dated plain-text articles, indexed with the
real `newssearch index` command, and every query's raw text goes through `Archive.search`, the
code path a typed query takes. The peers index the same article text in the same process, with
the usual English set-up for each (lowercase words, English stemming; stop words removed where
the library offers it). Reported: nDCG@10, MAP and recall@100 on the standard judgements
(`qrels.txt`, 79 queries) and the extended ones (`qrels-extended.txt`, 83 queries), for all
queries and for the odd and even query ids (parameters are chosen on one half, the other is
reported too), plus median and p95 query latency, in process and warm: for the table, each
system returns its top 1,000 article ids (newssearch with `metadata=False`, the ids without
the other stored fields, as the peers return ids); newssearch's first page (ten hits with
titles, dates and snippets, what a user sees) is timed too.

    python benchmarks/relevance.py            # table
    python benchmarks/relevance.py --json     # machine output

bm25s, rank_bm25, tantivy and PyStemmer are benchmark extras (pip install -e '.[bench]');
a peer that is not installed is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "relevance" / "time"
_WORD = re.compile(r"\w+")

Ranker = Callable[[str], list[str]]


# --- the collection ------------------------------------------------------------------------------


def load(data: Path = DATA) -> tuple[list[dict], dict[str, str], dict[str, dict[str, set[str]]]]:
    """Articles, queries by id, and judgements by name ('standard', 'extended') then query id."""
    docs = [
        json.loads(line) for line in (data / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    queries = {}
    for line in (data / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, text = line.split("\t", 1)
            queries[qid] = text
    qrels: dict[str, dict[str, set[str]]] = {}
    for name, fname in (("standard", "qrels.txt"), ("extended", "qrels-extended.txt")):
        judged: dict[str, set[str]] = {}
        for line in (data / fname).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[3] != "0":
                judged.setdefault(parts[0], set()).add(parts[2])
        qrels[name] = judged
    return docs, queries, qrels


def write_articles(docs: list[dict], folder: Path) -> None:
    """One plain-text article per file, with a `by TIME, Month D, YYYY` byline (the collection's date)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        day = date.fromisoformat(doc["date"])
        byline = f"by TIME, {day.strftime('%B')} {day.day}, {day.year}"
        (folder / f"{doc['id']}.txt").write_text(f"{byline}\n{doc['text']}\n", encoding="utf-8")


# --- metrics --------------------------------------------------------------------------------------


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, d in enumerate(ranked):
        if d in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int = 100) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def per_query(runs: dict[str, list[str]], judged: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    return {
        qid: {
            "ndcg@10": ndcg_at(runs[qid], rel),
            "map": average_precision(runs[qid], rel),
            "recall@100": recall_at(runs[qid], rel),
        }
        for qid, rel in judged.items()
        if rel
    }


def summarise(pq: dict[str, dict[str, float]], qids: list[str] | None = None) -> dict[str, float]:
    keys = [q for q in pq if qids is None or q in qids]
    return {m: statistics.mean(pq[q][m] for q in keys) for m in ("ndcg@10", "map", "recall@100")} | {
        "queries": len(keys)
    }


def paired(a: list[float], b: list[float], *, seed: int = 0, n_boot: int = 5000) -> dict[str, float]:
    """Paired comparison of per-query scores: mean difference, sign test p, bootstrap 95% interval."""
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    wins = sum(d > 1e-12 for d in diffs)
    losses = sum(d < -1e-12 for d in diffs)
    n = wins + losses
    tail = sum(math.comb(n, k) for k in range(0, min(wins, losses) + 1)) / 2**n if n else 1.0
    rng = random.Random(seed)
    boots = sorted(statistics.mean(rng.choices(diffs, k=len(diffs))) for _ in range(n_boot))
    return {
        "mean_diff": statistics.mean(diffs),
        "wins": wins,
        "losses": losses,
        "sign_test_p": min(1.0, 2 * tail),
        "ci95_low": boots[int(0.025 * n_boot)],
        "ci95_high": boots[int(0.975 * n_boot)],
    }


# --- systems --------------------------------------------------------------------------------------


def newssearch_ranker(docs: list[dict], workdir: Path) -> Ranker:
    """Index the articles with the real CLI, then search in process through `Archive.search`."""
    from newssearch import Archive

    folder, index = workdir / "articles", workdir / "index"
    write_articles(docs, folder)
    subprocess.run(
        [sys.executable, "-m", "newssearch", "index", str(folder), "--index", str(index), "--quiet"],
        check=True,
    )
    archive = Archive(index, create=False)

    def rank(query: str) -> list[str]:  # ids, as the peers give
        results = archive.search(query, limit=1000, snippets=False, metadata=False)
        return [Path(h.id).stem for h in results]

    def first_page(query: str) -> list[str]:  # what a user sees: ten hits with snippets
        return [h.id for h in archive.search(query, limit=10)]

    rank.first_page = first_page  # type: ignore[attr-defined]
    return rank


def _peer_tokens() -> Callable[[str], list[str]]:
    import Stemmer

    stem = Stemmer.Stemmer("english").stemWords
    try:
        from bm25s.stopwords import STOPWORDS_EN as stop
    except ImportError:  # pragma: no cover - older bm25s
        stop = ()
    stop = frozenset(stop)

    def tokens(text: str) -> list[str]:
        return stem([w for w in _WORD.findall(text.lower()) if w not in stop])

    return tokens


def bm25s_ranker(docs: list[dict]) -> Ranker:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = [d["id"] for d in docs]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([d["text"] for d in docs], stopwords="en", stemmer=stemmer, show_progress=False),
        show_progress=False,
    )

    def rank(query: str) -> list[str]:
        q = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False)
        if not q.vocab:
            return []
        found, _ = retriever.retrieve(q, k=len(ids), show_progress=False)
        return [ids[i] for i in found[0]]

    return rank


def rank_bm25_ranker(docs: list[dict]) -> Ranker:
    import numpy as np
    from rank_bm25 import BM25Okapi

    tokens = _peer_tokens()
    ids = [d["id"] for d in docs]
    bm25 = BM25Okapi([tokens(d["text"]) for d in docs])

    def rank(query: str) -> list[str]:
        scores = bm25.get_scores(tokens(query))
        order = np.argsort(-scores, kind="stable")
        return [ids[i] for i in order if scores[i] > 0]

    return rank


def tantivy_ranker(docs: list[dict]) -> Ranker:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", tokenizer_name="en_stem")
    index = tantivy.Index(builder.build())
    writer = index.writer()
    for d in docs:
        writer.add_document(tantivy.Document(id=d["id"], body=d["text"]))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def rank(query: str) -> list[str]:
        words = _WORD.findall(query.lower())
        if not words:
            return []
        q = index.parse_query(" ".join(words), ["body"])  # words only: the query syntax is not prose
        hits = searcher.search(q, len(docs)).hits
        return [searcher.doc(addr)["id"][0] for _, addr in hits]

    return rank


PEERS: dict[str, Callable[[list[dict]], Ranker]] = {
    "bm25s": bm25s_ranker,
    "rank_bm25": rank_bm25_ranker,
    "tantivy": tantivy_ranker,
}


def run_queries(rank: Ranker, queries: dict[str, str]) -> tuple[dict[str, list[str]], list[float]]:
    for text in queries.values():  # warm caches and lazy imports
        rank(text)
    runs, times = {}, []
    for qid, text in queries.items():
        start = time.perf_counter()
        runs[qid] = rank(text)
        times.append((time.perf_counter() - start) * 1000)
    return runs, times


def latency(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
    }


def evaluate(name: str, runs: dict[str, list[str]], times: list[float], qrels: dict, queries: dict) -> dict:
    out: dict = {"latency": latency(times)}
    odd = [q for q in queries if int(q) % 2 == 1]
    even = [q for q in queries if int(q) % 2 == 0]
    for judged_name, judged in qrels.items():
        pq = per_query(runs, judged)
        out[judged_name] = {
            "all": summarise(pq),
            "odd": summarise(pq, odd),
            "even": summarise(pq, even),
            "per_query": pq,
        }
    out["min_results_judged"] = min(len(runs[q]) for q, rel in qrels["standard"].items() if rel)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    if not (args.data / "docs.jsonl").exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    docs, queries, qrels = load(args.data)
    report: dict = {"documents": len(docs), "queries": len(queries), "systems": {}, "notes": []}
    with tempfile.TemporaryDirectory() as tmp:
        systems: dict[str, Ranker] = {"newssearch": newssearch_ranker(docs, Path(tmp))}
        for name, make in PEERS.items():
            try:
                systems[name] = make(docs)
            except ImportError as err:
                report["notes"].append(f"{name} skipped: {err} (pip install -e '.[bench]')")
        for name, rank in systems.items():
            runs, times = run_queries(rank, queries)
            report["systems"][name] = evaluate(name, runs, times, qrels, queries)
        _, page_times = run_queries(systems["newssearch"].first_page, queries)  # type: ignore[attr-defined]
        report["systems"]["newssearch"]["first_page_latency"] = latency(page_times)
    ours = report["systems"]["newssearch"]
    for name in report["systems"]:
        if name == "newssearch":
            continue
        theirs = report["systems"][name]
        cmp = {}
        for judged in ("standard", "extended"):
            qids = sorted(ours[judged]["per_query"])
            cmp[judged] = paired(
                [ours[judged]["per_query"][q]["ndcg@10"] for q in qids],
                [theirs[judged]["per_query"][q]["ndcg@10"] for q in qids],
            )
        report.setdefault("paired_ndcg10_vs", {})[name] = cmp
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 0


def print_table(report: dict) -> None:
    print(f"TIME collection: {report['documents']} articles, {report['queries']} queries\n")
    for judged in ("standard", "extended"):
        head = (
            f"{'system':<11} {'nDCG@10':>8} {'MAP':>6} {'R@100':>6}  {'nDCG odd':>8} {'nDCG even':>9}"
            f"  {'median ms':>9} {'p95 ms':>7}"
        )
        print(f"judgements: {judged}")
        print(head)
        print("-" * len(head))
        for name, r in report["systems"].items():
            a, o, e, lat = r[judged]["all"], r[judged]["odd"], r[judged]["even"], r["latency"]
            print(
                f"{name:<11} {a['ndcg@10']:8.3f} {a['map']:6.3f} {a['recall@100']:6.3f}  {o['ndcg@10']:8.3f} "
                f"{e['ndcg@10']:9.3f}  {lat['median_ms']:9.2f} {lat['p95_ms']:7.2f}"
            )
        print()
    for name, cmp in report.get("paired_ndcg10_vs", {}).items():
        s = cmp["standard"]
        print(
            f"newssearch - {name} (nDCG@10, standard): {s['mean_diff']:+.3f} "
            f"[{s['ci95_low']:+.3f}, {s['ci95_high']:+.3f}], wins {s['wins']}, losses {s['losses']}, "
            f"sign test p={s['sign_test_p']:.3f}"
        )
    page = report["systems"]["newssearch"]["first_page_latency"]
    print(
        f"\nnewssearch first page (10 hits with snippets): median {page['median_ms']:.2f} ms, "
        f"p95 {page['p95_ms']:.2f} ms (the table's latency: the top 1,000 ids)"
    )
    print(
        "fewest results for a judged query (newssearch): "
        f"{report['systems']['newssearch']['min_results_judged']}"
    )
    for note in report["notes"]:
        print(f"note: {note}")


if __name__ == "__main__":
    sys.exit(main())
