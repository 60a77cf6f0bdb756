"""The on-disk format (engine/codec.py, engine/columns.py): what is written is what is read back,
through Whoosh's own reader API, on real index files."""

from __future__ import annotations

import random
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import fields, index

from newssearch.engine.codec import POSTINGS_PER_BLOCK, TERMS_PER_BLOCK, NewsCodec
from newssearch.engine.columns import ChunkedBytesColumn
from newssearch.engine.schema import TEXT_ANALYZER, MemoText, position_gaps

WORDS = [f"w{i}" for i in range(300)]


def _schema() -> fields.Schema:
    return fields.Schema(
        body=MemoText(analyzer=TEXT_ANALYZER, phrase=True),
        tags=fields.KEYWORD(scorable=True),
        text=fields.COLUMN(ChunkedBytesColumn(chunk=512)),
    )


def _write(path, docs, batches=1):
    ix = index.create_in(str(path), _schema(), indexname="t")
    size = -(-len(docs) // batches)
    for start in range(0, len(docs), size):
        w = ix.writer(codec=NewsCodec())
        for body, tags, text in docs[start : start + size]:
            fieldvalues = {"body": " ".join(body), "tags": " ".join(tags)}
            if text is not None:
                fieldvalues["text"] = text
            w.add_document(**fieldvalues)
        w.commit(merge=False)
    return ix


def _expected(docs):
    body: dict[str, dict[int, list[int]]] = defaultdict(dict)
    tags: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for docnum, (words, taglist, _) in enumerate(docs):
        for pos, word in enumerate(words):
            body[word].setdefault(docnum, []).append(pos)
        for tag in taglist:
            tags[tag][docnum] += 1
    return body, tags


def _check(ix, docs):
    body, tags = _expected(docs)
    with ix.searcher() as s:
        r = s.reader()
        assert sorted(t.decode() for t in r.lexicon("body")) == sorted(body)
        assert sorted(t.decode() for t in r.lexicon("tags")) == sorted(tags)
        for word, postings in body.items():
            assert r.doc_frequency("body", word) == len(postings)
            assert r.frequency("body", word) == sum(map(len, postings.values()))
            m = r.postings("body", word)
            got = {}
            while m.is_active():
                got[m.id()] = (
                    m.weight(),
                    [sum(position_gaps(m.value())[: k + 1]) for k in range(int(m.weight()))],
                )
                m.next()
            assert got == {d: (len(p), p) for d, p in postings.items()}
            targets = sorted(postings)
            target = targets[len(targets) // 2]
            m = r.postings("body", word)
            m.skip_to(target)
            assert m.id() == target
        for tag, counts in tags.items():
            assert dict(r.postings("tags", tag).items_as("weight")) == counts
        assert ("body", b"nothing") not in r and r.doc_frequency("body", "nothing") == 0
        for segment, offset in r.leaf_readers():  # (per segment: a segment may lack the column)
            if segment.has_column("text"):
                column = segment.column_reader("text")
                for docnum in range(segment.doc_count_all()):
                    assert column[docnum] == (docs[offset + docnum][2] or b"")


doc = st.tuples(
    st.lists(st.sampled_from(WORDS[:40]) | st.sampled_from(WORDS), max_size=30),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=4),
    st.none() | st.binary(max_size=300),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(doc, min_size=1, max_size=60), batches=st.integers(1, 3))
def test_postings_terms_and_columns_read_back(tmp_path_factory, docs, batches):
    ix = _write(tmp_path_factory.mktemp("ix"), docs, batches)
    _check(ix, docs)


def test_long_posting_lists_span_blocks_and_term_tables_span_blocks(tmp_path):
    rng = random.Random(5)
    docs = []
    for _ in range(3 * POSTINGS_PER_BLOCK + 17):
        words = ["common", *rng.sample(WORDS, 8)] + ["common"] * rng.randrange(3)
        rng.shuffle(words)
        docs.append((words, ["x"] if rng.random() < 0.5 else [], rng.randbytes(rng.randrange(200))))
    docs.append((["gap", *["filler"] * 300, "gap", "common"], [], None))  # positions 300 apart
    assert len(set(WORDS)) > 2 * TERMS_PER_BLOCK
    ix = _write(tmp_path, docs)
    _check(ix, docs)
    with ix.searcher() as s:
        m = s.reader().postings("body", "common")
        m.skip_to(2 * POSTINGS_PER_BLOCK + 5)  # past two blocks, to one read by bisection
        assert m.id() == 2 * POSTINGS_PER_BLOCK + 5
        assert [t.decode() for t in s.reader().expand_prefix("body", "w1")][:3] == ["w1", "w10", "w100"]
