"""Query tree (from `newssearch.query_parser`) -> Whoosh query, analysed the way the fields were indexed."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime, timedelta, timezone
from itertools import accumulate, repeat
from operator import sub
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.lang import stopwords_for_language
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

from ..dates import parse_bound
from ..errors import QueryError
from ..query_parser import Bool, DateRange, Everything, Node, Phrase, Term
from . import ranking
from .schema import NAME_ANALYZER, TEXT_ANALYZER, TYPECODES, CompactPositions

#: Words in more than this share of the articles of an archive of at least COMMON_MIN_ARTICLES
#: match as a set with a fixed score (see Compiler._word).
COMMON_SHARE = 0.3
COMMON_MIN_ARTICLES = 20_000
#: How many index terms one prefix (word*) may expand to before the query is "too broad"...
MAX_PREFIX_TERMS = 2000
#: ...and how many postings all the prefixes of one query may hold together (reading them costs
#: time: about a second per million on a 2-core machine).
MAX_PREFIX_POSTINGS = 300_000
#: Common English words that carry no weight in a ranked bag of words (phrases keep them):
#: the Snowball English stop list that Whoosh ships.
STOP_WORDS = frozenset(stopwords_for_language("en"))
_EXACT_FIELDS = {"id", "language"}


def _tokens(fieldname: str, text: str) -> list[str]:
    if fieldname in ("authors", "source", "section"):
        return [t.text for t in NAME_ANALYZER(text)]
    if fieldname == "tags":
        return [" ".join(text.lower().split())] if text.strip() else []
    if fieldname in _EXACT_FIELDS:
        return [text.strip().lower() if fieldname == "language" else text.strip()]
    return [t.text for t in TEXT_ANALYZER(text)]


def posting_ids(reader: IndexReader, fieldname: str, text: Any) -> list[int]:
    """The documents holding a term in one segment (deleted ones too), read a block at a time."""
    ids: list[int] = []
    for block_ids, _ in _posting_blocks(reader, fieldname, text, None):
        ids.extend(block_ids)
    return ids


def posting_weights(
    reader: IndexReader, fieldname: str, text: Any
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings in one segment as (ids, weights) runs, a block at a time (deleted
    documents included). The weight of a posting in a text field is the word's count there."""
    return _posting_blocks(reader, fieldname, text, "weights")  # type: ignore[return-value]


def _posting_blocks(
    reader: IndexReader, fieldname: str, text: Any, what: str | None
) -> Iterator[tuple[Sequence[int], Sequence[Any] | None]]:
    """A term's postings in one segment as (ids, `what`) runs, `what` being "values",
    "weights" or None, a whole block at a time (deleted documents included): no Python call per
    posting, as a matcher's next() would be."""
    if (fieldname, text) not in reader:
        return
    m = reader.postings(fieldname, text)
    child = getattr(m, "child", m)  # postings of a segment with deletions come wrapped
    if not isinstance(child, W3LeafMatcher):  # another kind of matcher: read one by one
        ids, extra = [], []
        while child.is_active():
            ids.append(child.id())
            if what is not None:
                extra.append(child.value() if what == "values" else child.weight())
            child.next()
        yield ids, extra if what is not None else None
        return
    while child.is_active():
        if child._ids is None:
            child._read_ids()
        if what == "values" and child._values is None:
            child._read_values()
        if what == "weights" and child._weights is None:
            child._read_weights()
        extra = {"values": child._values, "weights": child._weights}.get(what or "")
        yield child._ids[child._i :], extra[child._i :] if extra is not None else None
        child._next_block()


def length_norms(reader: Any, fieldname: str, average: float) -> list[float]:
    """BM25's K1 * (1 - B + B * length / average) per document of a segment, for one field,
    kept with the segment's reader (which outlives searchers) for this average."""
    cache = reader.__dict__.setdefault("_newssearch_norms", {})
    k1, b = ranking.K1, ranking.B
    key = (average, k1, b)
    if fieldname not in cache or cache[fieldname][0] != key:  # (an old average: an older searcher's)
        count, raw = reader.doc_count_all(), _length_bytes(reader, fieldname)
        if raw is not None:  # 256 possible lengths: a table, then one lookup per document
            table = [k1 * (1 - b + b * (byte_to_length(x) if x else 0) / average) for x in range(256)]
            raw = raw[:count]
            norms = [table[x] for x in raw] + [table[0]] * (count - len(raw))
        else:
            lengths = [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]
            norms = [k1 * (1 - b + b * n / average) for n in lengths]
        cache[fieldname] = (key, norms)
    return cache[fieldname][1]


def _length_bytes(reader: Any, fieldname: str) -> bytes | None:
    """A segment's field lengths as Whoosh 3 keeps them, one byte per document (Whoosh's
    lossy length code), read in one go; None if the reader keeps them some other way. Asking
    `doc_field_length` per document costs seconds for the first query of a big archive."""
    perdoc = getattr(reader, "_perdoc", None)
    if not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return b""  # no lengths kept: every document's is 0
    if getattr(column, "_typecode", None) != "B" or not hasattr(column, "_dbfile"):
        return None
    return bytes(column._dbfile.get(column._basepos, column._count)) if column._count else b""


def doc_frequencies(reader: IndexReader, fieldname: str, texts: Iterable[str]) -> dict[str, int]:
    """How many documents hold each term of a field (deleted ones not yet merged away too), as
    `doc_frequency` counts, looked up in each segment's term table directly: spelling asks this
    of hundreds of candidate words per query, and Whoosh's per-call layers cost more than the
    lookup."""
    out = dict.fromkeys(texts, 0)
    for segment, _ in reader.leaf_readers():
        terms = getattr(segment, "_terms", None)
        lookup = terms.doc_frequency if terms is not None else segment.doc_frequency
        for text in out:
            out[text] += lookup(fieldname, text.encode("utf-8"))
    return out


def deleted_docs(reader: IndexReader) -> AbstractSet[int]:
    """The deleted documents of one segment, as a set (kept with a segment's reader)."""
    if not reader.has_deletions():
        return frozenset()
    kept = getattr(reader, "deleted_docs_set", None)  # (Whoosh's SegmentReader caches one)
    return kept if kept is not None else frozenset(filter(reader.is_deleted, range(reader.doc_count_all())))


def live_docs_with_any(reader: IndexReader, terms: Iterable[tuple[str, Any]]) -> set[int]:
    """The undeleted documents of one segment holding any of (field, text) `terms`."""
    docs: set[int] = set()
    for fieldname, text in terms:
        docs.update(posting_ids(reader, fieldname, text))
    return docs - deleted_docs(reader)


def live_docs_with_word(reader: IndexReader, word: str, fields: Iterable[str]) -> set[int]:
    """The undeleted documents of one segment holding all of `word`'s tokens in one of `fields`."""
    docs: set[int] = set()
    for fieldname in fields:
        tokens = _tokens(fieldname, word)
        if tokens:
            docs |= set.intersection(*(set(posting_ids(reader, fieldname, t)) for t in tokens))
    return docs - deleted_docs(reader)


class ConstantScore(wq.Query):
    """A leaf whose matches, the live documents `doc_ids` lists, all score its `boost`."""

    boost: float

    def is_leaf(self) -> bool:
        return True

    def has_terms(self) -> bool:
        return True

    def doc_ids(self, reader: IndexReader) -> list[int]:
        raise NotImplementedError

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        ids = self.doc_ids(searcher.reader())
        if not ids:
            return NullMatcher()
        return ListMatcher(ids, all_weights=self.boost)


class ConstantTerms(ConstantScore):
    """Articles holding any of some (field, text) terms, all scored alike: a prefix's expansions
    (Lucene's constant-score rewrite: a union of hundreds of scored terms would take Whoosh
    seconds, a set union none), or words in most of a big archive, whose BM25 weight barely
    varies."""

    def __init__(self, pairs: Iterable[tuple[str, str]], boost: float = 1.0) -> None:
        self.pairs, self.boost = tuple(dict.fromkeys(pairs)), boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ConstantTerms) and (self.pairs, self.boost) == (other.pairs, other.boost)

    def __hash__(self) -> int:
        return hash((self.pairs, self.boost))

    def __repr__(self) -> str:
        return f"ConstantTerms({len(self.pairs)} terms, boost {self.boost:.3g})"

    def field(self) -> str:
        return self.pairs[0][0]

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        """The terms, so snippets highlight them."""
        yield from self.pairs

    def estimate_size(self, ixreader: IndexReader) -> int:
        return sum(ixreader.doc_frequency(f, t) for f, t in self.pairs)

    def doc_ids(self, reader: IndexReader) -> list[int]:
        """The matching live documents of one segment, in order."""
        return sorted(live_docs_with_any(reader, self.pairs))


class ConstantAll(ConstantScore):
    """Articles holding a term of each of several ConstantTerms (common words or prefixes ANDed),
    scored alike by the sum of their boosts, as Whoosh's intersection of them would score every
    match; met as set intersections in C instead of by a tree of matchers in Python (seconds
    for eight common words in 100,000 articles)."""

    def __init__(self, groups: Sequence[ConstantTerms]) -> None:
        self.groups, self.boost = tuple(groups), sum(g.boost for g in groups)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ConstantAll) and self.groups == other.groups

    def __hash__(self) -> int:
        return hash(self.groups)

    def __repr__(self) -> str:
        return f"ConstantAll({len(self.groups)} groups, boost {self.boost:.3g})"

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        """The terms, so snippets highlight them."""
        for group in self.groups:
            yield from group.pairs

    def estimate_size(self, ixreader: IndexReader) -> int:
        return min(g.estimate_size(ixreader) for g in self.groups)

    def doc_ids(self, reader: IndexReader) -> list[int]:
        """The matching live documents of one segment, in order."""
        docs: set[int] | None = None
        for group in sorted(self.groups, key=lambda g: g.estimate_size(reader)):
            held = live_docs_with_any(reader, group.pairs)
            docs = held if docs is None else docs & held
            if not docs:
                return []
        return sorted(docs or ())


class FastPhrase(wq.Phrase):
    """Whoosh's `Phrase` (same matches, same scores), matched set-wise instead of span by span.

    Whoosh walks a phrase's posting lists in step and compares positions in Python objects,
    about 1.7 s for "of the" in 100,000 articles. Here the rarest word's documents are the
    candidates; each next word, rarest first, narrows them to the articles where it stands at
    its place in the phrase, read in full when its list is of comparable length, else only at
    the candidates (so a common word such as "the" is looked up in the few articles where the
    rarer words already stand together). A match scores what Whoosh gives it: the BM25 scores
    of its words, summed.
    Fields that keep positions some other way than schema.CompactPositions take Whoosh's path.
    """

    #: A word with more postings than this many times the candidates is skipped through, not read.
    SKIP_RATIO = 8

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        fieldname, reader = self.fieldname, searcher.reader()
        field = searcher.schema[fieldname] if fieldname in searcher.schema else None
        if field is None or not isinstance(field.format, CompactPositions):
            return super().matcher(searcher, context)
        words = [field.to_bytes(w) for w in self.words]
        if any((fieldname, w) not in reader for w in words):
            return NullMatcher()
        order = sorted(range(len(words)), key=lambda i: reader.doc_frequency(fieldname, words[i]))
        fmt, codes = field.format, TYPECODES
        values: list[dict[int, bytes]] = [{} for _ in words]
        first = order[0]
        values[first] = _values(reader, fieldname, words[first])
        # Candidate -> where the phrase could start in it (None: not yet worked out from the
        # first word's positions). Positions are summed from their gaps (schema.CompactPositions)
        # in C, inline: this runs for every article holding the words met so far.
        starts: dict[int, set[int] | None] = dict.fromkeys(values[first])
        for i in order[1:]:
            if not starts:
                return NullMatcher()
            if reader.doc_frequency(fieldname, words[i]) <= self.SKIP_RATIO * len(starts):
                every = _values(reader, fieldname, words[i])
                found = {d: every[d] for d in starts.keys() & every.keys()}
            else:
                found = _values_at(reader, fieldname, words[i], sorted(starts))
            values[i] = found
            left: dict[int, set[int] | None] = {}
            for doc, value in found.items():
                where = starts[doc]
                if where is None:
                    head = values[first][doc]
                    where = set(map(sub, accumulate(array(codes[head[0]], head[1:])), repeat(first)))
                where.intersection_update(map(sub, accumulate(array(codes[value[0]], value[1:])), repeat(i)))
                if where:
                    left[doc] = where
            starts = left
        # Each word's BM25 as Whoosh's scorer computes it (ranking.py), from its count (the
        # length of its positions) and cached length norms.
        parent = searcher.get_parent()
        idfs = [parent.idf(fieldname, w) for w in words]
        norms = length_norms(reader, fieldname, parent.avg_field_length(fieldname) or 1)
        k1, boost = ranking.K1 + 1, fmt.field_boost
        ids, scores = [], []
        for doc in sorted(starts.keys() - deleted_docs(reader)):
            norm = norms[doc]
            counts = [fmt.decode_frequency(v[doc]) * boost for v in values]
            score = sum(idf * ((tf * k1) / (tf + norm)) for idf, tf in zip(idfs, counts, strict=True))
            ids.append(doc)
            scores.append(score * self.boost)
        if not ids:
            return NullMatcher()
        return ListMatcher(ids, weights=scores)


def _values(reader: IndexReader, fieldname: str, text: bytes) -> dict[int, bytes]:
    """Document -> value for every posting of a term in one segment, gathered in C a block at a
    time (no Python step per posting)."""
    values: dict[int, bytes] = {}
    for ids, vals in _posting_blocks(reader, fieldname, text, "values"):
        values.update(zip(ids, vals, strict=True))
    return values


def _values_at(reader: IndexReader, fieldname: str, text: bytes, docs: list[int]) -> dict[int, bytes]:
    """The values of a term's postings in those of `docs` (ascending) that hold it: blocks that
    end before the next wanted document are passed over unread, and within a block the document
    is found by bisection (Whoosh's skip_to steps one posting at a time in Python)."""
    m = reader.postings(fieldname, text)
    child = getattr(m, "child", m)
    found: dict[int, bytes] = {}
    if not isinstance(child, W3LeafMatcher):  # another kind of matcher: step by step
        for doc in docs:
            if not child.is_active():
                break
            child.skip_to(doc)
            if child.is_active() and child.id() == doc:
                found[doc] = child.value()
        return found
    for doc in docs:
        while child.is_active() and child._maxid < doc:
            child._next_block()
        if not child.is_active():
            break
        if child._ids is None:
            child._read_ids()
        ids = child._ids
        i = bisect_left(ids, doc, child._i)
        child._i = i  # < the block's length: its last id is _maxid >= doc
        if ids[i] == doc:
            if child._values is None:
                child._read_values()
            found[doc] = child._values[i]
    return found


def merge_constant(queries: list[wq.Query]) -> list[wq.Query]:
    """Alternatives with every ConstantTerms among them joined into one (scored by the largest
    boost): one set union instead of a Python-level union of many long posting lists."""
    constant = [q for q in queries if isinstance(q, ConstantTerms)]
    if len(constant) < 2:
        return queries
    merged = ConstantTerms((pair for q in constant for pair in q.pairs), max(q.boost for q in constant))
    return [merged] + [q for q in queries if not isinstance(q, ConstantTerms)]


class DateWindow(wq.WrappingQuery):
    """A query whose matches must also have a date column value in [lo, hi] (Whoosh's datetime longs).

    This is how a date filter (--since/--until) runs: the query's own matches are checked one by
    one against the column, the way Lucene filters with doc values. A date-range term query
    would instead list every article in the window, most of the archive for a window of years.
    Articles without a date never match.
    """

    def __init__(self, child: wq.Query, fieldname: str, lo: int, hi: int) -> None:
        super().__init__(child)
        self.fieldname, self.lo, self.hi = fieldname, lo, hi

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DateWindow)
            and (self.child, self.fieldname, self.lo, self.hi)
            == (other.child, other.fieldname, other.lo, other.hi)
        )

    def __hash__(self) -> int:
        return hash((self.child, self.fieldname, self.lo, self.hi))

    def _rewrap(self, child: wq.Query) -> DateWindow:
        return DateWindow(child, self.fieldname, self.lo, self.hi)

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        m = self.child.matcher(searcher, context)
        if not m.is_active():
            return m
        return _WindowMatcher(m, column_values(searcher.reader(), self.fieldname), self.lo, self.hi)


def column_values(reader: IndexReader, fieldname: str) -> array:
    """A segment's numeric column as an array, loaded once per reader (a few bytes per article)."""
    cache = reader.__dict__.setdefault("_newssearch_arrays", {})
    if fieldname not in cache:
        col = reader.column_reader(fieldname, translate=False)
        cache[fieldname] = array("Q", col) if col is not None else array("Q")
    return cache[fieldname]


class _WindowMatcher(WrappingMatcher):
    """Passes on the child's matches whose column value lies in [lo, hi]."""

    def __init__(self, child: Any, values: array, lo: int, hi: int, boost: float = 1.0) -> None:
        super().__init__(child, boost)
        self.values, self.lo, self.hi = values, lo, hi
        self._settle()

    def _settle(self) -> None:
        child, values, lo, hi, n = self.child, self.values, self.lo, self.hi, len(self.values)
        while child.is_active():
            docnum = child.id()
            if docnum < n and lo <= values[docnum] <= hi:
                return
            child.next()

    def _replacement(self, newchild: Any) -> _WindowMatcher:
        return _WindowMatcher(newchild, self.values, self.lo, self.hi, self.boost)

    def copy(self) -> _WindowMatcher:
        return _WindowMatcher(self.child.copy(), self.values, self.lo, self.hi, self.boost)

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self.id()
            self.next()

    def next(self) -> None:
        self.child.next()
        self._settle()

    def skip_to(self, id: int) -> None:
        self.child.skip_to(id)
        self._settle()

    def supports_block_quality(self) -> bool:
        return False


def _naive_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=None)


class Compiler:
    """Builds Whoosh queries for one searcher (prefix expansion needs its term list)."""

    def __init__(self, searcher: Searcher) -> None:
        self.reader: IndexReader = searcher.reader()
        self._prefix_postings = 0  # across the query's prefixes (MAX_PREFIX_POSTINGS)

    def compile(self, node: Node | None) -> wq.Query:
        """The Whoosh query for a parsed tree; `None` (no searchable words) matches nothing."""
        q = self._node(node) if node is not None else None
        return q if q is not None else wq.NullQuery

    def _fields(self, fieldname: str | None) -> dict[str, float]:
        return ranking.FIELD_WEIGHTS if fieldname is None else {fieldname: 1.0}

    def _node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._phrase(node.text, node.field)
        if isinstance(node, DateRange):
            return self._daterange(node)
        if isinstance(node, Everything):
            return wq.Every()
        return self._bool(node)

    def _term(self, node: Term) -> wq.Query | None:
        if node.prefix:
            return self._prefix(node)
        return self._phrase(node.text, node.field)

    def _phrase(self, text: str, fieldname: str | None) -> wq.Query | None:
        subqueries = []
        for f, weight in self._fields(fieldname).items():
            toks = _tokens(f, text)
            if not toks or (fieldname is None and not all((f, t) in self.reader for t in toks)):
                continue  # a word absent from a default field cannot match there: skip its matcher
            if len(toks) == 1:
                subqueries.append(self._word(f, toks[0], weight))
            else:
                subqueries.append(FastPhrase(f, toks, boost=weight))
        if any(isinstance(q, ConstantTerms) for q in subqueries):
            # A word common in one field is scored alike in all: no field's postings walked one by
            # one. Its plain terms join the set without a score of their own (boost 0 < any idf).
            subqueries = merge_constant(
                [ConstantTerms([(q.fieldname, q.text)], 0.0) if isinstance(q, wq.Term) else q
                 for q in subqueries]
            )
        if not subqueries:
            return None
        return subqueries[0] if len(subqueries) == 1 else wq.Or(subqueries)

    def _word(self, fieldname: str, text: str, weight: float) -> wq.Query:
        """One word in one field: scored by BM25, unless it is in most articles of a big archive.

        Such a word's idf is near zero, so scoring its hundred thousand postings one by one in
        Python (seconds) changes almost nothing; it matches as a set with its idf as the score.
        """
        n = self.reader.doc_count_all()
        df = self.reader.doc_frequency(fieldname, text)
        if n >= COMMON_MIN_ARTICLES and df > COMMON_SHARE * n:
            return ConstantTerms([(fieldname, text)], weight * ranking.idf(df, n))
        return wq.Term(fieldname, text, boost=weight)

    def _prefix(self, node: Term) -> wq.Query | None:
        stem = node.text.lower()
        subqueries = []
        for f, weight in self._fields(node.field).items():
            if f not in self.reader.schema:
                continue
            terms = []
            for i, term in enumerate(self.reader.expand_prefix(f, stem)):
                if i >= MAX_PREFIX_TERMS:
                    raise QueryError(
                        f"{node.text}* matches more than {MAX_PREFIX_TERMS:,} words; make the prefix longer"
                    )
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                self._prefix_postings += self.reader.doc_frequency(f, text)
                if self._prefix_postings > MAX_PREFIX_POSTINGS:
                    raise QueryError(
                        f"{node.text}* matches words in too many articles to rank quickly; "
                        "make the prefix longer or add other words"
                    )
                terms.append(wq.Term(f, text, boost=weight))
            if terms:
                subqueries.append(ConstantTerms([(f, t.text) for t in terms], weight))
        if not subqueries:
            return None
        return merge_constant(subqueries)[0]  # one set over every field, not a union walked in Python

    def _bounds(self, node: DateRange) -> tuple[datetime | None, datetime | None]:
        tick = timedelta(microseconds=1)
        # Exclusive bounds (">2021", "<2021") start after / end before the whole named period.
        start = parse_bound(node.start, end=node.exclusive) + tick * node.exclusive if node.start else None
        end = parse_bound(node.end, end=not node.exclusive) - tick * node.exclusive if node.end else None
        if start and end and start > end:
            raise QueryError(f"the date range starts ({node.start}) after it ends ({node.end})")
        return start, end

    def _daterange(self, node: DateRange) -> wq.Query:
        start, end = self._bounds(node)
        if start:  # the index holds days (schema.DayDATETIME): a range starts with its first day
            start = start.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        return wq.DateRange(
            node.field,
            _naive_utc(start) if start else None,
            _naive_utc(end) if end else None,
        )

    def within(self, q: wq.Query, node: DateRange) -> wq.Query:
        """`q` restricted to the dates of `node`, checked per match against the date column."""
        start, end = self._bounds(node)
        lo = datetime_to_long(_naive_utc(start.astimezone(timezone.utc))) if start else 0
        hi = datetime_to_long(_naive_utc(end.astimezone(timezone.utc))) if end else (1 << 63) - 1
        return DateWindow(q, node.field, lo, hi)

    def _bool(self, node: Bool) -> wq.Query | None:
        should = list(node.should)
        # In a ranked bag of words, stop words only add noise; keep them if nothing else is left.
        content = [n for n in should if not _is_stop(n)]
        if content and len(content) < len(should):
            should = content
        sq = [q for q in (self._node(n) for n in should) if q is not None]
        mq = [q for q in (self._node(n) for n in node.must) if q is not None]
        nq = [q for q in (self._node(n) for n in node.must_not) if q is not None]
        if mq:
            if len(mq) > 1 and all(type(q) is ConstantTerms for q in mq):
                base: wq.Query = ConstantAll(mq)  # e.g. common words ANDed: sets, not a matcher tree
            else:
                base = mq[0] if len(mq) == 1 else wq.And(mq)
            if sq:
                base = wq.AndMaybe(base, sq[0] if len(sq) == 1 else wq.Or(sq))
        elif sq:
            sq = merge_constant(_flatten_or(sq))
            base = sq[0] if len(sq) == 1 else wq.Or(sq)
        elif nq:
            base = wq.Every()
        else:
            return None
        if nq:
            base = wq.AndNot(base, nq[0] if len(nq) == 1 else wq.Or(nq))
        return base


def _flatten_or(queries: list[wq.Query]) -> list[wq.Query]:
    """Alternatives with nested ORs lifted into one list (same matches, same summed scores)."""
    out: list[wq.Query] = []
    for q in queries:
        out.extend(_flatten_or(list(q.subqueries)) if type(q) is wq.Or else [q])
    return out


def _is_stop(node: Node) -> bool:
    return (
        isinstance(node, Term) and node.field is None and not node.prefix and node.text.lower() in STOP_WORDS
    )
