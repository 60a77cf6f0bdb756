"""`newssearch serve`: a search page and a JSON API over one read-only `Archive` (Starlette).

Every route only reads. Pages are Jinja2 templates with autoescaping on, so article and query
text is always escaped; snippet highlights are markup added around already-escaped text.
Article ids are only ever looked up in the index, never used as file paths.
"""

from __future__ import annotations

import math
import socket
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .archive import SORTS, Archive
from .article import Article
from .crawl import read_bytes
from .errors import ExtractionError, NewsSearchError, QueryError
from .results import Results

HERE = Path(__file__).resolve().parent
#: Facets the search page lists as filters, in this order.
PAGE_FACETS = ("source", "year", "author", "section")
FILTERS = ("source", "author", "section", "tag", "year")
PAGE_SIZE, MAX_LIMIT = 10, 100
#: Related stories listed under an article.
RELATED = 5
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
SECURITY_BYTES = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
#: The original page is shown as its publisher made it, but sandboxed: no scripts, no requests.
ORIGINAL_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class SearchRequest:
    """One search as the page and the API take it from a URL's query string."""

    q: str = ""
    page: int = 1
    limit: int = PAGE_SIZE
    sort: str = "relevance"
    since: str = ""
    until: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    histogram: str | None = None
    all_versions: bool = False
    autocorrect: bool = True

    @classmethod
    def from_params(cls, params: Any, *, facets: tuple[str, ...] = ()) -> SearchRequest:
        """Read `q`, `page`, `limit`, `sort`, `since`, `until`, the filters, `facet`, `histogram`,
        `all_versions=1` and `autocorrect=0`.

        QueryError for a number that is not one; `Archive.search` judges the rest when it runs.
        """
        wanted = [f for v in params.getlist("facet") for f in v.split(",") if f] or list(facets)
        return cls(
            q=params.get("q", "").strip(),
            page=_int(params, "page", 1, 1, 100_000),
            limit=_int(params, "limit", PAGE_SIZE, 1, MAX_LIMIT),
            sort=params.get("sort") or "relevance",
            since=params.get("since", "").strip(),
            until=params.get("until", "").strip(),
            filters={k: params[k].strip() for k in FILTERS if params.get(k, "").strip()},
            facets=tuple(dict.fromkeys(wanted)),
            histogram=params.get("histogram") or None,
            all_versions=params.get("all_versions") in ("1", "true", "yes"),
            autocorrect=params.get("autocorrect") not in ("0", "false", "no"),
        )

    def run(self, archive: Archive) -> Results:
        """Search `archive`; a `year` filter narrows the date range to that year."""
        year = self.filters.get("year")
        since, until = (year, year) if year else (self.since or None, self.until or None)
        return archive.search(
            self.q,
            limit=self.limit,
            page=self.page,
            since=since,
            until=until,
            source=self.filters.get("source"),
            author=self.filters.get("author"),
            section=self.filters.get("section"),
            tag=self.filters.get("tag"),
            sort=self.sort,
            facets=self.facets,
            histogram=self.histogram,
            all_versions=self.all_versions,
            autocorrect=self.autocorrect,
        )

    def url(self, **changes: Any) -> str:
        """The shareable /search URL of this search with `changes` (a filter change resets the page)."""
        filters = dict(self.filters)
        for name in FILTERS:
            if name in changes:
                value = changes.pop(name)
                changes.setdefault("page", 1)
                if value:
                    filters[name] = str(value)
                else:
                    filters.pop(name, None)
        s = replace(self, filters=filters, **changes)
        pairs = [("q", s.q)] + [(k, v) for k, v in s.filters.items()]
        pairs += [("since", s.since), ("until", s.until)]
        if s.sort != "relevance":
            pairs.append(("sort", s.sort))
        if s.limit != PAGE_SIZE:
            pairs.append(("limit", str(s.limit)))
        if s.page > 1:
            pairs.append(("page", str(s.page)))
        if s.all_versions:
            pairs.append(("all_versions", "1"))
        if not s.autocorrect:
            pairs.append(("autocorrect", "0"))
        return "/search?" + urlencode([(k, v) for k, v in pairs if v])


def _int(params: Any, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}")
    return value


def article_url(article_id: str) -> str:
    """The page of one article; every character of the id is escaped, '/' included."""
    return "/articles/" + quote(article_id, safe="")


def _link(url: str | None) -> str | None:
    """An article's URL if it is safe to link to (http or https only, never javascript: and the like)."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def _pages(current: int, last: int) -> list[int]:
    """Page numbers to offer: the first, the last and a window around the current one."""
    shown = {1, last} | set(range(max(1, current - 2), min(last, current + 2) + 1))
    return sorted(p for p in shown if 1 <= p <= last)


class SecurityHeaders:
    """ASGI middleware: a Content-Security-Policy and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [(k, v) for k, v in SECURITY_BYTES if k not in present]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(archive: Archive) -> Starlette:
    """The web app over `archive`, which it only reads (share one Archive across requests)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals.update(article_url=article_url, link=_link, paragraphs=_paragraphs, sorts=SORTS)
    templates = Jinja2Templates(env=env)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def home(request: Request) -> Response:
        if request.query_params.get("q") is not None:
            return RedirectResponse(f"/search?{request.url.query}", status_code=307)
        return page(request, "home.html", {"stats": archive.stats(), "search": SearchRequest()})

    def search_page(request: Request) -> Response:
        typed = SearchRequest(q=request.query_params.get("q", ""))  # kept in the box even if the rest is bad
        context: dict[str, Any] = {"search": typed, "error": None}
        try:
            search = SearchRequest.from_params(request.query_params, facets=PAGE_FACETS)
            context["search"] = search
            results = search.run(archive)
        except QueryError as err:
            context["error"] = str(err)
            return page(request, "search.html", context, status=400)
        last = max(1, math.ceil(results.total / search.limit))
        context.update(results=results, pages=_pages(search.page, last), last_page=last)
        return page(request, "search.html", context)

    def article_page(request: Request) -> Response:
        article = _article(request)
        back = request.query_params.get("back", "")
        back = back if back.startswith("/search?") else ""  # never a link off this site
        original = f"/original/{quote(article.id, safe='')}" if article.path else None
        typed = SearchRequest(q=parse_qs(urlsplit(back).query).get("q", [""])[0])  # the box keeps the query
        related = archive.more_like_this(article.id, limit=RELATED, snippets=False)
        context = {
            "article": article, "back": back, "original": original, "search": typed,
            "related": related.hits, "versions": archive.versions(article.id),
        }
        return page(request, "article.html", context)

    def original_file(request: Request) -> Response:
        article = _article(request)
        if not article.path:
            raise HTTPException(404, "this article has no file")
        try:
            data = read_bytes(article.path)
        except ExtractionError as err:
            raise HTTPException(404, f"the original file cannot be read: {err}") from None
        html = article.path.lower().removesuffix(".gz").endswith((".html", ".htm"))
        media = "text/html" if html else "text/plain"
        headers = {"content-security-policy": ORIGINAL_CSP}
        return Response(data, media_type=media, headers=headers)

    def _article(request: Request) -> Article:
        article_id = request.path_params["article_id"]
        try:
            return archive.get(article_id)
        except NewsSearchError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None

    def api_search(request: Request) -> Response:
        try:
            results = SearchRequest.from_params(request.query_params).run(archive)
        except QueryError as err:
            return JSONResponse({"error": str(err), "status": 400}, status_code=400)
        return JSONResponse(results.to_dict())

    def api_article(request: Request) -> Response:
        return JSONResponse(_article(request).to_dict())

    def api_similar(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        try:
            params = request.query_params
            results = archive.more_like_this(
                article_id,
                limit=_int(params, "limit", PAGE_SIZE, 1, MAX_LIMIT),
                page=_int(params, "page", 1, 1, 100_000),
                all_versions=params.get("all_versions") == "1",
            )
        except QueryError as err:
            return JSONResponse({"error": str(err), "status": 400}, status_code=400)
        except NewsSearchError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None
        return JSONResponse(results.to_dict())

    def api_stats(request: Request) -> Response:
        return JSONResponse(archive.stats().to_dict())

    def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "articles": len(archive)})

    async def error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            return JSONResponse({"error": detail, "status": status}, status_code=status)
        context = {"status": status, "detail": detail, "search": SearchRequest()}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    routes = [
        Route("/", home),
        Route("/search", search_page),
        Route("/articles/{article_id:path}", article_page),
        Route("/original/{article_id:path}", original_file),
        Route("/api/search", api_search),
        Route("/api/articles/{article_id:path}", api_article),
        Route("/api/similar/{article_id:path}", api_similar),
        Route("/api/stats", api_stats),
        Route("/healthz", healthz),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error, Exception: error})
    app.add_middleware(SecurityHeaders)
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; OSError (port in use, bad address) is the caller's to report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


SERVER_OPTIONS: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "off"}


def _run(archive: Archive, sock: socket.socket) -> None:
    import uvicorn

    uvicorn.Server(uvicorn.Config(create_app(archive), **SERVER_OPTIONS)).run(sockets=[sock])


def _worker(index_path: str, sock: socket.socket) -> None:
    """One worker process: its own Archive on the index, answering on the shared socket."""
    with Archive(index_path, create=False) as archive:
        _run(archive, sock)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(archive: Archive, sock: socket.socket, workers: int = 1) -> None:
    """Serve `archive` on an already bound socket until interrupted (Ctrl-C or SIGTERM).

    With several workers, each is a process with its own `Archive` on the same index, all
    accepting on the one socket: searches run in Python, so one process keeps one core busy.
    """
    sys.stdout.flush()
    if workers <= 1:
        _run(archive, sock)
        return
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    spawn = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited threads or locks
    procs = [spawn.Process(target=_worker, args=(archive.path, sock)) for _ in range(workers)]
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        for proc in procs:
            proc.start()
        wait([proc.sentinel for proc in procs])  # until one ends (a crash) or we are interrupted
        ended = next(proc for proc in procs if not proc.is_alive())
        raise NewsSearchError(f"a server worker stopped (exit status {ended.exitcode}); shutting down")
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()  # uvicorn shuts down gracefully on SIGTERM
        for proc in procs:
            proc.join(timeout=10)
