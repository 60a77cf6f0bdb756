"""Near-duplicate grouping on a labelled set of syndicated Reuters stories.

    python benchmarks/duplicates.py [--originals 400] [--seed 3] [--json]

Builds a labelled archive from ../shared/data/corpus/reuters21578/: for each sampled story
("original") one to three syndicated versions, each with another page template (two HTML
layouts or a plain-text file), and two or three of: a rewritten headline, another byline, a
paragraph added (from another story on the same topic) or cut, a tracking/credit paragraph,
the dateline dropped (a variant either adds or cuts a paragraph; cuts trim the last one, as
editors trim wire copy). Hard negatives are other stories on the same topic and day. Every file
is labelled with the story it came from. Stories that are themselves near-copies in Reuters
(exact word-3-gram containment >= 0.5 with another chosen story, any day) are left out, so
the labels are right.

The archive is indexed with newssearch (`Archive.index`, the real pipeline); for every article
`Archive.versions(id)` gives the articles grouped with it, and pairs are scored against the
labels: precision = right pairs / pairs found, recall = right pairs / labelled pairs. Originals
with an even Reuters NEWID are the development half (thresholds were chosen on it), odd ones
the validation half; each pair belongs to the half of its story.

Cost: the CPU time of computing the sketch of every indexed body, against the CPU time (this
process and its workers) of the whole `index` run in the same run; and the sketches' bytes
against the index's size on disk. (Sketches are the only thing versions add to an index.)
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import REPORTERS, SHARED, Story, read_reuters, render_html, render_text  # noqa: E402

from newssearch import Archive  # noqa: E402
from newssearch.fingerprint import sketch  # noqa: E402

_WORD = re.compile(r"\w+")
CREDITS = [
    "Reporting by {a}; Editing by {b}",
    "(c) Copyright Thomson Reuters 1987. Click for restrictions.",
    "This story was distributed by the wire service and has not been edited by our staff.",
    "Additional reporting by {a} in London; writing by {b}.",
    "Follow us for more business news. Subscribe to our free morning newsletter.",
]
HEADLINE_PREFIXES = ["UPDATE 1-", "UPDATE 2-", "WRAPUP-", "Report: ", "ANALYSIS-", ""]


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def render_cms(story: Story, author: str) -> str:
    """A second page template: a CMS export with share buttons, a newsletter box and comments."""
    e = html.escape
    paras = "".join(f"<p class='story-text'>{e(p)}</p>\n" for p in story.paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{e(story.title)} - The Daily Ledger</title>
<meta name="author" content="{e(author)}">
<meta property="article:published_time" content="{story.date:%Y-%m-%dT%H:%M:%S}+00:00">
<meta property="og:site_name" content="The Daily Ledger"></head>
<body><div id="top-bar"><a href="/">The Daily Ledger</a> | <a href="/login">Sign in</a></div>
<ul class="menu"><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li></ul>
<div class="share">Share on Facebook | Share on Twitter | Email this story</div>
<div class="story"><h1 class="headline">{e(story.title)}</h1>
<p class="byline">{e(author)} | {story.date:%d %B %Y}</p>
<div class="story-body">
{paras}</div></div>
<div class="newsletter">Get the Daily Ledger in your inbox every morning. Sign up now.</div>
<div class="comments"><h3>Comments</h3><p>Be the first to comment.</p></div>
<div id="footer">Copyright The Daily Ledger. Terms of use. Privacy policy.</div>
</body></html>"""


def variant(story: Story, others: list[Story], rng: random.Random, k: int) -> tuple[Story, str, list[str]]:
    """A syndicated version of `story`: edits (described) and a page in some template."""
    kinds = ["headline", "byline", rng.choice(["add", "cut"]), "credit", "dateline"]
    edits = rng.sample(kinds, rng.randint(2, 3))
    title, paragraphs, dateline = story.title, list(story.paragraphs), story.dateline
    author = rng.choice(REPORTERS)
    if "headline" in edits:
        words = title.split()
        if len(words) > 3 and rng.random() < 0.5:
            cut = rng.randint(1, len(words) // 3)
            words = words[cut:] + words[:cut]
        title = rng.choice(HEADLINE_PREFIXES) + " ".join(words).capitalize()
    if "add" in edits and others:
        donor = rng.choice(others)
        extra = rng.choice(donor.paragraphs)
        paragraphs.insert(rng.randint(1, len(paragraphs)), extra)
    if "cut" in edits and len(paragraphs) >= 3:
        paragraphs.pop()  # stories are trimmed from the bottom
    if "credit" in edits:
        a, b = rng.sample(REPORTERS, 2)
        paragraphs.append(rng.choice(CREDITS).format(a=a, b=b))
    if "dateline" in edits:
        dateline = ""
    new = Story(story.number * 10 + k, story.date, title, dateline, paragraphs, story.topic, story.places)
    template = rng.choice(["html", "cms", "text"])
    if template == "html":
        page = render_html(new, rng.sample(others, min(3, len(others))))
    elif template == "cms":
        page = render_cms(new, author)
    else:
        page = render_text(new)
    return new, page, [template, *edits]


def build(out: Path, originals: int, seed: int) -> dict[str, dict]:
    """Write the labelled archive into `out`; returns file name -> label record."""
    rng = random.Random(seed)
    stories = [s for s in read_reuters() if sum(len(p.split()) for p in s.paragraphs) >= 25]
    by_day_topic: dict[tuple, list[Story]] = defaultdict(list)
    for s in stories:
        by_day_topic[(s.date.date(), s.topic)].append(s)
    chosen: dict[int, int] = {}  # story number -> its number of distinct shingles
    holders: dict[tuple, list[int]] = defaultdict(list)  # shingle -> chosen stories with it

    def clean(s: Story) -> bool:
        """Not a near-copy of a story already in the set (the corpus has resent stories)."""
        sh = shingles(" ".join(s.paragraphs))
        shared = Counter(n for g in sh for n in holders.get(g, ()))
        if any(c / max(1, min(len(sh), chosen[n])) >= 0.5 for n, c in shared.items()):
            return False
        chosen[s.number] = len(sh)
        for g in sh:
            holders[g].append(s.number)
        return True

    labels: dict[str, dict] = {}
    pool = [s for s in stories if len(by_day_topic[(s.date.date(), s.topic)]) >= 3]
    rng.shuffle(pool)
    picked = 0
    for story in pool:
        if picked >= originals:
            break
        if story.number in chosen or not clean(story):
            continue
        picked += 1
        half = "dev" if story.number % 2 == 0 else "validation"
        same = [s for s in by_day_topic[(story.date.date(), story.topic)] if s.number != story.number]
        name = f"{story.number}-0.html"
        (out / name).write_text(render_html(story, rng.sample(same, min(3, len(same)))), encoding="utf-8")
        labels[name] = {"story": story.number, "half": half, "kind": "original", "edits": []}
        for k in range(1, rng.randint(1, 3) + 1):
            new, page, edits = variant(story, same, rng, k)
            name = f"{story.number}-{k}.{'txt' if edits[0] == 'text' else 'html'}"
            (out / name).write_text(page, encoding="utf-8")
            labels[name] = {"story": story.number, "half": half, "kind": "version", "edits": edits}
        for neg in rng.sample(same, min(len(same), rng.randint(2, 3))):
            if neg.number in chosen or not clean(neg):
                continue
            name = f"{neg.number}-0.html"
            (out / name).write_text(render_html(neg, []), encoding="utf-8")
            labels[name] = {"story": neg.number, "half": half, "kind": "negative", "edits": []}
    return labels


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def evaluate(originals: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="newssearch-dups-") as tmp:
        folder, index_dir = Path(tmp) / "pages", Path(tmp) / "index"
        folder.mkdir()
        labels = build(folder, originals, seed)
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        with Archive(index_dir) as archive:
            report = archive.index([folder])
            index_cpu, index_wall = cpu_seconds() - cpu0, time.perf_counter() - wall0
            by_file = {}
            bodies = []
            files = archive.files()
            ids = {name: files[str(folder / name)] for name in labels if str(folder / name) in files}
            t0 = time.perf_counter()
            found_pairs = set()
            for name, article_id in ids.items():
                by_file[article_id] = name
            for name, article_id in ids.items():
                for other in archive.versions(article_id):
                    found_pairs.add(frozenset((name, by_file[other.id])))
            versions_ms = (time.perf_counter() - t0) * 1000 / max(1, len(ids))
            for article_id in ids.values():
                bodies.append(archive.get(article_id).body)
            index_bytes = archive.stats().size_bytes
        t0 = time.process_time()
        sketch_bytes = sum(len(sketch(body)) for body in bodies)
        sketch_cpu = time.process_time() - t0
    true_pairs = {
        frozenset((a, b))
        for a, b in combinations(sorted(ids), 2)
        if labels[a]["story"] == labels[b]["story"]
    }
    out = {"files": len(labels), "indexed": report.indexed, "skipped": len(report.skipped), "halves": {}}
    for half in ("dev", "validation", "all"):
        def mine(pair: frozenset, half: str = half) -> bool:
            return half == "all" or labels[next(iter(pair))]["half"] == half

        t = {p for p in true_pairs if mine(p)}
        f = {p for p in found_pairs if mine(p)}
        right = len(t & f)
        out["halves"][half] = {
            "labelled_pairs": len(t),
            "found_pairs": len(f),
            "precision": right / len(f) if f else 1.0,
            "recall": right / len(t) if t else 1.0,
        }
    missed = sorted(true_pairs - found_pairs, key=sorted)[:8]
    wrong = sorted(found_pairs - true_pairs, key=sorted)[:8]
    out["missed_examples"] = [{n: labels[n]["edits"] for n in sorted(p)} for p in missed]
    out["wrong_examples"] = [sorted(p) for p in wrong]
    out["cost"] = {
        "index_wall_s": round(index_wall, 2),
        "index_cpu_s": round(index_cpu, 2),
        "sketch_cpu_s": round(sketch_cpu, 3),
        "share_of_index_cpu": sketch_cpu / index_cpu if index_cpu else 0.0,
        "versions_ms_per_article": round(versions_ms, 2),
        "sketch_bytes": sketch_bytes,
        "index_bytes": index_bytes,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--originals", type=int, default=400)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"needs the Reuters corpus at {SHARED}", file=sys.stderr)
        return 2
    result = evaluate(args.originals, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"# command: python benchmarks/duplicates.py --originals {args.originals} --seed {args.seed}")
    print(f"{result['files']} files, {result['indexed']} indexed, {result['skipped']} skipped")
    print(f"{'half':<11} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>7}")
    for half, r in result["halves"].items():
        pairs = f"{r['labelled_pairs']:>8} {r['found_pairs']:>6}"
        print(f"{half:<11} {pairs} {r['precision']:>9.3f} {r['recall']:>7.3f}")
    c = result["cost"]
    print(
        f"cost: sketches {c['sketch_cpu_s']:.3f} CPU s of {c['index_cpu_s']:.2f} CPU s indexing "
        f"({100 * c['share_of_index_cpu']:.1f} %); versions() {c['versions_ms_per_article']} ms per article"
    )
    print(f"index size: sketches {c['sketch_bytes'] / 1e6:.2f} MB of {c['index_bytes'] / 1e6:.2f} MB "
          f"({100 * c['sketch_bytes'] / c['index_bytes']:.1f} %)")
    for ex in result["missed_examples"]:
        print("missed:", ex)
    for ex in result["wrong_examples"]:
        print("wrong: ", ex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
