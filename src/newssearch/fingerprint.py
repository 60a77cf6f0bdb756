"""Near-duplicate fingerprints: a MinHash sketch of an article body's word shingles.

Wire copy is reprinted many times with a new headline, a paragraph added or cut, another byline
or a tracking line. Such versions share most of their word 3-grams ("shingles"), and MinHash
estimates that share (Jaccard similarity) from a fixed-size sketch. One-permutation hashing
fills BINS minimum values from a single hash per shingle, and only 8 low-order bits (8-15) of each are
kept (b-bit MinHash: 68 bytes an article; chance agreements, 1 in 255, are corrected for). Low
bits, not the top ones: a minimum's top bits are mostly zeros, so two unrelated long articles
would agree on many bins by chance (and share LSH bands, each a needless comparison).
Bands of BAND_ROWS bins pick out candidate versions cheaply (LSH); the sketches then confirm
them. Hashes are built from CRC32, so sketches agree across processes and Python versions.
"""

from __future__ import annotations

import re
import zlib
from array import array

SHINGLE = 3
BINS = 64
BAND_ROWS = 2
BANDS = BINS // BAND_ROWS
#: Two bodies are versions of one story when the sketch estimates that at least this share of
#: the shorter body's shingles is also in the other (containment) ...
MIN_CONTAINMENT = 0.7
#: ... and this share of all their shingles is common (Jaccard), so that a two-line brief is not
#: taken for a version of every long story that quotes it.
MIN_JACCARD = 0.35

_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1
_EMPTY = 0xFF
_SKETCH_BYTES = BINS + 4  # the minima, then the number of distinct shingles (uint32)
_CHANCE = 1 / 255  # two different minima agree on their top 8 bits this often
_memo: dict[str, tuple[int, int, int]] = {}


def _word_hashes(word: str) -> tuple[int, int, int]:
    """A 64-bit hash of a word and two rotations of it (one per shingle position)."""
    found = _memo.get(word)
    if found is None:
        data = word.encode("utf-8", "surrogatepass")
        h = (zlib.crc32(data) << 32 | zlib.crc32(data, 0x9E3779B9)) * 0x9E3779B97F4A7C15 & _MASK
        found = (h, (h << 21 | h >> 43) & _MASK, (h << 42 | h >> 22) & _MASK)
        if len(_memo) > 100_000:  # (about 25 MB)
            _memo.clear()
        _memo[word] = found
    return found


def sketch(text: str) -> bytes:
    """The MinHash sketch of `text`: BINS minima, top 8 bits each (empty bins hold 0xFF), then the
    number of distinct shingles as a 32-bit count; b"" for a text without words."""
    words = _WORD.findall(text.lower())
    if not words:
        return b""
    hashed = [_word_hashes(w) for w in words]
    if len(hashed) < SHINGLE:
        shingles = [hashed[0][0] ^ (hashed[-1][1] if len(hashed) > 1 else 0)]
    else:
        shingles = [a[0] ^ b[1] ^ c[2] for a, b, c in zip(hashed, hashed[1:], hashed[2:], strict=False)]
    mins = [_MASK] * BINS
    distinct = set(shingles)
    for h in distinct:
        h = h * 0xD6E8FEB86659FD93 & _MASK  # mix again: the bin comes from the low bits
        b = h & (BINS - 1)
        if h < mins[b]:
            mins[b] = h
    # Bits 8-15: the lowest 6 are the bin's own number; 0xFF is kept for an empty bin.
    values = bytes(_EMPTY if m == _MASK else (m >> 8) % _EMPTY for m in mins)
    return values + array("I", [min(len(distinct), 0xFFFFFFFF)]).tobytes()


def _size(sk: bytes) -> int:
    count = array("I")
    count.frombytes(sk[BINS:])
    return count[0]


def band_slices(sk: bytes) -> list[int]:
    """LSH keys of a sketch: two sketches that agree on every bin of a band share its key (the band
    number, then its bins, as one int). Empty bins borrow the next filled bin's value (densification), so
    short bodies get keys too."""
    if len(sk) != _SKETCH_BYTES:
        return []
    values = sk[:BINS]
    if _EMPTY in values:
        if values.count(_EMPTY) == BINS:
            return []
        dense = bytearray(values)
        j = next(i for i, v in enumerate(values) if v != _EMPTY)  # wraps around: the first filled bin
        for i in range(BINS - 1, -1, -1):  # right to left, so j is the next filled bin
            if values[i] != _EMPTY:
                j = i
            else:
                dense[i] = (values[j] + 0x9E * ((j - i) % BINS)) & 0xFF
        values = bytes(dense)
    return [band << 16 | bins for band, bins in enumerate(array("H", values))]  # (BAND_ROWS == 2)


def similarity(a: bytes, b: bytes) -> tuple[float, float]:
    """Estimated (Jaccard, containment of the smaller in the larger) of two sketches' shingle sets."""
    if len(a) != _SKETCH_BYTES or len(b) != _SKETCH_BYTES:
        return 0.0, 0.0
    va, vb = a[:BINS], b[:BINS]
    both_empty = 0  # bins empty in both say nothing
    if _EMPTY in va and _EMPTY in vb:
        both_empty = sum(x == y == _EMPTY for x, y in zip(va, vb, strict=True))
    equal = (int.from_bytes(va, "little") ^ int.from_bytes(vb, "little")).to_bytes(BINS, "little").count(0)
    union, same = BINS - both_empty, equal - both_empty  # (a byte of a XOR b is 0 where they agree)
    if not union:
        return 0.0, 0.0
    jaccard = max(0.0, (same / union - _CHANCE) / (1 - _CHANCE))
    # |A ∩ B| = J (|A| + |B|) / (1 + J), from the Jaccard estimate and the two set sizes.
    size_a, size_b = _size(a), _size(b)
    common = jaccard * (size_a + size_b) / (1 + jaccard)
    containment = min(1.0, common / max(1, min(size_a, size_b)))
    return jaccard, containment


def are_versions(a: bytes, b: bytes) -> bool:
    """Whether two sketches belong to versions of one story."""
    jaccard, containment = similarity(a, b)
    return jaccard >= MIN_JACCARD and containment >= MIN_CONTAINMENT
