"""Plain-text articles: bylines, datelines, promos, Markdown titles."""

from __future__ import annotations

from datetime import date

from newssearch import extract


def test_seed_article_facts(seed):
    article = extract(seed.read_bytes(), path=str(seed))
    assert article.authors == ["WorldTribune Staff"]
    assert article.published is not None and article.published.date() == date(2021, 11, 2)
    assert article.published.tzinfo is not None
    assert article.body.startswith("Former Afghan security personnel")
    assert "Executive Intelligence Brief" not in article.body
    assert "by WorldTribune Staff" not in article.body
    assert article.body.rstrip().endswith("Kahl said.")
    # No title line: the title is the file name's (a made-up one from the lede would skew ranking).
    assert article.title == "000 e10fcc73604f70f2"
    assert article.language == "en"
    assert article.word_count > 300
    assert "\n\n" in article.body  # paragraphs separated by blank lines


def test_byline_variants():
    for line, who, day in [
        ("By Jane Doe, Nov. 2, 2021", ["Jane Doe"], date(2021, 11, 2)),
        ("by Jane Doe and John Roe, 2 November 2021", ["Jane Doe", "John Roe"], date(2021, 11, 2)),
        ("— Jane Doe | 2021-11-02", ["Jane Doe"], date(2021, 11, 2)),
        ("BY JANE DOE, SEPT. 9, 2019", ["Jane Doe"], date(2019, 9, 9)),  # capitals title-cased
    ]:
        a = extract(f"{line}\nThe council voted on Tuesday to close the old bridge.\nIt reopens in May.\n")
        assert a.authors == who, line
        assert a.published and a.published.date() == day, line
        assert a.body.startswith("The council voted"), line


def test_title_line_then_byline_and_trailing_promo():
    a = extract(
        "Bridge closes for repairs\nby Jane Doe, March 3, 2022\n"
        "The council voted on Tuesday to close the old bridge.\nIt reopens in May.\n"
        "Subscribe to our newsletter for more local news.\n",
        path="/x/bridge.txt",
    )
    assert a.title == "Bridge closes for repairs"
    assert a.body == "The council voted on Tuesday to close the old bridge.\n\nIt reopens in May."


def test_wire_dateline_gives_source_and_stays_in_body():
    a = extract("WASHINGTON, Nov. 2, 2021 (Reuters) - The Senate passed the bill on Tuesday.\nMore follows.")
    assert a.source == "Reuters"
    assert a.published and a.published.date() == date(2021, 11, 2)
    assert a.body.startswith("WASHINGTON")


def test_markdown_heading_is_title():
    a = extract(
        "# Health agency approves vaccine\n\nBy Diana Prince, January 15, 2023\n\nThe agency said so.\n",
        path="news/vaccine.md",
    )
    assert a.title == "Health agency approves vaccine"
    assert a.authors == ["Diana Prince"]
    assert a.body == "The agency said so."


def test_ids_follow_the_rules():
    text = "Some headline\nThe body of the story is here."
    assert extract(text).id == extract(text).id  # content hash: stable
    assert extract(text, path="/abs/a.txt", relpath="a.txt").id == "a.txt"
    assert extract(text, url="https://x.example/a", relpath="a.txt").id == "https://x.example/a"


def test_markdown_front_matter_gives_title_authors_and_date():
    body = "The council voted on Monday to rebuild the harbour wall.\n\nThe work starts in spring.\n"
    yaml = ('---\ntitle: "Harbour wall to be rebuilt"\nauthors:\n  - Jane Doe\n  - John Roe\n'
            "date: 2019-03-04T10:00:00+01:00\ntags: [harbour, council]\n---\n\n")
    toml = '+++\ntitle = "Harbour wall to be rebuilt"\nauthor = "Jane Doe"\ndate = 2019-03-04\n+++\n\n'
    for head, who in ((yaml, ["Jane Doe", "John Roe"]), (toml, ["Jane Doe"])):
        a = extract(head + body, path="news/wall.md")
        assert a.title == "Harbour wall to be rebuilt" and a.authors == who
        assert a.published and a.published.date() == date(2019, 3, 4)
        assert a.body.startswith("The council voted") and "---" not in a.body and "+++" not in a.body
    assert extract(yaml + body, path="news/wall.md").tags == ["harbour", "council"]


def test_a_title_over_its_byline_in_one_block_and_a_byline_in_emphasis():
    body = "The council voted on Monday to rebuild the harbour wall.\n\nThe work starts in spring.\n"
    a = extract("Harbour wall to be rebuilt\nby Jane Doe, March 4, 2019\n\n" + body)
    assert a.title == "Harbour wall to be rebuilt" and a.authors == ["Jane Doe"]
    assert a.body.startswith("The council voted")
    md = extract("# Harbour wall to be rebuilt\n\n*By Jane Doe, March 4, 2019*\n\n" + body, path="wall.md")
    assert md.authors == ["Jane Doe"] and md.published and md.published.date() == date(2019, 3, 4)
    # A first paragraph wrapped at 72 columns is no title over a byline.
    wrapped = extract("The council voted on Monday to rebuild the harbour wall, which fell in a\n"
                      "storm last week, officials said.\n\nThe work starts in spring.\n", path="wall.txt")
    assert wrapped.body.startswith("The council voted on Monday to rebuild the harbour wall, which fell in a storm")


def test_text_between_two_rules_is_not_front_matter():
    a = extract("---\nA word from the editor before the story.\n---\n\nThe council voted on Monday.\n", path="x.md")
    assert a.body.startswith("A word from the editor")


def test_one_paragraph_per_line_with_a_blank_line_at_the_end():
    a = extract("Harbour wall to be rebuilt\nThe council voted on Monday to rebuild it.\nThe work starts in spring.\n\n")
    assert a.title == "Harbour wall to be rebuilt"
    assert a.body == "The council voted on Monday to rebuild it.\n\nThe work starts in spring."


def test_a_story_wrapped_at_a_fixed_width_reads_as_paragraphs():
    # The wire's layout: no blank lines, lines wrapped at 60-odd columns, paragraphs indented.
    wire = ("BAHIA COCOA REVIEW\n"
            "    SALVADOR, Feb 26 - Showers continued throughout the week in\n"
            "the Bahia cocoa zone, alleviating the drought since early\n"
            "January and improving prospects for the coming temporao,\n"
            "Comissaria Smith said in its weekly review.\n"
            "    The dry period means the temporao will be late this year.\n"
            "    Arrivals for the week ended February 22 were 155,221 bags\n"
            "of 60 kilos, against 5.81 mln at the same stage last year.\n")
    a = extract(wire)
    assert a.title == "BAHIA COCOA REVIEW"
    assert a.body.split("\n\n") == [
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating "
        "the drought since early January and improving prospects for the coming temporao, Comissaria "
        "Smith said in its weekly review.",
        "The dry period means the temporao will be late this year.",
        "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos, against 5.81 mln at the "
        "same stage last year.",
    ]
    # One paragraph a line (each starting a sentence) stays so.
    lines = "Title here\nFirst paragraph, one line.\nSecond paragraph.\nThird one.\nFourth one.\nFifth.\n"
    assert extract(lines).body.split("\n\n")[-1] == "Fifth."
