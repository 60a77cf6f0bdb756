"""Research features: versions of a story folded into one hit, did-you-mean, more like this.

Each is tested on small archives written here and, when ../shared is present, on real data:
syndicated variants of Reuters-21578 stories and the TIME test collection.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newssearch import Archive, ArticleNotFound
from newssearch.cli import main
from newssearch.fingerprint import are_versions, band_slices, similarity, sketch

from .conftest import SHARED, page

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
REUTERS = SHARED / "data" / "corpus" / "reuters21578"
TIME = SHARED / "data" / "relevance" / "time"

STORY = [
    "The central bank raised its main interest rate by half a point on Tuesday, the third "
    "increase this year, saying inflation had proved more stubborn than it expected in the spring.",
    "Governor Maria Ortega told reporters the bank would keep tightening until price growth "
    "returned towards its two percent target, even if that meant slower hiring next year.",
    "Markets had expected a quarter-point move. The currency rose one percent against the dollar "
    "within minutes of the announcement and government bond yields climbed across the curve.",
    "Retailers and home builders warned that higher borrowing costs would weigh on spending "
    "during the holiday season, while savers welcomed better returns on deposits.",
]
OTHER_STORIES = {
    "harbour": [
        "A winter storm closed the harbour for two days, stranding fishing boats and delaying ferry "
        "crossings to the islands, the port authority said on Monday.",
        "Crews worked through the night to repair a damaged section of the sea wall before the next "
        "high tide, and the coastguard warned sailors to stay ashore.",
    ],
    "election": [
        "Voters in the northern province chose a new regional parliament on Sunday, with turnout "
        "rising to its highest level in twenty years after a bitter campaign over hospital funding.",
        "The opposition alliance claimed victory shortly after midnight as early counts showed it "
        "winning most of the rural districts that had long backed the governing party.",
    ],
}


def _write_versions(folder: Path) -> None:
    """One story three ways (wire, a reprint with a new headline and a paragraph more, a plain-text
    copy trimmed at the bottom), plus two other stories."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.html").write_text(page(
        "Central bank raises rates by half a point", STORY, site="Wire Service", author="Ana Garcia",
        url="https://wire.example/rates", date="2022-10-04T09:00:00Z",
    ))
    reprint = STORY[:2] + ["Local economists said mortgage holders in the city would feel the change first."] + STORY[2:]
    (folder / "gazette.html").write_text(page(
        "Rate rise bigger than expected as bank fights inflation", reprint + ["Reporting by Ana Garcia."],
        site="Gotham Gazette", author="Staff", url="https://gazette.example/rates", date="2022-10-04T15:00:00Z",
    ))
    (folder / "ledger.txt").write_text(
        "Bank lifts rates again\n\nby Ledger Staff, October 5, 2022\n\n" + "\n\n".join(STORY[:3]) + "\n"
    )
    for name, paragraphs in OTHER_STORIES.items():
        (folder / f"{name}.html").write_text(page(f"{name.title()} news", paragraphs, url=f"https://x.example/{name}"))


# --- versions of a story ---------------------------------------------------------------------------


def test_versions_of_a_story_fold_into_one_hit(tmp_path: Path) -> None:
    _write_versions(tmp_path / "news")
    with Archive(tmp_path / "idx") as a:
        a.index([tmp_path / "news"])
        r = a.search("interest rate inflation bank")
        rate_hits = [h for h in r if "rates" in h.id or h.id.endswith("ledger.txt")]
        assert len(rate_hits) == 1 and r.total == 3  # total still counts every match
        assert sorted(v.source or "" for v in rate_hits[0].versions) == sorted(
            {"Wire Service", "Gotham Gazette", ""} - {rate_hits[0].source or ""}
        )
        every = a.search("interest rate inflation bank", all_versions=True)
        assert len(every.hits) == 3 and all(not h.versions for h in every)
        assert {v.id for v in a.versions("https://wire.example/rates")} == {"https://gazette.example/rates", "ledger.txt"}
        assert a.versions("https://x.example/harbour") == []
        with pytest.raises(ArticleNotFound):
            a.versions("https://nowhere.example/")
        # A version deleted from disk leaves the group at the next run.
        (tmp_path / "news" / "gazette.html").unlink()
        a.index([tmp_path / "news"])
        assert [v.id for v in a.versions("https://wire.example/rates")] == ["ledger.txt"]


def test_cli_shows_versions_and_all_versions_lists_them(tmp_path: Path) -> None:
    _write_versions(tmp_path / "news")
    runner = CliRunner()
    index = str(tmp_path / "idx")
    assert runner.invoke(main, ["index", str(tmp_path / "news"), "--index", index]).exit_code == 0
    r = runner.invoke(main, ["search", "central bank rates", "--index", index])
    assert r.exit_code == 0 and "+ 2 similar versions: Gotham Gazette, ledger.txt" in r.output
    assert "1 of 3 results" in r.output and "versions of a story shown once" in r.output
    doc = json.loads(runner.invoke(main, ["search", "central bank rates", "--index", index, "--json"]).output)
    assert len(doc["hits"]) == 1 and len(doc["hits"][0]["versions"]) == 2
    doc = json.loads(
        runner.invoke(main, ["search", "central bank rates", "--index", index, "--json", "--all-versions"]).output
    )
    assert len(doc["hits"]) == 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(max_size=400))
def test_sketches_of_any_text_compare_without_error(a: str, b: str) -> None:
    sa, sb = sketch(a), sketch(b)
    assert sa == b"" or len(sa) == len(sketch("one two three"))
    assert similarity(sa, sb) == similarity(sb, sa)
    assert all(0.0 <= x <= 1.0 for x in similarity(sa, sb))
    if sa:
        assert are_versions(sa, sa) and len(band_slices(sa)) > 0


def test_sketch_tells_a_trimmed_reprint_from_another_story() -> None:
    wire = sketch(" ".join(STORY))
    assert are_versions(wire, sketch(" ".join(STORY[:3]) + " Reporting by Ana Garcia."))
    assert not are_versions(wire, sketch(" ".join(OTHER_STORIES["election"])))
    # Same topic, same day, different story: shares words but not sentences.
    other_rates = (
        "The finance ministry said on Tuesday it would raise the cap on savings deposits after the central "
        "bank increase, and cut fees on government bonds sold to households, to help savers and the currency."
    )
    assert not are_versions(wire, sketch(other_rates))


def test_unrelated_long_articles_agree_on_few_sketch_bins() -> None:
    """Bins of two unrelated long texts agree only by chance (1 in 255 each): a sketch that kept a
    minimum's top bits, mostly zeros in a long text, would have them agree on several bins."""
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(20_000)]
    agreeing = []
    for _ in range(20):
        a, b = (sketch(" ".join(rng.choices(vocabulary, k=3000))) for _ in range(2))
        agreeing.append(sum(x == y for x, y in zip(a[:64], b[:64], strict=True)))
        assert not are_versions(a, b)
    assert sum(agreeing) / len(agreeing) < 1.5, agreeing


@pytest.mark.skipif(not REUTERS.is_dir(), reason=f"the Reuters corpus is not at {REUTERS} (../shared absent)")
def test_syndicated_reuters_variants_are_grouped(tmp_path: Path) -> None:
    """A small run of benchmarks/duplicates.py: real Reuters stories, their syndicated variants and
    same-topic-same-day stories, grouped through the real index."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import duplicates  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    result = duplicates.evaluate(originals=40, seed=7)
    everything = result["halves"]["all"]
    assert everything["labelled_pairs"] > 40
    assert everything["precision"] >= 0.97 and everything["recall"] >= 0.9, everything


# --- did you mean --------------------------------------------------------------------------------


def _write_newsroom(folder: Path) -> None:
    """Forty short stories on a few subjects: enough articles for word counts to mean something."""
    folder.mkdir(parents=True, exist_ok=True)
    subjects = [
        "The government said parliament would vote on the budget next week.",
        "Inflation slowed in March as energy prices fell, the statistics office said.",
        "The minister defended the government budget in a heated parliament debate.",
        "Exporters welcomed the weaker currency as factory orders rose again.",
    ]
    for i in range(40):
        text = f"{subjects[i % 4]} Report number {i} from the newsroom desk."
        (folder / f"s{i:02d}.txt").write_text(f"Story {i}\n\nby Desk, March {1 + i % 28}, 2023\n\n{text}\n")


def test_a_misspelled_query_is_corrected_or_suggested(tmp_path: Path) -> None:
    _write_newsroom(tmp_path / "news")
    with Archive(tmp_path / "idx") as a:
        a.index([tmp_path / "news"])
        r = a.search("goverment")  # nothing matches: the corrected query runs
        assert r.corrected_from == "goverment" and r.query == "government" and r.total == 20
        assert a.search("goverment", autocorrect=False).total == 0
        assert a.search("goverment", autocorrect=False).suggestion == "government"
        r = a.search("Parliment budget")  # "budget" matches: a suggestion, case kept
        assert r.corrected_from is None and r.total > 0 and r.suggestion == "Parliament budget"
        assert a.search('"goverment budget"', autocorrect=False).suggestion == '"government budget"'
        for right in ("government budget", "inflation", "currency orders", "newsroom desk"):
            r = a.search(right)
            assert r.suggestion is None and r.corrected_from is None, right
        assert a.search("zzqxv").suggestion is None  # nothing close: nothing offered


def test_cli_prints_did_you_mean_and_showing_results_for(tmp_path: Path) -> None:
    _write_newsroom(tmp_path / "news")
    runner = CliRunner()
    index = str(tmp_path / "idx")
    runner.invoke(main, ["index", str(tmp_path / "news"), "--index", index])
    r = runner.invoke(main, ["search", "inflaton", "--index", index])
    assert r.exit_code == 0 and r.output.startswith("Showing results for inflation (nothing matched 'inflaton'")
    r = runner.invoke(main, ["search", "inflaton", "--index", index, "--no-autocorrect"])
    assert r.exit_code == 1 and "Did you mean: inflation" in r.output
    doc = json.loads(runner.invoke(main, ["search", "inflaton prices", "--index", index, "--json"]).output)
    assert doc["suggestion"] == "inflation prices" and "corrected_from" not in doc


@pytest.mark.skipif(not REUTERS.is_dir(), reason=f"the Reuters corpus is not at {REUTERS} (../shared absent)")
def test_misspelled_names_and_words_on_reuters(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import make_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    make_corpus.write_corpus(tmp_path / "pages", 3000, "html", seed=1)
    with Archive(tmp_path / "idx") as a:
        a.index([tmp_path / "pages"])
        fixed = {typo: a.search(typo) for typo in ("Reagn", "inflaton", "goverment", "Volker", "tokoy stocks")}
        offered = {typo: r.query if r.corrected_from else r.suggestion for typo, r in fixed.items()}
        assert offered == {
            "Reagn": "Reagan", "inflaton": "inflation", "goverment": "government", "Volker": "Volcker",
            "tokoy stocks": "tokyo stocks",
        }
        for right in ("Reagan", "oil prices", "Bundesbank", "Tokyo stocks", "Yeutter", "sugar"):
            r = a.search(right)
            assert r.total > 0 and r.suggestion is None and r.corrected_from is None, right


# --- more like this --------------------------------------------------------------------------------


def test_more_like_this_finds_the_same_subject_and_not_the_versions(tmp_path: Path) -> None:
    _write_versions(tmp_path / "news")
    more = {
        "harbour2": [  # the same subject, another story
            "Ferry operators said the storm that shut the harbour cost them a week of sailings, and asked "
            "the port authority to speed up work on the damaged sea wall before winter sets in.",
        ],
        "rates2": [
            "Higher interest rates from the central bank pushed mortgage costs to a ten-year high, "
            "lenders said, as inflation kept the bank tightening.",
        ],
    }
    for name, paragraphs in more.items():
        (tmp_path / "news" / f"{name}.html").write_text(page(name, paragraphs, url=f"https://x.example/{name}"))
    with Archive(tmp_path / "idx") as a:
        a.index([tmp_path / "news"])
        r = a.more_like_this("https://wire.example/rates")
        ids = [h.id for h in r]
        assert ids[0] == "https://x.example/rates2"
        assert not {"https://wire.example/rates", "https://gazette.example/rates", "ledger.txt"} & set(ids)
        assert a.more_like_this("https://x.example/harbour").hits[0].id == "https://x.example/harbour2"
        with pytest.raises(ArticleNotFound):
            a.more_like_this("https://nowhere.example/")
    runner = CliRunner()
    r = runner.invoke(main, ["similar", "https://x.example/harbour", "--index", str(tmp_path / "idx"), "-n", "1"])
    assert r.exit_code == 0 and "harbour2" in r.output
    r = runner.invoke(main, ["similar", "https://nowhere.example/", "--index", str(tmp_path / "idx")])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "no article with id" in r.output  # as `show`


@pytest.mark.skipif(not TIME.is_dir(), reason=f"the TIME collection is not at {TIME} (../shared absent)")
def test_more_like_this_beats_a_headline_query_on_time() -> None:
    """benchmarks/more_like_this.py in small: seeds from the TIME judgements find more of their
    fellow relevant articles than a query by headline does."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import more_like_this  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    report = more_like_this.evaluate(("standard",), every_seed=False)["standard"]
    result = report["systems"]
    assert result["more_like_this"]["share_first_seed"] > result["headline (6 words)"]["share_first_seed"] + 0.1
    assert result["more_like_this"]["share_first_seed"] >= 0.5
    duel = report["paired"]["more_like_this vs headline (6 words)"]["first"]
    assert duel["wins"] > 3 * duel["losses"]


@pytest.mark.skipif(not TIME.is_dir(), reason=f"the TIME collection is not at {TIME} (../shared absent)")
def test_time_queries_rank_as_benchmarked(tmp_path: Path) -> None:
    """benchmarks/relevance.py's newssearch run: every TIME query's raw prose is answered, each
    judged query with at least ten articles, and nDCG@10 holds the issue's bar of 0.72."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import relevance  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    docs, queries, qrels = relevance.load()
    rank = relevance.newssearch_ranker(docs, tmp_path)
    runs = {qid: rank(text) for qid, text in queries.items()}
    judged = {qid: rel for qid, rel in qrels["standard"].items() if rel}
    assert min(len(runs[qid]) for qid in judged) >= 10
    assert relevance.summarise(relevance.per_query(runs, judged))["ndcg@10"] >= 0.72
