"""User query text -> a small query tree, independent of the index engine.

The language: bare words (ranked, optional), "exact phrases", AND / OR / NOT, -word and +word,
parentheses, field:value and field:"phrase", published:[2021-01 TO 2021-12], word* prefixes.
It is forgiving: anything typed as prose parses (stray quotes and brackets are closed or
ignored, unknown `field:` prefixes are just words). All-caps text such as "WHAT DID KENNEDY
SAY AND DO" is prose, so its AND is a word; operators count only in mixed-case queries or
queries that use other syntax. The only errors are things that cannot mean anything,
such as a date range with no readable date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .errors import QueryError

MAX_QUERY_CHARS = 10_000

# The field names a query may use, mapped to the field meant. Kept here so parsing needs no index.
FIELD_ALIASES = {
    "title": "title",
    "body": "body",
    "text": "body",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "source": "source",
    "publisher": "source",
    "site": "source",
    "section": "section",
    "tag": "tags",
    "tags": "tags",
    "published": "published",
    "date": "published",
    "year": "published",
    "lang": "language",
    "language": "language",
    "url": "id",  # an article with a URL has it as its id
    "id": "id",
}
DATE_FIELDS = {"published"}


@dataclass(frozen=True)
class Term:
    """One word, in a field or (field None) in the default fields; `prefix` for word*."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together in this order."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """A date range on a date field; each end is the user's text, or None for open."""

    field: str
    start: str | None
    end: str | None
    #: `>2021` starts after 2021 ends; `<2021` ends before 2021 starts.
    exclusive: bool = False


@dataclass(frozen=True)
class Bool:
    """Clauses that should match (ranked), must match, and must not match."""

    should: tuple[Node, ...] = ()
    must: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Everything:
    """Every article: what a blank query asks for (filters and dates then narrow it)."""


Node = Term | Phrase | DateRange | Bool | Everything


@dataclass
class _Tok:
    kind: str  # WORD PHRASE LP RP AND OR NOT FIELD RANGE
    text: str = ""
    sign: str = ""  # "-" or "+" written directly before it
    extra: dict[str, str] = field(default_factory=dict)


_SPACE = re.compile(r"\s+")
_WORD_END = re.compile(r'[\s()"]')
_FIELD = re.compile(r"([A-Za-z_]+):(?=\S)")
_RANGE = re.compile(r"^\s*(.*?)\s+(?:TO|to|To)\s+(.*?)\s*$|^\s*(.*?)\s*(?:\.\.|–)\s*(.*?)\s*$")
_COMPARE = re.compile(r"^(>=|<=|>|<)(.+)$")


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        sign = ""
        if c in "-+!" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "-+!)":
            sign = "+" if c == "+" else "-"
            i += 1
            c = text[i]
        if c == "(":
            toks.append(_Tok("LP", sign=sign))
            i += 1
        elif c == ")":
            toks.append(_Tok("RP"))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end  # an unclosed quote runs to the end
            toks.append(_Tok("PHRASE", text[i + 1 : end], sign))
            i = end + 1
        else:
            m = _FIELD.match(text, i)
            if m and m.group(1).lower() in FIELD_ALIASES:
                fname = FIELD_ALIASES[m.group(1).lower()]
                i = m.end()
                if text[i] in "[{":
                    close = re.compile(r"[\]}]").search(text, i)
                    end = close.start() if close else n
                    toks.append(_Tok("RANGE", text[i + 1 : end], sign, {"field": fname}))
                    i = end + 1
                    continue
                toks.append(_Tok("FIELD", fname, sign))
                continue
            m = _WORD_END.search(text, i)
            end = m.start() if m else n
            word = text[i:end]
            i = end
            toks.append(_Tok("WORD", word, sign))
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok], operators: bool) -> None:
        self.toks = toks
        self.pos = 0
        self.operators = operators
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def is_op(self, tok: _Tok | None, *kinds: str) -> bool:
        return (
            tok is not None and self.operators and tok.kind == "WORD" and not tok.sign and tok.text in kinds
        )

    def parse(self) -> Node | None:
        node = self.or_expr()
        while self.peek() is not None:  # stray ")" at top level: skip it and go on
            self.pos += 1
            more = self.or_expr()
            node = _merge_should(node, more)
        return node

    def or_expr(self) -> Node | None:
        parts = [self.seq()]
        while self.is_op(self.peek(), "OR"):
            self.pos += 1
            parts.append(self.seq())
        kept = tuple(p for p in parts if p is not None)
        if len(kept) <= 1:
            return kept[0] if kept else None
        return Bool(should=kept)

    def seq(self) -> Node | None:
        should: list[Node] = []
        must: list[Node] = []
        must_not: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "RP" or self.is_op(tok, "OR"):
                break
            if self.is_op(tok, "AND"):  # a dangling AND: nothing to join on its left
                self.pos += 1
                continue
            node, sign = self.and_expr()
            if node is None:
                continue
            if isinstance(node, DateRange) and not sign:
                sign = "+"  # a date range restricts; it has no words to rank by
            (must if sign == "+" else must_not if sign == "-" else should).append(node)
        if not must and not must_not and len(should) == 1:
            return should[0]
        if not (should or must or must_not):
            return None
        return Bool(tuple(should), tuple(must), tuple(must_not))

    def and_expr(self) -> tuple[Node | None, str]:
        node, sign = self.unary()
        parts: list[tuple[Node | None, str]] = [(node, sign)]
        while self.is_op(self.peek(), "AND"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "RP" or self.is_op(nxt, "AND", "OR"):
                break
            parts.append(self.unary())
        if len(parts) == 1:
            return node, sign
        must = tuple(n for n, s in parts if n is not None and s != "-")
        must_not = tuple(n for n, s in parts if n is not None and s == "-")
        return Bool(must=must, must_not=must_not), ""

    def unary(self) -> tuple[Node | None, str]:
        tok = self.peek()
        assert tok is not None
        if self.is_op(tok, "NOT"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "RP" or self.is_op(nxt, "AND", "OR", "NOT"):
                return None, ""  # a lone NOT means nothing
            node, _ = self.unary()
            return node, "-"
        self.pos += 1
        sign = tok.sign
        if tok.kind == "LP":
            self.depth += 1
            if self.depth > 50:
                raise QueryError("query nests parentheses too deeply (more than 50 levels)")
            node = self.or_expr()
            if self.peek() is not None and self.peek().kind == "RP":  # type: ignore[union-attr]
                self.pos += 1
            self.depth -= 1
            return node, sign
        if tok.kind == "RP":
            return None, ""
        if tok.kind == "PHRASE":
            return (_phrase(tok.text, None), sign)
        if tok.kind == "RANGE":
            return _range(tok.extra["field"], tok.text), sign
        if tok.kind == "FIELD":
            return self.field_value(tok.text), sign
        return _word(tok.text, None), sign

    def field_value(self, fname: str) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        self.pos += 1
        if tok.kind == "PHRASE":
            return _date_value(fname, tok.text) if fname in DATE_FIELDS else _phrase(tok.text, fname)
        if tok.kind == "LP":  # title:(a b) applies the field to each word inside
            inner = self.or_expr()
            if self.peek() is not None and self.peek().kind == "RP":  # type: ignore[union-attr]
                self.pos += 1
            return _with_field(inner, fname)
        if tok.kind == "WORD":
            if fname in DATE_FIELDS:
                return _date_value(fname, tok.text)
            return _word(tok.text, fname)
        self.pos -= 1
        return None


def _merge_should(a: Node | None, b: Node | None) -> Node | None:
    if a is None or b is None:
        return a or b
    return Bool(should=(a, b))


def _word(text: str, fname: str | None) -> Node | None:
    if text.endswith("*") and len(text.rstrip("*")) >= 1 and re.search(r"\w", text):
        stem = text.rstrip("*")
        if re.fullmatch(r"\w+", stem):
            return Term(stem, fname, prefix=True)
    text = text.strip("*?")
    if not re.search(r"\w", text):
        return None
    return Term(text, fname)


def _phrase(text: str, fname: str | None) -> Node | None:
    text = " ".join(text.split())
    return Phrase(text, fname) if re.search(r"\w", text) else None


def _range(fname: str, text: str) -> Node:
    if fname not in DATE_FIELDS:
        raise QueryError(f"ranges work on dates only (published:[2021-01-01 TO 2021-12-31]), not on {fname}:")
    m = _RANGE.match(text)
    if not m:
        raise QueryError(f"cannot read the date range [{text}]: write published:[2021-01-01 TO 2021-12-31]")
    start, end = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
    start = None if start.strip() in ("", "*") else start.strip()
    end = None if end.strip() in ("", "*") else end.strip()
    if start is None and end is None:
        raise QueryError(f"the date range [{text}] has no dates")
    return DateRange(fname, start, end)


def _date_value(fname: str, text: str) -> Node:
    """published:2021, published:>2021-06, published:<=2020: one period or an open range."""
    m = _COMPARE.match(text.strip())
    if m:
        op, value = m.group(1), m.group(2).strip()
        exclusive = len(op) == 1
        if op.startswith(">"):
            return DateRange(fname, value, None, exclusive)
        return DateRange(fname, None, value, exclusive)
    return DateRange(fname, text.strip(), text.strip())


def _with_field(node: Node | None, fname: str) -> Node | None:
    if isinstance(node, Term) and node.field is None:
        return _date_value(fname, node.text) if fname in DATE_FIELDS else Term(node.text, fname, node.prefix)
    if isinstance(node, Phrase) and node.field is None:
        return _date_value(fname, node.text) if fname in DATE_FIELDS else Phrase(node.text, fname)
    if isinstance(node, Bool):
        return Bool(
            tuple(n for n in (_with_field(x, fname) for x in node.should) if n is not None),
            tuple(n for n in (_with_field(x, fname) for x in node.must) if n is not None),
            tuple(n for n in (_with_field(x, fname) for x in node.must_not) if n is not None),
        )
    return node


def uses_operators(text: str) -> bool:
    """Whether AND/OR/NOT in `text` are operators: not when the whole query is upper-case prose."""
    letters = [c for c in text if c.isalpha()]
    if any(c.islower() for c in letters):
        return True
    # All caps: operators only if the query also uses other syntax, so it was written as a query.
    return bool(re.search(r'["()]|\w:\S', text))


def parse_query(text: str) -> Node | None:
    """Parse user query text; None means "no searchable words", `Everything` a blank query.

    Raises QueryError when hopeless.
    """
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is too long ({len(text):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    text = "".join(c if c.isprintable() or c.isspace() else " " for c in text)
    # Composed characters, as indexed text is (an "ü" typed as "u" and a combining diaeresis).
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        return Everything()
    return _Parser(_lex(text), uses_operators(text)).parse()
