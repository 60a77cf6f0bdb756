"""The index engine boundary: the only package that imports Whoosh."""

from __future__ import annotations

from .snippets import HIT
from .store import (
    FileState,
    RawHit,
    RawResults,
    SegmentBuilder,
    Store,
    Writer,
    stored_to_article,
    swap_folders,
)

__all__ = [
    "HIT",
    "FileState",
    "RawHit",
    "RawResults",
    "SegmentBuilder",
    "Store",
    "Writer",
    "stored_to_article",
    "swap_folders",
]
