"""newssearch: full-text search for folders of news articles (extract, index, search)."""

from __future__ import annotations

from .archive import Archive, Stats
from .article import Article
from .errors import (
    ArticleNotFound,
    ExtractionError,
    IndexCorrupt,
    IndexLocked,
    IndexMissing,
    NewsSearchError,
    QueryError,
)
from .extract import extract
from .results import Hit, IndexReport, Results, Version

__version__ = "0.1.0"

__all__ = [
    "Archive",
    "Article",
    "ArticleNotFound",
    "ExtractionError",
    "IndexCorrupt",
    "IndexLocked",
    "IndexMissing",
    "NewsSearchError",
    "QueryError",
    "Hit",
    "IndexReport",
    "Results",
    "Version",
    "Stats",
    "extract",
]
