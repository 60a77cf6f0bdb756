"""Shared fixtures: small real-looking article folders on disk and the shared data sets."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_e10fcc73604f70f2.txt"
#: The whole suite, slow tests included, must fit in CI's five minutes; a full run that takes
#: longer fails (a selection of tests, `-k`/`-m` or named files, is not held to it).
SUITE_BUDGET = 300.0


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STARTED] = time.monotonic()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    took = time.monotonic() - config.stash[_STARTED]
    full_run = config.args_source != pytest.Config.ArgsSource.ARGS and not (
        config.option.keyword or config.option.markexpr
    )
    config.stash[_TOOK] = took
    if full_run and took > SUITE_BUDGET and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    took = terminalreporter.config.stash.get(_TOOK, None)
    if took is not None:
        verdict = "over budget: FAILED" if took > SUITE_BUDGET else "within budget"
        terminalreporter.write_line(f"suite took {took:.0f} s of its {SUITE_BUDGET:.0f} s budget ({verdict})")


_STARTED = pytest.StashKey[float]()
_TOOK = pytest.StashKey[float]()


def page(
    title: str,
    body_paragraphs: list[str],
    *,
    site: str = "Daily Planet",
    author: str = "Lois Lane",
    date: str = "2021-03-04T10:00:00Z",
    url: str | None = None,
    section: str = "World",
    tags: tuple[str, ...] = (),
) -> str:
    """A news page laid out like a real site: header, nav, article, share bar, related links, footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in body_paragraphs)
    tag_meta = "\n".join(f'<meta property="article:tag" content="{t}">' for t in tags)
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return textwrap.dedent(f"""\
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>{title} | {site}</title>
        {canonical}
        <meta property="og:site_name" content="{site}">
        <meta property="og:title" content="{title}">
        <meta name="author" content="{author}">
        <meta property="article:published_time" content="{date}">
        <meta property="article:section" content="{section}">
        {tag_meta}
        </head><body>
        <header class="site-header"><a href="/">{site}</a>
          <nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
        <main><article>
          <h1>{title}</h1>
          <p class="byline">By {author}</p>
          <time datetime="{date}">{date[:10]}</time>
          {paras}
          <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
        </article>
        <aside class="related"><h2>Related stories</h2><ul>
          <li><a href="/a">Markets slide as rate fears return to Wall Street trading floors</a></li>
          <li><a href="/b">Celebrity chef opens a new restaurant in the old harbour district</a></li></ul></aside>
        <div class="newsletter-signup">Sign up for our morning newsletter and never miss a story.</div>
        </main>
        <footer>Copyright 2021 {site}. All rights reserved. <a href="/privacy">Privacy</a></footer>
        </body></html>""")


ARTICLES = {
    "storm.html": page(
        "Storm batters coastal towns as thousands lose power",
        [
            "A powerful storm swept across the coast on Thursday, tearing roofs from houses and leaving "
            "thousands of homes without electricity, officials said.",
            "Emergency crews worked through the night to clear fallen trees. The national weather service "
            "warned that heavy rain would continue into the weekend.",
            "Residents described the war in the world of weather as relentless, with three storms in a month.",
        ],
        date="2021-03-04T10:00:00Z",
        url="https://planet.example/2021/03/storm",
        section="Weather",
        tags=("storm", "climate"),
    ),
    "summit.html": page(
        "Leaders reach climate deal at summit",
        [
            "World leaders agreed on Friday to cut emissions faster, ending a climate summit that had run "
            "two days over schedule.",
            "The agreement commits countries to report progress every year. Campaigners said the deal did "
            "not go far enough to limit warming.",
        ],
        site="Global Courier",
        author="Clark Kent",
        date="2022-11-20T18:30:00Z",
        url="https://courier.example/climate-summit-deal",
        section="Politics",
        tags=("climate", "diplomacy"),
    ),
    "football.txt": textwrap.dedent("""\
        Late goal sends city club into the final
        by Jimmy Olsen, May 9, 2020
        A header in the last minute of extra time sent the city club into the cup final on Saturday.
        The visitors had led for most of the match before the home side equalised in the second half.
        Fans celebrated in the streets until dawn, a war in a worlds apart from last season's despair.
        SUBSCRIBE NOW: Get every match report in your inbox . . . Sports Brief
        """),
    "vaccine.md": textwrap.dedent("""\
        # Health agency approves updated vaccine

        By Diana Prince, January 15, 2023

        The national health agency approved an updated vaccine on Monday, clearing the way for a
        campaign before the winter season.

        Officials said the vaccine would first be offered to older people and health workers.
        """),
}


def write_corpus(folder: Path, articles: dict[str, str] | None = None) -> Path:
    """Write article files into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (articles or ARTICLES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with four articles: two HTML pages, a plain-text article and a Markdown one."""
    return write_corpus(tmp_path / "news")


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "idx"


@pytest.fixture
def archive(corpus: Path, index_dir: Path):
    from newssearch import Archive

    with Archive(index_dir) as a:
        a.index([corpus])
        yield a


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip(f"shared seed article not found at {SEED} (the ../shared folder is absent)")
    return SEED


def touch_later(path: Path) -> None:
    """Move a file's mtime forward so change detection cannot miss an edit made in the same tick."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
