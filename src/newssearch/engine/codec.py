"""How postings are laid out on disk: Whoosh's W3 codec, made smaller for news vocabularies.

Two changes, both read back by Whoosh's own W3 readers: posting lists of fewer than
INLINE_LIMIT documents (most of a news vocabulary: names, numbers, typos) live inside their
term entry instead of in a block of their own (~70 bytes of block framing each), and term
frequencies are pickled as small ints rather than 8-byte floats. Reading, a block's document
ids are summed from their gaps in C, not by Whoosh's Python generator.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter

INLINE_LIMIT = 4


class _PostingsWriter(W3PostingsWriter):
    def finish_postings(self) -> Any:
        # W3PostingsWriter's inline branch calls a method W3TermInfo lacks (set_inline, not
        # set_inlined), which is why Whoosh ships with inlining off; this is that branch, fixed.
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            # Formats without values (ids, keywords) read back None, as from a block, not "".
            values = self._values or [None] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _mini_weights(self) -> Any:
        weights = self._weights
        if weights and all(w.is_integer() and 1 < w < 1 << 30 for w in weights):
            if any(w != weights[0] for w in weights):
                return tuple(int(w) for w in weights)
        return super()._mini_weights()


class _LeafMatcher(W3LeafMatcher):
    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))  # (Whoosh: delta_decode, a generator)


class CompactCodec(W3Codec):
    """W3 with inlined short posting lists and integer frequencies."""

    def __init__(self) -> None:
        super().__init__(blocklimit=128, compression=3, inlinelimit=INLINE_LIMIT)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
