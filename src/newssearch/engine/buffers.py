"""Index files read in place from the memory map, not copied.

Whoosh opens each file of a compound segment as a `BufferFile` over a view of the segment's
memory map, and `BufferFile` wraps that view in a `BytesIO`, which copies it: opening a searcher
read the whole index into memory (a 360 MB index of 100,000 articles: 0.3 s and 650 MB of
resident memory per searcher, per process). Here the view is read where it lies; the operating
system's page cache holds what is used, once for every process.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import structfile

#: The most `peek` returns: block headers and term infos are far smaller.
PEEK = 4096


class ViewFile:
    """A read-only file over a buffer (a memoryview of a map): what `BufferFile` reads through."""

    def __init__(self, buf: Any) -> None:
        self._buf, self._pos = buf, 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        out = bytes(self._buf[self._pos : end])
        self._pos = max(self._pos, end)
        return out

    def peek(self, size: int = 0) -> bytes:
        """Bytes ahead without moving: pickle's loader asks once per object, then reads what it
        used (one call instead of one per field)."""
        return bytes(self._buf[self._pos : self._pos + min(max(size, 1), PEEK)])

    def readline(self, size: int | None = -1) -> bytes:
        limit = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        start = end = self._pos
        while end < limit:  # a chunk at a time: never the whole rest of a big file
            chunk = bytes(self._buf[end : min(limit, end + PEEK)])
            cut = chunk.find(b"\n")
            end += cut + 1 if cut >= 0 else len(chunk)
            if cut >= 0:
                break
        self._pos = max(self._pos, end)
        return bytes(self._buf[start:end])

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._buf = b""


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def read_in_place() -> None:
    """Make Whoosh's `BufferFile` read its buffer in place (idempotent)."""
    structfile.BufferFile.__init__ = _buffer_file_init  # type: ignore[method-assign]
