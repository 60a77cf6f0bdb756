"""What a search returns: `Results` (a page of `Hit`s, totals, timing, facets) and the `IndexReport`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .engine import HIT


def snippet_parts(marked: str) -> list[tuple[str, bool]]:
    """Split an engine snippet into (text, is_match) runs."""
    parts: list[tuple[str, bool]] = []
    rest = marked
    while rest:
        start = rest.find(HIT[0])
        if start < 0:
            parts.append((rest, False))
            break
        if start:
            parts.append((rest[:start], False))
        end = rest.find(HIT[1], start)
        end = len(rest) if end < 0 else end
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, m) for t, m in parts if t]


@dataclass(frozen=True)
class Version:
    """Another version of a hit's story (a reprint, an update): enough to list and open it."""

    id: str
    title: str
    source: str | None
    published: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True)
class Hit:
    """One matching article: its metadata, score (None when sorted by date) and snippet."""

    id: str
    title: str
    authors: list[str]
    published: datetime | None
    source: str | None
    section: str | None
    url: str | None
    path: str | None
    score: float | None
    parts: list[tuple[str, bool]] = field(default_factory=list)
    #: Other versions of this story in the archive (folded into this hit); empty with all_versions.
    versions: list[Version] = field(default_factory=list)

    @property
    def snippet(self) -> str:
        """The snippet as plain text with matches in [brackets]."""
        return "".join(f"[{t}]" if m else t for t, m in self.parts)

    @property
    def snippet_text(self) -> str:
        """The snippet without any match markers."""
        return "".join(t for t, _ in self.parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `newssearch search --json` hits."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "section": self.section,
            "url": self.url,
            "path": self.path,
            "score": round(self.score, 4) if self.score is not None else None,
            "snippet": self.snippet,
            "versions": [v.to_dict() for v in self.versions],
        }


@dataclass(frozen=True)
class Results:
    """A page of search results. Iterate it for hits; `total` counts every match."""

    query: str
    total: int
    page: int
    limit: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: (period, count) over all matches when asked for ("1987" or "1987-03", oldest first), else None.
    histogram: list[tuple[str, int]] | None = None
    #: "Did you mean": the query with misspelled-looking words corrected, when some are.
    suggestion: str | None = None
    #: The query as typed, when it matched nothing and these are the results for its correction
    #: (`query`); search with autocorrect=False to get the typed query's own (empty) results.
    corrected_from: str | None = None

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, i: int) -> Hit:
        return self.hits[i]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document `newssearch search --json` prints."""
        out: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "took_ms": round(self.took_ms, 2),
            "hits": [h.to_dict() for h in self.hits],
        }
        if self.facets:
            out["facets"] = {k: [{"value": v, "count": c} for v, c in vs] for k, vs in self.facets.items()}
        if self.histogram is not None:
            out["histogram"] = [{"period": p, "count": c} for p, c in self.histogram]
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.corrected_from is not None:
            out["corrected_from"] = self.corrected_from
        return out


@dataclass
class IndexReport:
    """What one `index` run did: counts per outcome, skipped files with reasons, and timing."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    #: Skipped paths that may still exist (no permission, a root not there): articles indexed
    #: under them were kept, not removed, and `kept` counts those articles.
    unreachable: list[str] = field(default_factory=list)
    kept: int = 0

    @property
    def indexed(self) -> int:
        """Articles written in this run (added + updated)."""
        return self.added + self.updated

    @property
    def articles_per_second(self) -> float:
        """Files processed (indexed or found unchanged) per second of wall time."""
        done = self.added + self.updated + self.unchanged
        return done / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "kept": self.kept,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 1),
        }
