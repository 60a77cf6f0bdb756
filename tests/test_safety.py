"""Rebuilds that swap atomically, resource errors that leave the last commit standing, and a
long fuzz of hostile queries (slow)."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newssearch import Archive, NewsSearchError, QueryError
from newssearch.cli import main


def test_rebuild_swaps_in_a_fresh_index(archive, corpus, index_dir):
    reader = Archive(index_dir, create=False)  # another user of the index, open throughout
    assert len(reader) == 4
    (corpus / "football.txt").unlink()
    (corpus / "new.txt").write_text("Library reopens\nThe town library reopened on Monday with a new roof.\n")
    report = archive.rebuild([corpus])
    assert report.added == 4 and report.skipped == []
    assert len(archive) == 4 and archive.search("library").total == 1
    assert reader.search("library").total == 1  # picked up the swapped-in index
    assert reader.search("goal").total == 0
    assert not list(index_dir.parent.glob(f".{index_dir.name}.rebuild-*"))  # old copy removed
    reader.close()


def test_a_rebuild_that_finds_nothing_keeps_the_old_index(archive, tmp_path, index_dir):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NewsSearchError, match="unchanged"):
        archive.rebuild([empty])
    assert len(archive) == 4
    r = CliRunner().invoke(main, ["index", str(empty), "--index", str(index_dir), "--rebuild"])
    assert r.exit_code == 2 and "unchanged" in r.output and "Traceback" not in r.output
    assert len(Archive(index_dir, create=False)) == 4


@pytest.mark.slow
def test_a_killed_rebuild_leaves_the_old_index(archive, tmp_path, index_dir):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3000):
        (big / f"n{i}.txt").write_text(f"Harbour note {i}\nThe harbour master logged ship {i} today.\n" * 5)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newssearch", "index", str(big), "--index", str(index_dir), "--rebuild"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(index_dir.parent.glob(f".{index_dir.name}.rebuild-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # well into the rebuild (it takes seconds)
    assert proc.poll() is None, "the rebuild ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(index_dir.parent.glob(f".{index_dir.name}.rebuild-*"))  # killed mid-way
    with Archive(index_dir, create=False) as a:
        assert len(a) == 4 and a.search("storm").total == 1  # untouched
        assert a.rebuild([big]).added == 3000  # and the leftover of the killed one is cleared
    assert not list(index_dir.parent.glob(f".{index_dir.name}.rebuild-*"))


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_is_a_clear_error_and_the_index_survives(archive, tmp_path, index_dir):
    more = tmp_path / "more"
    more.mkdir()
    rng = random.Random(3)  # words that do not compress: the index must outgrow the limit
    for i in range(400):
        words = " ".join(f"lot{rng.getrandbits(40):x}" for _ in range(200))
        (more / f"m{i}.txt").write_text(f"Market note {i}\n" + f"Traders bought grain {words} at dawn.\n")
    proc = subprocess.run(
        [sys.executable, "-m", "newssearch", "index", str(more), "--index", str(index_dir)],
        preexec_fn=_limit_file_size,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "last committed state" in proc.stderr
    with Archive(index_dir, create=False) as a:
        assert len(a) == 4 and a.search("storm").total == 1
        assert a.index([more]).added == 400  # without the limit, the same run succeeds


def _without_file_overrides() -> None:
    """Drop the capabilities that let root ignore file permissions (for the command it runs)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def as_user(tmp_path):
    """How to run a command that obeys file permissions as an ordinary user does.

    As root (as in many CI containers) the command runs without the capabilities that override
    file modes; as anyone else it runs as is.
    """
    if os.geteuid() != 0:
        return None
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        r = subprocess.run([sys.executable, "-c", f"open({str(probe)!r})"], preexec_fn=_without_file_overrides,
                           capture_output=True)
    except (OSError, subprocess.SubprocessError) as err:
        pytest.skip(f"running as root and cannot drop the file-override capabilities: {err}")
    if r.returncode == 0:
        pytest.skip("running as root and file permissions still do not bind after dropping capabilities")
    return _without_file_overrides


def _cli(args: list[str], as_user: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newssearch", *args], preexec_fn=as_user,
                          capture_output=True, text=True, timeout=120)


def test_unreadable_files_and_a_read_only_index_as_an_ordinary_user(tmp_path, as_user):
    news, index = tmp_path / "news", str(tmp_path / "idx")
    news.mkdir()
    (news / "storm.txt").write_text("Storm hits coast\nA storm hit the coast on Tuesday.\n")
    (news / "locked.txt").write_text("Locked story\nNobody may read this file.\n")
    (news / "locked.txt").chmod(0)
    (news / "shut").mkdir()
    (news / "shut" / "inside.txt").write_text("Shut story\nA file in a folder that is later shut.\n")
    try:
        assert _cli(["index", str(news), "--index", index], as_user).returncode == 0
        (news / "shut").chmod(0)  # a folder indexed before can no longer be listed
        r = _cli(["index", str(news), "--index", index], as_user)
        assert r.returncode == 0, r.stderr
        assert "unchanged 1" in r.stdout and "removed 0" in r.stdout and "skipped 2" in r.stdout
        assert "locked.txt: cannot read: Permission denied" in r.stderr
        assert "shut: cannot list folder: Permission denied" in r.stderr
        assert "kept 1 indexed articles" in r.stderr
        r = _cli(["index", str(news), "--index", index, "--rebuild"], as_user)
        assert r.returncode == 2 and "would drop 1 articles" in r.stderr, r.stderr
        r = _cli(["search", "shut", "--index", index], as_user)
        assert "Shut story" in r.stdout  # an unreadable folder is not a deleted one

        (news / "new.txt").write_text("Library reopens\nThe town library reopened on Monday.\n")
        os.chmod(index, 0o555)  # the index folder becomes read-only for its owner
        r = _cli(["index", str(news), "--index", index], as_user)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and index in r.stderr, r.stderr
        r = _cli(["search", "storm", "--index", index], as_user)
        assert r.returncode == 0 and "Storm hits coast" in r.stdout  # still searchable
        assert "Library" not in _cli(["search", "library", "--index", index], as_user).stdout
    finally:
        (news / "shut").chmod(0o755)
        if os.path.exists(index):
            os.chmod(index, 0o755)


def test_files_that_change_or_vanish_during_a_run_are_caught_up_by_the_next(tmp_path, index_dir):
    folder = tmp_path / "news"
    folder.mkdir()
    n = 600  # big enough for the worker processes
    version: dict[int, int] = {}

    def write(j: int, v: int) -> None:
        filler = "The harbour master logged another ship at dawn. " * 30
        (folder / f"s{j:04d}.txt").write_text(f"Story {j}\nA note tagged f{j}v{v}x.\n{filler}\n")
        version[j] = v

    for j in range(n):
        write(j, 0)
    stop, changes = threading.Event(), [0]

    def churn() -> None:  # rewrite, delete and re-create files for as long as the run lasts
        i = 0
        while not stop.is_set():
            i += 1
            j = (i * 7) % n
            if i % 5 == 0 and j in version:
                (folder / f"s{j:04d}.txt").unlink()
                del version[j]
            else:
                write(j, i)
            changes[0] += 1
            time.sleep(0.0005)

    with Archive(index_dir) as a:
        thread = threading.Thread(target=churn)
        thread.start()
        try:
            first = a.index([folder])
        finally:
            stop.set()
            thread.join()
        assert changes[0] > 50, "the files did not change during the run"
        for path, why in first.skipped:  # deleted between listing and reading, or caught mid-write
            assert "cannot read" in why or "empty file" in why, (path, why)
        a.index([folder])  # a quiet run catches up with everything that moved
        assert len(a) == len(version)
        for j, v in version.items():
            assert a.search(f"f{j}v{v}x").total == 1, (j, v)
        assert a.index([folder]).unchanged == len(version)  # and then there is nothing left to do


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.text(alphabet='"()[]{}:*?-+!^~\\/ ANDORNOT\x00\x1b\t\n', max_size=80),
    st.lists(
        st.sampled_from(
            ['"', "(", ")", "AND", "OR", "NOT", "-", "+", "*", "title:", "nosuchfield:", "published:[",
             "TO", "]", "2021-13-45", "published:>", "🙂", "\u202e", "x" * 50, "a*", "published:[* TO *]"]
        ),
        max_size=20,
    ).map(" ".join),
)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(HOSTILE)
def test_ten_thousand_hostile_queries_raise_only_query_error(archive, text):
    started = time.perf_counter()
    try:
        archive.search(text)
    except QueryError as err:
        assert str(err) and "\n" not in str(err)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(HOSTILE)
def test_hostile_queries_on_the_command_line_exit_0_1_or_2_without_tracebacks(archive, index_dir, text):
    r = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--", text])  # `--`: -n is a query too
    assert r.exit_code in (0, 1, 2), (r.exit_code, r.output)
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    if r.exit_code == 2:
        assert r.output.startswith("newssearch: error: ") and r.output.count("\n") == 1, r.output


def test_a_100_kb_query_is_answered_or_refused_quickly(archive):
    for text in ("storm " * 20_000, '"' + "storm " * 20_000 + '"', "a* " * 30_000):
        started = time.perf_counter()
        try:
            archive.search(text)
        except QueryError as err:
            assert str(err)
        assert time.perf_counter() - started < 2.0


def test_a_hostile_folder_is_indexed_or_skipped_with_reasons(archive, corpus, index_dir, tmp_path):
    import gzip

    bad = corpus / "hostile"
    bad.mkdir()
    (bad / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * (40 * 1024 * 1024)))  # 40 MB unpacked
    (bad / "deep.html").write_text("<div>" * 100_000 + "Deep text of the story." + "</div>" * 100_000)
    with open(bad / "huge.html", "w") as f:  # a 50 MB page
        f.write("<html><body><article><h1>Huge</h1>" + "<p>Paragraph of a very long page.</p>" * 1_400_000)
    (bad / "mixed.txt").write_bytes("Mixed story\nCafé in UTF-8, ".encode() + "and café in Latin-1.\n".encode("latin-1"))
    (bad / "invalid.txt").write_bytes(b"Invalid bytes story\nThe bridge \xff\xfe reopened \xc3 today.\n")
    (bad / "loop").symlink_to(bad, target_is_directory=True)  # a symlink loop
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret memo\nThe outside file must not be indexed.\n")
    (bad / "escape").symlink_to(outside, target_is_directory=True)
    (bad / "dangling.txt").symlink_to(bad / "gone.txt")  # vanished before it could be read
    os.mkdir(os.fsencode(bad) + b"/odd\xffname")
    with open(os.fsencode(bad) + b"/odd\xffname/line\nbreak.txt", "wb") as f:
        f.write(b"Odd names story\nA file with a newline and a non-UTF-8 byte in its path.\n")
    (bad / "new\nline.txt").write_text("Newline story\nA file whose name holds a newline.\n")
    os.mkfifo(bad / "pipe.txt")  # reading it would wait forever for a writer
    before = len(archive)
    r = archive.index([corpus])
    reasons = {os.path.basename(p): why for p, why in r.skipped}
    assert "unzipped" in reasons["bomb.html.gz"]
    assert "cannot read" in reasons["dangling.txt"]
    assert "nested too deeply" in reasons["deep.html"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "too large (49.4 MB; the limit is 20 MB)" in reasons["huge.html"]
    assert archive.search("outside").total == 0  # the symlink out of the roots is not followed
    assert "not valid UTF-8" in reasons["line\nbreak.txt"]  # reported, printable, skipped
    assert archive.search('"odd names story"').total == 0
    assert archive.search('"newline story"').total == 1
    assert archive.search("Latin").total == 1 and archive.search("reopened").total == 1
    assert archive.search('"café in utf-8"').total == 1  # both halves of the mixed file read right
    assert len(archive) == before + r.added and r.added == 3  # mixed, invalid, newline
    for path, why in r.skipped:
        assert why and "\n" not in why, path


@pytest.mark.slow
def test_a_reader_process_never_fails_while_another_process_commits(tmp_path, index_dir):
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(400):
        (folder / f"n{i}.txt").write_text(f"Harbour note {i}\nThe harbour master logged ship {i}.\n")
    with Archive(index_dir) as a:
        a.index([folder])
    reader = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from newssearch import Archive\n"
            f"a = Archive({str(index_dir)!r}, create=False)\n"
            "n = 0\n"
            "end = time.monotonic() + 8\n"
            "while time.monotonic() < end:\n"
            "    r = a.search('harbour', limit=5)\n"
            "    assert r.total >= 400 and len(a) >= 400, (r.total, len(a))\n"
            "    n += 1\n"
            "print(n)\n"
        )],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    commits = 0
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:  # another process: edit a tenth of the files, re-index
        for path in sorted(folder.glob("*.txt"))[commits % 10 :: 10]:
            path.write_text(path.read_text() + f"Edit {commits}.\n")
        r = subprocess.run([sys.executable, "-m", "newssearch", "index", str(folder), "--index", str(index_dir), "-q"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        commits += 1
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert commits >= 3 and int(out) > 50  # many searches across several commits, none failed
