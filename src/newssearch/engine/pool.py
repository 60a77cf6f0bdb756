"""Where a segment's postings wait, grouped by term, until the segment is written.

Whoosh's PostingPool keeps one Python tuple per posting (about 210 bytes each, a million for ten
thousand news articles) and sorts them all at the end, spilling to temporary files when over
its budget and merging those back one posting at a time. Here each term's postings are packed
into typed arrays as they arrive (about 15 bytes a posting), so a worker holds a large segment
in a small, flat amount of memory, and only the terms need sorting at the end (documents are
added in order, so each term's postings already are).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

Posting = tuple[str, bytes, int, float, bytes]


class _Postings:
    """One term's postings: document numbers, weights, and concatenated position values."""

    __slots__ = ("docs", "weights", "values", "ends")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("f")
        self.values = bytearray()
        self.ends = array("I")


class TermPool:
    """Drop-in for Whoosh's PostingPool (`add`, `iter_postings`, `cleanup`), kept in memory."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._terms: dict[tuple[str, bytes], _Postings] = {}
        self.postings = 0

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        p = self._terms.get(key)
        if p is None:
            p = self._terms[key] = _Postings()
        p.docs.append(docnum)
        p.weights.append(weight)
        if vbytes:
            p.values += vbytes
        p.ends.append(len(p.values))
        self.postings += 1

    @property
    def nbytes(self) -> int:
        """Roughly how much memory the postings take."""
        return self.postings * 14 + len(self._terms) * 400

    def iter_postings(self) -> Iterator[Posting]:
        """All postings in (field, term, document) order, as Whoosh's field writer wants them."""
        for key in sorted(self._terms):
            fieldname, tbytes = key
            p = self._terms[key]
            values = bytes(p.values)
            starts = array("I", [0])
            starts.extend(p.ends[:-1])
            rows: Any = zip(p.docs, p.weights, starts, p.ends, strict=True)
            if any(a > b for a, b in zip(p.docs, p.docs[1:], strict=False)):  # merged out of order
                rows = sorted(rows)
            for docnum, weight, start, end in rows:
                yield fieldname, tbytes, docnum, weight, values[start:end]

    def items(self) -> Iterator[Posting]:
        return self.iter_postings()

    def cleanup(self) -> None:
        self._terms.clear()
