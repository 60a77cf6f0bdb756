"""The `newssearch` command: a thin click layer over `Archive`.

Exit status: 0 success (search: with hits), 1 a search with no hits, 2 an error (bad query,
missing or locked index, nothing could be indexed). Errors are one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from .archive import FACETS, HISTOGRAMS, SORTS, Archive, default_index_path
from .crawl import DEFAULT_EXCLUDE, DEFAULT_PATTERNS
from .errors import NewsSearchError
from .results import Hit, IndexReport, Results

F = TypeVar("F", bound=Callable[..., Any])


class Fail(click.ClickException):
    """A user-facing error: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"newssearch: error: {self.format_message()}", err=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn newssearch's own errors (and interrupted runs) into one-line messages."""
    try:
        yield
    except NewsSearchError as err:
        raise Fail(str(err)) from None
    except KeyboardInterrupt:
        raise Fail("interrupted; the index keeps its last committed state") from None
    except OSError as err:  # disk full, read-only folder, a file limit: the last commit stands
        where = f" ({err.filename})" if err.filename else ""
        raise Fail(f"{err.strerror or err}{where}; the index keeps its last committed state") from None


def index_option(fn: F) -> F:
    """--index PATH, defaulting to $NEWSSEARCH_INDEX or ./index."""
    return click.option(
        "--index",
        "index_path",
        metavar="PATH",
        default=default_index_path,
        show_default="$NEWSSEARCH_INDEX or ./index",
        help="Index folder.",
    )(fn)


def json_option(fn: F) -> F:
    """--json: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def _use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _open(index_path: str, *, create: bool = False) -> Archive:
    with _errors():
        return Archive(index_path, create=create)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newssearch")
def main() -> None:
    """Full-text search for folders of news articles.

    Example:

    \b
        newssearch index sample_data/
        newssearch search "climate change" --since 2020
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option(
    "--glob",
    "patterns",
    multiple=True,
    metavar="PATTERN",
    help=f"File name patterns to index (repeatable; default: {' '.join(DEFAULT_PATTERNS)}).",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="PATTERN",
    help=f"File names to leave out (repeatable; default: {' '.join(DEFAULT_EXCLUDE)}).",
)
@click.option("--keep-missing", is_flag=True, help="Keep articles whose files are gone.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build a new index beside the old one, then swap it in (the old one stays if this fails).",
)
@click.option("--follow-symlinks", is_flag=True, help="Follow symlinks that leave the indexed folders.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Seconds to wait for another writer to finish.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print no summary (errors still go to stderr).")
@json_option
def index(
    paths: tuple[str, ...],
    index_path: str,
    patterns: tuple[str, ...],
    excludes: tuple[str, ...],
    keep_missing: bool,
    rebuild: bool,
    follow_symlinks: bool,
    wait: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """Index (or re-index) the article files under PATHS.

    Unchanged files are skipped, changed ones updated, deleted ones removed.

    Example:

    \b
        newssearch index sample_data/ ~/archive/2021 --index ~/news-index
        newssearch index ~/archive --rebuild
    """
    options = {
        "patterns": patterns or DEFAULT_PATTERNS,
        "exclude": excludes or DEFAULT_EXCLUDE,
        "keep_missing": keep_missing,
        "follow_symlinks": follow_symlinks,
        "wait": wait,
    }
    with _errors():
        archive = Archive.for_rebuild(index_path) if rebuild else Archive(index_path, create=True)
    with archive, _errors():
        if rebuild:
            del options["keep_missing"]
        report = _run_index(archive, paths, options, rebuild=rebuild)
    if as_json:
        _echo_json(report.to_dict())
    elif not quiet:
        _print_report(report)
    if report.indexed + report.unchanged + report.removed == 0 and report.skipped:
        raise Fail(f"nothing could be indexed ({len(report.skipped)} skipped)")


def _run_index(
    archive: Archive, paths: tuple[str, ...], options: dict[str, Any], *, rebuild: bool = False
) -> IndexReport:
    """Index (or rebuild) with a progress bar on stderr when it is a terminal."""
    run = archive.rebuild if rebuild else archive.index
    if not sys.stderr.isatty():
        return run(paths, **options)
    with click.progressbar(length=1, label="indexing", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        return run(paths, progress=progress, **options)


def _print_report(report: IndexReport) -> None:
    for path, reason in report.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    if report.kept:
        click.echo(f"kept {report.kept} indexed articles whose files could not be reached", err=True)
    click.echo(
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged}, skipped {len(report.skipped)} "
        f"in {report.seconds:.2f} s ({report.articles_per_second:.0f} articles/s)"
    )


@main.command(context_settings={"ignore_unknown_options": True})  # "-word" is a query, not an option
@click.argument("query")
@index_option
@click.option(
    "--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page."
)
@click.option("--page", type=click.IntRange(1, 100_000), default=1, show_default=True, help="Page of hits.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--source", metavar="NAME", help="Only articles from this source.")
@click.option("--author", metavar="NAME", help="Only articles by this author.")
@click.option("--section", metavar="NAME", help="Only articles in this section.")
@click.option("--tag", metavar="TAG", help="Only articles with this tag.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--facet",
    "facets",
    type=click.Choice(FACETS),
    multiple=True,
    help="Count matches per value of this field (repeatable).",
)
@click.option(
    "--histogram", type=click.Choice(HISTOGRAMS), help="Count all matches per year or month, as a bar chart."
)
@click.option(
    "--all-versions", is_flag=True, help="List every version of a story (reprints, updates) as its own hit."
)
@click.option(
    "--no-autocorrect", is_flag=True, help="Search as typed even when nothing matches."
)
@click.option("--fields", "show_fields", is_flag=True, help="Show every metadata field of each hit.")
@click.option("--ids", "ids_only", is_flag=True, help="Print only the hits' ids, one a line (for scripts).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@json_option
def search(
    query: str,
    index_path: str,
    limit: int,
    page: int,
    since: str | None,
    until: str | None,
    source: str | None,
    author: str | None,
    section: str | None,
    tag: str | None,
    sort: str,
    facets: tuple[str, ...],
    histogram: str | None,
    all_versions: bool,
    no_autocorrect: bool,
    show_fields: bool,
    ids_only: bool,
    color: str,
    as_json: bool,
) -> None:
    """Search the index. QUERY is plain words or the query language.

    Words are ranked (all optional; more matches rank higher); "exact phrase"; AND, OR, NOT,
    -word; (groups); title:, author:, source:, section:, tag: fields;
    published:[2021-01-01 TO 2021-12-31]; prefix*. Versions of one story (reprints with
    another headline, byline or a paragraph more or less) show as one hit.

    Example:

    \b
        newssearch search '"climate change" AND summit -opinion' --since 2021 --facet source
        newssearch search merger --limit 1000 --ids > merger-ids.txt
    """
    archive = _open(index_path)
    with archive, _errors():
        results = archive.search(
            query,
            limit=limit,
            page=page,
            since=since,
            until=until,
            source=source,
            author=author,
            section=section,
            tag=tag,
            sort=sort,
            facets=facets,
            histogram=histogram,
            all_versions=all_versions,
            autocorrect=not no_autocorrect,
            snippets=not ids_only,
            metadata=not ids_only,
        )
    if ids_only:
        for hit in results.hits:
            click.echo(hit.id)
    elif as_json:
        _echo_json(results.to_dict())
    else:
        _print_results(results, _use_color(color), show_fields)
    sys.exit(0 if results.total else 1)


def _snippet(hit: Hit, color: bool) -> str:
    if not color:
        return hit.snippet
    return "".join(click.style(t, bold=True, fg="red") if m else t for t, m in hit.parts)


def _print_results(results: Results, color: bool, show_fields: bool) -> None:
    first = (results.page - 1) * results.limit
    if results.corrected_from is not None:
        shown = click.style(results.query, bold=True) if color else results.query
        click.echo(f"Showing results for {shown} (nothing matched {results.corrected_from!r}; "
                   "--no-autocorrect searches as typed)", color=color)
        click.echo()
    for rank, hit in enumerate(results, start=first + 1):
        title = hit.title or "(untitled)"
        click.echo(f"{rank}. " + (click.style(title, bold=True, fg="green") if color else title), color=color)
        meta = [
            hit.source,
            ", ".join(hit.authors) or None,
            hit.published.date().isoformat() if hit.published else None,
        ]
        if results.hits and hit.score is not None:
            meta.append(f"score {hit.score:.2f}")
        line = " · ".join(m for m in meta if m)
        if line:
            click.echo("   " + (click.style(line, fg="cyan") if color else line), color=color)
        click.echo("   " + (hit.url or hit.path or hit.id), color=color)
        if show_fields:
            for name in ("id", "section", "path"):
                value = getattr(hit, name)
                if value:
                    click.echo(f"   {name}: {value}")
        if hit.parts:
            click.echo("   " + _snippet(hit, color), color=color)
        if hit.versions:
            click.echo("   " + _versions_line(hit), color=color)
        click.echo()
    for name, counts in results.facets.items():
        click.echo(f"{name}:")
        for value, count in counts[:20]:
            click.echo(f"  {count:6d}  {value}")
        if not counts:
            click.echo("  (none)")
        click.echo()
    if results.histogram is not None:
        _print_histogram(results.histogram, color)
    if results.total and not results.hits:
        click.echo(f"no results on page {results.page} ({results.total} in all; {results.took_ms:.1f} ms)")
    elif results.total:
        shown = f"{first + 1}-{first + len(results)}" if results.page > 1 else f"{len(results)}"
        folded = ""
        if any(h.versions for h in results):
            folded = "; versions of a story shown once, --all-versions lists each"
        click.echo(f"{shown} of {results.total} results ({results.took_ms:.1f} ms{folded})")
    else:
        click.echo(f"no results for {results.query!r} ({results.took_ms:.1f} ms)")
    if results.suggestion is not None:
        shown = click.style(results.suggestion, bold=True) if color else results.suggestion
        click.echo(f"Did you mean: {shown}", color=color)


def _versions_line(hit: Hit, most: int = 4) -> str:
    """"+ 3 similar versions: Reuters, The Daily Ledger (2), …" for a hit with folded versions."""
    counts: dict[str, int] = {}
    for v in hit.versions:
        name = v.source or v.id
        counts[name] = counts.get(name, 0) + 1
    names = [f"{n} ({c})" if c > 1 else n for n, c in list(counts.items())[:most]]
    more = ", …" if len(counts) > most else ""
    n = len(hit.versions)
    return f"+ {n} similar version{'s' if n > 1 else ''}: {', '.join(names)}{more}"


def _print_histogram(periods: list[tuple[str, int]], color: bool, width: int = 40) -> None:
    """Matches per period as horizontal bars, scaled to the busiest period."""
    kind = "year" if periods and len(periods[0][0]) == 4 else "month"
    click.echo(f"published per {kind}:")
    top = max((n for _, n in periods), default=0)
    for period, count in periods:
        bar = "█" * (round(width * count / top) if top else 0) or ("▏" if count else "")
        shown = click.style(bar, fg="cyan") if color else bar
        click.echo(f"  {period:<7}  {shown}{' ' * (width - len(bar))}  {count:,}", color=color)
    if not periods:
        click.echo("  (no dated matches)")
    click.echo()


@main.command()
@click.argument("article_id", metavar="ID")
@index_option
@json_option
def show(article_id: str, index_path: str, as_json: bool) -> None:
    """Print one indexed article: its metadata, then its body.

    Example:

    \b
        newssearch show https://example.org/2021/11/02/story.html --json
    """
    archive = _open(index_path)
    with archive, _errors():
        article = archive.get(article_id)
    if as_json:
        _echo_json(article.to_dict())
        return
    click.echo(article.title)
    for name in ("id", "url", "path", "source", "section", "language"):
        value = getattr(article, name)
        if value:
            click.echo(f"{name}: {value}")
    if article.authors:
        click.echo(f"authors: {', '.join(article.authors)}")
    if article.published:
        click.echo(f"published: {article.published.isoformat()}")
    if article.tags:
        click.echo(f"tags: {', '.join(article.tags)}")
    click.echo(f"words: {article.word_count}")
    click.echo()
    click.echo(article.body)


@main.command()
@click.argument("article_id", metavar="ID")
@index_option
@click.option(
    "--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page."
)
@click.option("--page", type=click.IntRange(1, 100_000), default=1, show_default=True, help="Page of hits.")
@click.option("--all-versions", is_flag=True, help="List every version of a story as its own hit.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@json_option
def similar(
    article_id: str, index_path: str, limit: int, page: int, all_versions: bool, color: str, as_json: bool
) -> None:
    """Related stories: the articles most like article ID (not its own versions).

    Example:

    \b
        newssearch similar https://example.org/2021/11/02/story.html -n 5
    """
    archive = _open(index_path)
    with archive, _errors():
        results = archive.more_like_this(article_id, limit=limit, page=page, all_versions=all_versions)
    if as_json:
        _echo_json(results.to_dict())
    else:
        _print_results(results, _use_color(color), False)
    sys.exit(0 if results.total else 1)


@main.command()
@index_option
@json_option
def stats(index_path: str, as_json: bool) -> None:
    """Print what the index holds: article count, sources, date range, size on disk.

    Example:

    \b
        newssearch stats --index ~/news-index
    """
    archive = _open(index_path)
    with archive, _errors():
        st = archive.stats()
    if as_json:
        _echo_json(st.to_dict())
        return
    click.echo(f"index: {st.path}")
    click.echo(f"articles: {st.articles}")
    if st.first_published and st.last_published:
        click.echo(f"published: {st.first_published.date()} to {st.last_published.date()}")
    click.echo(f"size on disk: {st.size_bytes / 1e6:.2f} MB")
    click.echo(f"sources: {len(st.sources)}")
    for source, count in st.sources[:20]:
        click.echo(f"  {count:6d}  {source}")


@main.command()
@index_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Processes answering requests (one core each; try the number of cores).",
)
def serve(index_path: str, host: str, port: int, workers: int) -> None:
    """Serve a search page and a JSON API over the index (read-only) until Ctrl-C.

    Pages: / and /search?q=..., /articles/ID. API: /api/search (same parameters, same JSON as
    `search --json`), /api/articles/ID, /api/stats, /healthz.

    Example:

    \b
        newssearch serve --index ~/news-index --port 8080 --workers 2
    """
    try:
        from . import server
    except ImportError as err:
        missing = f"{err.name} is missing"
        raise Fail(f"serve needs the web extras ({missing}): pip install 'newssearch[serve]'") from None
    archive = _open(index_path)
    try:
        sock = server.bind(host, port)
    except OSError as err:
        archive.close()
        raise Fail(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    url = f"http://{shown}:{bound_port}/"
    click.echo(f"newssearch: serving {len(archive)} articles at {url} (Ctrl-C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("newssearch: warning: anyone who can reach this address can search the index", err=True)
    with archive, _errors():
        server.serve(archive, sock, workers)


if __name__ == "__main__":  # pragma: no cover
    main()
