"""`Archive`: the public face of newssearch. Index folders, search, fetch articles, read stats."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from .article import Article
from .crawl import DEFAULT_EXCLUDE, DEFAULT_PATTERNS, FoundFile, Unreadable, path_under, read_bytes, walk
from .dates import parse_bound
from .engine import SegmentBuilder, Store, stored_to_article, swap_folders
from .errors import ArticleNotFound, ExtractionError, IndexMissing, NewsSearchError, QueryError
from .extract import extract
from .query_parser import DateRange, Everything, Node, Phrase, parse_query
from .results import Hit, IndexReport, Results, Version, snippet_parts
from .spelling import corrections, rewrite

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "author", "section", "tag", "year", "language")
HISTOGRAMS = ("year", "month")
#: Commit after this many written articles, so a crash costs at most one batch. Each batch
#: becomes one segment per worker; big segments keep merges (slow in Whoosh) rare.
COMMIT_EVERY = 20_000
DEFAULT_INDEX = "index"
#: Runs with at least this many files to extract use a process pool (starting a worker costs
#: about as much as extracting a hundred articles).
PARALLEL_FROM = 256

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Stats:
    """Index statistics: article count, date range, sources and size on disk."""

    articles: int
    first_published: datetime | None
    last_published: datetime | None
    sources: list[tuple[str, int]]
    size_bytes: int
    path: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "path": self.path,
            "articles": self.articles,
            "first_published": self.first_published.isoformat() if self.first_published else None,
            "last_published": self.last_published.isoformat() if self.last_published else None,
            "sources": [{"source": s, "articles": n} for s, n in self.sources],
            "size_bytes": self.size_bytes,
        }


def default_index_path() -> str:
    """`$NEWSSEARCH_INDEX`, else ./index."""
    return os.environ.get("NEWSSEARCH_INDEX") or DEFAULT_INDEX


class Archive:
    """A news archive on disk: one index, any number of indexed folders.

    Example:
        with Archive("index/") as archive:
            archive.index(["sample_data/"])
            for hit in archive.search("climate summit", since="2021"):
                print(hit.title, hit.snippet)
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, create: bool = True, _other_version: bool = False
    ) -> None:
        self.path = os.path.abspath(os.fspath(path if path is not None else default_index_path()))
        self._store = Store(self.path, create=create, other_version=_other_version)

    @classmethod
    def for_rebuild(cls, path: str | os.PathLike[str] | None = None) -> Archive:
        """An archive opened only to `rebuild` it: an index built by another version of
        newssearch, which cannot be searched or updated, opens too (a missing one is created)."""
        return cls(path, create=True, _other_version=True)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release searchers and files; the archive cannot be used afterwards."""
        self._store.close()

    def __len__(self) -> int:
        return self._store.doc_count()

    # --- indexing ------------------------------------------------------------------------------

    def index(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        patterns: Sequence[str] = DEFAULT_PATTERNS,
        exclude: Sequence[str] = DEFAULT_EXCLUDE,
        keep_missing: bool = False,
        follow_symlinks: bool = False,
        wait: float = 5.0,
        progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the article files under `paths` (files or folders).

        New files are added, changed ones (size or mtime differ, then content) updated, files
        gone from these folders removed unless `keep_missing`. Files named like `exclude`
        (README, SOURCES, LICENSE... by default) describe a folder and are left out.
        Unreadable or empty files are skipped with a reason and never disturb what is indexed.
        """
        start = time.perf_counter()
        roots = [os.path.abspath(os.fspath(p)) for p in paths]
        report = IndexReport()
        known = self._store.manifest()
        found: list[FoundFile] = []
        for item in walk(roots, patterns, exclude=exclude, follow_symlinks=follow_symlinks):
            if isinstance(item, Unreadable):
                report.skipped.append((item.path, item.reason))
                if item.kept:  # unreadable now but maybe still there: what is indexed under it stays
                    report.unreachable.append(item.path)
            else:
                found.append(item)
        seen = {f.path for f in found}
        missing = [p for p in known if p not in seen and path_under(p, roots)]
        gone = [] if keep_missing else [p for p in missing if not path_under(p, report.unreachable)]
        report.kept = len(missing) - len(gone)
        todo = [f for f in found if not _same_stat(known.get(f.path), f)]
        report.unchanged = len(found) - len(todo)

        jobs = [(f, known.get(f.path)) for f in todo]
        with self._store.writer(wait=wait) as writer:
            if gone:  # gone files leave first: a file moved elsewhere keeps its canonical id
                for path in gone:
                    writer.delete_path(path)
                writer.commit_segments([])
            report.removed = len(gone)
            # article id -> the file that holds it: the committed index's, then this run's
            claimed = {state.id: path for path, state in known.items() if path not in gone and state.id}
            by_path = {f.path: f for f in todo}
            done = 0
            for results in _build_segments(self.path, jobs, progress):
                clashes = []
                for outcome in (o for outcomes, _ in results for o in outcomes):
                    if outcome.problem is not None:
                        report.skipped.append((outcome.path, outcome.problem))
                        continue
                    report.added += outcome.status == "added"
                    report.updated += outcome.status == "updated"
                    report.unchanged += outcome.status == "touched"  # same content, new mtime
                    if outcome.status != "added":
                        writer.delete_path(outcome.path)  # the old version, committed with the new
                    if claimed.setdefault(outcome.id, outcome.path) != outcome.path:
                        clashes.append(outcome.path)
                writer.commit_segments([seg for _, segments in results for seg in segments])
                for path in clashes:  # a canonical URL another file already has: id by path instead
                    f, article, _ = _load(by_path[path])
                    if article is not None:
                        writer.delete_path(path)
                        new_id = f.relpath if f.relpath not in claimed else f.path
                        writer.add(article.with_id(new_id), size=f.size, mtime=f.mtime)
                        claimed[new_id] = path
                done += sum(len(outcomes) for outcomes, _ in results)
                if progress:
                    progress(done, len(jobs))
        report.seconds = time.perf_counter() - start
        return report

    def rebuild(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        patterns: Sequence[str] = DEFAULT_PATTERNS,
        exclude: Sequence[str] = DEFAULT_EXCLUDE,
        follow_symlinks: bool = False,
        wait: float = 5.0,
        progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Index `paths` from scratch into a new index beside this one, then swap it in.

        The old index stays whole and searchable until the swap, which is atomic on Linux; if
        the rebuild fails, is killed, or finds no articles at all, the old index is kept as it
        was. Holds the write lock throughout, so no other writer's changes are lost.
        """
        target = Path(self.path).resolve()
        with self._store.locked(wait=wait):
            for stale in target.parent.glob(f".{target.name}.rebuild-*"):
                shutil.rmtree(stale, ignore_errors=True)  # left by a rebuild that was killed
            fresh_dir = Path(tempfile.mkdtemp(prefix=f".{target.name}.rebuild-", dir=target.parent))
            try:
                with Archive(fresh_dir) as fresh:
                    report = fresh.index(
                        paths, patterns=patterns, exclude=exclude, follow_symlinks=follow_symlinks,
                        progress=progress,
                    )
                    found = len(fresh)
                if found == 0 and len(self) > 0:
                    raise NewsSearchError(
                        f"the rebuild found no articles to index; the index at {self.path} is unchanged"
                    )
                dropped = [p for p in self._store.manifest() if path_under(p, report.unreachable)]
                if dropped:
                    where = report.unreachable[0]
                    why = dict(report.skipped)[where]
                    raise NewsSearchError(
                        f"cannot reach {where} ({why}): the rebuild would drop {len(dropped)} articles "
                        f"indexed under it, so the index at {self.path} is unchanged"
                    )
                swap_folders(fresh_dir, target)
            finally:
                shutil.rmtree(fresh_dir, ignore_errors=True)  # the old index, or a failed new one
        return report

    def add(self, article: Article, *, wait: float = 5.0) -> None:
        """Index one already-extracted article (replacing any with the same id)."""
        with self._store.writer(wait=wait) as writer:
            writer.add(article)

    def delete(self, article_id: str, *, wait: float = 5.0) -> None:
        """Remove one article by id (no error if it is not there)."""
        with self._store.writer(wait=wait) as writer:
            writer.delete_id(article_id)

    # --- searching -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        page: int = 1,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        source: str | None = None,
        author: str | None = None,
        section: str | None = None,
        tag: str | None = None,
        sort: str = "relevance",
        facets: Iterable[str] = (),
        snippets: bool = True,
        histogram: str | None = None,
        all_versions: bool = False,
        autocorrect: bool = True,
        metadata: bool = True,
    ) -> Results:
        """Search the archive; raises QueryError for a query or option that cannot be understood.

        `query` uses the query language (words, "phrases", AND/OR/NOT, -word, field:value,
        published:[A TO B], word*) and plain prose just works; a blank query matches every
        article (newest first unless `sort` says otherwise), for browsing by the filters.
        `since`/`until` take YYYY, YYYY-MM, YYYY-MM-DD or a datetime; `source`/`author`/
        `section`/`tag` filter without changing the ranking; `facets` names fields to count
        over all matches; `histogram` ("year" or "month") counts all matches per period of their
        publication date (UTC), empty periods included. Versions of one story (reprints, updates:
        near-duplicate bodies) show as one hit, the best ranked, listing the others in
        `Hit.versions`, unless `all_versions`; `total` and facets count every match. A query
        word that looks misspelled gets `Results.suggestion`; a query matching nothing is run
        corrected instead (`Results.corrected_from` holds it as typed) unless not `autocorrect`.
        Without `metadata`, hits carry their id, score, snippet and versions' ids but no title,
        date or other stored field: several times cheaper per hit, for scripts after ids.
        """
        started = time.perf_counter()
        _check_page(limit, page)
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if histogram is not None and histogram not in HISTOGRAMS:
            raise QueryError(f"unknown histogram {histogram!r}; choose from {', '.join(HISTOGRAMS)}")
        facets = list(facets)
        for name in facets:
            if name not in FACETS:
                raise QueryError(f"unknown facet {name!r}; choose from {', '.join(FACETS)}")
        node = parse_query(query)
        if isinstance(node, Everything) and sort == "relevance":
            sort = "newest"  # a blank query ranks nothing: browse newest first
        filters: list[Node] = []
        if since is not None or until is not None:
            filters.append(DateRange("published", _bound_text(since), _bound_text(until)))
            if since is not None and until is not None:
                if parse_bound(_bound_text(since) or "") > parse_bound(_bound_text(until) or "", end=True):
                    raise QueryError(f"--since ({since}) is after --until ({until})")
        for fieldname, value in (
            ("source", source),
            ("authors", author),
            ("section", section),
            ("tags", tag),
        ):
            if value is not None:
                if not value.strip():
                    raise QueryError(f"the {fieldname} filter is empty")
                filters.append(Phrase(value, fieldname))
        raw = self._store.search(
            node, filters=filters, page=page, limit=limit, sort=sort, facets=facets, snippets=snippets,
            histogram=histogram, collapse=not all_versions, metadata=metadata,
        )
        hits = [_hit(h.fields, h.score, h.snippet, h.versions) for h in raw.hits]
        periods = raw.histogram if histogram else None
        fixed = corrections(
            node, self._store.frequencies, self._store.written_share, self._store.together, self._adjacent,
            self._store.doc_count(), raw.total,
        )
        suggestion = rewrite(query, fixed) if fixed else None
        if suggestion is not None and raw.total == 0 and autocorrect:
            kwargs = dict(
                limit=limit, page=page, since=since, until=until, source=source, author=author,
                section=section, tag=tag, sort=sort, facets=facets, snippets=snippets, histogram=histogram,
                all_versions=all_versions, metadata=metadata,
            )
            better = self.search(suggestion, autocorrect=False, **kwargs)  # type: ignore[arg-type]
            if better.total:
                took = (time.perf_counter() - started) * 1000
                return replace(better, took_ms=took, suggestion=None, corrected_from=query)
        took = (time.perf_counter() - started) * 1000
        return Results(query, raw.total, page, limit, took, hits, raw.facets, periods, suggestion)

    def _adjacent(self, words: list[str]) -> int:
        """How many articles hold `words` as a phrase."""
        return self._count(Phrase(" ".join(words)))

    def _count(self, node: Node) -> int:
        """How many articles a query tree matches (for spelling: counts only, no page)."""
        return self._store.search(
            node, filters=[], page=1, limit=1, sort="relevance", facets=[], snippets=False
        ).total

    def get(self, article_id: str) -> Article:
        """The indexed article with this id; raises ArticleNotFound."""
        article = self._store.get(article_id)
        if article is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.path}")
        return article

    def more_like_this(
        self,
        article_id: str,
        *,
        limit: int = 10,
        page: int = 1,
        all_versions: bool = False,
        snippets: bool = True,
    ) -> Results:
        """Related stories: the articles that share most of this one's telling words (those it
        uses often and the archive seldom), best first, leaving out the article itself and its
        versions; raises ArticleNotFound.

        Example:
            for hit in archive.more_like_this("https://example.org/2021/11/02/story.html"):
                print(hit.title)
        """
        started = time.perf_counter()
        _check_page(limit, page)
        raw = self._store.more_like_this(
            article_id, page=page, limit=limit, snippets=snippets, collapse=not all_versions
        )
        if raw is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.path}")
        hits = [_hit(h.fields, h.score, h.snippet, h.versions) for h in raw.hits]
        took = (time.perf_counter() - started) * 1000
        return Results(article_id, raw.total, page, limit, took, hits)

    def versions(self, article_id: str) -> list[Version]:
        """The other versions of an article's story in the archive (near-duplicate bodies), oldest
        first; raises ArticleNotFound."""
        found = self._store.versions(article_id)
        if found is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.path}")
        return sorted((_version(f) for f in found), key=_oldest_first)

    def files(self) -> dict[str, str]:
        """Every indexed file's path -> the id of the article it holds."""
        return {path: state.id for path, state in self._store.manifest().items()}

    def stats(self) -> Stats:
        """Counts, date range, sources and size of the index."""
        s = self._store.stats()
        return Stats(
            s["articles"], s["first_published"], s["last_published"], s["sources"], s["size_bytes"], self.path
        )


def _load(f: FoundFile) -> tuple[FoundFile, Article | None, str | None]:
    """Read and extract one file; a problem comes back as a reason, never as an exception."""
    try:
        return f, extract(read_bytes(f.path), path=f.path, relpath=f.relpath), None
    except ExtractionError as err:
        return f, None, str(err)
    except (RecursionError, MemoryError, ValueError) as err:
        return f, None, f"could not parse: {type(err).__name__}"


@dataclass(frozen=True)
class _Outcome:
    """What became of one file in a worker: written (added, updated, touched) or skipped."""

    path: str
    id: str = ""
    status: str = "skipped"
    problem: str | None = None


def _build_segments(
    index_path: str, jobs: list[tuple[FoundFile, Any]], progress: ProgressFn | None
) -> Iterator[list[tuple[list[_Outcome], Any]]]:
    """Extract and index the files in batches of COMMIT_EVERY; yield each batch's segments.

    Big runs split each batch across one worker process per core, each writing its own segment
    (extraction, analysis and posting lists all run in parallel); small runs work in process.
    """
    workers = min(os.cpu_count() or 1, max(1, len(jobs) // (PARALLEL_FROM // 2)))
    batches = [jobs[i : i + COMMIT_EVERY] for i in range(0, len(jobs), COMMIT_EVERY)]
    if workers < 2:
        for batch in batches:
            yield [_index_slice(index_path, batch, progress)]
        return
    # A fresh worker per batch: memory a worker's allocator keeps after a batch goes with it.
    fresh: dict[str, Any] = {"max_tasks_per_child": 1} if sys.version_info >= (3, 11) else {}
    with ProcessPoolExecutor(max_workers=workers, **fresh) as pool:
        for batch in batches:
            slices = [batch[i::workers] for i in range(workers)]
            yield list(pool.map(_index_slice, [index_path] * workers, slices))


def _index_slice(
    index_path: str, jobs: list[tuple[FoundFile, Any]], progress: ProgressFn | None = None
) -> tuple[list[_Outcome], Any]:
    """Extract files and write them into one new segment; runs in a worker process."""
    builder = SegmentBuilder(index_path)
    try:
        outcomes: list[_Outcome] = []
        ids: dict[str, str] = {}  # ids written to this segment -> their files
        for i, (found, old) in enumerate(jobs):
            if progress:
                progress(i, len(jobs))
            f, article, problem = _load(found)
            if article is None:
                outcomes.append(_Outcome(f.path, problem=problem or "unreadable"))
                continue
            owner = ids.get(article.id)
            if owner is not None and owner != f.path:
                # Two files of this slice claim one canonical URL: the newcomer goes by its path.
                # (Clashes with other slices and with the committed index are the main process's
                # to settle: it knows every id.)
                article = article.with_id(f.relpath if f.relpath not in ids else f.path)
            builder.add(article, size=f.size, mtime=f.mtime)
            ids[article.id] = f.path
            if old is None:
                status = "added"
            elif old.content_hash == article.content_hash and old.id == article.id:
                status = "touched"
            else:
                status = "updated"
            outcomes.append(_Outcome(f.path, article.id, status))
        return outcomes, builder.finish()
    except BaseException:
        builder.cancel()
        raise


def _check_page(limit: object, page: object) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise QueryError(f"limit must be between 1 and 1000, not {limit!r}")
    if not isinstance(page, int) or not 1 <= page <= 100_000:
        raise QueryError(f"page must be a positive number, not {page!r}")


def _same_stat(state: Any, f: FoundFile) -> bool:
    return state is not None and state.size == f.size and abs(state.mtime - f.mtime) < 1e-6


def _bound_text(value: str | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _version(fields: dict[str, Any]) -> Version:
    article = stored_to_article(fields)
    return Version(article.id, article.title, article.source, article.published)


def _oldest_first(v: Version) -> tuple[bool, float, str]:
    return (v.published is None, v.published.timestamp() if v.published else 0.0, v.id)


def _hit(
    fields: dict[str, Any], score: float | None, snippet: str, versions: Sequence[dict[str, Any]] = ()
) -> Hit:
    article = stored_to_article(fields)
    return Hit(
        id=article.id,
        title=article.title,
        authors=article.authors,
        published=article.published,
        source=article.source,
        section=article.section,
        url=article.url,
        path=article.path,
        score=score,
        parts=snippet_parts(snippet),
        versions=sorted((_version(f) for f in versions), key=_oldest_first),
    )


__all__ = ["Archive", "Stats", "IndexMissing", "default_index_path"]
