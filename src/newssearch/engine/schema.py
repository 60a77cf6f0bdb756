"""The index schema and its analyzers, declared once.

Analyzers live at module level so the schema Whoosh pickles into the index loads in any process.
Text is stemmed (English) and accent-folded, with no stop-word removal: "war in the world" must
not match "war in a worlds", so every word keeps its position.
"""

from __future__ import annotations

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    SubstitutionFilter,
)
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

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
        title=TEXT(analyzer=TEXT_ANALYZER, stored=True),  # weighted at query time (ranking.py)
        body=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
        authors=TEXT(analyzer=NAME_ANALYZER, stored=True),
        source=TEXT(analyzer=NAME_ANALYZER, stored=True),
        section=TEXT(analyzer=NAME_ANALYZER, stored=True),
        tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        author_exact=KEYWORD(commas=True),
        source_exact=ID(),
        section_exact=ID(),
        published=DATETIME(stored=True, sortable=True),
        year=ID(),
        url=ID(stored=True),
        path=ID(stored=True, sortable=True),
        language=ID(stored=True),
        description=STORED(),
        content_hash=ID(stored=True, sortable=True),
        mtime=NUMERIC(int, bits=64, stored=True, sortable=True),  # microseconds since the epoch
        size=NUMERIC(int, bits=64, stored=True, sortable=True),
        word_count=STORED(),
        body_text=COLUMN(CompressedBytesColumn(level=6)),  # read per hit only when needed
    )
