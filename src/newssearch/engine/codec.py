"""How an index segment is laid out on disk: a compact term table, block-deflated postings, and
chunk-deflated stored fields, read through Whoosh's own matcher logic.

Whoosh's W3 codec keeps every term in an on-disk hash table (about 80 bytes a term with its
statistics), pickles each block of postings as Python tuples and deflates each article's stored
fields alone; on a news archive that made the index four times the size of its text. Here:

- Terms, per field and sorted, go in blocks of TERMS_PER_BLOCK: the terms and their statistics
  as columns, marshalled and deflated. The first term of every block is kept in memory, so a
  lookup is one bisection and at most one block inflated (recently read blocks are kept).
- A term's postings go in blocks of POSTINGS_PER_BLOCK: document gaps, counts and values (word
  positions) as typed arrays of the smallest width that fits, deflated when that is smaller. A
  term with more than one block starts with a directory of them (count, last document, highest
  count, shortest and longest field length), so readers pass over blocks without reading them.
- Stored fields are deflated a chunk of articles at a time (columns.ChunkedBytesColumn).
"""

from __future__ import annotations

import marshal
import struct
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh import columns as wcolumns
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PerDocReader, W3PerDocWriter
from whoosh.reading import TermInfo, TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

from .columns import ChunkedBytesColumn

TERMS_PER_BLOCK = 64
POSTINGS_PER_BLOCK = 128
#: Blocks of fewer raw bytes than this are stored as they are (deflate would not pay).
DEFLATE_FROM = 48

_FOOTER = struct.Struct("<QQ4s")  # term directory offset and length, magic
_MAGIC = b"NSt1"
#: A multi-block term's directory entry: postings, last document, highest weight, shortest and
#: longest field length (Whoosh's length bytes), payload bytes.
_BLOCK = struct.Struct("<HIfBBI")
_CODES = "BHI"
_NO_WEIGHTS, _FLOAT_WEIGHTS = 3, 4  # weight kinds beyond the three integer widths
_NO_VALUES, _SMALL_POSITIONS = 3, 4  # value kinds beyond the widths of a lengths array
#: A value that is schema.CompactPositions' one-byte gaps: b"B" and one byte per occurrence.
_SMALL = b"B"
#: Stored fields, pickled per article, deflated in chunks.
STORED_COLUMN = wcolumns.PickleColumn(ChunkedBytesColumn(chunk=16 * 1024))


def _width(top: int) -> int:
    return 0 if top < 1 << 8 else 1 if top < 1 << 16 else 2


def _encode_block(ids: list[int], previous: int, weights: list[float], values: list[bytes] | None) -> bytes:
    """One block of postings: a flags byte, then document gaps, counts and values as arrays."""
    gaps = [ids[0] - previous, *(b - a for a, b in zip(ids, ids[1:], strict=False))]
    idcode = _width(max(gaps))
    parts = [array(_CODES[idcode], gaps).tobytes()]
    if all(w == 1 for w in weights):
        wkind = _NO_WEIGHTS
    elif all(float(w).is_integer() and 0 < w < 1 << 32 for w in weights):
        wkind = _width(int(max(weights)))
        parts.append(array(_CODES[wkind], [int(w) for w in weights]).tobytes())
    else:
        wkind = _FLOAT_WEIGHTS
        parts.append(array("f", weights).tobytes())
    vkind = _NO_VALUES
    if (
        values is not None
        and wkind != _FLOAT_WEIGHTS
        and all(v[:1] == _SMALL and len(v) == w + 1 for v, w in zip(values, weights, strict=True))
    ):  # word positions with small gaps (most of them): the counts give the lengths
        vkind = _SMALL_POSITIONS
        parts.append(b"".join(v[1:] for v in values))
    elif values is not None:
        lengths = [len(v) for v in values]
        vkind = _width(max(lengths))
        parts.append(array(_CODES[vkind], lengths).tobytes())
        parts.append(b"".join(values))
    payload = b"".join(parts)
    flags = idcode | (wkind * 5 + vkind) << 2
    if len(payload) >= DEFLATE_FROM:
        packed = zlib.compress(payload, 6, wbits=-15)
        if len(packed) < len(payload):
            return bytes([flags | 0x80]) + packed
    return bytes([flags]) + payload


def _decode_block(data: bytes, count: int, previous: int) -> tuple[tuple[int, ...], Any, Any]:
    """(document ids, weights, values) of one block written by _encode_block. The values come
    as a function that decodes them: ranking reads only ids and counts, phrases the positions."""
    flags = data[0]
    payload = zlib.decompress(data[1:], wbits=-15) if flags & 0x80 else data[1:]
    idcode, (wkind, vkind) = _CODES[flags & 3], divmod(flags >> 2 & 31, 5)
    at = count * array(idcode).itemsize
    gaps = array(idcode)
    gaps.frombytes(payload[:at])
    ids = tuple(accumulate(gaps, initial=previous))[1:]
    weights: Any
    if wkind == _NO_WEIGHTS:
        weights = [1.0] * count
    else:
        weights = array("f" if wkind == _FLOAT_WEIGHTS else _CODES[wkind])
        end = at + count * weights.itemsize
        weights.frombytes(payload[at:end])
        at = end
    return ids, weights, lambda: _decode_values(payload, at, vkind, count, weights)


def _decode_values(payload: bytes, at: int, vkind: int, count: int, weights: Any) -> tuple[Any, ...]:
    """A block's values, from `at` in its payload (None each for a format without values)."""
    if vkind == _NO_VALUES:
        return (None,) * count
    if vkind == _SMALL_POSITIONS:
        starts = list(accumulate(map(int, weights), initial=at))
        return tuple(_SMALL + payload[a:b] for a, b in zip(starts, starts[1:], strict=False))
    lengths = array(_CODES[vkind])
    end = at + count * lengths.itemsize
    lengths.frombytes(payload[at:end])
    starts = list(accumulate(lengths, initial=end))
    return tuple(payload[a:b] for a, b in zip(starts, starts[1:], strict=False))


class _TermInfo(TermInfo):
    """A term's statistics, and where its postings are."""

    def __init__(self, row: tuple[Any, ...], offset: int) -> None:
        df, minlen, maxlen, minid, maxid, size, weight, maxweight = row
        super().__init__(weight, df, byte_to_length(minlen), byte_to_length(maxlen), maxweight, minid, maxid)
        self.row, self.offset, self.size = row, offset, size

    def is_inlined(self) -> bool:
        return False


class _FieldWriter(base.FieldWriter):
    """Writes terms and postings: Whoosh calls start_field, start_term, add, finish_term, ..."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        self._termfile = segment.create_file(storage, W3Codec.TERMS_EXT)
        self._postfile = segment.create_file(storage, W3Codec.POSTS_EXT)
        self._posted = self._termed = 0  # bytes written to the postings and term files
        self._fields: dict[str, tuple[list[bytes], array, array]] = {}
        self._rows: list[tuple[bytes, tuple[Any, ...]]] = []
        self.is_closed = False

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        # The field's first term block, where each ends in the term file, postings offsets.
        self._field = self._fields.setdefault(fieldname, ([], array("Q", [self._termed]), array("Q")))
        self._values = fieldobj.format.fixed_value_size() != 0
        self._rows, self._block_start = [], self._posted

    def start_term(self, btext: bytes) -> None:
        self._term = btext
        self._ids: list[int] = []
        self._weights: list[float] = []
        self._vbytes: list[bytes] = []
        self._lengths: list[int] = []

    def add(self, docnum: int, weight: float, vbytes: bytes | None, length: int) -> None:
        self._ids.append(docnum)
        self._weights.append(weight)
        self._vbytes.append(vbytes or b"")
        self._lengths.append(length_to_byte(length or 0))

    def finish_term(self) -> None:
        ids, weights, lengths = self._ids, self._weights, self._lengths
        step, previous = POSTINGS_PER_BLOCK, 0
        blocks, heads = [], []
        for s in range(0, len(ids), step):
            bids, bweights = ids[s : s + step], weights[s : s + step]
            data = _encode_block(
                bids, previous, bweights, self._vbytes[s : s + step] if self._values else None
            )
            blens = lengths[s : s + step]
            heads.append(_BLOCK.pack(len(bids), bids[-1], max(bweights), min(blens), max(blens), len(data)))
            blocks.append(data)
            previous = bids[-1]
        blob = b"".join(blocks) if len(blocks) == 1 else b"".join([*heads, *blocks])
        self._postfile.write(blob)
        self._posted += len(blob)
        row = (len(ids), min(lengths), max(lengths), ids[0], ids[-1], len(blob), sum(weights), max(weights))
        self._rows.append((self._term, row))
        if len(self._rows) == TERMS_PER_BLOCK:
            self._write_terms()

    def _write_terms(self) -> None:
        if not self._rows:
            return
        terms = tuple(t for t, _ in self._rows)
        # Column by column (deflate finds runs: most terms are in one article, once), the last
        # document as its distance from the first.
        rows = [(*row[:4], row[4] - row[3], *row[5:]) for _, row in self._rows]
        weights = [x for row in rows for x in row[6:]]
        whole = all(float(w).is_integer() and 0 <= w < 1 << 32 for w in weights)
        cols = list(zip(*rows, strict=True))
        ints = [int(x) for col in (cols if whole else cols[:6]) for x in col]
        floats = array("d", [] if whole else [x for col in cols[6:] for x in col])
        blob = zlib.compress(marshal.dumps((terms, array("I", ints).tobytes(), floats.tobytes())), 6)
        firsts, ends, bases = self._field
        self._termfile.write(blob)
        self._termed += len(blob)
        firsts.append(terms[0])
        ends.append(self._termed)
        bases.append(self._block_start)
        self._rows, self._block_start = [], self._posted

    def finish_field(self) -> None:
        self._write_terms()

    def close(self) -> None:
        self._write_terms()
        directory = {name: (tuple(f), e.tobytes(), b.tobytes()) for name, (f, e, b) in self._fields.items()}
        blob = zlib.compress(marshal.dumps(directory), 6)
        self._termfile.write(blob)
        self._termfile.write(_FOOTER.pack(self._termed, len(blob), _MAGIC))
        self._termfile.close()
        self._postfile.close()
        self.is_closed = True


def _unpack(code: str, data: bytes) -> array:
    out = array(code)
    out.frombytes(data)
    return out


class _TermBlock:
    """One inflated block of a field's term table."""

    __slots__ = ("terms", "rows", "offsets")

    def __init__(self, blob: bytes, postings_base: int) -> None:
        terms, ints, floats = marshal.loads(zlib.decompress(blob))
        n, numbers = len(terms), _unpack("I", ints)
        cols = [numbers[c * n : c * n + n] for c in range(len(numbers) // n)]
        if floats:
            more = _unpack("d", floats)
            cols += [more[:n], more[n:]]
        cols[4] = [a + b for a, b in zip(cols[3], cols[4], strict=True)]  # last document
        self.rows = list(zip(*cols, strict=True))
        self.terms = terms
        self.offsets = list(accumulate((row[5] for row in self.rows), initial=postings_base))

    def info(self, i: int) -> _TermInfo:
        return _TermInfo(self.rows[i], self.offsets[i])


class _TermsReader(base.TermsReader):
    """Looks terms up in a segment's term table, and opens their postings."""

    CACHED_BLOCKS = 512

    def __init__(self, codec: Any, termfile: Any, length: int, postfile: Any) -> None:
        self._codec, self._termfile, self._postfile = codec, termfile, postfile
        start, size, magic = _FOOTER.unpack(bytes(termfile.get(length - _FOOTER.size, _FOOTER.size)))
        if magic != _MAGIC:
            raise ValueError("not a newssearch term table")
        directory = marshal.loads(zlib.decompress(bytes(termfile.get(start, size))))
        self._fields = {
            name: (list(firsts), _unpack("Q", ends), _unpack("Q", bases))
            for name, (firsts, ends, bases) in directory.items()
        }
        self._blocks: dict[tuple[str, int], _TermBlock] = {}

    def _block(self, fieldname: str, i: int) -> _TermBlock:
        block = self._blocks.get((fieldname, i))
        if block is None:
            _, ends, bases = self._fields[fieldname]
            block = _TermBlock(bytes(self._termfile.get(ends[i], ends[i + 1] - ends[i])), bases[i])
            if len(self._blocks) >= self.CACHED_BLOCKS:
                self._blocks.clear()
            self._blocks[(fieldname, i)] = block
        return block

    def _find(self, fieldname: str, tbytes: bytes) -> tuple[_TermBlock, int] | None:
        field = self._fields.get(fieldname)
        if field is None:
            return None
        i = bisect_right(field[0], tbytes) - 1
        if i < 0:
            return None
        block = self._block(fieldname, i)
        j = bisect_left(block.terms, tbytes)
        if j < len(block.terms) and block.terms[j] == tbytes:
            return block, j
        return None

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self._find(*term) is not None

    def indexed_field_names(self) -> Any:
        return self._fields.keys()

    def _walk(self, fieldname: str, prefix: bytes) -> Iterator[tuple[_TermBlock, int]]:
        """(block, position) of the field's terms from `prefix` on, in order (that field only)."""
        field = self._fields.get(fieldname)
        if field is None:
            return
        i = max(bisect_right(field[0], prefix) - 1, 0)
        for b in range(i, len(field[0])):
            block = self._block(fieldname, b)
            for j in range(bisect_left(block.terms, prefix) if b == i else 0, len(block.terms)):
                yield block, j

    def items_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[tuple[str, bytes], _TermInfo]]:
        for block, j in self._walk(fieldname, prefix):
            yield (fieldname, block.terms[j]), block.info(j)

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        for block, j in self._walk(fieldname, prefix):
            yield fieldname, block.terms[j]

    def items(self) -> Iterator[tuple[tuple[str, bytes], _TermInfo]]:
        for name in sorted(self._fields):
            yield from self.items_from(name, b"")

    def terms(self) -> Iterator[tuple[str, bytes]]:
        for name in sorted(self._fields):
            yield from self.terms_from(name, b"")

    def cursor(self, fieldname: str, fieldobj: Any) -> _Cursor:
        return _Cursor(self, fieldname, fieldobj)

    def term_info(self, fieldname: str, tbytes: bytes) -> _TermInfo:
        found = self._find(fieldname, tbytes)
        if found is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return found[0].info(found[1])

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        found = self._find(fieldname, tbytes)
        return found[0].rows[found[1]][6] if found else 0

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        found = self._find(fieldname, tbytes)
        return found[0].rows[found[1]][0] if found else 0

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        info = self.term_info(fieldname, tbytes)
        return _LeafMatcher(self._postfile, info, format_, term=(fieldname, tbytes), scorer=scorer)

    def close(self) -> None:
        self._termfile.close()
        self._postfile.close()


class _Cursor(base.FieldCursor):
    """Walks one field's terms in order (Whoosh's automata use this for fuzzy matching)."""

    def __init__(self, reader: _TermsReader, fieldname: str, fieldobj: Any) -> None:
        self._reader, self._fieldname, self._fieldobj = reader, fieldname, fieldobj
        self.first()

    def _seek(self, prefix: bytes) -> Any:
        self._items = self._reader.items_from(self._fieldname, prefix)
        return self.next()

    def first(self) -> Any:
        return self._seek(b"")

    def find(self, term: Any) -> Any:
        return self._seek(term if isinstance(term, bytes) else self._fieldobj.to_bytes(term))

    def next(self) -> Any:
        item = next(self._items, None)
        self._info = item[1] if item else None
        self._text = self._fieldobj.from_bytes(item[0][1]) if item else None
        return self._text

    def text(self) -> Any:
        return self._text

    def term(self) -> Any:
        return self._text

    def term_info(self) -> _TermInfo | None:
        return self._info

    def is_valid(self) -> bool:
        return self._text is not None


class _LeafMatcher(W3LeafMatcher):
    """Whoosh's block-at-a-time matcher over postings written by _FieldWriter."""

    def __init__(
        self, postfile: Any, info: _TermInfo, format_: Any, term: Any = None, scorer: Any = None
    ) -> None:
        self._postfile = postfile
        self.format, self._term, self.scorer = format_, term, scorer
        self._byteids, self._fixedsize = False, format_.fixed_value_size()
        df = info.doc_frequency()
        if df <= POSTINGS_PER_BLOCK:  # one block, described by the term's own statistics
            row = info.row
            self._heads = [(df, row[4], row[7], row[1], row[2], info.size)]
            first = info.offset
        else:
            nblocks = -(-df // POSTINGS_PER_BLOCK)
            raw = bytes(postfile.get(info.offset, nblocks * _BLOCK.size))
            self._heads = list(_BLOCK.iter_unpack(raw))
            first = info.offset + len(raw)
        self._starts = list(accumulate((h[5] for h in self._heads), initial=first))
        self.reset()

    def reset(self) -> None:
        self._block_no = -1
        self._atend = False
        self._maxid = -1
        self._next_block()

    def _next_block(self) -> None:
        previous = self._maxid
        self._block_no += 1
        if self._block_no >= len(self._heads):
            self._atend = True
            self._blocklength = 0
            return
        count, maxid, maxweight, minlen, maxlen, _ = self._heads[self._block_no]
        self._previous = previous if self._block_no else 0
        self._blocklength, self._maxid, self._maxweight = count, maxid, maxweight
        self._minlength, self._maxlength = byte_to_length(minlen), byte_to_length(maxlen)
        self._data = self._ids = self._weights = self._values = None
        self._i = 0

    def _read_data(self) -> None:
        n = self._block_no
        data = bytes(self._postfile.get(self._starts[n], self._starts[n + 1] - self._starts[n]))
        self._data = _decode_block(data, self._blocklength, self._previous)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = self._data[0]

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        self._weights = self._data[1]

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        self._values = self._data[2]()

    def is_active(self) -> bool:
        return not self._atend and self._i < self._blocklength


class _PerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname: str, column: Any) -> None:
        super()._create_column(fieldname, STORED_COLUMN if fieldname == "_stored" else column)


class _PerDocReader(W3PerDocReader):
    def stored_fields(self, docnum: int) -> dict[str, Any]:
        reader = self._cached_reader("_stored", STORED_COLUMN)
        value = reader[docnum] if reader is not None else None
        return value if value is not None else {}


class NewsCodec(W3Codec):
    """Whoosh's W3 segment files, with our term table, postings and stored fields."""

    def __init__(self) -> None:
        super().__init__()

    def per_document_writer(self, storage: Any, segment: Any) -> W3PerDocWriter:
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _PerDocReader(storage, segment)

    def field_writer(self, storage: Any, segment: Any) -> base.FieldWriter:
        return _FieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> base.TermsReader:
        name = segment.make_filename(self.TERMS_EXT)
        termfile = storage.open_file(name)
        postfile = segment.open_file(storage, self.POSTS_EXT)
        return _TermsReader(self, termfile, storage.file_length(name), postfile)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        raise NotImplementedError("term vectors are not kept")


class RetiredCodec(W3Codec):
    """What an index written with an earlier newssearch codec unpickles as: enough to count and
    replace it (`newssearch index --rebuild`), never to search it."""


def __getattr__(name: str) -> Any:
    if name == "CompactCodec":  # the codec before NewsCodec, named in older indexes' tables
        return RetiredCodec
    raise AttributeError(name)
