"""The one place Whoosh indexes are opened: creation, write locking, commits, searchers, stored fields.

Everything above this module speaks in `Article`s, query trees and plain dicts, so the engine
could be swapped without touching extraction, the API or the CLI.
"""

from __future__ import annotations

import ctypes
import heapq
import math
import os
import re
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh import collectors, index, sorting
from whoosh import query as wq
from whoosh.index import LockError
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime
from whoosh.writing import SegmentWriter

from ..article import Article
from ..errors import IndexCorrupt, IndexLocked, IndexMissing
from ..fingerprint import are_versions, band_slices, sketch
from ..query_parser import DateRange, Node
from . import ranking
from .buffers import read_in_place
from .codec import NewsCodec
from .pool import TermPool
from .query import (
    Compiler,
    ConstantScore,
    ConstantTerms,
    DateWindow,
    column_values,
    deleted_docs,
    doc_frequencies,
    length_norms,
    live_docs_with_any,
    live_docs_with_word,
    posting_ids,
    posting_weights,
)
from .schema import FACET_FIELDS, TEXT_ANALYZER, build_schema
from .snippets import make_snippet

read_in_place()  # index files are read from the memory map, not copied (buffers.py)

INDEX_NAME = "newssearch"
#: More like this: how many of an article's words make the query, and how much a title word counts.
LIKE_TERMS = 25
TITLE_COUNT = 2
#: Folding a match into an earlier hit compares it with at most this many of them.
CHECK_CANDIDATES = 20
#: Looking up an article's versions checks this many of the articles most like it.
CHECK_VERSIONS = 200
_SHA1_HEX = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class FileState:
    """What the index remembers of one indexed file, to tell whether it changed."""

    id: str
    size: int
    mtime: float
    content_hash: str


@dataclass
class RawHit:
    """One search hit as stored fields plus score and marked-up snippet."""

    fields: dict[str, Any]
    score: float | None
    snippet: str
    versions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RawResults:
    """A page of hits, the total match count and facet counts."""

    total: int
    hits: list[RawHit]
    facets: dict[str, list[tuple[str, int]]]
    histogram: list[tuple[str, int]] = field(default_factory=list)


_URL = re.compile(r"https?://", re.I)


def _local(value: datetime | None, minutes: int | None) -> datetime | None:
    """A stored UTC time in the offset its page gave."""
    if value is None or not minutes:
        return value
    return value.astimezone(timezone(timedelta(minutes=minutes)))


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value is not None else None


def _same_format(ix: Any) -> bool:
    """Whether an index on disk has the fields (names and kinds) and the file format
    (codec.NewsCodec) this version reads and writes."""
    old, new = ix.schema, build_schema()
    return (
        sorted(old.names()) == sorted(new.names())
        and all(type(old[name]) is type(new[name]) for name in new.names())
        and all(type(seg.codec()) is NewsCodec for seg in ix._segments())
    )


def _pack_hash(digest: str) -> bytes:
    """A content hash as kept in its column: a sha1's 20 bytes, not its 40 hex digits."""
    return bytes.fromhex(digest) if _SHA1_HEX.fullmatch(digest) else digest.encode("utf-8", "surrogatepass")


def _unpack_hash(raw: bytes | None) -> str:
    raw = raw or b""
    return raw.hex() if len(raw) == 20 else raw.decode("utf-8", "surrogatepass")


def _document(article: Article, size: int, mtime: float) -> dict[str, Any]:
    published = article.published.astimezone(timezone.utc).replace(tzinfo=None) if article.published else None
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "authors": "\n".join(article.authors),
        "author_exact": ",".join(a.replace(",", " ") for a in article.authors),
        "tags": ",".join(t.replace(",", " ") for t in article.tags),
        "content_hash": _pack_hash(article.content_hash),
        "mtime": round(mtime * 1_000_000),
        "size": int(size),
        "word_count": article.word_count,
        "body_text": article.body.encode("utf-8", "surrogatepass"),
        "description": article.description,
    }
    sk = sketch(article.body)
    if sk:
        doc["minhash"] = sk
    # The id is the article's URL when it has one (article.make_id), so the URL is not kept twice.
    for name, value in (
        ("source", article.source),
        ("section", article.section),
        ("path", article.path),
        ("language", article.language),
    ):
        if value:
            doc[name] = value
    for name in ("authors", "author_exact", "tags", "description"):
        if not doc[name]:
            del doc[name]  # an empty value would still be stored with every article
    if article.source:
        doc["source_exact"] = article.source
    if article.section:
        doc["section_exact"] = article.section
    if published is not None:
        doc["published"] = published
        doc["year"] = str(published.year)
        offset = article.published.utcoffset() if article.published else None
        if offset:  # the page's own UTC offset, so the article comes back on the day it showed
            doc["utc_offset"] = int(offset.total_seconds() // 60)
    doc["undated"] = int(published is None)  # always written: a segment without the column cannot sort
    return doc


def stored_to_article(fields: dict[str, Any], body: str = "", content_hash: str = "") -> Article:
    """Rebuild an `Article` from its stored fields (and its body, kept in a column of its own)."""
    return Article(
        id=fields["id"],
        body=body,
        title=fields.get("title") or "",
        authors=[a for a in (fields.get("authors") or "").split("\n") if a],
        published=_local(_utc(fields.get("published")), fields.get("utc_offset")),
        source=fields.get("source"),
        section=fields.get("section"),
        tags=[t for t in (fields.get("tags") or "").split(",") if t],
        url=fields["id"] if _URL.match(fields["id"]) else None,
        path=fields.get("path"),
        language=fields.get("language"),
        description=fields.get("description"),
        word_count=fields.get("word_count") or 0,
        content_hash=content_hash,
    )


def _folder_id(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_dev, st.st_ino)


def swap_folders(a: Path, b: Path) -> None:
    """Exchange two folders: atomically where Linux's renameat2(RENAME_EXCHANGE) exists, else by
    two renames (a reader may then find neither for an instant)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        exchange = libc.renameat2
    except (OSError, AttributeError):
        exchange = None
    if exchange is not None:
        at_fdcwd, rename_exchange = -100, 2
        if exchange(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    aside = b.with_name(b.name + ".swap")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


class _ManyValuedFacet(sorting.FieldFacet):
    """A facet whose articles may hold several values (authors, tags), counted per value."""

    def __init__(self, fieldname: str) -> None:
        super().__init__(fieldname, allow_overlap=True, maptype=sorting.Count)

    def categorizer(self, global_searcher: Searcher) -> sorting.Categorizer:
        return _KeptValuesCategorizer(global_searcher, self.fieldname)


class _KeptValuesCategorizer(sorting.OverlappingCategorizer):
    """Whoosh's categorizer for many-valued facets rebuilds a document -> values table for every
    segment on every query (a walk over every posting of the field: most of a facet query's
    time); a segment's documents never change, so the table is kept for the next query."""

    KEEP = 32  # tables kept (one per segment and field), least recently used dropped first
    _tables: OrderedDict[tuple[str, str], list[list[Any]]] = OrderedDict()
    _lock = threading.Lock()

    def set_searcher(self, segment_searcher: Searcher, docoffset: int) -> None:
        segment = getattr(segment_searcher.reader(), "segment", None)
        if self._use_vectors or self._use_column or segment is None:
            super().set_searcher(segment_searcher, docoffset)
            return
        key = (segment().segment_id(), self._fieldname)
        with self._lock:
            table = self._tables.get(key)
            if table is not None:
                self._tables.move_to_end(key)
        if table is None:
            super().set_searcher(segment_searcher, docoffset)
            with self._lock:
                self._tables[key] = self._lists
                while len(self._tables) > self.KEEP:
                    self._tables.popitem(last=False)
        else:
            self._segment_searcher, self._lists = segment_searcher, table


PERIODS = {"year": 4, "month": 7}  # histogram period -> length of its ISO date prefix
HISTOGRAM = " histogram"  # the collector's group name for it (no facet name starts with a space)


class _PeriodFacet(sorting.FacetType):
    """Matches counted per period (year or month, in UTC) of their publication date."""

    def __init__(self, period: str) -> None:
        self.chars, self.maptype = PERIODS[period], sorting.Count

    def categorizer(self, global_searcher: Searcher) -> sorting.Categorizer:
        return _PeriodCategorizer(self.chars)


class _PeriodCategorizer(sorting.Categorizer):
    """Reads each match's date from the column (no stored fields): undated articles count nowhere."""

    def __init__(self, chars: int) -> None:
        self.chars = chars

    def set_searcher(self, segment_searcher: Searcher, docoffset: int) -> None:
        reader = segment_searcher.reader()
        self.dates = column_values(reader, "published")
        self.undated = column_values(reader, "undated")

    def key_for(self, matcher: Any, segment_docnum: int) -> str | None:
        if segment_docnum >= len(self.dates) or (
            segment_docnum < len(self.undated) and self.undated[segment_docnum]
        ):
            return None
        return long_to_datetime(self.dates[segment_docnum]).isoformat()[: self.chars]


def _every_period(counts: dict[Any, int], period: str) -> list[tuple[str, int]]:
    """(period, count) from the first to the last period with matches, empty periods as 0."""
    counts = {k: int(v) for k, v in counts.items() if k}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    out = []
    year, month = int(first[:4]), int(first[5:7] or 0) if period == "month" else 0
    while True:
        key = f"{year:04d}" if period == "year" else f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        if key >= last:
            return out
        if period == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _top(scores: dict[int, float], n: int) -> list[tuple[int, float]]:
    """The `n` best (document, score) pairs, higher score first, then the earlier document (as
    Whoosh breaks ties). The cut-off score is found among bare floats, in C; only the pairs
    at or above it are sorted."""
    if n <= 0 or not scores:
        return []
    floor = heapq.nlargest(n, scores.values())[-1]
    best = [(d, v) for d, v in scores.items() if v >= floor]
    best.sort(key=lambda dv: (-dv[1], dv[0]))
    return best[:n]


def _fold(
    s: Searcher, ranked: list[tuple[int, float]], want: int
) -> tuple[list[tuple[int, float]], dict[int, list[int]]]:
    """The first `want` of `ranked` that are not versions of a story ranked above them, and for
    each of those kept, the matches of `ranked` folded into it.

    A match is compared only with kept hits that share band keys with it, those sharing most
    first, and with at most CHECK_CANDIDATES of them (versions share many keys; an archive of
    look-alike stories must not make folding quadratic).
    """
    kept: list[tuple[int, float]] = []
    folded: dict[int, list[int]] = {}
    if not ranked:
        return kept, folded
    kept_sketches: list[bytes] = []
    by_key: dict[int, tuple[int, ...]] = {}  # band key -> the kept hits (indexes) that have it
    for docnum, score in ranked:
        sk, keys = _bands(s, docnum)
        common = by_key.keys() & keys
        shared = [i for k in common for i in by_key[k]]
        if len(shared) > 1:
            shared = [i for i, _ in Counter(shared).most_common(CHECK_CANDIDATES)]
        into = next((i for i in shared if are_versions(sk, kept_sketches[i])), None)
        if into is not None:
            folded.setdefault(kept[into][0], []).append(docnum)
            continue
        if len(kept) == want:
            continue  # the page is full; later matches may still fold into its hits
        me = (len(kept),)
        new = dict.fromkeys(keys, me)
        for k in common:
            new[k] = by_key[k] + me
        by_key.update(new)
        kept.append((docnum, score))
        kept_sketches.append(sk)
    return kept, folded


def _stored(s: Searcher, docnum: int) -> dict[str, Any]:
    """An article's stored fields, a new dict: Whoosh's `stored_fields` less its check of every
    name against the schema (a Python call per field per hit; readers ignore unknown names)."""
    reader = s.reader()
    if isinstance(reader, MultiReader):
        segment, docnum = reader._segment_and_docnum(docnum)
        reader = reader.readers[segment]
    perdoc = getattr(reader, "_perdoc", None)
    return dict(perdoc.stored_fields(docnum) if perdoc is not None else reader.stored_fields(docnum))


#: Articles whose band keys a searcher remembers (about 1.5 KB each).
BANDS_CACHED = 20_000


def _bands(s: Searcher, docnum: int) -> tuple[bytes, list[int]]:
    """An article's sketch and its band keys, remembered by the searcher: a long result list
    is folded again for every page and every query that finds it."""
    cache = s.__dict__.setdefault("_newssearch_bands", {})
    found = cache.get(docnum)
    if found is None:
        sk = _column(s, "minhash")[docnum] or b""
        found = (sk, band_slices(sk))
        if len(cache) >= BANDS_CACHED:
            cache.clear()
        cache[docnum] = found
    return found


def _like(s: Searcher, docnum: int, n: int) -> tuple[list[tuple[float, str]], int, list[tuple[int, float]]]:
    """An article's telling words, how many live articles hold any of them, and the `n` articles
    most like it by them, best first (by the searcher's BM25 summed over words and fields).

    Kept with the searcher for the last few articles asked about (an article page wants both its
    versions and its related stories); only the best `n` are scored exactly (_bag_scores' keep),
    and a wider `n` later scores again.
    """
    cache = s.__dict__.setdefault("_newssearch_like", OrderedDict())
    entry = cache.get(docnum)
    if entry is None:
        words = _telling_words(s, docnum)
        leaves = [
            wq.Term(fieldname, term, boost=weight * ranking.FIELD_WEIGHTS.get(fieldname, 1.0))
            for fieldname in ("title", "body")
            for weight, term in words
        ]
        entry = cache[docnum] = [words, leaves, 0, 0, {}]  # ..., scored for the best `keep`, total, scores
        while len(cache) > 4:
            cache.popitem(last=False)
    cache.move_to_end(docnum)
    if n > entry[2]:
        total, scores, _ = _bag_scores(s, entry[1], keep=n)
        entry[2:] = [n, total, scores]
    return entry[0], entry[3], _top(entry[4], n)


def _telling_words(s: Searcher, docnum: int) -> list[tuple[float, str]]:
    """An article's LIKE_TERMS most telling words, with weights (1 for the first): their count
    in the article, title words counting TITLE_COUNT each, times their rarity in the archive,
    idf (Lucene's MoreLikeThis recipe)."""
    counts = Counter(t.text for t in TEXT_ANALYZER(_body(s, docnum)))
    for t in TEXT_ANALYZER(s.stored_fields(docnum).get("title") or ""):
        counts[t.text] += TITLE_COUNT
    reader, n = s.reader(), max(1, s.doc_count())
    weighted = []
    for term, count in counts.items():
        df = reader.doc_frequency("body", term)
        if df >= 2:  # in one other article at least
            weighted.append((count * math.log(1 + n / df), term))
    top = heapq.nlargest(LIKE_TERMS, weighted)
    return [(w / top[0][0], term) for w, term in top]


def _bag(q: wq.Query) -> list[wq.Query] | None:
    """The alternatives of a query that is a bag of words (a plain OR, whose score is the sum of
    its alternatives'), or the query itself if it is one word, else None."""
    if type(q) is wq.Or and q.boost == 1.0 and q.scale is None and not q.minmatch:
        return list(q.subqueries)
    if type(q) is wq.Term or isinstance(q, ConstantTerms):
        return [q]
    return None


class _Groups:
    """Facet counts over a set of matches, as Whoosh's collector would give them (the same
    categorizers, keys and names), for results that did not come through a collector."""

    def __init__(self, s: Searcher, groupedby: dict[str, Any], live: list[set[int]]) -> None:
        self._counts: dict[str, dict[Any, int]] = {}
        for name, facet in groupedby.items():
            categorizer, counts = facet.categorizer(s), Counter()
            name_of = categorizer.key_to_name
            for (sub, offset), docs in zip(s.leaf_searchers(), live, strict=True):
                categorizer.set_searcher(sub, offset)
                if categorizer.allow_overlap:
                    counts.update(name_of(k) for d in docs for k in categorizer.keys_for(None, d))
                else:
                    counts.update(name_of(categorizer.key_for(None, d)) for d in docs)
            self._counts[name] = dict(counts)

    def groups(self, name: str) -> dict[Any, int]:
        return self._counts[name]


def _dated_bag(q: wq.Query) -> tuple[list[wq.Query], DateWindow | None] | None:
    """A bag of words' alternatives and the date window around it, if `q` is (in) one."""
    window = q if isinstance(q, DateWindow) else None
    leaves = _bag(window.child if window is not None else q)
    return None if leaves is None else (leaves, window)


class _DateOrder:
    """Matches to be listed by date (undated ones last, ties in index order), the first few
    picked without sorting them all."""

    def __init__(self, keyed: list[tuple[int, int, int]]) -> None:
        self.keyed = keyed

    def __len__(self) -> int:
        return len(self.keyed)

    def first(self, n: int) -> list[int]:
        return [d for _, _, d in heapq.nsmallest(n, self.keyed)]


def _by_date(s: Searcher, leaves: list[wq.Query], window: DateWindow | None, *, newest: bool) -> _DateOrder:
    """The live matches of a bag of words (within `window`), keyed for listing by date."""
    context = s.context(needs_current=False)
    keyed: list[tuple[int, int, int]] = []
    sign = -1 if newest else 1
    for sub, offset in s.leaf_searchers():
        reader = sub.reader()
        docs: set[int] = set()
        for leaf in leaves:
            if type(leaf) is wq.Term:
                docs.update(posting_ids(reader, leaf.fieldname, leaf.text))
            elif isinstance(leaf, ConstantTerms):
                for fieldname, text in leaf.pairs:
                    docs.update(posting_ids(reader, fieldname, text))
            else:
                m = leaf.matcher(sub, context)
                if m.is_active():
                    docs.update(m.all_ids())
        docs -= deleted_docs(reader)  # (posting lists still hold deleted articles)
        published, undated = column_values(reader, "published"), column_values(reader, "undated")
        if window is not None:
            values, lo, hi = column_values(reader, window.fieldname), window.lo, window.hi
            docs = {d for d in docs if d < len(values) and lo <= values[d] <= hi}
        known, timed = len(undated), len(published)
        keyed.extend(
            (undated[d] if d < known else 1, sign * published[d] if d < timed else 0, offset + d)
            for d in docs
        )
    return _DateOrder(keyed)


def _bag_scores(
    s: Searcher, leaves: list[wq.Query], keep: int | None = None
) -> tuple[int, dict[int, float], list[set[int]]]:
    """How many live documents a bag of words matches, document -> score for them, and the
    live matches of each segment (`s.leaf_searchers()` order, segment document numbers): the
    scores Whoosh's matchers give (BM25 of ranking.py per word, times its boost; a constant
    set's boost), computed a word at a time from whole posting blocks, as Whoosh's matcher tree
    costs some 20 µs per match in Python. Phrases and groups among the words are scored by
    their own Whoosh matchers.

    With `keep`, only documents that may be among the `keep` best are scored (exactly): words
    go rarest first, and once the `keep`-th best score so far beats the most that the words
    left could add up to, a document none of the words so far holds cannot catch up, so the
    words left only add to the documents already scored (Turtle and Flood's max-score).
    """
    model, context = ranking.weighting(), s.context(needs_current=False)
    segments = list(s.leaf_searchers())
    readers = [sub.reader() for sub, _ in segments]
    scored: list[dict[int, float]] = [defaultdict(float) for _ in segments]  # per segment
    matched: list[set[int]] = [set() for _ in segments]  # per segment, for the total

    def most(leaf: wq.Query) -> float:  # the most one word adds to a score: tf / (tf + norm) < 1
        if isinstance(leaf, ConstantTerms):
            return leaf.boost or 1.0  # (as Whoosh's ListMatcher weighs a zero boost)
        return model.idf(s, leaf.fieldname, leaf.text) * leaf.boost * (ranking.K1 + 1)

    def is_word(leaf: wq.Query) -> bool:
        return type(leaf) is wq.Term or isinstance(leaf, ConstantTerms)

    words = sorted(((most(leaf), i, leaf) for i, leaf in enumerate(leaves) if is_word(leaf)), reverse=True)
    left = sum(w for w, _, _ in words)
    pruning = False
    groups = [(0.0, leaf) for leaf in leaves if not is_word(leaf)]  # scored in full, first
    for weight, leaf in groups + [(w, leaf) for w, _, leaf in words]:
        left -= weight
        for (sub, _), reader, acc, seen in zip(segments, readers, scored, matched, strict=True):
            if not is_word(leaf):
                matcher = leaf.matcher(sub, context)
                while matcher.is_active():
                    acc[matcher.id()] += matcher.score()
                    matcher.next()
                seen.update(acc)
            elif isinstance(leaf, ConstantTerms):
                holders = live_docs_with_any(reader, leaf.pairs)
                seen |= holders
                for d in holders & acc.keys() if pruning else holders:
                    acc[d] += weight
            else:
                norms = length_norms(reader, leaf.fieldname, s.avg_field_length(leaf.fieldname) or 1)
                blocks = posting_weights(reader, leaf.fieldname, leaf.text)
                if not pruning:
                    for ids, tfs in blocks:
                        for d, tf in zip(ids, tfs, strict=False):
                            acc[d] += weight * tf / (tf + norms[d])
                    continue
                tf_of: dict[int, float] = {}
                for ids, tfs in blocks:
                    tf_of.update(zip(ids, tfs, strict=False))
                seen.update(tf_of)
                for d in tf_of.keys() & acc.keys():
                    tf = tf_of[d]
                    acc[d] += weight * tf / (tf + norms[d])
        for reader, acc, seen in zip(readers, scored, matched, strict=True):
            for d in deleted_docs(reader) & acc.keys():
                del acc[d]  # (before the cut-off is taken)
            if not pruning:
                seen.update(acc)
        if keep is not None and not pruning and sum(map(len, scored)) >= keep > 0:
            pruning = heapq.nlargest(keep, chain.from_iterable(acc.values() for acc in scored))[-1] > left
    live = [seen - deleted_docs(reader) for seen, reader in zip(matched, readers, strict=True)]
    scores: dict[int, float] = {}
    for (_, offset), acc in zip(segments, scored, strict=True):
        scores.update(zip(map(offset.__add__, acc), acc.values(), strict=True))
    return sum(map(len, live)), scores, live


def _is_dates(node: Node) -> bool:
    return isinstance(node, DateRange)


def _column(searcher: Searcher, name: str) -> Any:
    """The searcher's reader for column `name`, opened once per searcher.

    Opening a variable-width column reads its whole offset table, so a reader opened per hit
    costs more than the search itself.
    """
    cache = searcher.__dict__.setdefault("_newssearch_columns", {})
    if name not in cache:
        cache[name] = searcher.reader().column_reader(name)
    return cache[name]


# The analyzer's last step (cached); plain lower-case words need no other.
_STEM = getattr(TEXT_ANALYZER.items[-1], "_stem", TEXT_ANALYZER.items[-1].stemfn)


def _analysed(word: str) -> str | None:
    """The index term of one word, or None if it is not one word."""
    if word.isascii() and word.isalpha() and word.islower():
        return _STEM(word)
    terms = [t.text for t in TEXT_ANALYZER(word)]
    return terms[0] if len(terms) == 1 else None


def _body(searcher: Searcher, docnum: int) -> str:
    raw = _column(searcher, "body_text")[docnum]
    return raw.decode("utf-8", "surrogatepass") if raw else ""


class Writer:
    """An open index writer: add and delete articles, then the `Store.writer` block commits."""

    def __init__(self, open_writer: Any) -> None:
        self._open = open_writer
        self._w = open_writer()

    def commit_and_continue(self) -> None:
        """Commit what is written so far (readers see it; a crash now loses none of it) and go on."""
        self._w.commit()
        self._w = self._open()

    def add(self, article: Article, *, size: int = 0, mtime: float = 0.0) -> None:
        """Add or replace (by id) one article."""
        self._w.update_document(**_document(article, size, mtime))

    def commit_segments(self, segments: list[Any]) -> None:
        """Commit this writer's changes together with segments built by `SegmentBuilder`s, in one
        step (readers see all or none of them), then go on with a fresh writer.

        The builders must have finished: a commit removes segment files it does not list.
        """
        w = self._w
        final = w._merge_segments(None, None, None)  # merge_policy below
        final += [seg for seg in segments if seg is not None]
        if w._added:
            final.append(w._finalize_segment())
        else:
            w._close_segment()
        w._commit_toc(final)
        w._finish()
        self._w = self._open()

    def delete_path(self, path: str) -> None:
        """Delete the articles that came from this file."""
        self._w.delete_by_term("path", path)

    def delete_id(self, article_id: str) -> None:
        """Delete one article by id."""
        self._w.delete_by_term("id", article_id)


class _LengthTable:
    """Field lengths of a new segment's documents, read once per field instead of once per posting.

    Whoosh looks up the document's field length for every posting it writes, each time through
    a column reader (and for fields without lengths, a file-exists check): a tenth of indexing.
    """

    def __init__(self, reader: Any, schema: Any, doc_count: int) -> None:
        self._reader, self._schema, self._n = reader, schema, doc_count
        self._tables: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname not in self._tables:
            scorable = fieldname in self._schema and self._schema[fieldname].scorable
            self._tables[fieldname] = (
                [self._reader.doc_field_length(d, fieldname, default) for d in range(self._n)]
                if scorable
                else None
            )
        table = self._tables[fieldname]
        return default if table is None else table[docnum]


#: Segments under this many articles are "small" (left by incremental runs and batch tails)...
SMALL_SEGMENT = 5_000
#: ...and are merged into one when there are more of them than this.
MAX_SMALL_SEGMENTS = 4


def merge_policy(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Which segments to merge at a commit: the small ones once they pile up, and any segment
    that is more than half deleted articles. Returns the segments kept as they are.

    Whoosh's own policy (MERGE_SMALL) eventually rewrites the whole archive at one commit, and
    its merges run slower than indexing from scratch; big segments are left alone here, so each
    article is written about once and a commit costs at most a merge of a few small segments.
    """
    small = [seg for seg in segments if seg.doc_count_all() < SMALL_SEGMENT]
    merge = small if len(small) > MAX_SMALL_SEGMENTS else []
    merge += [seg for seg in segments if seg not in merge and seg.doc_count() < seg.doc_count_all() / 2]
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merge]


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer with our codec, merge policy, and field lengths looked up once per
    field (_LengthTable)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", NewsCodec())
        super().__init__(ix, **kwargs)
        self.mergetype = merge_policy
        self.pool = TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _LengthTable(pdr, self.schema, self.docnum) if pdr is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()


class SegmentBuilder:
    """Writes articles into a new segment of an index without taking its lock, in any process.

    Parallel indexing runs one builder per worker process (analysis and posting writing are
    what cost the most, so they must run on every core); the process holding the write lock
    then commits the finished segments with `Writer.commit_segments`. Articles are added, never
    replaced: the caller deletes old versions through its `Writer`.
    """

    def __init__(self, path: str | os.PathLike[str], *, limitmb: int = 192) -> None:
        self.ix = index.open_dir(str(path), indexname=INDEX_NAME)
        # Plain reads, not mmap: a worker only writes, and mapped pages of the whole archive
        # would count against each worker's memory.
        self.ix.storage.supports_mmap = False
        self._limit = limitmb * 2**20
        self._w = _SegmentWriter(self.ix, _lk=False)
        self._done: list[Any] = []

    def add(self, article: Article, *, size: int = 0, mtime: float = 0.0) -> None:
        """Write one article into the segment (starting another when this one's postings fill
        the memory budget, so very long articles cannot exhaust memory)."""
        self._w.add_document(**_document(article, size, mtime))
        if self._w.pool.nbytes > self._limit:
            self._done.append(self._w._finalize_segment())
            self._w = _SegmentWriter(self.ix, _lk=False)

    def finish(self) -> list[Any]:
        """Close the segment(s) and return them (picklable; empty when nothing was added)."""
        w = self._w
        if w._added:
            self._done.append(w._finalize_segment())
        else:
            w._close_segment()
        # Not w._finish(): it would delete the temporary folder every writer of this index shares.
        self.ix.close()
        return self._done

    def cancel(self) -> None:
        """Drop the segment (its files are removed by the next commit)."""
        self._w._close_segment()
        self.ix.close()


class Store:
    """An on-disk Whoosh index. Safe to search from many threads; one writer at a time (a file lock)."""

    def __init__(
        self, path: str | os.PathLike[str], *, create: bool = True, other_version: bool = False
    ) -> None:
        """Open (or with `create`, make) the index at `path`; `other_version` lets an index of
        another schema open, for a rebuild to replace it."""
        self.path = Path(path)
        try:
            exists = self.path.is_dir() and index.exists_in(str(self.path), indexname=INDEX_NAME)
        except Exception as err:  # a damaged table of contents raises from deep inside Whoosh
            raise IndexCorrupt(f"cannot open the index at {self.path}: {err}") from err
        if not exists:
            if not create:
                raise IndexMissing(
                    f"no index at {self.path} (build one with: newssearch index FOLDER --index {self.path})"
                )
            if self.path.exists() and not self.path.is_dir():
                raise IndexCorrupt(f"{self.path} is a file, not an index folder")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ix = index.create_in(str(self.path), build_schema(), indexname=INDEX_NAME)
            except OSError as err:
                raise IndexCorrupt(f"cannot create an index at {self.path}: {err.strerror or err}") from err
        else:
            try:
                self.ix = index.open_dir(str(self.path), indexname=INDEX_NAME)
            except Exception as err:  # Whoosh raises many types for damaged files
                raise IndexCorrupt(f"cannot open the index at {self.path}: {err}") from err
            if not other_version and not _same_format(self.ix):
                self.ix.close()
                raise IndexCorrupt(
                    f"the index at {self.path} was built by another version of newssearch; build it "
                    f"again with: newssearch index FOLDER... --index {self.path} --rebuild"
                )
        self._local = threading.local()
        self._searchers: list[Searcher] = []
        self._lock = threading.Lock()
        self._folder_id = _folder_id(self.path)

    # --- reading -------------------------------------------------------------------------------

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """This thread's searcher, refreshed when another writer has committed since."""
        if _folder_id(self.path) != self._folder_id:
            self._reopen()  # a rebuild swapped a new index into this folder's place
        s: Searcher | None = getattr(self._local, "searcher", None)
        if s is None:
            s = self.ix.searcher(weighting=ranking.weighting())
            with self._lock:
                self._searchers.append(s)
        elif not s.up_to_date():
            # Not s.refresh(): Whoosh's reader reuse keeps a segment's old deletions, so a
            # refreshed searcher would still see articles deleted since.
            fresh = self.ix.searcher(weighting=ranking.weighting())
            s.close()
            if fresh is not s:
                with self._lock:
                    self._searchers.remove(s)
                    self._searchers.append(fresh)
                s = fresh
        self._local.searcher = s
        yield s

    def doc_count(self) -> int:
        """Number of articles in the last committed state of the index."""
        with self.searcher() as s:
            return s.doc_count()

    def manifest(self) -> dict[str, FileState]:
        """Indexed file path -> its size, mtime, hash and id, read from columns (no stored bodies)."""
        out: dict[str, FileState] = {}
        with self.searcher() as s:
            reader = s.reader()
            if reader.doc_count() == 0:
                return out
            cols = {n: reader.column_reader(n) for n in ("path", "id", "size", "mtime", "content_hash")}
            for docnum in reader.all_doc_ids():
                path = cols["path"][docnum]
                if path:
                    out[path] = FileState(
                        cols["id"][docnum],
                        int(cols["size"][docnum] or 0),
                        (cols["mtime"][docnum] or 0) / 1_000_000,
                        _unpack_hash(cols["content_hash"][docnum]),
                    )
        return out

    def ids(self) -> set[str]:
        """All article ids in the index."""
        with self.searcher() as s:
            reader = s.reader()
            return {t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("id")}

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self.searcher() as s:
            docnum = s.document_number(id=article_id)
            if docnum is None:
                return None
            digest = _unpack_hash(_column(s, "content_hash")[docnum])
            return stored_to_article(s.stored_fields(docnum), _body(s, docnum), digest)

    def search(
        self,
        node: Node | None,
        *,
        filters: list[Node],
        page: int,
        limit: int,
        sort: str,
        facets: list[str],
        snippets: bool = True,
        histogram: str | None = None,
        collapse: bool = False,
        metadata: bool = True,
    ) -> RawResults:
        """Run a parsed query: one page of hits, with snippets, facet counts and a date histogram
        (hits carry only their id, no other stored field, unless `metadata`)."""
        with self.searcher() as s:
            compiler = Compiler(s)
            q = compiler.compile(node)
            # Filters join the query as zero-score clauses, so matching intersects them with the
            # query's own matches; Whoosh's `filter=` would first list every article a filter
            # admits (a date range over years admits most of the archive). Dates are checked
            # per match against their column (query.DateWindow).
            parts = [wq.ConstantScoreQuery(compiler.compile(f), 0.0) for f in filters if not _is_dates(f)]
            if parts and isinstance(q, wq.Every):  # a blank query: the filters alone say what matches
                q = parts[0] if len(parts) == 1 else wq.And(parts)
            elif parts:
                q = wq.And([q, *parts])
            for f in filters:
                if _is_dates(f):
                    q = compiler.within(q, f)
            sortedby = None
            if sort != "relevance":
                # Dated articles first, by date; undated ones after them whichever way we sort.
                undated_last = sorting.FieldFacet("undated")
                by_date = sorting.FieldFacet("published", reverse=sort == "newest")
                sortedby = sorting.MultiFacet([undated_last, by_date])
            groupedby = {}
            for name in facets:
                fieldname = FACET_FIELDS[name]
                if name in ("author", "tag"):
                    groupedby[name] = _ManyValuedFacet(fieldname)
                else:
                    groupedby[name] = sorting.FieldFacet(fieldname, maptype=sorting.Count)
            if histogram:
                groupedby[HISTOGRAM] = _PeriodFacet(histogram)
            return self._execute(
                s, q, page=page, limit=limit, sortedby=sortedby, order=sort, groupedby=groupedby,
                facets=facets, snippets=snippets, histogram=histogram, collapse=collapse, metadata=metadata,
            )

    def _execute(
        self,
        s: Searcher,
        q: wq.Query,
        *,
        page: int,
        limit: int,
        sortedby: Any = None,
        order: str = "relevance",
        groupedby: dict[str, Any] | None = None,
        facets: Sequence[str] = (),
        snippets: bool = True,
        histogram: str | None = None,
        collapse: bool = False,
        exclude: AbstractSet[int] = frozenset(),
        ranked_by: Callable[[int], tuple[int, list[tuple[int, float]]]] | None = None,
        metadata: bool = True,
    ) -> RawResults:
        """Rank `q` and build one page of hits (folding versions when `collapse`, leaving out the
        articles in `exclude`, which `total` then does not count), with snippets, facet counts
        and a histogram. `ranked_by(n)`, the match count and the best `n` matches, stands in for
        running `q`.
        Without `metadata`, a hit's fields are its id alone, read from the id column (a stored
        record costs a decompression and an unpickling per hit)."""
        groupedby = groupedby or {}
        want = page * limit
        top_of: Callable[[int], tuple[int, Any, list[tuple[int, float]]]]
        if ranked_by is not None:
            rank = ranked_by

            def top_of(n: int) -> tuple[int, Any, list[tuple[int, float]]]:
                total, best = rank(n)
                return total, None, best
        elif isinstance(q, ConstantScore) and sortedby is None and not groupedby:
            # Every match scores the same: the first ids are the top hits, the id count the total.
            ids = [offset + d for sub, offset in s.leaf_searchers() for d in q.doc_ids(sub.reader())]
            top_of = lambda n: (len(ids), None, [(d, q.boost) for d in ids[:n]])  # noqa: E731
        elif sortedby is None and (leaves := _bag(q)) is not None:
            # Facets of a bag of words are counted over its matches, which scoring finds anyway.
            bag: list[Any] = [0, 0, {}, None]  # scored for the best `keep`: [keep, total, scores, groups]

            def top_of(n: int) -> tuple[int, Any, list[tuple[int, float]]]:
                if n > bag[0]:  # a wider window than scored before
                    total, scores, live = _bag_scores(s, leaves, keep=n)
                    bag[:] = [n, total, scores, _Groups(s, groupedby, live) if groupedby else None]
                return bag[1], bag[3], _top(bag[2], n)
        elif sortedby is not None and not groupedby and (dated := _dated_bag(q)) is not None:
            # By date, a bag of words needs no scores: its matches are a union of posting sets.
            matches = _by_date(s, *dated, newest=order == "newest")
            top_of = lambda n: (len(matches), None, [(d, 0.0) for d in matches.first(n)])  # noqa: E731
        else:
            top_of = lambda n: self._collect(s, q, sortedby, groupedby, n)  # noqa: E731
        # Collapsing needs the matches ranked below the page too (their versions fold into the
        # hits above them), as leaving out `exclude` does: widen the window until the page fills
        # or the matches end.
        window = (want * 2 + 20 if collapse else want) + len(exclude)
        while True:
            total, results, ranked = top_of(window)
            kept = [hit for hit in ranked if hit[0] not in exclude]
            top, folded = _fold(s, kept, want) if collapse else (kept[:want], {})
            if len(top) >= want or len(ranked) < window:
                break
            window *= 4
        total -= len(ranked) - len(kept)
        page_hits = top[(page - 1) * limit : want]  # past the end: []
        terms = {
            text.decode("utf-8") if isinstance(text, bytes) else text
            for fname, text in q.iter_all_terms()
            if fname in ("body", "title")
        }
        if metadata:
            fetch = lambda d: _stored(s, d)  # noqa: E731
        else:
            ids = _column(s, "id")
            fetch = lambda d: {"id": ids[d]}  # noqa: E731
        hits = []
        for docnum, hit_score in page_hits:
            fields = fetch(docnum)
            snippet = ""
            if snippets:
                body = _body(s, docnum)
                snippet = make_snippet(body, terms)
                if not snippet:
                    lead = " ".join((fields.get("description") or body)[:400].split())
                    snippet = lead[:240] + ("…" if len(lead) > 240 else "")
            score = None if sortedby is not None else float(hit_score)
            versions = [fetch(d) for d in folded.get(docnum, ())]
            hits.append(RawHit(fields, score, snippet, versions))
        facet_counts = {}
        for name in facets if results is not None else ():  # (a collector's results, or _Groups)
            groups = results.groups(name)
            pairs = [(str(k), int(v)) for k, v in groups.items() if k not in (None, "", b"")]
            pairs.sort(key=lambda kv: (-kv[1], kv[0]))
            facet_counts[name] = pairs
        periods = []
        if histogram and results is not None:
            periods = _every_period(results.groups(HISTOGRAM), histogram)
        return RawResults(total=int(total), hits=hits, facets=facet_counts, histogram=periods)

    @staticmethod
    def _collect(
        s: Searcher, q: wq.Query, sortedby: Any, groupedby: dict[str, Any], top: int
    ) -> tuple[int, Any, list[tuple[int, float]]]:
        """Run `q` through a Whoosh collector: the total, the results (for facets), the `top` hits."""
        collector = s.collector(limit=top, sortedby=sortedby, groupedby=groupedby or None, optimize=False)
        if isinstance(collector, collectors.TopCollector):
            # Scoring every match counts the total in the same pass. Whoosh's block-max
            # skipping (and its matcher pruning, `replace`) would undercount it.
            collector.replace = 0
        s.search_with_collector(q, collector)
        results = collector.results()
        return len(results), results, [(hit.docnum, hit.score) for hit in results[:top]]

    def more_like_this(
        self, article_id: str, *, page: int, limit: int, snippets: bool = True, collapse: bool = True
    ) -> RawResults | None:
        """Articles most like this one (its most telling words as a ranked query), leaving out the
        article and its versions; None if there is no such article."""
        with self.searcher() as s:
            docnum = s.document_number(id=article_id)
            if docnum is None:
                return None
            words = _like(s, docnum, 0)[0]
            exclude = {docnum, *self._versions(s, docnum)}
            q = wq.Or([wq.Term("body", term, boost=w) for w, term in words])  # (for snippets)
            return self._execute(
                s, q, page=page, limit=limit, snippets=snippets, collapse=collapse, exclude=exclude,
                ranked_by=lambda n: _like(s, docnum, n)[1:],
            )

    def frequencies(self, words: Iterable[str], *, titles: bool = False) -> dict[str, int]:
        """Word -> number of articles whose body (or, if `titles` and none, title) holds it, as
        analysed ("Votes" counts articles with "vote"); deleted articles not yet merged away may
        still count."""
        terms = {word: _analysed(word) for word in words}
        known = {t for t in terms.values() if t is not None}
        with self.searcher() as s:
            counts = doc_frequencies(s.reader(), "body", known)
            if titles:
                counts.update(doc_frequencies(s.reader(), "title", [t for t in known if not counts[t]]))
        return {word: counts[term] if term is not None else 0 for word, term in terms.items()}

    def together(self, words: Sequence[str]) -> int:
        """How many articles hold the first of `words` and any of the others (if there are others)
        in a searched field: posting lists met as sets, nothing ranked (spelling asks this for
        each doubtful word)."""
        total = 0
        with self.searcher() as s:
            for sub, _ in s.leaf_searchers():
                reader = sub.reader()
                first = live_docs_with_word(reader, words[0], ranking.FIELD_WEIGHTS)
                if len(words) == 1:
                    total += len(first)
                for word in words[1:]:
                    if not first:
                        break
                    held = first & live_docs_with_word(reader, word, ranking.FIELD_WEIGHTS)
                    total += len(held)
                    first -= held
        return total

    def written_share(self, word: str, *, sample: int = 100) -> float:
        """The share of (the first `sample`) articles holding `word`'s stem that hold it as
        written, in any case: the index keeps stems, so this reads their text."""
        term = _analysed(word)
        if term is None:
            return 0.0
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
        seen = found = 0
        with self.searcher() as s:
            for sub, offset in s.leaf_searchers():
                holders = live_docs_with_any(sub.reader(), [("body", term), ("title", term)])
                for d in sorted(holders)[: sample - seen]:
                    seen += 1
                    title = s.stored_fields(d + offset).get("title") or ""
                    found += bool(pattern.search(title) or pattern.search(_body(s, d + offset)))
                if seen >= sample:
                    break
        return found / seen if seen else 0.0

    def versions(self, article_id: str) -> list[dict[str, Any]] | None:
        """Stored fields of the other versions of an article (None if there is no such article)."""
        with self.searcher() as s:
            docnum = s.document_number(id=article_id)
            if docnum is None:
                return None
            return [dict(s.stored_fields(d)) for d in self._versions(s, docnum)]

    @staticmethod
    def _versions(s: Searcher, docnum: int) -> list[int]:
        """The other live articles whose sketches say they are versions of this one's story.

        Versions share nearly all of an article's telling words, so they rank at the top of its
        "more like this" list; the first CHECK_VERSIONS of it are checked. No index of sketches
        is kept: it would cost more than the articles' text.
        """
        sketches = _column(s, "minhash")
        mine = sketches[docnum] or b""
        if not mine:
            return []
        ranked = _like(s, docnum, CHECK_VERSIONS)[2]
        return sorted(
            d for d, _ in ranked if d != docnum and are_versions(mine, sketches[d] or b"")
        )

    def stats(self) -> dict[str, Any]:
        """Article count, date range, sources with counts, size on disk."""
        with self.searcher() as s:
            reader = s.reader()
            dates = []
            sources: dict[str, int] = {}
            if reader.doc_count():
                col = reader.column_reader("published", translate=False)
                for docnum in reader.all_doc_ids():
                    try:  # undated articles hold an out-of-range sentinel in the column
                        value = long_to_datetime(col[docnum])
                    except (OverflowError, ValueError, TypeError):
                        continue
                    if value.year > 1:
                        dates.append(value)
                for term, info in reader.iter_field("source_exact"):
                    sources[term.decode("utf-8") if isinstance(term, bytes) else term] = info.doc_frequency()
            return {
                "articles": s.doc_count(),
                "first_published": _utc(min(dates)) if dates else None,
                "last_published": _utc(max(dates)) if dates else None,
                "sources": sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])),
                "size_bytes": self.size_on_disk(),
            }

    def size_on_disk(self) -> int:
        """Bytes used by the index folder."""
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())

    # --- writing -------------------------------------------------------------------------------

    @contextmanager
    def writer(self, *, wait: float = 5.0) -> Iterator[Writer]:
        """Hold the write lock (waiting up to `wait` seconds); commit on success, roll back on error."""

        def open_writer() -> Any:
            deadline = time.monotonic() + max(0.0, wait)
            while True:
                try:
                    return _SegmentWriter(self.ix, limitmb=256)
                except LockError:
                    if time.monotonic() >= deadline:
                        raise IndexLocked(
                            f"the index at {self.path} is being written by another process "
                            f"(waited {wait:g} s; try again later or pass --wait SECONDS)"
                        ) from None
                    time.sleep(0.1)

        writer = Writer(open_writer)
        try:
            yield writer
        except BaseException:
            writer._w.cancel()
            raise
        writer._w.commit()

    @contextmanager
    def locked(self, *, wait: float = 5.0) -> Iterator[None]:
        """Hold the write lock without writing (while a rebuild replaces the whole index)."""
        lock = self.ix.storage.lock(INDEX_NAME + "_WRITELOCK")
        deadline = time.monotonic() + max(0.0, wait)
        while not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise IndexLocked(
                    f"the index at {self.path} is being written by another process "
                    f"(waited {wait:g} s; try again later or pass --wait SECONDS)"
                )
            time.sleep(0.1)
        try:
            yield
        finally:
            lock.release()

    def _reopen(self) -> None:
        with self._lock:  # searchers of the old index are left to finish (and be collected)
            self._searchers.clear()
            self._local = threading.local()
            self.ix = index.open_dir(str(self.path), indexname=INDEX_NAME)
            self._folder_id = _folder_id(self.path)

    def close(self) -> None:
        """Close every searcher this store opened."""
        with self._lock:
            for s in self._searchers:
                s.close()
            self._searchers.clear()
        self._local = threading.local()
        self.ix.close()
