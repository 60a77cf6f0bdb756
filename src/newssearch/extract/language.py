"""A cheap language guess for text that does not declare one: the most frequent stop words win."""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS = {
    "en": "the and of to in is that for was with on are as by it from at be this have said",
    "fr": "le la les et des est dans une pour que qui sur par pas au du avec il elle sont",
    "de": "der die und das ist nicht mit von den zu ein eine auch sich auf für dem im wurde",
    "es": "el la los las y en que del por con una para es se su al lo como más fue",
    "it": "il di che la per non una sono del della con gli le nel è anche da si",
    "pt": "o a os as de que em um uma para com não por se mais foi ao da do dos",
    "nl": "de het een en van is dat op te in voor niet met zijn er aan ook door",
}
_LOOKUP: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _LOOKUP.setdefault(_w, []).append(_lang)
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the likeliest language among a few European ones, or None if unsure."""
    counts = Counter(_WORD.findall(text[:20000].lower())[:3001])
    votes: Counter[str] = Counter()
    for word, langs in _LOOKUP.items():
        if n := counts.get(word):
            for lang in langs:
                votes[lang] += n
    if not votes:
        return None
    (best, n), *rest = votes.most_common(2) + [("", 0)]
    return best if n >= 5 and n > 1.3 * rest[0][1] else None
