"""The baseline: index a folder the way the Whoosh docs suggest, with nothing clever.

    python benchmarks/naive_whoosh.py FOLDER INDEX

BeautifulSoup (lxml parser) `get_text()` for HTML, the file as-is for text, a `StemmingAnalyzer`
schema, one `ix.writer()`, `add_document` per file, one commit at the end. indexing.py times this
against `newssearch index` on the same files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema


def build(folder: Path, index_dir: Path) -> int:
    """Index every .html/.txt file under `folder` into a new Whoosh index; return the count."""
    schema = Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        content=TEXT(analyzer=StemmingAnalyzer()),
    )
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    count = 0
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".html"):
                with open(path, "rb") as f:
                    soup = BeautifulSoup(f.read(), "lxml")
                title = soup.title.get_text() if soup.title else name
                content = soup.get_text()
            elif name.endswith(".txt"):
                with open(path, encoding="utf-8") as f:
                    content = f.read()
                title = content.split("\n", 1)[0]
            else:
                continue
            writer.add_document(path=path, title=title, content=content)
            count += 1
    writer.commit()
    return count


if __name__ == "__main__":
    n = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"indexed {n} files")
