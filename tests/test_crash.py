"""Kill `newssearch index` (and its workers) with SIGKILL at many points; nothing may be lost.

After every kill the index must open and answer from its last commit, and the next run must
finish with exactly one article per file. Marked slow; CI runs it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newssearch import Archive

pytestmark = pytest.mark.slow

N = 3000
KILLS = 24


def _write_archive(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        sub = folder / f"{i // 500:02d}"
        sub.mkdir(exist_ok=True)
        if i % 2:
            text = (
                f"Harbour report {i}\n\nby Jane Doe, March {1 + i % 28}, 2021\n\n"
                f"The harbour master logged ship doc{i} at dawn. " * 3
                + f"\n\nCargo {i} was unloaded at pier {i % 40}.\n"
            )
            (sub / f"story-{i:05d}.txt").write_text(text)
        else:
            paras = "".join(f"<p>The harbour master logged ship doc{i}, paragraph {k}.</p>" for k in range(4))
            html = (
                f"<html><head><title>Harbour report {i}</title>"
                f'<meta property="article:published_time" content="2021-03-{1 + i % 28:02d}"></head>'
                f"<body><nav>Home News Sport</nav><article><h1>Harbour report {i}</h1>{paras}</article>"
                "<footer>Copyright</footer></body></html>"
            )
            (sub / f"story-{i:05d}.html").write_text(html)


def _run(folder: Path, index: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newssearch", "index", str(folder), "--index", str(index), "--quiet", "--wait", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def _check(index: Path) -> tuple[int, set[str]]:
    """The index opens and answers; returns its article count and the files it holds."""
    with Archive(index, create=False) as a:
        total = a.search("harbour", limit=1).total
        paths: set[str] = set()
        ids: set[str] = set()
        page = 1
        while len(paths) < total:
            r = a.search("harbour", limit=1000, page=page, all_versions=True)
            assert r.hits, "a page of hits went missing"
            for hit in r.hits:
                assert hit.id not in ids, f"duplicate id {hit.id}"
                ids.add(hit.id)
                paths.add(hit.path)
            page += 1
        assert len(a) == total == len(paths), "one article per file"
    return total, paths


def _kill_after(folder: Path, index: Path, delay: float) -> tuple[bool, float]:
    """Start a run and SIGKILL it (and its workers) `delay` seconds in: whether it was killed
    (False if it finished first) and the seconds it ran."""
    proc = _run(folder, index)
    started = time.perf_counter()
    while time.perf_counter() - started < delay and proc.poll() is None:
        time.sleep(0.01)
    ran = time.perf_counter() - started
    finished = proc.poll() is not None
    if not finished:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return not finished, ran


def _timed_run(folder: Path, index: Path) -> float:
    started = time.perf_counter()
    proc = _run(folder, index)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - started


def test_sigkill_at_many_points_loses_nothing(tmp_path):
    assert N > 256, "big enough for the process pool"
    folder, index = tmp_path / "news", tmp_path / "idx"
    _write_archive(folder)
    files = sorted(folder.rglob("story-*"))
    log = []

    # A: kills during a first full build (extraction, segment writing, the commit).
    duration = _timed_run(folder, tmp_path / "timing")
    for k in range(KILLS // 3):
        delay = duration * (k + 1) / (KILLS // 3 + 1)
        killed, ran = _kill_after(folder, index, delay)
        found = _check(index)[0] if list(index.glob("_newssearch_*.toc")) else 0
        log.append(("build", round(delay, 2), killed, found))
        assert found in (0, N), "a build is committed whole or not at all"
        if not killed:  # faster than the timed run (a busy machine then): build afresh, sooner
            shutil.rmtree(index)
            duration = min(duration, ran)
    _timed_run(folder, index)
    assert _check(index)[0] == N

    # B: kills while a third of the files are being updated: every file must stay indexed
    # exactly once (the old version until the new one is committed).
    update = None
    for k in range(KILLS - KILLS // 3):
        for path in files[k % 3 :: 3]:
            text, note = path.read_text(), f"Correction round{k}."
            if path.suffix == ".html":
                path.write_text(text.replace("</article>", f"<p>{note}</p></article>", 1))
            else:
                path.write_text(f"{text}\n{note}\n")
        if update is None:
            update = _timed_run(folder, index)
            continue
        delay = update * (k + 1) / (KILLS - KILLS // 3 + 1)
        killed, ran = _kill_after(folder, index, delay)
        found = _check(index)[0]
        log.append(("update", round(delay, 2), killed, found))
        if not killed:
            update = min(update, ran)
        assert found == N

    _timed_run(folder, index)
    total, paths = _check(index)
    with Archive(index, create=False) as a:
        last = KILLS - KILLS // 3 - 1
        assert a.search(f"round{last}", limit=1000).total == len(files[last % 3 :: 3])
    kills = sum(1 for entry in log if entry[2])
    print(f"\n{kills} kills (phase, seconds in, killed, articles after): {log}")
    print(f"after the final run: {total} articles for {len(files)} files")
    assert kills >= 20
    assert paths == {str(p) for p in files}
