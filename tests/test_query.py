"""Every query-language construct on a small real index, and fuzzed queries that must never crash."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newssearch import QueryError
from newssearch.query_parser import Bool, DateRange, Everything, Phrase, Term, parse_query


def titles(results):
    return {h.title for h in results}


STORM = "Storm batters coastal towns as thousands lose power"
SUMMIT = "Leaders reach climate deal at summit"
FOOTBALL = "Late goal sends city club into the final"
VACCINE = "Health agency approves updated vaccine"


def test_bare_words_are_ranked_and_optional(archive):
    r = archive.search("storm summit")
    assert titles(r) == {STORM, SUMMIT}
    r = archive.search("climate storm")  # the storm page has both words (body + tag): it ranks first
    assert r.hits[0].title == STORM
    assert r.hits[0].score >= r.hits[1].score


@pytest.mark.parametrize("query", ["storm summit climate", 'climate "war in the world" deal', "power"])
def test_bag_of_words_scores_match_the_general_path(archive, query):
    # A bag of words is ranked a word at a time; a date filter sends the same words through
    # Whoosh's matchers instead. Filters never change scores, so both must agree exactly.
    fast = archive.search(query, limit=50, snippets=False)
    slow = archive.search(query, limit=50, snippets=False, since="1900")
    assert fast.total == slow.total > 0
    assert [(h.id, round(h.score, 9)) for h in fast] == [(h.id, round(h.score, 9)) for h in slow]


def test_a_word_in_most_articles_still_ranks_its_matches(archive):
    # BM25's own idf, log((N - n + 0.5)/(n + 0.5)), goes negative for a word in over half the
    # articles; the floor keeps every match scored above zero, more occurrences higher.
    every = archive.search("the", limit=50, snippets=False)
    assert every.total == archive.stats().articles and every.total >= 3
    assert all(h.score > 0 for h in every)


def test_hits_without_metadata_are_the_same_hits(archive):
    full = archive.search("storm summit climate", limit=50, snippets=False)
    bare = archive.search("storm summit climate", limit=50, snippets=False, metadata=False)
    assert full.total == bare.total > 1
    assert [(h.id, h.score) for h in full] == [(h.id, h.score) for h in bare]
    assert all(h.title == "" and h.published is None for h in bare) and all(h.title for h in full)


def test_the_best_hits_of_a_bag_of_words_are_exact_in_a_bigger_archive(tmp_path):
    # Rare words are scored first and common ones may then only add to the articles already
    # scored. Here the rare word sits once in long articles, while short articles repeat two
    # commoner words: they must still win, with the scores and total of scoring every match.
    from newssearch import Archive

    folder = tmp_path / "news"
    folder.mkdir()
    filler = "the city council said on monday that people " * 12
    for i in range(300):
        if i < 30:
            body = f"A bridge opened. {filler}"
        elif i < 50:
            body = "ferry storm ferry storm ferry storm"
        elif i < 150:
            body = f"ferry {filler[:200]}"
        elif i < 250:
            body = f"storm {filler[:200]}"
        else:
            body = filler
        text = f"by Jo Smith, March {1 + i % 28}, 2021\n{body}\n"
        (folder / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    with Archive(tmp_path / "idx") as a:
        a.index([folder])
        for query in ("bridge ferry storm", "storm bridge", 'bridge "ferry storm"', "bridge"):
            for limit, page, every in ((1, 1, True), (3, 2, True), (10, 5, True), (1, 1, False), (10, 1, False)):
                fast = a.search(query, limit=limit, page=page, snippets=False, all_versions=every)
                slow = a.search(query, limit=limit, page=page, snippets=False, all_versions=every, since="1900")
                assert fast.total == slow.total >= 30, query
                assert [(h.id, round(h.score, 9)) for h in fast] == [(h.id, round(h.score, 9)) for h in slow]
        best = a.search("bridge ferry storm", limit=20, all_versions=True)  # (the short ones are versions)
        assert {h.id for h in best} == {f"a{i:03}.txt" for i in range(30, 50)}


def test_exact_phrase_keeps_stop_words(archive):
    assert titles(archive.search('"war in the world"')) == {STORM}
    assert titles(archive.search('"war in a worlds"')) == {FOOTBALL}


def test_and_or_not_and_minus(archive):
    assert titles(archive.search("climate AND deal")) == {SUMMIT}
    assert titles(archive.search("storm OR vaccine")) == {STORM, VACCINE}
    assert titles(archive.search("climate NOT storm")) == {SUMMIT}
    assert titles(archive.search("climate -storm")) == {SUMMIT}
    assert titles(archive.search("+climate deal")) == {STORM, SUMMIT}


def test_parentheses(archive):
    assert titles(archive.search("(storm OR goal) AND weekend")) == {STORM}
    assert titles(archive.search("(storm OR goal) -weekend")) == {FOOTBALL}


def test_field_queries(archive):
    assert titles(archive.search("title:vaccine")) == {VACCINE}
    assert titles(archive.search("title:power")) == {STORM}
    assert titles(archive.search('author:"Clark Kent"')) == {SUMMIT}
    assert titles(archive.search("author:olsen")) == {FOOTBALL}
    assert titles(archive.search('source:"global courier"')) == {SUMMIT}
    assert titles(archive.search("section:weather")) == {STORM}
    assert titles(archive.search("tag:diplomacy")) == {SUMMIT}
    assert titles(archive.search('url:"https://planet.example/2021/03/storm"')) == {STORM}
    assert archive.search("storm").hits[0].url == "https://planet.example/2021/03/storm"
    assert archive.search("vaccine").hits[0].url is None  # a plain-text file has no URL


def test_date_ranges(archive):
    assert titles(archive.search("published:[2021-01-01 TO 2021-12-31]")) == {STORM}
    assert titles(archive.search("published:[2022 TO *]")) == {SUMMIT, VACCINE}
    assert titles(archive.search("published:2020")) == {FOOTBALL}
    assert titles(archive.search("published:<2021")) == {FOOTBALL}
    assert titles(archive.search("climate", since="2022-01", until="2022-12-31")) == {SUMMIT}
    with pytest.raises(QueryError, match="date"):
        archive.search("published:[yesterday-ish TO soon]")
    with pytest.raises(QueryError):
        archive.search("storm", since="2023", until="2021")


def test_date_filters_are_exact_and_leave_out_undated(archive, corpus):
    (corpus / "undated.txt").write_text("Undated harbour note\nThe council met about the harbour.\n")
    archive.index([corpus])
    assert titles(archive.search("the", since="2021-03-04", until="2021-03-04")) == {STORM}  # 10:00 UTC
    after = datetime(2021, 3, 4, 10, 0, 1, tzinfo=timezone.utc)
    assert STORM not in titles(archive.search("the", since=after, until="2021"))
    assert STORM in titles(archive.search("the", since=after - timedelta(seconds=2), until="2021"))
    everything = archive.search("the", since="1900", sort="newest")
    assert "Undated harbour note" in titles(archive.search("the", sort="newest"))
    assert "Undated harbour note" not in titles(everything)
    assert everything.total == 4
    assert [h.published.year for h in everything] == [2023, 2022, 2021, 2020]
    r = archive.search("the", since="2021", source="global courier", facets=["year"])
    assert titles(r) == {SUMMIT}
    assert dict(r.facets["year"]) == {"2022": 1}


def test_prefix(archive):
    assert titles(archive.search("vacc*")) == {VACCINE}
    assert titles(archive.search("emiss*")) == {SUMMIT}
    hit = archive.search("vacc*").hits[0]
    assert "[vaccine" in hit.snippet.lower()  # expansions are highlighted
    assert titles(archive.search("vacc* OR storm")) == {VACCINE, STORM}
    assert titles(archive.search("vacc* AND storm")) == set()


def test_prose_just_works(archive):
    for q in [
        "What did the health agency approve?",
        "who won the cup final, and how?",
        "storm's damage: power lost (thousands)",
        "DID THE LEADERS AGREE ON CLIMATE .",
        "it's  -- a 'storm' ?!",
        "AND",
        "NOT OR",
        '"',
        "(((",
        "title:",
        "foo:bar storm",
    ]:
        archive.search(q)  # never a syntax error
    assert archive.search("What did the health agency approve?").hits[0].title == VACCINE
    # All-caps prose: AND is a word, not an operator, so this is a ranked bag of words.
    assert len(archive.search("STORM AND VACCINE").hits) == 2


def test_filters_do_not_change_the_query(archive):
    assert titles(archive.search("climate", source="Global Courier")) == {SUMMIT}
    assert titles(archive.search("climate", author="lois lane")) == {STORM}
    assert titles(archive.search("climate", tag="climate")) == {STORM, SUMMIT}
    assert titles(archive.search("climate", section="Politics")) == {SUMMIT}


def test_a_blank_query_browses_every_article_newest_first(archive):
    everything = archive.search("", facets=["source"])
    assert everything.total == 4 and len(everything.hits) == 4
    assert [h.published.year for h in everything][:2] == [2023, 2022] and everything.hits[0].score is None
    assert everything.facets == archive.search("the", facets=["source"]).facets  # "the" is in all four
    assert titles(archive.search("  ", source="Global Courier")) == {SUMMIT}
    assert titles(archive.search("", since="2023")) == {h.title for h in everything if h.published.year == 2023}
    oldest = archive.search("", sort="oldest", limit=1)
    assert oldest.hits[0].published == min(h.published for h in everything)
    assert archive.search("?!").total == 0  # punctuation is not a blank query: no words, no hits


def test_sorting_and_paging(archive):
    newest = archive.search("the", sort="newest", limit=2)
    assert [h.published.year for h in newest] == [2023, 2022]
    assert newest.total == 4
    oldest = archive.search("the", sort="oldest", limit=2, page=2)
    assert [h.published.year for h in oldest] == [2022, 2023]
    with pytest.raises(QueryError):
        archive.search("storm", sort="sideways")


def test_words_by_date_list_what_the_general_path_lists(tmp_path):
    # A bag of words sorted by date is listed from posting sets and the date columns; asking for
    # a facet sends it through Whoosh's sorting collector. Same matches, same order: date ties,
    # undated articles, two segments and deleted articles included.
    from newssearch import Archive

    folder = tmp_path / "news"
    folder.mkdir()
    months = ["January", "March", "June"]
    for i in range(90):
        byline = f"by Staff, {months[i % 3]} {1 + i % 5}, {2019 + i % 4}\n" if i % 7 else ""
        body = "The harbour board met." if i % 2 else "Ferry times changed."
        (folder / f"n{i:02d}.txt").write_text(f"Harbour note {i}\n{byline}{body} Note {i}.\n")
    with Archive(tmp_path / "idx") as a:
        a.index([folder])
        for i in range(0, 90, 4):
            (folder / f"n{i:02d}.txt").write_text(f"Harbour note {i}\nby Staff, May 2, 2020\nRevised.\n")
        (folder / "n01.txt").unlink()
        a.index([folder])
        for kwargs in ({}, {"since": "2020", "until": "2021-06"}, {"since": "2022"}):
            for sort in ("newest", "oldest"):
                for page in (1, 2):
                    fast = a.search("harbour", sort=sort, limit=10, page=page, all_versions=True, **kwargs)
                    slow = a.search(
                        "harbour", sort=sort, limit=10, page=page, all_versions=True, facets=["year"], **kwargs
                    )
                    assert fast.total == slow.total > 0
                    assert [h.id for h in fast] == [h.id for h in slow], (kwargs, sort, page)


def test_facets_of_ranked_words_count_what_the_collector_counts(archive, corpus):
    # Ranked words count their facets over the matches scoring found; sorted by date, the same
    # query's facets come from Whoosh's collector. Counts, totals and hits must agree.
    (corpus / "undated.txt").write_text("Undated harbour note\nThe council met about the harbour.\n")
    archive.index([corpus])
    names = ["source", "author", "tag", "year", "language", "section"]
    for query in ("the", "storm summit climate", "harbour OR vaccine", "climat*"):
        ranked = archive.search(query, facets=names, histogram="year", limit=3)
        dated = archive.search(query, facets=names, histogram="year", sort="newest", limit=3)
        plain = archive.search(query, limit=3)
        assert ranked.total == dated.total == plain.total > 0, query
        assert ranked.facets == dated.facets and ranked.histogram == dated.histogram, query
        assert [(h.id, h.score) for h in ranked] == [(h.id, h.score) for h in plain], query
    assert sum(n for _, n in archive.search("the", facets=["year"]).facets["year"]) == 4  # undated: none


def test_prefixes_anded_match_the_articles_holding_both(archive):
    # Each prefix is a constant-score set of terms; ANDed, they meet as a set intersection.
    def ids(query: str, **kwargs) -> list[str]:
        return [h.id for h in archive.search(query, limit=50, all_versions=True, **kwargs)]

    both = archive.search("clim* AND summ*", limit=50, all_versions=True)
    assert both.total == len(set(ids("clim*")) & set(ids("summ*"))) > 0
    assert len({h.score for h in both}) == 1  # every match scores alike
    assert set(ids("clim* AND summ*", sort="newest")) == {h.id for h in both}
    assert ids("clim* AND summ* AND storm*") == [] or set(ids("clim* AND summ* AND storm*")) <= set(ids("storm*"))


def test_undated_articles_sort_last_both_ways(archive, corpus):
    (corpus / "undated.txt").write_text("Undated harbour note\nThe council met about the harbour.\n")
    archive.index([corpus])
    assert [h.title for h in archive.search("the", sort="newest", limit=10)][-1] == "Undated harbour note"
    assert [h.title for h in archive.search("the", sort="oldest", limit=10)][-1] == "Undated harbour note"


def test_snippets_highlight_matches(archive):
    hit = archive.search("electricity").hits[0]
    assert "[electricity]" in hit.snippet
    assert ("electricity", True) in hit.parts


def test_facets_count_all_matches(archive):
    r = archive.search("the OR a", facets=["source", "year", "author"], limit=1)
    assert dict(r.facets["year"]) == {"2020": 1, "2021": 1, "2022": 1, "2023": 1}
    assert dict(r.facets["source"]) == {"Daily Planet": 1, "Global Courier": 1}
    assert dict(r.facets["author"])["Clark Kent"] == 1
    with pytest.raises(QueryError):
        archive.search("x", facets=["colour"])


def test_parser_tree():
    assert parse_query("a b") == Bool(should=(Term("a"), Term("b")))
    assert parse_query('title:"big storm"') == Phrase("big storm", "title")
    assert parse_query("x published:[2020 TO 2021]") == Bool(
        should=(Term("x"),), must=(DateRange("published", "2020", "2021"),)
    )
    assert parse_query("elect*") == Term("elect", prefix=True)
    assert parse_query("  ") == Everything()
    assert parse_query("?!") is None


QUERY_ALPHABET = (
    st.sampled_from(
        list("abcxyz AND OR NOT ()\"*:-+[]{}TO 2021-01 title: author: published: foo: ?!.,'\x00\t\n")
    )
    | st.characters()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=QUERY_ALPHABET, max_size=60))
def test_fuzzed_queries_raise_only_query_error(archive, text):
    try:
        r = archive.search(text)
    except QueryError as err:
        assert str(err)
    else:
        assert r.total >= 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12),
        min_size=1,
        max_size=12,
    )
)
def test_fuzzed_prose_never_errors(archive, words):
    archive.search(" ".join(words))  # prose (letters, digits, punctuation) must not raise at all


def test_totals_count_every_match_beyond_the_first_page(tmp_path):
    """Totals are exact on a multi-segment index with deletions, however far down the matches go."""
    from newssearch import Archive

    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(300):
        body = "The harbour report lists ship arrivals. " * (1 + i % 7) if i % 2 else "Cargo figures for the week."
        (folder / f"n{i:03d}.txt").write_text(f"Harbour report {i}\n\n{body}\n")
    with Archive(tmp_path / "idx") as a:
        a.index([folder])
        for i in range(0, 300, 3):  # a second segment, and deletions in the first
            path = folder / f"n{i:03d}.txt"
            path.write_text(path.read_text() + "\nCorrection appended.\n")
            os.utime(path, (1, 2_000_000_000))
        a.index([folder])
        for query in ("report", "harbour report", "report OR cargo"):
            r = a.search(query, limit=10)
            assert r.total == 300, query
            pages = [a.search(query, limit=100, page=p, all_versions=True) for p in (1, 2, 3)]
            assert len({h.path for p in pages for h in p}) == 300


PHRASE_VOCAB = ["red", "blue", "green", "fox", "dog", "sun", "the", "of"]  # each its own stem


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PHRASE_VOCAB), min_size=1, max_size=30), min_size=1, max_size=20),
    st.lists(st.sampled_from(PHRASE_VOCAB), min_size=2, max_size=4),
    st.integers(0, 19),
)
def test_a_phrase_matches_exactly_the_articles_holding_its_words_in_order(bodies, phrase, deleted):
    """Checked against a brute-force scan, on an index with two segments and a deletion."""
    import tempfile
    from pathlib import Path

    from newssearch import Archive

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        half = len(bodies) // 2
        with Archive(Path(tmp) / "idx") as a:
            for part in (range(half), range(half, len(bodies))):
                for i in part:
                    (folder / f"n{i:02d}.txt").write_text(f"Note {i}\n\n{' '.join(bodies[i])}.\n")
                a.index([folder])
            if deleted < len(bodies):
                (folder / f"n{deleted:02d}.txt").unlink()
                a.index([folder])
            r = a.search('"' + " ".join(phrase) + '"', limit=100, all_versions=True)
        n = len(phrase)
        expected = {
            f"Note {i}"
            for i, words in enumerate(bodies)
            if i != deleted and any(words[k : k + n] == phrase for k in range(len(words) - n + 1))
        }
        assert {h.title for h in r} == expected and r.total == len(expected)


def test_histograms_count_every_match_per_period_with_empty_periods(archive, corpus):
    (corpus / "undated.txt").write_text("Undated harbour note\nThe council met about the harbour.\n")
    archive.index([corpus])
    everything = archive.search("", limit=100)
    dated = sorted(h.published.astimezone(timezone.utc) for h in everything if h.published)
    years = archive.search("", histogram="year").histogram
    assert years[0][0] == str(dated[0].year) and years[-1][0] == str(dated[-1].year)
    assert [int(y) for y, _ in years] == list(range(dated[0].year, dated[-1].year + 1))  # gaps as 0
    assert sum(n for _, n in years) == len(dated)  # the undated article counts nowhere
    months = archive.search("the", histogram="month", limit=1).histogram
    assert dict(months)[dated[-1].strftime("%Y-%m")] >= 1 and sum(n for _, n in months) == len(dated)
    assert archive.search("zebra", histogram="year").histogram == []
    assert archive.search("storm").histogram is None
    with pytest.raises(QueryError, match="unknown histogram"):
        archive.search("storm", histogram="week")
