"""newssearch: full-text search for folders of news articles (extract, index, search)."""

from __future__ import annotations

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

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleNotFound",
    "ExtractionError",
    "IndexCorrupt",
    "IndexLocked",
    "IndexMissing",
    "NewsSearchError",
    "QueryError",
    "extract",
]
