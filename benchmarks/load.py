"""Load test of `newssearch serve` on loopback: concurrent clients against a Reuters-sized index.

    python benchmarks/indexing.py --sizes 21578 --baseline-max 0 --csv /tmp/indexing-21578.csv
    python benchmarks/load.py [--size 21578] [--clients 20] [--workers 1] [--seconds 20]

Starts the real server (`newssearch serve --port 0`) in its own process, then runs N client
threads in this process, each with its own keep-alive connection, for S seconds. Each client
cycles through a seeded mix drawn from the corpus (make_corpus.py, as queries.py draws them):
  page      /search?q=<1-3 title words>           the HTML search page with facets
  api       /api/search?q=<words or "phrase">     JSON, sometimes with a year window and newest first
  article   /articles/<id> of an earlier hit      the HTML article view
Prints per kind and in all: requests, errors (anything but HTTP 200, or a failed connection),
requests/s, p50/p95/p99 latency in ms. The clients share the machine's 2 cores with the server,
so the figures are a floor for what a separate client machine would see. Exit status 1 on errors.
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402
from indexing import DEFAULT_WORK  # noqa: E402
from queries import make_queries  # noqa: E402


def request_mix(n: int, seed: int) -> list[tuple[str, str]]:
    """(kind, path) pairs drawn from the corpus; article paths are filled in from hits later."""
    stories = make_corpus.read_reuters()
    if n > make_corpus.REAL_COUNT:
        stories += make_corpus.synthesize(stories, n - make_corpus.REAL_COUNT, random.Random(1))
    queries = make_queries(stories[:n], 100, seed)
    mix: list[tuple[str, str]] = []
    for i in range(100):
        mix.append(("page", "/search?" + urlencode({"q": queries["keyword"][i]["text"]})))
        q = queries["filtered"][i]
        api = {"q": q["text"], "year": q["since"][:4], "sort": "newest"} if i % 2 else {
            "q": queries["phrase"][i]["text"]}
        mix.append(("api", "/api/search?" + urlencode(api)))
        mix.append(("article", ""))
    random.Random(seed).shuffle(mix)
    return mix


def start_server(index: Path, workers: int) -> tuple[subprocess.Popen[str], str, int]:
    command = [sys.executable, "-m", "newssearch", "serve", "--index", str(index), "--port", "0",
               "--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"at (http://\S+/) ", line)
    if not match:
        raise SystemExit(f"the server did not start: {line}{proc.stderr.read()}")
    url = urlsplit(match.group(1))
    return proc, url.hostname, url.port


def client(host: str, port: int, mix: list[tuple[str, str]], offset: int, deadline: float,
           articles: list[str], out: list[tuple[str, float, bool]]) -> None:
    """One keep-alive connection issuing requests from `mix` until `deadline`."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    i = offset
    while time.perf_counter() < deadline:
        kind, path = mix[i % len(mix)]
        i += 1
        if kind == "article":
            path = articles[i % len(articles)]
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok, body = False, b""
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        out.append((kind, time.perf_counter() - started, ok))
        if kind == "page" and ok and len(articles) < 2000:
            found = re.findall(rb'<a class="title" href="(/articles/[^"?]+)', body)
            articles.extend(m.decode() for m in found)
    conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=make_corpus.REAL_COUNT)
    ap.add_argument("--format", choices=["html", "text", "mixed"], default="html")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1, help="server processes (newssearch serve --workers)")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--index", type=Path, help="any other index (the queries still come from Reuters)")
    args = ap.parse_args(argv)
    index = args.index or args.work / f"index-newssearch-{args.format}-{args.size}"
    if not index.exists():
        print(f"no index at {index}: python benchmarks/indexing.py --sizes {args.size} --baseline-max 0")
        return 2
    mix = request_mix(args.size, args.seed)
    proc, host, port = start_server(index, args.workers)
    try:
        articles: list[str] = []
        warm: list[tuple[str, float, bool]] = []  # one pass over the page searches: warm caches, find ids
        client(host, port, [m for m in mix if m[0] == "page"], 0, time.perf_counter() + 5, articles, warm)
        if not articles:
            raise SystemExit("the warm-up found no articles to open")
        results: list[tuple[str, float, bool]] = []
        deadline = time.perf_counter() + args.seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(host, port, mix, k * 7, deadline, articles, results))
                   for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    print(f"# command: python benchmarks/load.py --size {args.size} --clients {args.clients} "
          f"--workers {args.workers} --seconds {args.seconds:g} --seed {args.seed}")
    print(f"# {args.clients} clients for {wall:.1f} s on loopback against {index}")
    print(f"{'kind':<8} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    errors = 0
    for kind in ("page", "api", "article", "all"):
        rows = [r for r in results if kind in ("all", r[0])]
        ms = sorted(r[1] * 1000 for r in rows)
        bad = sum(1 for r in rows if not r[2])
        errors += bad if kind == "all" else 0
        q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
        rate = len(rows) / wall
        print(f"{kind:<8} {len(rows):>8} {bad:>6} {rate:>7.1f} {q[49]:>7.1f} {q[94]:>7.1f} {q[98]:>7.1f}")
    if "Traceback" in err:
        print("the server logged a traceback:\n" + err)
        errors += 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
