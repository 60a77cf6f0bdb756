"""How hits are scored: BM25 per field with the Robertson-Sparck Jones idf, and field weights.

Whoosh's BM25F scores each field with BM25 and adds the fields up; its idf, log(N/(n+1)) + 1,
is not the usual BM25 idf, so the model here swaps in BM25's own log((N - n + 0.5)/(n + 0.5)),
which gives a word found in most articles next to nothing (floored at IDF_FLOOR so it never
goes negative), where Lucene's log(1 + (N - n + 0.5)/(n + 0.5)) still gives it about 0.7.
Every number below was chosen on the TIME collection's odd-numbered queries and checked on
the even ones (benchmarks/relevance.py, benchmarks/ranking_experiments.py).
"""

from __future__ import annotations

from math import log
from typing import Any

from whoosh import scoring

K1 = 1.5
B = 0.75
#: Query-time weight of each field searched by words that name no field.
FIELD_WEIGHTS = {"title": 2.0, "body": 1.0, "authors": 1.0, "tags": 1.0}
#: "rsj" for max(log((N - n + 0.5)/(n + 0.5)), IDF_FLOOR); "lucene" for
#: log(1 + (N - n + 0.5)/(n + 0.5)); "whoosh" for Whoosh's own log(N/(n+1)) + 1.
IDF = "rsj"
#: The least idf a word gets ("rsj"): a word in over ~40 % of articles still counts a little.
IDF_FLOOR = 0.25


def idf(df: int, total: int) -> float:
    """A word's idf from the number of articles holding it (df) among all (total)."""
    if IDF == "rsj":
        return max(log((total - df + 0.5) / (df + 0.5)), IDF_FLOOR)
    if IDF == "lucene":
        return log(1 + (total - df + 0.5) / (df + 0.5))
    return log(total / (df + 1)) + 1


class NewsBM25(scoring.BM25F):
    """Whoosh's BM25F with the idf above."""

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return idf(parent.doc_frequency(fieldname, text), parent.doc_count_all())


def weighting() -> scoring.BM25F:
    """The weighting model searchers use."""
    return NewsBM25(B=B, K1=K1)
