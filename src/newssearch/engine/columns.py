"""A column that compresses its values a chunk of documents at a time, for article text.

Whoosh's CompressedBytesColumn deflates each value on its own: a 300-byte record of stored
fields or a 5 KB article shrinks little that way, because deflate learns nothing across
articles. Here consecutive values are deflated together in chunks of about CHUNK bytes (the
way Lucene keeps stored fields), so names, places and phrasing repeated across articles compress
too: about half the size on news text. Reading one value inflates its chunk (tens of
microseconds); a reader remembers the chunks it inflated last.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from bisect import bisect_right
from itertools import accumulate
from typing import Any

from whoosh.columns import Column, ColumnReader, ColumnWriter

_FOOTER = struct.Struct("<QI")  # where the chunk directory starts, how many chunks


def _array(code: str, data: bytes) -> array:
    out = array(code)
    out.frombytes(data)
    return out


class ChunkedBytesColumn(Column):
    """Byte strings, deflated together in chunks of about `chunk` bytes; b"" when unset."""

    _default = b""

    def __init__(self, chunk: int = 32 * 1024, level: int = 6) -> None:
        self._chunk, self._level = chunk, level

    def writer(self, dbfile: Any) -> ColumnWriter:
        return _Writer(dbfile, self._chunk, self._level)

    def reader(self, dbfile: Any, basepos: int, length: int, doccount: int) -> ColumnReader:
        return _Reader(dbfile, basepos, length, doccount)


class _Writer(ColumnWriter):
    def __init__(self, dbfile: Any, chunk: int, level: int) -> None:
        self._dbfile, self._chunk, self._level = dbfile, chunk, level
        self._lengths = array("I")  # every document's value length
        self._firsts = array("I")  # the first document of each chunk
        self._ends = array("Q")  # where each chunk ends in the column
        self._pending: list[bytes] = []
        self._size = self._written = 0

    def add(self, docnum: int, value: bytes) -> None:
        if docnum > len(self._lengths):  # documents without a value
            self._lengths.extend([0] * (docnum - len(self._lengths)))
        if not self._pending:
            self._firsts.append(docnum)
        self._pending.append(value)
        self._lengths.append(len(value))
        self._size += len(value)
        if self._size >= self._chunk:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            data = zlib.compress(b"".join(self._pending), self._level)
            self._dbfile.write(data)
            self._written += len(data)
            self._ends.append(self._written)
            self._pending, self._size = [], 0

    def finish(self, doccount: int) -> None:
        self._flush()
        self._lengths.extend([0] * (doccount - len(self._lengths)))
        start = self._written
        for arr in (self._lengths, self._firsts, self._ends):
            self._dbfile.write(arr.tobytes())
        self._dbfile.write(_FOOTER.pack(start, len(self._firsts)))


class _Reader(ColumnReader):
    CACHED = 8  # inflated chunks a reader keeps

    def __init__(self, dbfile: Any, basepos: int, length: int, doccount: int) -> None:
        self._dbfile, self._basepos, self._doccount = dbfile, basepos, doccount
        start, chunks = _FOOTER.unpack(bytes(dbfile.get(basepos + length - _FOOTER.size, _FOOTER.size)))
        raw = bytes(dbfile.get(basepos + start, length - _FOOTER.size - start))
        n4 = doccount * 4
        self._lengths = _array("I", raw[:n4])
        self._firsts = list(_array("I", raw[n4 : n4 + chunks * 4]))
        self._ends = _array("Q", raw[n4 + chunks * 4 :])
        self._cache: dict[int, tuple[bytes, list[int]]] = {}

    def _inflate(self, i: int) -> tuple[bytes, list[int]]:
        got = self._cache.get(i)
        if got is None:
            begin = self._ends[i - 1] if i else 0
            data = zlib.decompress(bytes(self._dbfile.get(self._basepos + begin, self._ends[i] - begin)))
            first = self._firsts[i]
            last = self._firsts[i + 1] if i + 1 < len(self._firsts) else self._doccount
            got = (data, [0, *accumulate(self._lengths[first:last])])
            if len(self._cache) >= self.CACHED:
                self._cache.clear()
            self._cache[i] = got
        return got

    def __len__(self) -> int:
        return self._doccount

    def __getitem__(self, docnum: int) -> bytes:
        if not 0 <= docnum < self._doccount:
            raise IndexError(docnum)
        if not self._lengths[docnum]:
            return b""
        i = bisect_right(self._firsts, docnum) - 1  # the last chunk starting at or before it
        data, starts = self._inflate(i)
        k = docnum - self._firsts[i]
        return data[starts[k] : starts[k + 1]]

    def __iter__(self) -> Any:
        for docnum in range(self._doccount):
            yield self[docnum]

    def load(self) -> list[bytes]:
        return list(self)
