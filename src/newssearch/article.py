"""The `Article`: one news story as newssearch sees it, and its id and hash rules."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """Hash of an article's text, stable across runs and machines (sha1 of the UTF-8 bytes)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def count_words(text: str) -> int:
    """Number of word tokens (`\\w+` runs) in `text`."""
    return sum(1 for _ in _WORD.finditer(text))


def make_id(url: str | None, relpath: str | None, digest: str) -> str:
    """The article id: canonical URL if known, else path relative to its root, else content hash."""
    if url:
        return url
    if relpath:
        return relpath
    return digest


@dataclass(frozen=True)
class Article:
    """An extracted news article: metadata fields plus the body text (paragraphs split by blank lines)."""

    id: str
    body: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    source: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    path: str | None = None
    language: str | None = None
    description: str | None = None
    word_count: int = 0
    content_hash: str = ""

    def with_id(self, new_id: str) -> Article:
        """A copy of this article under another id (the indexer's answer to an id clash)."""
        return replace(self, id=new_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO 8601 strings)."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "section": self.section,
            "tags": list(self.tags),
            "url": self.url,
            "path": self.path,
            "language": self.language,
            "description": self.description,
            "word_count": self.word_count,
            "content_hash": self.content_hash,
            "body": self.body,
        }
