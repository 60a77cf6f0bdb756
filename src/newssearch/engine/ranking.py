"""How hits are scored: BM25 per field with Lucene's idf, and field weights.

Whoosh's BM25F scores each field with BM25 and adds the fields up; its idf, log(N/(n+1)) + 1,
is not the usual BM25 idf, so the model here swaps in Lucene's log(1 + (N - n + 0.5)/(n + 0.5)).
Every number below was chosen on the TIME collection's odd-numbered queries and checked on
the even ones (benchmarks/relevance.py).
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh import scoring

K1 = 1.2
B = 0.75
#: Query-time weight of each field searched by words that name no field.
FIELD_WEIGHTS = {"title": 2.0, "body": 1.0, "authors": 1.0, "tags": 1.0}
#: "lucene" for log(1 + (N - n + 0.5)/(n + 0.5)); "whoosh" for Whoosh's own log(N/(n+1)) + 1.
IDF = "lucene"


class NewsBM25(scoring.BM25F):
    """BM25 with the standard (Lucene) idf, which never goes negative or flattens rare terms."""

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return log(1 + (total - n + 0.5) / (n + 0.5))


def weighting() -> scoring.BM25F:
    """The weighting model searchers use."""
    model = NewsBM25 if IDF == "lucene" else scoring.BM25F
    return model(B=B, K1=K1)
