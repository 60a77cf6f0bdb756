"""Indexing speed, memory and size as the archive grows, against the naive Whoosh baseline.

    python benchmarks/indexing.py [--sizes 10000,21578,50000,100000,200000] [--format html]
                                  [--baseline-max 25000] [--work DIR]

For each size N: builds (or reuses) a corpus with make_corpus.py, then in this one run times, as
separate processes from files on disk to a committed index,
  * naive_whoosh.py (up to --baseline-max) and `newssearch index` (all cores);
  * peak memory of the whole process tree (the sum of the RSS of the indexer and its workers,
    sampled every 20 ms from /proc; shared pages count once per process, so it is an upper bound);
  * the index size on disk and its ratio to the raw article text (titles + bodies, UTF-8);
  * a second `newssearch index` with no changes, and one after 1 % of the files were edited.
Indexes are kept in WORK/index-*-N for queries.py. Results go to benchmarks/results/indexing.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402

DEFAULT_WORK = Path(os.environ.get("NEWSSEARCH_BENCH_WORK", "/tmp/newssearch-bench"))
RESULTS = HERE / "results"


def corpus_dir(work: Path, n: int, fmt: str, seed: int = 1) -> Path:
    """The corpus folder for N articles, generated on first use."""
    folder = work / f"corpus-{fmt}-{n}-s{seed}"
    if not (folder / "corpus.json").exists():
        if folder.exists():
            shutil.rmtree(folder)
        print(f"# generating {n} {fmt} articles into {folder}", file=sys.stderr, flush=True)
        make_corpus.write_corpus(folder, n, fmt, seed)
    return folder


def _tree_rss(root: int) -> int:
    """Bytes of resident memory of `root` and all its descendants, now."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Run `cmd`; return wall seconds, peak process-tree RSS in bytes, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peak, out


def disk_size(folder: Path) -> int:
    """Total bytes of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def newssearch_cmd(*args: str) -> list[str]:
    """`newssearch ARGS` with the interpreter running this benchmark."""
    return [sys.executable, "-m", "newssearch", *args]


def edit_one_percent(folder: Path) -> dict[Path, str]:
    """Edit every 100th article (a correction paragraph appended); return the original texts."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".txt"))
    originals = {}
    note = "Correction: an earlier version of this story misstated a figure."
    for path in files[::100]:
        text = originals[path] = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = text.replace("</article>", f"<p>{note}</p>\n    </article>", 1)
        else:
            text = text.rstrip("\n") + f"\n\n{note}\n"
        path.write_text(text, encoding="utf-8")
    return originals


def _row(n: int, engine: str, articles: int, seconds: float, peak: int, size: int, info: dict) -> dict:
    """The measurements every engine gets for one archive size."""
    return {
        "n": n, "engine": engine, "articles": articles, "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1), "peak_rss_mb": round(peak / 2**20, 1),
        "index_mb": round(size / 1e6, 2), "text_mb": round(info["text_bytes"] / 1e6, 2),
        "size_ratio": round(size / info["text_bytes"], 2),
    }


def write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    """The rows as a CSV file (columns `fields`; other keys left out)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def bench_size(n: int, fmt: str, work: Path, baseline_max: int) -> list[dict]:
    """All measurements for one archive size; one row per engine."""
    corpus = corpus_dir(work, n, fmt)
    info = json.loads((corpus / "corpus.json").read_text())
    rows = []

    if n <= baseline_max:
        nidx = work / f"index-naive-{fmt}-{n}"
        shutil.rmtree(nidx, ignore_errors=True)
        seconds, peak, out = run([sys.executable, str(HERE / "naive_whoosh.py"), str(corpus), str(nidx)])
        count = int(out.split()[1])
        rows.append(_row(n, "naive whoosh", count, seconds, peak, disk_size(nidx), info))

    idx = work / f"index-newssearch-{fmt}-{n}"
    shutil.rmtree(idx, ignore_errors=True)
    seconds, peak, out = run(newssearch_cmd("index", str(corpus), "--index", str(idx), "--json"))
    report = json.loads(out)
    indexed = report["added"]
    size = disk_size(idx)
    nochange, _, out2 = run(newssearch_cmd("index", str(corpus), "--index", str(idx), "--json"))
    assert json.loads(out2)["unchanged"] == indexed, out2
    originals = edit_one_percent(corpus)
    try:
        changed, _, out3 = run(newssearch_cmd("index", str(corpus), "--index", str(idx), "--json"))
    finally:  # the corpus stays what the seed makes (the index keeps the edited 1 %)
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    updated = json.loads(out3)["updated"]
    edited = len(originals)
    rows.append({
        **_row(n, "newssearch", indexed, seconds, peak, size, info),
        "rerun_unchanged_s": round(nochange, 2), "rerun_unchanged_pct": round(100 * nochange / seconds, 1),
        "rerun_1pct_s": round(changed, 2), "rerun_1pct_pct": round(100 * changed / seconds, 1),
        "rerun_1pct_updated": f"{updated}/{edited}",
    })
    return rows


COLUMNS = [
    ("n", "N"), ("engine", "engine"), ("seconds", "index s"), ("articles_per_s", "art/s"),
    ("peak_rss_mb", "peak RSS MB"), ("index_mb", "index MB"), ("size_ratio", "size/text"),
    ("rerun_unchanged_s", "no-change s"), ("rerun_unchanged_pct", "(%)"),
    ("rerun_1pct_s", "1%-changed s"), ("rerun_1pct_pct", "(%)"), ("rerun_1pct_updated", "updated"),
]


def print_table(rows: list[dict]) -> None:
    """The rows as an aligned text table, with the speed ratio to the baseline per size."""
    header = [title for _, title in COLUMNS]
    table = [[str(r.get(key, "")) for key, _ in COLUMNS] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for t in table:
        print("  ".join(c.rjust(w) for c, w in zip(t, widths, strict=True)))
    for n in sorted({r["n"] for r in rows}):
        ours = next(r for r in rows if r["n"] == n and r["engine"] == "newssearch")
        base = next((r for r in rows if r["n"] == n and r["engine"] == "naive whoosh"), None)
        if base:
            print(f"N={n}: newssearch indexes {ours['articles_per_s'] / base['articles_per_s']:.2f}x "
                  f"the naive baseline's articles/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,21578", help="archive sizes (21578: all Reuters)")
    ap.add_argument("--format", choices=["html", "text", "mixed"], default="html")
    ap.add_argument("--baseline-max", type=int, default=25000, help="largest N the baseline runs at")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where corpora and indexes go")
    ap.add_argument("--csv", type=Path, default=RESULTS / "indexing.csv")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows.extend(bench_size(n, args.format, args.work, args.baseline_max))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"# {os.cpu_count()} cores; format {args.format}; command: python benchmarks/indexing.py "
          f"--sizes {args.sizes} --format {args.format}")
    print_table(rows)
    keys = [k for k, _ in COLUMNS] + ["articles", "text_mb", "rerun_1pct_updated"]
    write_csv(args.csv, rows, list(dict.fromkeys(keys)))
    print(f"# written {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
