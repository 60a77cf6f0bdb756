"""The CLI through click's CliRunner: exit codes, human and JSON output, env var, errors without tracebacks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newssearch.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def indexed(runner, corpus, index_dir):
    r = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert r.exit_code == 0, r.output
    return index_dir


def test_index_summary_and_rerun(runner, corpus, index_dir):
    r = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert r.exit_code == 0
    assert "added 4, updated 0, removed 0, unchanged 0, skipped 0" in r.output
    r = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir), "--json"])
    report = json.loads(r.output)
    assert report["unchanged"] == 4 and report["added"] == 0 and report["skipped"] == []


def test_index_reports_skips_but_succeeds(runner, corpus, index_dir):
    (corpus / "blank.txt").write_text("")
    r = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert r.exit_code == 0
    assert "skipped" in r.output and "blank.txt: empty file" in r.output


def test_index_nothing_possible_exits_2(runner, tmp_path, index_dir):
    r = runner.invoke(main, ["index", str(tmp_path / "missing"), "--index", str(index_dir)])
    assert r.exit_code == 2
    assert "no such file or folder" in r.output
    assert "Traceback" not in r.output


def test_search_human_output_plain_when_piped(runner, indexed):
    r = runner.invoke(main, ["search", "storm power", "--index", str(indexed)])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "1. Storm batters coastal towns as thousands lose power"
    assert "Daily Planet · Lois Lane · 2021-03-04" in lines[1]
    assert lines[2].strip() == "https://planet.example/2021/03/storm"
    assert "[storm]" in r.output
    assert "\x1b[" not in r.output  # no colour codes when not a terminal
    assert lines[-1].startswith("1 of 1 results (") and lines[-1].endswith(" ms)")


def test_search_color_always(runner, indexed):
    r = runner.invoke(main, ["search", "storm", "--index", str(indexed), "--color", "always"])
    assert "\x1b[" in r.output and "[storm]" not in r.output


def test_search_json_schema(runner, indexed, corpus):
    r = runner.invoke(main, ["search", "climate", "--index", str(indexed), "--json", "--limit", "1"])
    assert r.exit_code == 0
    doc = json.loads(r.output)
    assert set(doc) == {"query", "total", "page", "limit", "took_ms", "hits"}
    assert doc["query"] == "climate" and doc["total"] == 2 and doc["page"] == 1 and doc["limit"] == 1
    assert len(doc["hits"]) == 1
    hit = doc["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "authors",
        "published",
        "source",
        "section",
        "url",
        "path",
        "score",
        "snippet",
        "versions",
    }
    assert hit["path"].startswith("/") and hit["path"].startswith(str(corpus))
    assert hit["published"].endswith("+00:00")
    assert isinstance(hit["score"], float) and isinstance(hit["authors"], list)


def test_search_ids_prints_the_same_hits_one_id_a_line(runner, indexed):
    doc = json.loads(runner.invoke(main, ["search", "climate", "--index", str(indexed), "--json"]).output)
    r = runner.invoke(main, ["search", "climate", "--index", str(indexed), "--ids"])
    assert r.exit_code == 0
    assert r.output.splitlines() == [h["id"] for h in doc["hits"]] and len(doc["hits"]) == 2


def test_search_facets_and_filters(runner, indexed):
    r = runner.invoke(main, ["search", "the OR a", "--index", str(indexed), "--facet", "year", "--json"])
    assert {f["value"]: f["count"] for f in json.loads(r.output)["facets"]["year"]} == {
        "2020": 1,
        "2021": 1,
        "2022": 1,
        "2023": 1,
    }
    r = runner.invoke(main, ["search", "climate", "--index", str(indexed), "--since", "2022", "--json"])
    assert [h["title"] for h in json.loads(r.output)["hits"]] == ["Leaders reach climate deal at summit"]
    r = runner.invoke(main, ["search", "the", "--index", str(indexed), "--sort", "newest", "--json"])
    years = [h["published"][:4] for h in json.loads(r.output)["hits"]]
    assert years == sorted(years, reverse=True)
    r = runner.invoke(main, ["search", "climate", "--index", str(indexed), "--facet", "source"])
    assert "source:" in r.output and "Global Courier" in r.output


def test_search_histogram_bar_chart_and_json(runner, indexed):
    r = runner.invoke(main, ["search", "the OR a", "--index", str(indexed), "--histogram", "year"])
    assert r.exit_code == 0 and "published per year:" in r.output
    bars = [line.split() for line in r.output.splitlines() if line.startswith("  20")]
    assert [(b[0], b[-1]) for b in bars] == [("2020", "1"), ("2021", "1"), ("2022", "1"), ("2023", "1")]
    assert all(b[1] == "█" * 40 for b in bars)  # equal counts, equal full-width bars
    r = runner.invoke(main, ["search", "", "--index", str(indexed), "--histogram", "month", "--json"])
    periods = json.loads(r.output)["histogram"]
    assert periods[0]["period"] < periods[-1]["period"] and sum(p["count"] for p in periods) == 4
    assert len(periods) > 12 and sum(1 for p in periods if p["count"] == 0) == len(periods) - 4  # gaps filled
    r = runner.invoke(main, ["search", "x", "--index", str(indexed), "--histogram", "week"])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_search_exit_codes(runner, indexed, tmp_path):
    assert runner.invoke(main, ["search", "zebra", "--index", str(indexed)]).exit_code == 1
    bad = runner.invoke(main, ["search", "published:[soon TO later]", "--index", str(indexed)])
    assert bad.exit_code == 2
    assert bad.output.startswith("newssearch: error: cannot read 'soon' as a date")
    missing = runner.invoke(main, ["search", "x", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no index at" in missing.output
    assert "Traceback" not in bad.output + missing.output
    assert not (tmp_path / "none").exists()  # searching never creates an index


def test_env_var_sets_the_index(runner, indexed):
    r = runner.invoke(main, ["search", "vaccine"], env={"NEWSSEARCH_INDEX": str(indexed)})
    assert r.exit_code == 0 and "Health agency approves updated vaccine" in r.output


def test_show_and_stats(runner, indexed):
    r = runner.invoke(main, ["show", "https://courier.example/climate-summit-deal", "--index", str(indexed)])
    assert r.exit_code == 0
    assert r.output.startswith("Leaders reach climate deal at summit\n")
    assert "authors: Clark Kent" in r.output and "World leaders agreed" in r.output
    r = runner.invoke(
        main, ["show", "https://courier.example/climate-summit-deal", "--index", str(indexed), "--json"]
    )
    assert json.loads(r.output)["tags"] == ["climate", "diplomacy"]
    r = runner.invoke(main, ["show", "nope", "--index", str(indexed)])
    assert r.exit_code == 2 and "no article with id 'nope'" in r.output
    r = runner.invoke(main, ["stats", "--index", str(indexed)])
    assert "articles: 4" in r.output and "published: 2020-05-09 to 2023-01-15" in r.output
    st = json.loads(runner.invoke(main, ["stats", "--index", str(indexed), "--json"]).output)
    assert st["articles"] == 4 and st["size_bytes"] > 0


def test_query_starting_with_minus_is_a_query(runner, indexed):
    r = runner.invoke(main, ["search", "-storm", "--index", str(indexed), "--json"])
    assert r.exit_code == 0
    titles = [h["title"] for h in json.loads(r.output)["hits"]]
    assert len(titles) == 3 and not any("Storm" in t for t in titles)


def test_paging(runner, indexed):
    r = runner.invoke(main, ["search", "the OR a", "--index", str(indexed), "--limit", "3", "--page", "2"])
    assert r.exit_code == 0
    assert r.output.splitlines()[0].startswith("4. ")
    assert r.output.splitlines()[-1].startswith("4-4 of 4 results")
    r = runner.invoke(main, ["search", "the OR a", "--index", str(indexed), "--limit", "3", "--page", "3", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["hits"] == [] and json.loads(r.output)["total"] == 4


def test_an_index_of_another_version_asks_for_a_rebuild_and_takes_it(runner, corpus, tmp_path):
    from whoosh import fields, index  # an index as another version of newssearch left it

    old = tmp_path / "old"
    old.mkdir()
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), sketch=fields.STORED())
    index.create_in(str(old), schema, indexname="newssearch")
    for args in (["search", "storm"], ["index", str(corpus)]):
        r = runner.invoke(main, [*args, "--index", str(old)])
        assert r.exit_code == 2 and "another version" in r.output and "--rebuild" in r.output
        assert "Traceback" not in r.output
    r = runner.invoke(main, ["index", str(corpus), "--index", str(old), "--rebuild"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["search", "storm", "--index", str(old), "--ids"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 1


def test_an_index_in_an_earlier_file_format_asks_for_a_rebuild(runner, corpus, tmp_path):
    from whoosh import index

    from newssearch.engine.schema import build_schema

    old = tmp_path / "old"
    old.mkdir()
    ix = index.create_in(str(old), build_schema(), indexname="newssearch")
    with ix.writer() as w:  # the same fields in Whoosh's own file format, as earlier versions wrote
        w.add_document(id="https://example.org/a", title="Storm", body="storm")
    r = runner.invoke(main, ["search", "storm", "--index", str(old)])
    assert r.exit_code == 2 and "another version" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["index", str(corpus), "--index", str(old), "--rebuild"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["search", "storm", "--index", str(old), "--ids"])
    assert r.exit_code == 0 and r.output.strip() and "example.org/a" not in r.output  # the rebuilt index
