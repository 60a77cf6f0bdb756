"""Incremental indexing on real files: add, edit, delete, touch; bad files skipped, nothing lost."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newssearch import Archive, ArticleNotFound, IndexLocked, IndexMissing

from .conftest import ARTICLES, page, touch_later


def test_first_run_then_nothing_to_do(corpus, index_dir):
    with Archive(index_dir) as a:
        first = a.index([corpus])
        assert (first.added, first.updated, first.removed, first.unchanged, first.skipped) == (4, 0, 0, 0, [])
        again = a.index([corpus])
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
        assert len(a) == 4


def test_edit_delete_add(corpus, index_dir):
    with Archive(index_dir) as a:
        a.index([corpus])
        storm = corpus / "storm.html"
        storm.write_text(
            ARTICLES["storm.html"].replace("powerful storm", "powerful hurricane"), encoding="utf-8"
        )
        touch_later(storm)
        (corpus / "football.txt").unlink()
        (corpus / "new.txt").write_text(
            "Library reopens\nThe town library reopened on Monday with a new roof.\n"
        )
        r = a.index([corpus])
        assert (r.added, r.updated, r.removed, r.unchanged) == (1, 1, 1, 2)
        assert len(a) == 4
        assert a.search("hurricane").total == 1
        assert a.search("goal").total == 0
        assert a.search("library").hits[0].title == "Library reopens"
        # one document per file, no duplicates
        paths = [h.path for h in a.search("the OR a OR on", limit=100)]
        assert sorted(paths) == sorted(str(p) for p in corpus.iterdir())


def test_touched_but_unchanged_file_counts_as_unchanged(corpus, index_dir):
    with Archive(index_dir) as a:
        a.index([corpus])
        touch_later(corpus / "summit.html")
        r = a.index([corpus])
        assert (r.added, r.updated, r.unchanged) == (0, 0, 4)


def test_keep_missing(corpus, index_dir):
    with Archive(index_dir) as a:
        a.index([corpus])
        (corpus / "football.txt").unlink()
        r = a.index([corpus], keep_missing=True)
        assert r.removed == 0 and len(a) == 4


def test_other_roots_are_not_pruned(tmp_path, index_dir):
    one = tmp_path / "one"
    two = tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text("Alpha story\nThe alpha text is here.\n")
    (two / "b.txt").write_text("Beta story\nThe beta text is here.\n")
    with Archive(index_dir) as a:
        a.index([one])
        a.index([two])
        assert len(a) == 2  # indexing two/ does not delete one/'s articles


def test_bad_files_are_skipped_with_reasons_and_nothing_is_lost(corpus, index_dir):
    with Archive(index_dir) as a:
        a.index([corpus])
        before = {h.id for h in a.search("the OR a", limit=100)}
        bad = corpus / "bad"
        bad.mkdir()
        (bad / "empty.html").write_bytes(b"")
        (bad / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        (bad / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
        (bad / "script-only.html").write_text("<html><body><script>x()</script></body></html>")
        (bad / "huge.txt").write_bytes(b"word " * (5 * 1024 * 1024))  # 25 MB
        (bad / "latin1.txt").write_bytes("Café story\nLe café était plein à Montréal.\n".encode("latin-1"))
        # A previously good file that is now garbage keeps its indexed version.
        storm = corpus / "storm.html"
        storm.write_bytes(b"\x00\x01\x02" * 1000)
        touch_later(storm)
        r = a.index([corpus])
        reasons = {Path(p).name: why for p, why in r.skipped}
        assert set(reasons) == {
            "empty.html",
            "image.html",
            "broken.html.gz",
            "script-only.html",
            "huge.txt",
            "storm.html",
        }
        assert "empty" in reasons["empty.html"]
        assert "binary" in reasons["image.html"]
        assert "gzip" in reasons["broken.html.gz"]
        assert "no article text" in reasons["script-only.html"]
        assert "too large" in reasons["huge.txt"]
        assert r.added == 1  # latin1.txt, decoded by detection
        assert a.search("Montréal").total == 1
        after = {h.id for h in a.search("the OR a", limit=100)}
        assert before <= after
        assert a.search("electricity").total == 1  # storm.html's last good version is still there


def test_gzip_and_glob(tmp_path, index_dir):
    folder = tmp_path / "gz"
    folder.mkdir()
    with gzip.open(folder / "page.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(
            page("Zipped page about lighthouses", ["The old lighthouse was restored by volunteers."] * 2)
        )
    (folder / "notes.rst").write_text("Lighthouse notes\nSomething about a lighthouse.\n")
    with Archive(index_dir) as a:
        assert a.index([folder]).added == 1
        assert a.index([folder], patterns=["*.rst"]).added == 1


def test_same_canonical_url_in_two_files_keeps_both(tmp_path, index_dir):
    folder = tmp_path / "dupes"
    folder.mkdir()
    html = page("Same URL story", ["First version of the story about bridges."], url="https://x.example/s")
    (folder / "a.html").write_text(html)
    (folder / "b.html").write_text(html.replace("First", "Second"))
    with Archive(index_dir) as a:
        a.index([folder])
        assert len(a) == 2
        again = a.index([folder])
        assert again.unchanged == 2 and again.indexed == 0
        # A later file with the same canonical URL: the first keeps the URL, the newcomer its path.
        (folder / "c.html").write_text(html.replace("First", "Third"))
        assert a.index([folder]).added == 1
        # (Three versions of one story: all_versions lists each instead of folding them.)
        assert len(a) == 3 and len({h.id for h in a.search("bridges", limit=10, all_versions=True)}) == 3
        assert a.get("c.html").path.endswith("c.html")
        assert a.search('"third version"').hits[0].id == "c.html"


def test_get_and_missing_index(archive, tmp_path):
    art = archive.get("https://planet.example/2021/03/storm")
    assert art.title.startswith("Storm batters") and art.body.startswith("A powerful storm")
    with pytest.raises(ArticleNotFound):
        archive.get("nope")
    with pytest.raises(IndexMissing):
        Archive(tmp_path / "nowhere", create=False)


def test_second_writer_waits_then_fails_clearly(archive, corpus):
    with archive._store.writer(wait=0):
        with Archive(archive.path) as other:
            with pytest.raises(IndexLocked, match="another process"):
                other.index([corpus], wait=0.3)
    assert archive.index([corpus]).unchanged == 4  # the lock is free again


def test_searching_while_another_archive_writes(archive, corpus):
    reader = Archive(archive.path)
    try:
        assert reader.search("library").total == 0
        (corpus / "new.txt").write_text("Library reopens\nThe town library reopened on Monday.\n")
        archive.index([corpus])
        assert reader.search("library").total == 1  # picks up the new commit
    finally:
        reader.close()


def test_threads_search_while_a_writer_indexes(archive, corpus):
    import threading

    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        while not stop.wait(0.002):
            try:
                archive.search("storm OR library OR story", facets=["year"])
            except BaseException as err:  # any failure fails the test
                errors.append(err)
                return

    threads = [threading.Thread(target=searcher) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        with Archive(archive.path) as writer:
            for i in range(8):
                (corpus / f"extra{i}.txt").write_text(
                    f"Story {i}\nA library story number {i} for the test.\n"
                )
                writer.index([corpus])
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert archive.search("library").total == 8


def test_damaged_index_is_a_clear_error(tmp_path):
    from newssearch import IndexCorrupt

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "_newssearch_1.toc").write_bytes(b"not a table of contents")
    with pytest.raises(IndexCorrupt, match="cannot open the index"):
        Archive(broken)


def test_big_runs_extract_in_parallel_with_the_same_result(tmp_path, index_dir):
    from newssearch.archive import PARALLEL_FROM

    folder = tmp_path / "many"
    folder.mkdir()
    n = PARALLEL_FROM + 6
    for i in range(n):
        (folder / f"story-{i:03d}.txt").write_text(f"Harbour story {i}\nThe harbour master logged ship number {i}.\n")
    (folder / "broken.html").write_bytes(b"\x00\xff" * 100)
    with Archive(index_dir) as a:
        r = a.index([folder])
        assert r.added == n and [Path(p).name for p, _ in r.skipped] == ["broken.html"]
        assert a.search("harbour", limit=1000).total == n
        assert a.search('"ship number 42"').hits[0].path.endswith("story-042.txt")


def test_folder_notes_are_not_articles(corpus, index_dir):
    (corpus / "README.md").write_text("# About this folder\n\nArticles saved from the web.\n")
    (corpus / "SOURCES.md").write_text("# Sources\n\nWhere each article came from.\n")
    with Archive(index_dir) as a:
        assert a.index([corpus]).added == 4
        assert a.index([corpus], exclude=()).added == 2  # nothing left out when asked


def test_many_small_runs_do_not_pile_up_segments(tmp_path, index_dir):
    from newssearch.engine.store import MAX_SMALL_SEGMENTS

    folder = tmp_path / "news"
    folder.mkdir()
    with Archive(index_dir) as a:
        for i in range(3 * MAX_SMALL_SEGMENTS):
            (folder / f"note{i}.txt").write_text(f"Council note {i}\nThe council met on day {i} about the bridge.\n")
            assert a.index([folder]).added == 1
        assert len(a) == 3 * MAX_SMALL_SEGMENTS
        assert a.search("bridge", limit=100).total == 3 * MAX_SMALL_SEGMENTS
    assert 1 <= len(list(Path(index_dir).glob("*.seg"))) <= MAX_SMALL_SEGMENTS + 1


def test_a_page_keeps_its_utc_offset_through_the_index(tmp_path, index_dir):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "late.html").write_text(
        page("Late vote on the bridge", ["The council voted late at night to close the bridge."] * 3,
             date="2019-11-18T23:03:00-08:00")
    )
    with Archive(index_dir) as a:
        a.index([folder])
        hit = a.search("bridge").hits[0]
        assert hit.published.isoformat() == "2019-11-18T23:03:00-08:00"
        assert a.get(hit.id).published == hit.published
        assert a.search("bridge", since="2019-11-19").total == 1  # filters compare instants (07:03 UTC)


def test_index_files_are_read_in_place_with_file_semantics():
    # Searchers read index files from the memory map through ViewFile instead of a BytesIO copy;
    # Whoosh reads through it like a file: seek/tell/read/readline, and pickles (via peek).
    import pickle

    from whoosh.filedb.structfile import BufferFile

    from newssearch.engine.buffers import ViewFile

    objects = [{"a": 1, "b": [2, 3]}, "x" * 5000, (4, 5.5)]
    data = b"head\nline two\n" + b"".join(pickle.dumps(o) for o in objects) + b"tail"
    f = BufferFile(memoryview(data))
    assert isinstance(f.file, ViewFile)
    assert f.readline() == b"head\n" and f.readline() == b"line two\n"
    assert [f.read_pickle() for _ in objects] == objects
    assert f.read() == b"tail" and f.read(3) == b""
    f.seek(-4, 2)
    assert f.tell() == len(data) - 4 and f.read(2) == b"ta"
    assert f.get(0, 4) == b"head"


def test_a_word_with_soft_hyphens_is_found_whole(tmp_path, index_dir):
    # German sites mark where long words may break ("Bundes&shy;regierung"): invisible, and not a
    # word break for the index, the title or the snippet.
    folder = tmp_path / "de"
    folder.mkdir()
    sentence = "Die Bundes&shy;regierung hat am Montag, nach langer De\u00adbatte, ein Gesetz beschlossen."
    (folder / "gesetz.html").write_text(page("Die Bundes&shy;regierung plant ein Gesetz", [sentence] * 3))
    with Archive(index_dir) as a:
        a.index([folder])
        hits = a.search("Bundesregierung Debatte").hits
        assert len(hits) == 1 and hits[0].title.startswith("Die Bundesregierung plant")
        assert "\u00ad" not in a.get(hits[0].id).body


def test_text_written_with_combining_marks_is_found_by_the_word_typed_as_usual(tmp_path, index_dir):
    # A page (or a Mac's file) may write "ü" as "u" and a combining diaeresis (NFD); a query may
    # be typed either way. Both match, and the stored text reads composed.
    import unicodedata

    folder = tmp_path / "docs"
    folder.mkdir()
    text = "Die Behörde hat die Kindersitze geprüft und viele Modelle für mangelhaft befunden. " * 3
    (folder / "seats.txt").write_text("Kindersitze im Test\n\n" + unicodedata.normalize("NFD", text), encoding="utf-8")
    with Archive(index_dir) as a:
        a.index([folder])
        for query in ("geprüft", unicodedata.normalize("NFD", "geprüft"), "Behörde"):
            assert a.search(query).total == 1, query
        hit = a.search("mangelhaft").hits[0]
        assert "geprüft" in a.get(hit.id).body
