"""The page flattened into paragraphs, each remembering its block element and its link text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from lxml.html import HtmlElement

from .visible import GLUE, INVISIBLE, SOFT, glue

# Elements that start a new paragraph.
BLOCKS = frozenset(
    "p div section article main li ul ol dl dt dd blockquote pre h1 h2 h3 h4 h5 h6 table tr td th "
    "tbody thead tfoot caption hr address center body html details summary fieldset".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}、。，．！？」』）])")
_SPACE_AFTER = re.compile(r"(?<=[(\[{「『（]) ")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_CLOSERS = "\"'”’»)]」』） "
# Marks around link text in the walk's buffer (private-use characters), so that each paragraph
# of a block split by <br>s counts its own links.
_LINK_ON, _LINK_OFF = "\ue000", "\ue001"
_LINK_MARKS = re.compile("([\ue000\ue001])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CUT = ("...", "…", "[...]", "[…]")  # how a teaser's excerpt ends
# Marks that end a sentence: Latin's and CJK's, Arabic's and Urdu's, Devanagari's and Bengali's
# danda, Armenian's, Ethiopic's, Burmese's, Tibetan's and Khmer's full stops.
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "؟", "۔", "।", "॥", "։", "።", "။", "།", "។")


@dataclass
class Para:
    """A paragraph of the page: its text, the block element it came from, its link characters
    and words."""

    text: str
    block: HtmlElement
    link_chars: int
    link_words: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))

    @cached_property
    def size(self) -> int:
        """Its length in Latin-script characters: a CJK character carries about what three do."""
        return len(self.text) + 2 * len(_CJK.findall(self.text))

    @property
    def own_words(self) -> int:
        """Its words outside links (a word split by a link's edge counts on both sides)."""
        return max(0, len(self.text.split()) - self.link_words)

    @property
    def heading(self) -> bool:
        return self.block.tag in HEADINGS


def paragraphs(root: HtmlElement) -> list[Para]:
    """Flatten the tree into paragraphs, in one non-recursive walk."""
    paras: list[Para] = []
    buf: list[str] = []  # text, with link text between _LINK_ON and _LINK_OFF
    in_link = 0
    blocks: list[HtmlElement] = [root]

    def flush(block: HtmlElement) -> None:
        raw = "".join(buf)
        buf.clear()
        linked = False  # inside a link, which may run on across a paragraph break
        for chunk in re.split(r"\n\s*\n", raw):
            link_chars = link_words = 0
            for part in _LINK_MARKS.split(chunk):
                if part in (_LINK_ON, _LINK_OFF):
                    linked = part == _LINK_ON
                elif linked:
                    link_chars += len(part.strip())
                    link_words += len(part.split())
            chunk = glue(chunk.replace(_LINK_ON, "").replace(_LINK_OFF, "")).replace(SOFT, " ")
            text = _tidy(" ".join(_SPACES.sub(" ", INVISIBLE.sub("", chunk)).split()))
            if text:
                paras.append(Para(text, block, min(link_chars, len(text)), link_words))

    line_open = False  # text since the last paragraph break: an element here is inside a line
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag in BLOCKS or (not line_open and _custom_block(el)):
                flush(blocks[-1])
                line_open = False
                blocks.append(el)
            elif tag == "br":
                buf.append("\n")
            else:
                if tag == "a":
                    in_link += 1
                if tag not in GLUE:
                    buf.append(SOFT)  # an inline boundary: a space, unless it falls inside a word
            if el.text:
                buf.append(f"{_LINK_ON}{el.text}{_LINK_OFF}" if in_link else el.text)
                line_open = line_open or not el.text.isspace()
        else:
            if el is blocks[-1]:
                flush(el)
                line_open = False
                blocks.pop()
            else:
                if tag == "a":
                    in_link -= 1
                if tag not in GLUE:
                    buf.append(SOFT)
            if el.tail and el is not root:
                buf.append(f"{_LINK_ON}{el.tail}{_LINK_OFF}" if in_link else el.tail)
                line_open = line_open or not el.tail.isspace()
    flush(root)
    return paras


def _custom_block(el: HtmlElement) -> bool:
    """A custom element (a web component: <story-paragraph>, <x-text>) standing as a block: not
    inside a line of text (its caller checks) and followed by none."""
    tag = el.tag
    return isinstance(tag, str) and "-" in tag and not (el.tail or "").strip()


def is_prose(para: Para) -> bool:
    """A paragraph that reads as running text: long, or a full sentence, and neither a link list
    nor a teaser's excerpt cut off with an ellipsis. A long sentence may have up to half its
    words linked (a blog citing its sources in every line)."""
    n = para.size
    if para.text.endswith(CUT) or para.link_density >= 0.5:
        return False
    if para.link_density >= 0.25:
        return n > 150 and ends_sentence(para.text)
    return n > 80 or (n > 20 and ends_sentence(para.text))


def ends_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does, closing quotes and brackets aside
    ('He said, "We will."'), in any script that marks a sentence's end."""
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _tidy(text: str) -> str:
    """Undo the spaces that inline-element boundaries put before punctuation ("word ," -> "word,")."""
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
