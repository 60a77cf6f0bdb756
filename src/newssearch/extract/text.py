"""Plain-text and Markdown articles: title, `by AUTHOR, DATE` byline or wire dateline, body, no promos."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..dates import MONTH_PATTERN, parse_date
from .bylines import split_authors
from .visible import INVISIBLE

_MONTH = MONTH_PATTERN
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
# "by WorldTribune Staff, November 2, 2021"   "By Jane Doe | 2 Nov 2021"   "— Jane Doe, Nov. 2, 2021"
_BYLINE = re.compile(
    rf"^\s*(?:by|—|–|-)\s+(?P<who>.+?)(?:\s*[,|·•]\s*|\s+on\s+|\s+)(?P<date>{_DATE})"
    rf"(?:\s*(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?\s*\.?\s*$",
    re.I,
)
_BYLINE_NO_DATE = re.compile(r"^\s*(?:by|By|BY)\s+(?P<who>[^\W\d][\w .,'’&-]{1,100})$")
_DATE_LINE = re.compile(rf"^\s*(?:(?:published|posted|updated|date)[:\s]+)?(?P<date>{_DATE})\s*$", re.I)
# "WASHINGTON, Nov. 2 (Reuters) - ..."   "LONDON (AP) — ..."
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'’,/-]{{1,60}}?)"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&-]{1,30})\))?\s*[-—–]+\s*"
)
_PROMO = re.compile(
    r"subscribe|sign up|newsletter|follow us|click here|download (our|the) app|"
    r"intelligence brief|all rights reserved|copyright|©|share this|read more|"
    r"support (our|independent) journalism|donate|advertisement",
    re.I,
)
_CAPS_LEAD = re.compile(r"^(?:[A-Z][A-Z'’&-]+\s+){2,}")
# Front matter of a Markdown file exported by a site generator (Jekyll, Hugo): YAML between "---"
# lines or TOML between "+++" lines, at the very top.
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?P<head>.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=]\s*(?P<value>.*)$")
_LIST_ITEM = re.compile(r"^\s*-\s+(?P<value>.+)$")
_RULE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,})[ \t]*$", re.M)
_EMPHASIS = re.compile(r"^[*_]{1,3}(.+?)[*_]{1,3}$")  # "*By Jane Doe, March 4, 2019*"


@dataclass
class TextParts:
    """What the lines of a plain-text article say about it."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    body: str = ""


def _is_promo(line: str) -> bool:
    """A trailing teaser: a short line with a promo phrase, or one led by a run of ALL-CAPS words."""
    if len(line) > 240:
        return False
    return bool(_PROMO.search(line) or _CAPS_LEAD.match(line) or line.count(". . .") >= 1)


def _looks_like_title(line: str, following: list[str]) -> bool:
    return (
        3 <= len(line) <= 200
        and not line.endswith((".", ",", ";", ":"))
        and bool(following)
        and not _BYLINE.match(line)
    )


def _front_matter(head: str) -> dict[str, list[str]]:
    """The fields of a front matter block, each a list of values: `key: value`, `key = "value"`,
    `key: [a, b]` and `key:` followed by `- item` lines (the shapes site generators write)."""
    fields: dict[str, list[str]] = {}
    key = None
    for line in head.split("\n"):
        if (item := _LIST_ITEM.match(line)) and key:
            fields[key].append(item.group("value"))
        elif field_ := _FIELD.match(line):
            key = field_.group("key").lower()
            value = field_.group("value").strip()
            fields[key] = value[1:-1].split(",") if value.startswith("[") and value.endswith("]") else [value]
    unquoted = {k: [v.strip().strip("'\"").strip() for v in vs] for k, vs in fields.items()}
    return {k: [v for v in vs if v] for k, vs in unquoted.items()}


def _is_field(row: str) -> bool:
    """Whether a line between "---" lines is front matter (a field, a list item, a comment or a
    continuation): a text between two rules is not."""
    return not row.strip() or row[0] in " \t#" or bool(_FIELD.match(row) or _LIST_ITEM.match(row))


def _byline_or_date(row: str) -> bool:
    """Whether a line is a byline ("by Jane Doe, March 4, 2019", "By Jane Doe") or a date alone."""
    row = row.strip()
    return any(rule.match(row) for rule in (_BYLINE, _BYLINE_NO_DATE, _DATE_LINE))


def _header_lines(block: str) -> list[str]:
    """The first block of a file split into its lines when one of them is a byline or a date (a
    title over its byline with no blank line between), else the block as one paragraph (a first
    paragraph wrapped at 72 columns)."""
    rows = [" ".join(row.split()) for row in block.split("\n") if row.strip()]
    dated = any(_byline_or_date(row) for row in rows[:4])
    return rows if 1 < len(rows) <= 4 and dated else [" ".join(block.split())]


def _unwrap(rows: list[str]) -> list[str]:
    """The paragraphs of a text without blank lines: one per line, unless the text is wrapped at a
    fixed width (a fifth of its lines or more go on in lower case: "... since early / January
    and ..."), when a paragraph ends at a line well short of the width or before an indented line,
    and a byline or a date stands alone (the Reuters wire's layout)."""
    rows = [row.rstrip() for row in rows if row.strip()]

    def byline(row: str) -> bool:  # ("by Jane Doe, March 4, 2019" goes on in lower case too)
        return len(row) <= 200 and _byline_or_date(row)

    going_on = sum(1 for row in rows[1:] if row.lstrip()[:1].islower() and not byline(row))
    if len(rows) < 5 or going_on < max(2, 0.2 * (len(rows) - 1)):
        return [" ".join(row.split()) for row in rows]
    bylines = {row for row in rows if byline(row)}
    width = max(len(row) for row in rows)
    paras: list[list[str]] = []
    for k, row in enumerate(rows):
        prev = rows[k - 1] if k else ""
        starts = (
            not paras
            or row[:1] in " \t"
            or len(prev) < 0.7 * width
            or prev in bylines
            or row in bylines
        )
        if starts:
            paras.append([])
        paras[-1].append(row.strip())
    return [" ".join(" ".join(para).split()) for para in paras]


def parse_text(text: str, *, markdown: bool = False) -> TextParts:
    """Split a plain-text article into title, byline metadata and body paragraphs."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    parts = TextParts()
    front = _FRONT_MATTER.match(text)
    if front and all(_is_field(row) for row in front.group("head").split("\n")):
        fields = _front_matter(front.group("head"))
        text = text[front.end() :]
        parts.title = next(iter(fields.get("title", [])), None)
        names = fields.get("authors") or fields.get("author") or []
        parts.authors = [n for name in names for n in split_authors(name)]
        stamp = next(iter(fields.get("date") or fields.get("published") or []), None)
        parts.published = parse_date(stamp)
        parts.source = next(iter(fields.get("source") or fields.get("publisher") or []), None)
        parts.tags = [*fields.get("tags", []), *fields.get("categories", [])][:30]
    if markdown:  # rules ("---", "***") and setext underlines ("====") are no text
        text = _RULE.sub("", text)
    # Paragraphs: blank-line separated when the file uses blank lines, else one per line.
    if re.search(r"\n[ \t]*\n", text.strip()):
        first, *rest = re.split(r"\n[ \t]*\n", text.strip())
        blocks = _header_lines(first) + [" ".join(b.split()) for b in rest]
    else:
        blocks = _unwrap(text.split("\n"))
    lines = [b for b in blocks if b]

    if markdown:
        lines = [_EMPHASIS.sub(r"\1", ln) for ln in lines]  # "*By Jane Doe, March 4, 2019*"
        lines = [re.sub(r"^#{1,6}\s+", "", ln) if ln.startswith("#") else ln for ln in lines]
        heading = next((b[2:].strip() for b in blocks if b.startswith("# ")), None)
        if heading and parts.title in (None, heading):  # (the front matter's title wins)
            parts.title = heading
            if heading in lines:
                lines.remove(heading)

    # Up to three leading lines may be title / byline / date.
    for _ in range(3):
        if not lines:
            break
        line = lines[0]
        if m := _BYLINE.match(line):
            parts.authors = split_authors(m.group("who")) or [m.group("who").strip()]
            parts.published = parse_date(m.group("date"))
        elif (m := _BYLINE_NO_DATE.match(line)) and len(line) < 100 and not parts.authors:
            parts.authors = split_authors(m.group("who"))
        elif (m := _DATE_LINE.match(line)) and not parts.published:
            parts.published = parse_date(m.group("date"))
        elif parts.title is None and not parts.authors and _looks_like_title(line, lines[1:]):
            parts.title = line
        else:
            break
        lines.pop(0)

    # A wire dateline opening the first paragraph is metadata, but its text stays in the body.
    if lines and (m := _DATELINE.match(lines[0])):
        if m.group("agency"):
            parts.source = m.group("agency").strip()
        if m.group("date") and not parts.published:
            parts.published = parse_date(m.group("date"))

    while lines and _is_promo(lines[-1]):
        lines.pop()
    parts.body = "\n\n".join(lines)
    return parts
