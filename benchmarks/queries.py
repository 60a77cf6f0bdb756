"""Query latency on the indexes indexing.py built, with tantivy on the same text as the reference.

    python benchmarks/indexing.py --sizes 10000,100000      # builds the indexes first
    python benchmarks/queries.py --sizes 10000,100000 [--per-kind 200] [--no-tantivy]

Four kinds of query, drawn (seeded) from the corpus make_corpus.py writes:
  keyword   1-3 consecutive words of a real article title
  phrase    2-3 consecutive words of a real article body, quoted
  filtered  a keyword query within a one-year window, sorted newest first
  facet     a keyword query with counts per publication year over all its matches
Every query runs once to warm caches, then once timed, in this process: newssearch through its
public API (`Archive.search`, first page of 10 hits with snippets, as the CLI shows them), the
naive Whoosh index where indexing.py built one (same queries through Whoosh's QueryParser), and
tantivy over the same titles, bodies and dates (tantivy's own stemming tokenizer, BM25).
Prints p50/p95/p99 in ms per kind and engine, and the ratio of newssearch's p95 to tantivy's.
Results go to benchmarks/results/queries.csv.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402
from indexing import DEFAULT_WORK, RESULTS, write_csv  # noqa: E402

STOP = set(
    "a an and are as at be by for from has have in is it its of on or said says that the to was were "
    "will with mln dlrs pct vs cts shr net qtr year inc co corp ltd".split()
)
KINDS = ["keyword", "phrase", "filtered", "facet"]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", text)


def make_queries(stories: list[make_corpus.Story], per_kind: int, seed: int) -> dict[str, list[dict]]:
    """Seeded query sets; each query is a dict with `text` and, for some kinds, a date window."""
    rng = random.Random(seed)
    real = [s for s in stories if s.number <= make_corpus.REAL_COUNT]
    years = sorted({s.date.year for s in stories})
    out: dict[str, list[dict]] = {k: [] for k in KINDS}

    def keyword() -> str:
        while True:
            words = [w.lower() for w in _words(rng.choice(real).title)]
            words = [w for w in words if w not in STOP and len(w) > 2]
            if words:
                k = min(len(words), rng.randint(1, 3))
                i = rng.randrange(len(words) - k + 1)
                return " ".join(words[i:i + k])

    while len(out["phrase"]) < per_kind:
        words = _words(" ".join(rng.choice(real).paragraphs))
        if len(words) >= 5:
            k = rng.randint(2, 3)
            i = rng.randrange(len(words) - k + 1)
            if not all(w.lower() in STOP for w in words[i:i + k]):
                out["phrase"].append({"text": '"' + " ".join(words[i:i + k]).lower() + '"'})
    for _ in range(per_kind):
        out["keyword"].append({"text": keyword()})
        year = rng.choice(years)
        out["filtered"].append({"text": keyword(), "since": f"{year}-01-01", "until": f"{year}-12-31"})
        out["facet"].append({"text": keyword()})
    return out


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 of a list of milliseconds."""
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return q[49], q[94], q[98]


def time_all(run, queries: list[dict]) -> list[float]:
    """Milliseconds per query, after one untimed warm-up pass over the same queries."""
    for q in queries:
        run(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - t) * 1000)
    return times


class NewsSearch:
    """newssearch through its public API."""

    name = "newssearch"

    def __init__(self, path: Path) -> None:
        from newssearch import Archive

        self.archive = Archive(path, create=False)

    def run(self, kind: str, q: dict) -> int:
        if kind == "filtered":
            r = self.archive.search(q["text"], since=q["since"], until=q["until"], sort="newest")
        elif kind == "facet":
            r = self.archive.search(q["text"], facets=["year"])
        else:
            r = self.archive.search(q["text"])
        return r.total


class NaiveWhoosh:
    """The naive baseline's index, queried the way the Whoosh docs show (no date field: no filters)."""

    name = "naive whoosh"
    kinds = ("keyword", "phrase")

    def __init__(self, path: Path) -> None:
        from whoosh import index
        from whoosh.qparser import MultifieldParser, OrGroup

        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "content"], self.ix.schema, group=OrGroup)

    def run(self, kind: str, q: dict) -> int:
        results = self.searcher.search(self.parser.parse(q["text"]), limit=10)
        for hit in results:
            hit.get("title")
        return len(results)


class Tantivy:
    """tantivy (Rust) over the same titles, bodies and dates, in RAM: what is physically possible."""

    name = "tantivy"

    def __init__(self, stories: list[make_corpus.Story]) -> None:
        import tantivy

        self.tantivy = tantivy
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
        sb.add_text_field("body", stored=False, tokenizer_name="en_stem")
        sb.add_date_field("published", stored=True, indexed=True, fast=True)
        sb.add_unsigned_field("year", stored=False, indexed=True, fast=True)
        self.schema = sb.build()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=256_000_000, num_threads=2)
        for s in stories:
            doc = tantivy.Document(title=s.title, body="\n".join(s.paragraphs))
            doc.add_date("published", s.date.replace(tzinfo=timezone.utc))
            doc.add_unsigned("year", s.date.year)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def _query(self, text: str):
        return self.index.parse_query(text, ["title", "body"], field_boosts={"title": 2.0})

    def run(self, kind: str, q: dict) -> int:
        t = self.tantivy
        query = self._query(q["text"])
        if kind == "filtered":
            since = datetime.fromisoformat(q["since"]).replace(tzinfo=timezone.utc)
            until = datetime.fromisoformat(q["until"]).replace(tzinfo=timezone.utc)
            window = t.Query.range_query(self.schema, "published", t.FieldType.Date, since, until)
            query = t.Query.boolean_query([(t.Occur.Must, query), (t.Occur.Must, window)])
            result = self.searcher.search(query, 10, order_by_field="published", order=t.Order.Desc)
        elif kind == "facet":
            result = self.searcher.search(query, 10)
            self.searcher.aggregate(query, {"years": {"terms": {"field": "year", "size": 50}}})
        else:
            result = self.searcher.search(query, 10)
        for _score, address in result.hits:
            self.searcher.doc(address)["title"]
        return result.count


def bench_size(n: int, fmt: str, work: Path, per_kind: int, seed: int, with_tantivy: bool) -> list[dict]:
    """p50/p95/p99 per query kind and engine for the archive of N articles."""
    stories = make_corpus.read_reuters()
    if n > make_corpus.REAL_COUNT:
        stories += make_corpus.synthesize(stories, n - make_corpus.REAL_COUNT, random.Random(1))
    stories = stories[:n]
    queries = make_queries(stories, per_kind, seed)
    engines = []
    ours = work / f"index-newssearch-{fmt}-{n}"
    if not ours.exists():
        raise SystemExit(f"no index at {ours}: run python benchmarks/indexing.py --sizes {n} first")
    engines.append(NewsSearch(ours))
    naive = work / f"index-naive-{fmt}-{n}"
    if naive.exists():
        engines.append(NaiveWhoosh(naive))
    if with_tantivy:
        engines.append(Tantivy(stories))
    # The corpus was held to draw queries and feed tantivy; a search process would not carry
    # it, and its millions of objects would make every garbage collection newssearch's
    # allocations trigger walk them (tantivy's index lives outside Python's heap).
    del stories
    gc.collect()
    rows = []
    for engine in engines:
        for kind in getattr(engine, "kinds", KINDS):
            ms = time_all(lambda q, e=engine, k=kind: e.run(k, q), queries[kind])
            p50, p95, p99 = percentiles(ms)
            rows.append({"n": n, "engine": engine.name, "kind": kind, "queries": len(ms),
                         "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "p99_ms": round(p99, 2)})
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


def print_table(rows: list[dict]) -> None:
    """One line per size, engine and kind; then newssearch's p95 over tantivy's."""
    print(f"{'N':>7}  {'engine':<13} {'kind':<9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for r in rows:
        cells = f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8}"
        print(f"{r['n']:>7}  {r['engine']:<13} {r['kind']:<9} {cells}")
    for r in rows:
        if r["engine"] != "newssearch":
            continue
        same = [t for t in rows if t["n"] == r["n"] and t["kind"] == r["kind"]]
        ref = next((t for t in same if t["engine"] == "tantivy"), None)
        if ref:
            print(f"N={r['n']} {r['kind']}: newssearch p95 is {r['p95_ms'] / ref['p95_ms']:.0f}x tantivy's")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,21578")
    ap.add_argument("--format", choices=["html", "text", "mixed"], default="html")
    ap.add_argument("--per-kind", type=int, default=200, help="queries of each kind")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--no-tantivy", action="store_true")
    ap.add_argument("--csv", type=Path, default=RESULTS / "queries.csv")
    args = ap.parse_args(argv)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows.extend(bench_size(n, args.format, args.work, args.per_kind, args.seed, not args.no_tantivy))
    print(f"# command: python benchmarks/queries.py --sizes {args.sizes} --per-kind {args.per_kind}")
    print_table(rows)
    write_csv(args.csv, rows, list(rows[0]))
    print(f"# written {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
