"""The index schema and its analyzers, declared once.

Analyzers live at module level so the schema Whoosh pickles into the index loads in any process.
Text is stemmed (English) and accent-folded, with no stop-word removal: "war in the world" must
not match "war in a worlds", so every word keeps its position.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from itertools import accumulate
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    SubstitutionFilter,
)
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.support.charset import accent_map

from .columns import ChunkedBytesColumn

# Words: runs of letters/digits, keeping "U.S.", "3.5", "don't" and "O'Brien" together.
TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"
# English possessives: "Spain's" and "Spain’s" index and match as "spain".
POSSESSIVE = SubstitutionFilter(r"['’][sS]$", "")

#: Prose fields (title, body): tokens, possessives dropped, lowercased, accents folded, English stems.
TEXT_ANALYZER = (
    RegexTokenizer(TOKEN_PATTERN)
    | POSSESSIVE
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StemFilter(cachesize=50000)
)
#: Name fields (authors, source, section): the same without stemming.
NAME_ANALYZER = RegexTokenizer(TOKEN_PATTERN) | POSSESSIVE | LowercaseFilter() | CharsetFilter(accent_map)


#: First byte of a CompactPositions value -> the array typecode of its gaps.
TYPECODES = {ord(code): code for code in "BHI"}


def position_gaps(value: bytes) -> array:
    """The gaps between a word's positions, as CompactPositions stores them (summed: the positions)."""
    return array(TYPECODES[value[0]], value[1:])


class CompactPositions(Positions):
    """Word positions stored as a typed array of gaps (1 byte each when gaps are < 256).

    Whoosh's own Positions pickles a list per posting, about 12 bytes for a word that occurs
    once; this takes 2, and decodes in C (array + accumulate) for phrase queries.
    """

    def encode(self, poslist: list[int]) -> bytes:
        gaps = [b - a for a, b in zip([0, *poslist], poslist, strict=False)]
        top = max(gaps, default=0)
        code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
        return code.encode() + array(code, gaps).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(accumulate(position_gaps(valuestring)))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // array(chr(valuestring[0])).itemsize

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


class DayDATETIME(DATETIME):
    """A DATETIME whose index terms are for the day only; the sort column and stored value keep the time.

    Terms for every distinct second cost about 8 index entries per article; per day, a few per
    archive day. So `published:` ranges in a query match to the day (UTC); --since/--until
    check the column per match and are exact (query.DateWindow).
    """

    def index(self, num: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(num, datetime):
            num = num.replace(hour=0, minute=0, second=0, microsecond=0)
        return super().index(num, **kwargs)


class MemoText(TEXT):
    """A TEXT field that, when indexing, analyses each distinct word form once and remembers it.

    Whoosh runs every token through the analyzer's generator chain, which dominates indexing
    time. When the analyzer is a regex tokenizer followed only by filters that map one token to
    one term (ours are), analysing word by word with that same analyzer gives the same terms,
    so the result per word can be cached. Any other analyzer takes Whoosh's own path.
    """

    CACHE_SIZE = 200_000
    _ONE_TO_ONE = (SubstitutionFilter, LowercaseFilter, CharsetFilter, StemFilter)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(self.format, Positions):
            self.format = CompactPositions(field_boost=self.format.field_boost)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        words = self._words(value) if kwargs.get("mode", "index") == "index" else None
        if words is None:
            yield from super().index(value, **kwargs)
            return
        memo = self.__dict__.setdefault("_memo", {})
        positions: dict[str, list[int]] = defaultdict(list)
        for pos, word in enumerate(words):
            term = memo.get(word)
            if term is None:
                terms = [t.text for t in self.analyzer(word, mode="index")]
                if len(terms) != 1:  # cannot happen with one-to-one filters; be safe anyway
                    yield from super().index(value, **kwargs)
                    return
                if len(memo) >= self.CACHE_SIZE:
                    memo.clear()
                term = memo[word] = terms[0]
            positions[term].append(pos)
        encode, boost = self.format.encode, self.format.field_boost
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)

    def _words(self, value: Any) -> list[str] | None:
        """The raw tokens of `value`, or None when this analyzer cannot be memoised word by word."""
        items = getattr(self.analyzer, "items", ())
        if not isinstance(value, str) or not items or not isinstance(items[0], RegexTokenizer):
            return None
        if items[0].gaps or not all(isinstance(f, self._ONE_TO_ONE) for f in items[1:]):
            return None
        return items[0].expression.findall(value)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}


#: Facets: user name -> index field holding exact values.
FACET_FIELDS = {
    "source": "source_exact",
    "author": "author_exact",
    "section": "section_exact",
    "tag": "tags",
    "year": "year",
    "language": "language",
}


def build_schema() -> Schema:
    """The one schema newssearch indexes with."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=MemoText(analyzer=TEXT_ANALYZER, stored=True),  # weighted at query time (ranking.py)
        body=MemoText(analyzer=TEXT_ANALYZER, phrase=True),
        authors=TEXT(analyzer=NAME_ANALYZER, stored=True),
        source=TEXT(analyzer=NAME_ANALYZER, stored=True),
        section=TEXT(analyzer=NAME_ANALYZER, stored=True),
        tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        author_exact=KEYWORD(commas=True),
        source_exact=ID(),
        section_exact=ID(),
        published=DayDATETIME(stored=True, sortable=True),
        year=ID(),
        path=ID(stored=True, sortable=ChunkedBytesColumn(chunk=4096)),  # read in order (manifest)
        language=ID(stored=True),
        description=STORED(),
        content_hash=COLUMN(VarBytesColumn()),  # change detection only: never searched
        # File state for incremental indexing: columns only, never searched (an indexed 64-bit
        # number costs 16 terms per article).
        mtime=COLUMN(NumericColumn("q")),  # microseconds since the epoch
        size=COLUMN(NumericColumn("q")),
        undated=COLUMN(NumericColumn("B")),  # 1 for articles without a date: they sort after dated ones
        word_count=STORED(),
        utc_offset=STORED(),  # minutes east of UTC the page dated the article in, when not 0
        body_text=COLUMN(ChunkedBytesColumn()),  # read per hit only when needed
        minhash=COLUMN(VarBytesColumn()),  # the body's MinHash sketch, for versions (fingerprint.py)
    )
