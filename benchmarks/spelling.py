"""Did-you-mean accuracy on misspelled real queries, over the Reuters-21578 archive.

    python benchmarks/spelling.py [--index PATH] [--queries 600] [--seed 5] [--json]

The archive: the 21,578 Reuters stories as HTML pages (make_corpus.py), indexed by newssearch
into a temporary folder (or an index already built from them, --index). Queries:
  words   1-3 consecutive words of real article titles (as queries.py draws them, split as
          the index splits them);
  names   surnames of the people Reuters tagged (<PEOPLE>: "yeutter", "volcker", ...), with
          a title word beside them half of the time.
One word of at least MIN_LENGTH letters in each is misspelled as typists do: a neighbouring key
hit instead, a letter dropped, a letter doubled, or two neighbouring letters swapped (kind and
place drawn at random, the first letter included). A misspelling that the index reads as the
same word (same stem) or that is itself written in more than 1 in 1,000 articles (a real word of
the archive, "form" for "from") cannot be told from a correct query and is drawn again.

Each query goes through `Archive.search` exactly as typed. The top suggestion is the corrected
query newssearch ran (`corrected_from` set: the typed query matched nothing) or offered
(`suggestion`); it is right when it equals the query before the typo (ignoring case). The
correctly spelled queries, those with hits, should get no suggestion at all. Queries from
stories with an even NEWID are the development half (rules and thresholds were set on them),
odd ones the validation half.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402
from queries import STOP  # noqa: E402

from newssearch import Archive  # noqa: E402
from newssearch.engine.schema import TEXT_ANALYZER, TOKEN_PATTERN  # noqa: E402
from newssearch.spelling import _NEIGHBOURS, RARE_SHARE  # noqa: E402

MIN_LENGTH = 4  # words this long or longer get the typos

KINDS = ("neighbour key", "dropped", "doubled", "swapped")


def people() -> dict[int, list[str]]:
    """Story number -> surnames Reuters tagged it with."""
    out: dict[int, list[str]] = {}
    for sgm in sorted(make_corpus.SHARED.glob("reut2-*.sgm.gz")):
        raw = gzip.open(sgm, "rb").read().decode("latin-1")
        for block in re.findall(r"<REUTERS.*?</REUTERS>", raw, re.S):
            number = int(re.search(r'NEWID="(\d+)"', block).group(1))
            tagged = re.search(r"<PEOPLE>(.*?)</PEOPLE>", block, re.S)
            names = re.findall(r"<D>([^<]+)</D>", tagged.group(1)) if tagged else []
            if names:
                out[number] = [n.split("-")[-1] for n in names]
    return out


def typo(word: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(KINDS)
    i = rng.randrange(len(word) - (kind == "swapped"))
    if kind == "neighbour key":
        near = sorted(_NEIGHBOURS.get(word[i], ())) or ["e"]
        return word[:i] + rng.choice(near) + word[i + 1 :], kind
    if kind == "dropped":
        return word[:i] + word[i + 1 :], kind
    if kind == "doubled":
        return word[:i] + word[i] + word[i:], kind
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :], kind


def make_queries(archive: Archive, count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    stories = [s for s in make_corpus.read_reuters() if s.number <= make_corpus.REAL_COUNT]
    tagged = people()
    rare = max(5, len(archive) * RARE_SHARE)
    store = archive._store  # the benchmark asks the index how often a word is written
    out: list[dict] = []
    while len(out) < count:
        story = rng.choice(stories)
        # Words as the index splits them ("<Hban.O>" is one token, not the word "hban").
        words = [w.lower() for w in re.findall(TOKEN_PATTERN, story.title) if re.fullmatch(r"[A-Za-z]+", w)]
        words = [w for w in words if w not in STOP and len(w) > 2]
        source = "words"
        if len(out) % 2 and story.number in tagged:
            name = rng.choice(tagged[story.number])
            words = [name] + ([rng.choice(words)] if words and rng.random() < 0.5 else [])
            source = "names"
        if not words:
            continue
        k = min(len(words), rng.randint(1, 3)) if source == "words" else len(words)
        i = rng.randrange(len(words) - k + 1)
        query = words[i : i + k]
        long_ones = [j for j, w in enumerate(query) if len(w) >= MIN_LENGTH and w.isalpha()]
        if not long_ones or archive.search(" ".join(query), limit=1, snippets=False).total == 0:
            continue
        j = rng.choice(long_ones)
        for _ in range(10):
            wrong, kind = typo(query[j], rng)
            same = store.frequencies([wrong, query[j]])
            written = same[wrong] * store.written_share(wrong) if same[wrong] else 0.0
            stem_same = _stem(wrong) == _stem(query[j])
            if not stem_same and written <= rare:
                break
        else:
            continue
        typed = query[:j] + [wrong] + query[j + 1 :]
        out.append({
            "query": " ".join(query), "typed": " ".join(typed), "kind": kind, "source": source,
            "half": "dev" if story.number % 2 == 0 else "validation",
        })
    return out


def _same_search(offered: str | None, wanted: str) -> bool:
    """Whether the offered query searches for the same terms as the wanted one ("supports" and
    "support" do: the index keeps stems)."""
    return offered is not None and _stem(offered) == _stem(wanted)


def _stem(word: str) -> str:
    return " ".join(t.text for t in TEXT_ANALYZER(word))


def evaluate(archive: Archive, count: int, seed: int) -> dict:
    queries = make_queries(archive, count, seed)
    rows = []
    for q in queries:
        for text, typo_made in ((q["typed"], True), (q["query"], False)):
            archive.search(text)  # warm
            t0 = time.perf_counter()
            r = archive.search(text)
            ms = (time.perf_counter() - t0) * 1000
            offered = r.query if r.corrected_from is not None else r.suggestion
            rows.append({**q, "text": text, "misspelled": typo_made, "offered": offered, "ms": ms,
                         "total": r.total})
    out: dict = {"queries": len(queries), "halves": {}}
    for half in ("dev", "validation", "all"):
        mine = [r for r in rows if half == "all" or r["half"] == half]
        wrong = [r for r in mine if r["misspelled"]]
        right = [r for r in mine if not r["misspelled"]]
        out["halves"][half] = {
            "misspelled": len(wrong),
            "corrected": sum((r["offered"] or "").lower() == r["query"] for r in wrong),
            "same_search": sum(_same_search(r["offered"], r["query"]) for r in wrong),
            "no_suggestion": sum(r["offered"] is None for r in wrong),
            "correct_queries": len(right),
            "left_alone": sum(r["offered"] is None for r in right),
        }
    typos = [r for r in rows if r["misspelled"]]

    def right(r: dict) -> bool:
        return (r["offered"] or "").lower() == r["query"]

    for key, values in (("kind", KINDS), ("source", ("words", "names"))):
        out[f"by_{key}"] = {
            v: [sum(right(r) for r in typos if r[key] == v), sum(r[key] == v for r in typos)] for v in values
        }
    for label, flag in (("ms_misspelled", True), ("ms_correct", False)):
        ms = sorted(r["ms"] for r in rows if r["misspelled"] is flag)
        out[label] = {"p50": statistics.median(ms), "p95": ms[int(0.95 * (len(ms) - 1))]}
    out["failures"] = [
        {"typed": r["text"], "wanted": r["query"], "offered": r["offered"], "kind": r["kind"]}
        for r in rows if r["misspelled"] and (r["offered"] or "").lower() != r["query"]
    ][:15]
    out["false_alarms"] = [
        {"query": r["text"], "offered": r["offered"], "total": r["total"]}
        for r in rows if not r["misspelled"] and r["offered"] is not None
    ][:15]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index of make_corpus.py's 21,578 Reuters pages")
    ap.add_argument("--queries", type=int, default=600)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not make_corpus.SHARED.is_dir():
        print(f"needs the Reuters corpus at {make_corpus.SHARED}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newssearch-spelling-") as tmp:
        index = args.index
        if index is None:
            pages, index = Path(tmp) / "pages", Path(tmp) / "index"
            make_corpus.write_corpus(pages, make_corpus.REAL_COUNT, "html", seed=1)
            with Archive(index) as archive:
                archive.index([pages])
        with Archive(index, create=False) as archive:
            result = evaluate(archive, args.queries, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"# command: python benchmarks/spelling.py --queries {args.queries} --seed {args.seed}")
    print("typos: misspelled queries; exact: top suggestion is the query before the typo; same: it searches")
    print("for the same terms (stems); none: nothing offered. correct q: the queries as written, with hits;")
    print("left: how many of those got no suggestion.")
    print(f"{'half':<11} {'typos':>6} {'exact':>6} {'acc':>6} {'same':>6} {'acc':>6} {'none':>5} | "
          f"{'correct q':>9} {'left':>6} {'share':>6}")
    for half, h in result["halves"].items():
        n = h["misspelled"] or 1
        alone = h["left_alone"] / h["correct_queries"] if h["correct_queries"] else 0.0
        print(f"{half:<11} {h['misspelled']:>6} {h['corrected']:>6} {h['corrected'] / n:>6.3f} "
              f"{h['same_search']:>6} {h['same_search'] / n:>6.3f} {h['no_suggestion']:>5} | "
              f"{h['correct_queries']:>9} {h['left_alone']:>6} {alone:>6.3f}")
    print("by kind:  " + ", ".join(f"{k} {a}/{n}" for k, (a, n) in result["by_kind"].items()))
    print("by words: " + ", ".join(f"{k} {a}/{n}" for k, (a, n) in result["by_source"].items()))
    for label in ("ms_misspelled", "ms_correct"):
        print(f"{label}: p50 {result[label]['p50']:.1f} ms, p95 {result[label]['p95']:.1f} ms")
    for f in result["failures"]:
        print("missed:", f)
    for f in result["false_alarms"]:
        print("false alarm:", f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
