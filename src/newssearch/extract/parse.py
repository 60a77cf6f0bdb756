"""Reading an HTML page into a tree: lxml, and BeautifulSoup only where lxml would lose text."""

from __future__ import annotations

import re
import threading

from lxml import etree
from lxml import html as lhtml
from lxml.html import HtmlElement

from ..errors import ExtractionError

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_local = threading.local()


def _parser() -> lhtml.HTMLParser:
    # lxml parser objects must not be shared between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = lhtml.HTMLParser(remove_comments=True, remove_pis=True)
    return parser


def parse_html(text: str) -> HtmlElement:
    """Build the page's tree with lxml, or with BeautifulSoup where lxml would lose text."""
    text = _XML_DECL.sub("", text, count=1)
    parser = _parser()
    try:
        root = lhtml.document_fromstring(text, parser=parser)
        too_deep = any("depth" in e.message for e in parser.error_log)
    except (etree.ParserError, ValueError):
        root, too_deep = None, False
    if root is not None and not too_deep:
        return root
    from lxml.html import soupparser  # BeautifulSoup: only for what lxml cannot read; slow to import

    try:
        return soupparser.fromstring(text)
    except RecursionError:
        raise ExtractionError("markup nested too deeply to read") from None
    except Exception as err:  # BeautifulSoup gave up as well: not a page we can read
        raise ExtractionError(f"unreadable markup ({type(err).__name__})") from None
