"""Bytes to text: BOM first, then the page's declared charset, then UTF-8, then detection."""

from __future__ import annotations

import codecs
import re

from ..errors import ExtractionError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 65536


def _codec(name: str) -> str | None:
    try:
        found = codecs.lookup(name.decode("ascii", "ignore") if isinstance(name, bytes) else name)
    except LookupError:
        return None
    # Pages that say latin-1 or ascii nearly always mean windows-1252 (the WHATWG rule).
    if found.name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return found.name


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control bytes: an image, PDF, archive..."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


# A well-formed two- or three-byte UTF-8 sequence (accented Latin, Cyrillic, CJK, punctuation).
_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_MIXED = "newssearch-cp1252"


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error(_MIXED, _cp1252_fallback)


def decode(data: bytes, *, html: bool = True) -> str:
    """Decode a document's bytes; raises ExtractionError when they are not text at all."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    if looks_binary(data):
        raise ExtractionError("binary content, not text")
    if html:
        m = _DECLARED.search(data[:_SNIFF_BYTES])
        if m:
            name = _codec(m.group(1) or m.group(2))
            if name and not name.startswith("utf-16"):  # a UTF-16 page cannot declare it in ASCII
                try:
                    return data.decode(name)
                except UnicodeDecodeError:
                    pass  # the declaration lies; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if len(data) - err.start < 4 and err.reason.startswith("unexpected end"):
            return data.decode("utf-8", errors="replace")  # truncated file: one broken char at the end
    if _MULTIBYTE.search(data):
        # Real UTF-8 letters with a few stray bytes (text pasted from a Latin-1 source): keep the
        # UTF-8 and read only the stray bytes as windows-1252.
        return data.decode("utf-8", errors=_MIXED)
    # Undeclared legacy text is usually windows-1252 (Western news sites); a detector guessing
    # from a few accented letters gets that wrong more often than right. Only when cp1252 turns
    # most letters into accented Latin (Cyrillic, Greek... read wrongly) do we ask the detector.
    western = data.decode("cp1252", errors="replace")
    letters = [c for c in western[:_DETECT_BYTES] if c.isalpha()]
    accented = sum(1 for c in letters if "\u00c0" <= c <= "\u00ff")
    if letters and accented < 0.3 * len(letters) and western.count("\ufffd") < 3:
        return western
    from charset_normalizer import from_bytes  # only pages that declare no charset need it

    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or "cp1252"
        return data.decode(name, errors="replace")
    return data.decode("cp1252", errors="replace")
