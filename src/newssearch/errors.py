"""The exceptions newssearch raises: each carries a one-line message a person can act on."""

from __future__ import annotations


class NewsSearchError(Exception):
    """Base class of every error newssearch raises on purpose."""


class QueryError(NewsSearchError, ValueError):
    """The query text (or a date/sort/filter argument) cannot be understood."""


class IndexMissing(NewsSearchError):
    """There is no index at the given path (and we were told not to create one)."""


class IndexLocked(NewsSearchError):
    """Another process holds the index's write lock and did not release it in time."""


class IndexCorrupt(NewsSearchError):
    """The index exists but cannot be opened or read."""


class ExtractionError(NewsSearchError):
    """A file or document could not be turned into an article (binary, empty, undecodable...)."""


class ArticleNotFound(NewsSearchError, KeyError):
    """No article with the given id is in the index."""

    def __str__(self) -> str:  # KeyError quotes its message; we want the plain sentence.
        return str(self.args[0]) if self.args else "article not found"
