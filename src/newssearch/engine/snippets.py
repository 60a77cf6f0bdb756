"""Snippets: the passages of an article body where the query's words are, with the matches marked.

Words of the body are normalised by the same analyzer as the index (cached per word), so a
query for "elections" marks "Election" and "elected" alike, as the index matched them. The
best windows are those holding the most distinct query terms, then the most matches.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .schema import TEXT_ANALYZER, TOKEN_PATTERN

HIT = "\x02", "\x03"  # marks around a highlighted match in snippets
_WORD = re.compile(TOKEN_PATTERN)
_SENTENCE_END = re.compile(r"[.!?。]\s+")


@lru_cache(maxsize=100_000)
def normal_form(word: str) -> str | None:
    """The single index term a word becomes (cached), or None if it is not exactly one term."""
    tokens = [t.text for t in TEXT_ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else None


@lru_cache(maxsize=256)
def _candidates(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Words that begin like a query term: stems keep a word's first letters, so only these can
    normalise to a term (a word whose accents fold into a term's first letters is missed)."""
    heads = sorted({re.escape(t[:3]) for t in terms}, key=len, reverse=True)
    return re.compile(rf"(?<![\w'’])(?:{'|'.join(heads)})\w*(?:[.'’]\w+)*", re.I)


def _windows(matches: list[tuple[int, int, str]], width: int) -> list[tuple[int, int]]:
    """Spans (first, last match index) no wider than `width` chars, best first."""
    scored = []
    for i in range(len(matches)):
        j = i
        while j + 1 < len(matches) and matches[j + 1][1] - matches[i][0] <= width:
            j += 1
        distinct = len({m[2] for m in matches[i : j + 1]})
        scored.append((distinct, j - i + 1, -i, i, j))
    scored.sort(reverse=True)
    return [(i, j) for *_, i, j in scored]


def _fragment(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Widen [start, end) to about `width` chars, starting at a sentence when one begins nearby."""
    spare = max(0, width - (end - start))
    lo = max(0, start - spare // 3)
    sentence = None
    for m in _SENTENCE_END.finditer(text, lo, start):
        sentence = m.end()
    if sentence is not None:
        lo = sentence
    elif lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), max(end, lo + width))
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > end else hi
    return lo, hi


def make_snippet(text: str, terms: set[str], *, width: int = 200, fragments: int = 2) -> str:
    """Up to `fragments` passages of `text` (about `width` chars each) with matches marked; '' if none."""
    if not text or not terms:
        return ""
    matches = []
    for m in _candidates(tuple(sorted(terms))).finditer(text):
        norm = normal_form(m.group())
        if norm is not None and norm in terms:
            matches.append((m.start(), m.end(), norm))
    if not matches:
        return ""
    chosen: list[tuple[int, int]] = []
    for i, j in _windows(matches, width):
        lo, hi = _fragment(text, matches[i][0], matches[j][1], width)
        if all(hi <= a or lo >= b for a, b in chosen):
            chosen.append((lo, hi))
        if len(chosen) == fragments:
            break
    chosen.sort()
    out = []
    for lo, hi in chosen:
        piece = []
        pos = lo
        for a, b, _ in matches:
            if a >= lo and b <= hi:
                piece.append(text[pos:a] + HIT[0] + text[a:b] + HIT[1])
                pos = b
        piece.append(text[pos:hi])
        out.append(("… " if lo > 0 else "") + "".join(piece) + (" …" if hi < len(text) else ""))
    return " ".join(" ".join(out).split()).replace("… …", "…")
