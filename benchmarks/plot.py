"""Draw benchmarks/results/scaling.png from the CSVs indexing.py and queries.py wrote.

    python benchmarks/plot.py

Three panels against archive size N: indexing time, index size on disk, and query p95 per kind,
for newssearch and the naive Whoosh baseline (and tantivy's query p95 for reference). The data
behind the plot is written beside it as scaling.csv.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from indexing import RESULTS, write_csv  # noqa: E402


def _read(path: Path) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: run benchmarks/indexing.py and benchmarks/queries.py first")
    with path.open() as f:
        return list(csv.DictReader(f))


def main() -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    indexing = _read(RESULTS / "indexing.csv")
    queries = _read(RESULTS / "queries.csv")
    rows = []

    def add(r: dict, metric: str, value: str) -> None:
        rows.append({"n": int(r["n"]), "engine": r["engine"], "metric": metric, "value": value})

    for r in indexing:
        add(r, "index_seconds", r["seconds"])
        add(r, "index_mb", r["index_mb"])
        add(r, "peak_rss_mb", r["peak_rss_mb"])
    for r in queries:
        add(r, f"{r['kind']}_p95_ms", r["p95_ms"])

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    styles = {"newssearch": "o-", "naive whoosh": "s--", "tantivy": "^:"}

    def series(metric: str, engine: str) -> tuple[list[int], list[float]]:
        pts = sorted((r["n"], float(r["value"])) for r in rows
                     if r["metric"] == metric and r["engine"] == engine)
        return [p[0] for p in pts], [p[1] for p in pts]

    for engine in ("newssearch", "naive whoosh"):
        xs, ys = series("index_seconds", engine)
        if xs:
            axes[0].plot(xs, ys, styles[engine], label=engine)
        xs, ys = series("index_mb", engine)
        if xs:
            axes[1].plot(xs, ys, styles[engine], label=engine)
    text = sorted({(int(r["n"]), float(r["text_mb"])) for r in indexing})
    axes[1].plot([t[0] for t in text], [t[1] for t in text], "k:", label="article text (titles + bodies)")
    for engine in ("newssearch", "naive whoosh", "tantivy"):
        for kind, colour in (("keyword", "C0"), ("phrase", "C1"), ("filtered", "C2"), ("facet", "C3")):
            xs, ys = series(f"{kind}_p95_ms", engine)
            if xs:
                axes[2].plot(xs, ys, styles[engine], color=colour, label=f"{engine} {kind}")
    axes[0].set(title="Indexing time (files to committed index)", xlabel="articles", ylabel="seconds")
    axes[1].set(title="Index size on disk", xlabel="articles", ylabel="MB")
    axes[2].set(title="Query latency p95 (warm, in-process)", xlabel="articles", ylabel="ms", yscale="log")
    for ax in axes:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1000:g}k"))  # 100k, not 100000
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    RESULTS.mkdir(exist_ok=True)
    fig.savefig(RESULTS / "scaling.png", dpi=110)
    write_csv(RESULTS / "scaling.csv", rows, ["n", "engine", "metric", "value"])
    print(f"written {RESULTS / 'scaling.png'} and {RESULTS / 'scaling.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
