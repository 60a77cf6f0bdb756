"""Did you mean: a better-spelled query, from the words of the archive itself.

A query word is taken for a typo when a word one edit away (a letter dropped, doubled,
swapped with its neighbour, or replaced) is in many more articles than it is; of several such
words, the one with most articles times the likelihood of that typo wins (a noisy-channel
choice: neighbouring keys and doubled letters are likely slips, other letters less so). Edits are made
on the word as typed and looked up through the index's own analysis (stems), so a suggestion
is always a real word form, shown the way the user wrote it (lower case, Capitalised, UPPER).
Only words searched in the article text are corrected: not names in author:/source: fields,
prefixes, numbers or very short words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .query_parser import Bool, Node, Phrase, Term

LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: A correction must be in at least this many articles ...
MIN_ARTICLES = 1
#: ... and in this many times as many articles as the word typed.
MIN_RATIO = 20
#: Words in more articles than this share of the archive (and than RARE_ARTICLES) are spelled right.
RARE_SHARE = 1 / 1000
RARE_ARTICLES = 5
#: A query with at most this many hits is "few": a lone rare word in it may be a typo too.
FEW_HITS = 5
#: Words shorter than this are left alone (too many real words are one edit from them).
MIN_LENGTH = 3
TEXT_FIELDS = (None, "title", "body")
#: Words of one query looked at (the rarest): each costs a few hundred look-ups.
MAX_WORDS = 3
#: Candidates (most likely first) checked for occurring as written.
CHECK_CANDIDATES = 5

Frequencies = Callable[..., dict[str, int]]
_WORD = re.compile(r"[^\W\d_]+")


_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS = {  # keys beside a key, and above and below it (rows are staggered)
    c: {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
    | {other[j] for other in _KEYBOARD[max(0, n - 1) : n + 2] if other != row for j in (i - 1, i, i + 1)
       if 0 <= j < len(other)}
    for n, row in enumerate(_KEYBOARD)
    for i, c in enumerate(row)
}


#: Slips in a word's first letter are this much rarer than elsewhere.
FIRST_LETTER = 0.25
#: A dropped letter is as likely a slip as a neighbouring key or a doubled letter.
DROPPED = 1.0


def edits(word: str) -> dict[str, float]:
    """Every string one edit from `word` (lower case) -> how likely that typo is (0-1).

    Typists swap neighbouring letters, hit a neighbouring key, double a letter or drop one
    (often one of a pair); other slips are rarer, and slips in the first letter rarer still.
    """
    out: dict[str, float] = {}

    def add(candidate: str, weight: float, at: int) -> None:
        if candidate and candidate != word:
            weight *= FIRST_LETTER if at == 0 else 1.0
            if weight > out.get(candidate, 0.0):
                out[candidate] = weight

    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:  # the typist added b[0] (a doubled letter, or a key next to a letter beside it)
            near = _NEIGHBOURS.get(a[-1:], set()) | _NEIGHBOURS.get(b[1:2], set())
            added = 1.0 if b[0] in (a[-1:], b[1:2]) else 0.5 if b[0] in near else 0.05
            add(a + b[1:], added, i)
        if len(b) > 1:  # the typist swapped b[0] and b[1]
            add(a + b[1] + b[0] + b[2:], 1.0, i)
        for c in LETTERS:
            if b and c != b[0]:  # the typist hit b[0] instead of c
                add(a + c + b[1:], 1.0 if b[0] in _NEIGHBOURS.get(c, ()) else 0.01, i)
            # the typist dropped c
            add(a + c + b, DROPPED, i)
    return out


def _words(node: Node | None) -> Iterator[str]:
    """Words of a query tree that are searched in the article text."""
    if isinstance(node, Term) and node.field in TEXT_FIELDS and not node.prefix:
        yield from _WORD.findall(node.text)
    elif isinstance(node, Phrase) and node.field in TEXT_FIELDS:
        yield from _WORD.findall(node.text)
    elif isinstance(node, Bool):
        for child in (*node.should, *node.must):  # not must_not: excluding a typo is harmless
            yield from _words(child)


def _neighbours(node: Node | None) -> dict[str, tuple[str, str]]:
    """Query word -> the words typed just before and after it (when the query is plain words,
    or inside a phrase), for judging candidates by the word pairs the archive holds."""
    seq: list[str] = []
    if isinstance(node, Phrase | Term):
        seq = list(_words(node))
    elif isinstance(node, Bool) and all(isinstance(c, Term | Phrase) for c in node.should) and not node.must:
        seq = [w for c in node.should for w in _words(c)]
    out: dict[str, tuple[str, str]] = {}
    for i, w in enumerate(seq):
        out.setdefault(w, (seq[i - 1] if i else "", seq[i + 1] if i + 1 < len(seq) else ""))
    return out


def _pairs(candidate: str, before: str, after: str, adjacent: Callable[[list[str]], int]) -> int:
    """Articles with `before candidate` plus articles with `candidate after`, as phrases."""
    return (adjacent([before, candidate]) if before else 0) + (adjacent([candidate, after]) if after else 0)


def _same_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word


def corrections(
    node: Node | None,
    frequencies: Frequencies,
    written_share: Callable[[str], float],
    together: Callable[[list[str]], int],
    adjacent: Callable[[list[str]], int],
    articles: int,
    hits: int,
) -> dict[str, str]:
    """Typed word -> its correction, for the query words that look misspelled in an archive of
    `articles` articles. `frequencies` counts the articles holding each word as analysed (by
    stem); `written_share` is the share of those holding it as written (a stem's count alone
    would let "overment" stand for "over", or a typo in the archive for the word it misspells);
    `together` counts the articles holding a word and any of some others, `adjacent` those
    holding words as a phrase; the query found `hits` articles. At most MAX_WORDS words, the
    rarest, are looked at.

    A word no article holds is corrected. A rare word that some articles hold is taken as
    spelled right when it stands alone (a name, a ticker) in a query with more than a few hits,
    or when articles hold it together with one of the query's other words; else it is corrected
    if the correction does go with one of them.
    """
    words = [w for w in dict.fromkeys(_words(node)) if len(w) >= MIN_LENGTH]
    if not words:
        return {}
    everything = list(dict.fromkeys(_words(node)))
    neighbours = _neighbours(node)
    known = frequencies([w.lower() for w in words], titles=True)
    rare = max(RARE_ARTICLES, articles * RARE_SHARE)
    words = sorted(words, key=lambda w: known.get(w.lower(), 0))[:MAX_WORDS]
    fixed: dict[str, str] = {}
    for word in words:
        typed = word.lower()
        have = known.get(typed, 0)
        others = [w for w in everything if w != word]
        if have > rare:
            continue
        if have and (hits > FEW_HITS if not others else together([word, *others])):
            continue
        before, after = neighbours.get(word, ("", ""))
        candidates = edits(typed)
        counts = frequencies(candidates, titles=True)
        enough = max(MIN_ARTICLES, MIN_RATIO * have)
        ranked = sorted(
            (c for c in candidates if counts.get(c, 0) >= enough),
            key=lambda c: -counts[c] * candidates[c],
        )
        scored = [(counts[c] * candidates[c] * written_share(c), c) for c in ranked[:CHECK_CANDIDATES]]
        scored = [sc for sc in scored if sc[0] > 0]
        if have:  # in the archive, just not with the other words: the correction must be
            scored = [sc for sc in scored if together([sc[1], *others])]
        if len(scored) > 1 and (before or after):
            # Beside other words, the archive's own word pairs decide (a bigram model, backing
            # off to word counts when no candidate is ever written next to them).
            paired = [(score / counts[c] * _pairs(c, before, after, adjacent), c) for score, c in scored]
            if any(p > 0 for p, _ in paired):
                scored = paired
        if scored:
            fixed[word] = _same_case(max(scored)[1], word)
    return fixed


def rewrite(query: str, fixed: dict[str, str]) -> str:
    """`query` with each misspelled word replaced (whole words only, everywhere it occurs)."""
    if not fixed:
        return query
    words = "|".join(map(re.escape, sorted(fixed, key=len, reverse=True)))
    pattern = re.compile(r"(?<!\w)(" + words + r")(?!\w)")
    return pattern.sub(lambda m: fixed[m.group(1)], query)
