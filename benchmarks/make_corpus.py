"""Write a folder of news articles, as a newsroom archives them, from the Reuters-21578 corpus.

    python benchmarks/make_corpus.py OUT --n 25000 [--format html|text|mixed] [--seed 1]

Up to 21,578 articles are the real Reuters stories (1987), in corpus order. Beyond that, new
articles are assembled from real sentences of real stories on the same topic, dated over
1988-1995, so vocabulary and posting-list statistics stay those of real news; no two articles
are the same. Reuters-21578 has no bylines, so each article gets one from a fixed list of
reporter names. Output is deterministic for a seed; it is written into OUT (never committed)
with OUT/corpus.json describing it, including `text_bytes`, the UTF-8 size of all titles and
bodies, which benchmarks/indexing.py compares index sizes against.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "reuters21578"
REAL_COUNT = 21_578
PER_FOLDER = 1000

REPORTERS = [
    "Jane Arraf", "Peter Bale", "Carol Chen", "David Dolan", "Maria Esteves", "Tom Farrell",
    "Ana Garcia", "Hiroshi Hara", "Ines Ibarra", "John Jennings", "Karen Kowalski", "Luc Lemaire",
    "Nadia Malik", "Oscar Nunez", "Paula O'Brien", "Ravi Patel", "Quentin Quinn", "Sara Rossi",
    "Stefan Schmidt", "Tariq Tahir", "Ursula Ulrich", "Victor Vance", "Wendy Walsh", "Yuki Yamada",
]
SECTIONS = {
    "earn": "Earnings", "acq": "Deals", "money-fx": "Currencies", "crude": "Energy",
    "grain": "Commodities", "trade": "Trade", "interest": "Markets", "ship": "Shipping",
}


@dataclass
class Story:
    """One article: what the Reuters SGML says, or what was assembled from it."""

    number: int
    date: datetime
    title: str
    dateline: str
    paragraphs: list[str]
    topic: str
    places: list[str]


def _clean(text: str) -> str:
    text = re.sub(r"&#\d+;", " ", text)
    return html.unescape(text)


def _date(text: str) -> datetime:
    """`26-FEB-1987 15:01:01.79`; a few stamps have stray spaces or a garbled time."""
    day = datetime.strptime(re.search(r"\d+-\w+-\d{4}", text).group(0), "%d-%b-%Y")
    if m := re.search(r"\s(\d\d):(\d\d):(\d\d)", text):
        h, mi, se = map(int, m.groups())
        if h < 24 and mi < 60 and se < 60:
            return day.replace(hour=h, minute=mi, second=se)
    return day


def _paragraphs(body: str) -> list[str]:
    body = re.sub(r"\s*Reuter\s*$", "", body.strip())
    paras = re.split(r"\n\s{3,}|\n\s*\n", body)
    return [" ".join(p.split()) for p in paras if p.strip()]


def read_reuters(folder: Path = SHARED) -> list[Story]:
    """All 21,578 stories of the corpus, in NEWID order."""
    stories = []
    for sgm in sorted(folder.glob("reut2-*.sgm.gz")):
        raw = gzip.open(sgm, "rb").read().decode("latin-1")
        for block in re.findall(r"<REUTERS.*?</REUTERS>", raw, re.S):
            number = int(re.search(r'NEWID="(\d+)"', block).group(1))
            date_s = re.search(r"<DATE>\s*([^<]+?)\s*</DATE>", block).group(1)
            date = _date(date_s)
            topics = re.findall(r"<D>([^<]+)</D>", re.search(r"<TOPICS>(.*?)</TOPICS>", block, re.S).group(1))
            places = re.findall(r"<D>([^<]+)</D>", re.search(r"<PLACES>(.*?)</PLACES>", block, re.S).group(1))
            text = re.search(r"<TEXT[^>]*>(.*?)</TEXT>", block, re.S).group(1)
            title_m = re.search(r"<TITLE>(.*?)</TITLE>", text, re.S)
            body_m = re.search(r"<BODY>(.*?)</BODY>", text, re.S)
            dateline_m = re.search(r"<DATELINE>(.*?)</DATELINE>", text, re.S)
            if title_m:
                title = " ".join(_clean(title_m.group(1)).replace("*", " ").split())
                body = _clean(body_m.group(1)) if body_m else _clean(text[title_m.end():])
            else:  # unprocessed stories: no markup inside, the first line is the slug
                lines = [ln for ln in _clean(text).splitlines() if ln.strip()]
                title = " ".join(lines[0].split()) if lines else f"Story {number}"
                body = "\n".join(lines[1:])
            dateline = " ".join(_clean(dateline_m.group(1)).split()).rstrip(" -") if dateline_m else ""
            paragraphs = _paragraphs(body) or [title.capitalize() + "."]
            topic = (topics or ["general"])[0]
            stories.append(Story(number, date, title, dateline, paragraphs, topic, places))
    stories.sort(key=lambda s: s.number)
    return stories


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def synthesize(stories: list[Story], count: int, rng: random.Random) -> list[Story]:
    """`count` new stories, each made of real sentences from real stories on the same topic."""
    pools: dict[str, list[str]] = {}
    for s in stories:
        for p in s.paragraphs:
            pools.setdefault(s.topic, []).extend(x for x in _SENTENCE.split(p) if len(x.split()) >= 4)
    everything = [x for pool in pools.values() for x in pool]
    templates = [s for s in stories if len(s.paragraphs) >= 2]
    seen: set[bytes] = set()
    made: list[Story] = []
    start = datetime(1988, 1, 1)
    span = (datetime(1995, 12, 31) - start).total_seconds()
    while len(made) < count:
        template = rng.choice(templates)
        pool = pools.get(template.topic, [])
        if len(pool) < 40:
            pool = everything
        n_sent = max(3, sum(len(_SENTENCE.split(p)) for p in template.paragraphs))
        sentences = rng.sample(pool, min(n_sent, len(pool)))
        key = hashlib.blake2b("\n".join(sentences).encode(), digest_size=12).digest()
        if key in seen:
            continue
        seen.add(key)
        paragraphs, i = [], 0
        while i < len(sentences):
            step = rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[i:i + step]))
            i += step
        words = re.sub(r"[^\w .,'&/-]", "", sentences[0]).split()[:9]
        title = " ".join(words).rstrip(",.").upper()
        date = start + timedelta(seconds=rng.random() * span)
        place = template.dateline.split(",")[0] if template.dateline else "NEW YORK"
        dateline = f"{place}, {date:%b} {date.day}"
        made.append(Story(REAL_COUNT + len(made) + 1, date, title, dateline, paragraphs,
                          template.topic, template.places))
    return made


def _author(story: Story) -> str:
    return REPORTERS[story.number * 7919 % len(REPORTERS)]


def _section(story: Story) -> str:
    return SECTIONS.get(story.topic, "Business")


def _slug(story: Story) -> str:
    return re.sub(r"[^a-z0-9]+", "-", story.title.lower()).strip("-")[:60] or "story"


def render_html(story: Story, related: list[Story]) -> str:
    """A news-site page: header, navigation, the article, related links, footer."""
    e = html.escape
    date_h = f"{story.date:%B} {story.date.day}, {story.date.year}"
    lead = story.paragraphs[0]
    if story.dateline:
        lead = f"{story.dateline} (Reuters) - {lead}"
    paras = "\n".join(f"      <p>{e(p)}</p>" for p in [lead, *story.paragraphs[1:]])
    links = "\n".join(
        f'        <li><a href="/{r.date:%Y/%m/%d}/{_slug(r)}-{r.number}.html">{e(r.title.title())}</a></li>'
        for r in related
    )
    section = _section(story)
    tags = "".join(f'<a rel="tag" href="/tag/{e(p)}">{e(p)}</a> ' for p in story.places[:4])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(story.title.title())} | Newswire Archive</title>
  <meta property="og:site_name" content="Newswire Archive">
  <meta property="article:section" content="{e(section)}">
  <link rel="canonical" href="https://news.example.org/{story.date:%Y/%m/%d}/{_slug(story)}-{story.number}.html">
</head>
<body>
  <header class="site-header"><a href="/" class="logo">Newswire Archive</a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
      <li><a href="/markets">Markets</a></li><li><a href="/energy">Energy</a></li>
      <li><a href="/commodities">Commodities</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>{e(story.title.title())}</h1>
      <div class="byline">By <span class="author">{e(_author(story))}</span>,
        <time datetime="{story.date:%Y-%m-%dT%H:%M:%S}Z">{date_h}</time></div>
{paras}
      <div class="tags">{tags}</div>
    </article>
    <aside class="related"><h2>Related stories</h2>
      <ul>
{links}
      </ul>
    </aside>
  </main>
  <footer><p>&copy; Newswire Archive. All rights reserved.</p>
    <a href="/about">About</a> <a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>
</body>
</html>
"""


def render_text(story: Story) -> str:
    """A plain-text article: title, `by AUTHOR, DATE`, blank-line separated paragraphs."""
    date_h = f"{story.date:%B} {story.date.day}, {story.date.year}"
    lead = story.paragraphs[0]
    if story.dateline:
        lead = f"{story.dateline} (Reuters) - {lead}"
    body = "\n\n".join([lead, *story.paragraphs[1:]])
    return f"{story.title.title()}\n\nby {_author(story)}, {date_h}\n\n{body}\n"


def write_corpus(out: Path, n: int, fmt: str = "html", seed: int = 1) -> dict:
    """Write `n` articles into `out` and return what corpus.json records about them."""
    rng = random.Random(seed)
    stories = read_reuters()
    if n > REAL_COUNT:
        stories = stories + synthesize(stories, n - REAL_COUNT, rng)
    stories = stories[:n]
    out.mkdir(parents=True, exist_ok=True)
    text_bytes = 0
    counts = {"html": 0, "text": 0}
    for i, story in enumerate(stories):
        kind = fmt if fmt != "mixed" else ("html" if rng.random() < 0.5 else "text")
        folder = out / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(exist_ok=True)
        if kind == "html":
            related = [stories[rng.randrange(len(stories))] for _ in range(4)]
            page, name = render_html(story, related), f"{story.number:06d}.html"
        else:
            page, name = render_text(story), f"{story.number:06d}.txt"
        (folder / name).write_text(page, encoding="utf-8")
        text_bytes += len(story.title.encode()) + sum(len(p.encode()) for p in story.paragraphs)
        counts[kind] += 1
    info = {"n": n, "format": fmt, "seed": seed, "files": counts, "text_bytes": text_bytes,
            "real": min(n, REAL_COUNT), "synthesized": max(0, n - REAL_COUNT)}
    (out / "corpus.json").write_text(json.dumps(info, indent=1))
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=REAL_COUNT)
    ap.add_argument("--format", choices=["html", "text", "mixed"], default="html")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"Reuters-21578 not found at {SHARED}", file=sys.stderr)
        return 2
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out} is not empty; choose a new folder", file=sys.stderr)
        return 2
    info = write_corpus(args.out, args.n, args.format, args.seed)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
