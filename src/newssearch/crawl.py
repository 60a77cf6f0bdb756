"""Which files under which folders are articles, and reading them safely (size limits, gzip)."""

from __future__ import annotations

import errno
import fnmatch
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import ExtractionError

DEFAULT_PATTERNS = ("*.html", "*.htm", "*.txt", "*.md", "*.html.gz", "*.htm.gz", "*.txt.gz", "*.md.gz")
#: Files that describe a folder rather than hold an article.
DEFAULT_EXCLUDE = ("readme.*", "sources.*", "license*", "licence*", "changelog*", "copying*")
#: Largest file (or gzip expansion) we read; larger ones are skipped with a reason.
MAX_FILE_BYTES = 20 * 1024 * 1024
NOT_A_FILE = "not a regular file (a pipe, socket or device)"


@dataclass(frozen=True)
class FoundFile:
    """A candidate article file: absolute path, the root it was found under, and its stat."""

    path: str
    relpath: str
    size: int
    mtime: float


@dataclass(frozen=True)
class Unreadable:
    """A path that could not even be listed or stat'ed, with the reason.

    `kept` when the path may well still exist (no permission, I/O error, a root not mounted):
    what the index holds under it is kept rather than taken for deleted.
    """

    path: str
    reason: str
    kept: bool = False


def _matches(name: str, patterns: Iterable[str]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, p.lower()) for p in patterns)


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def walk(
    roots: Iterable[str | os.PathLike[str]],
    patterns: Iterable[str] = DEFAULT_PATTERNS,
    *,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    follow_symlinks: bool = False,
) -> Iterator[FoundFile | Unreadable]:
    """Yield article files under `roots` (files or folders) in a stable order, plus what could not be read.

    Symlinks are followed only when they stay inside the given roots, unless `follow_symlinks`.
    """
    patterns = tuple(patterns)
    exclude = tuple(exclude)
    root_list = [os.path.abspath(os.fspath(r)) for r in roots]
    real_roots = [os.path.realpath(r) for r in root_list]
    seen_dirs: set[tuple[int, int]] = set()
    for root in root_list:
        if os.path.isfile(root):
            yield from _one(root, os.path.basename(root))
            continue
        if not os.path.isdir(root):
            yield Unreadable(root, "no such file or folder", kept=True)
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                st = os.stat(folder)
                if (st.st_dev, st.st_ino) in seen_dirs:
                    continue  # a symlink loop or a folder reached twice
                seen_dirs.add((st.st_dev, st.st_ino))
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as err:
                reason = f"cannot list folder: {err.strerror or err}"
                yield Unreadable(printable_path(folder), reason, kept=True)
                continue
            subdirs = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    is_link = entry.is_symlink()
                    if (
                        is_link
                        and not follow_symlinks
                        and not _inside(os.path.realpath(entry.path), real_roots)
                    ):
                        continue
                    if entry.is_dir():
                        subdirs.append(entry.path)
                        continue
                except OSError:
                    continue
                if _matches(entry.name, patterns) and not _matches(entry.name, exclude):
                    yield from _one(entry.path, os.path.relpath(entry.path, root))
            stack.extend(reversed(subdirs))


def printable_path(path: str) -> str:
    """`path` with bytes that are not UTF-8 shown as escapes (\\udcff), safe to print and store."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _one(path: str, relpath: str) -> Iterator[FoundFile | Unreadable]:
    if printable_path(path) != path:
        yield Unreadable(printable_path(path), "file name is not valid UTF-8 (rename the file to index it)")
        return
    try:
        st = os.stat(path)
    except OSError as err:
        gone = err.errno in (errno.ENOENT, errno.ENOTDIR)  # vanished, or a dangling symlink
        yield Unreadable(path, f"cannot read: {err.strerror or err}", kept=not gone)
        return
    if not stat.S_ISREG(st.st_mode):
        yield Unreadable(path, NOT_A_FILE)
        return
    yield FoundFile(path, relpath.replace(os.sep, "/"), st.st_size, st.st_mtime)


def read_bytes(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, gunzipped for `.gz`; ExtractionError if too big, unreadable or a bad gzip."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO put in its place must not block us
        with open(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ExtractionError(NOT_A_FILE)
            if st.st_size > limit:
                raise ExtractionError(f"too large ({_mb(st.st_size)}; the limit is {_mb(limit)})")
            data = fh.read(limit + 1)
    except OSError as err:
        raise ExtractionError(f"cannot read: {err.strerror or err}") from err
    if len(data) > limit:  # it grew while we read it
        raise ExtractionError(f"too large (over the {_mb(limit)} limit)")
    if path.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(limit + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise ExtractionError(f"not a valid gzip file ({err})") from err
        if len(data) > limit:
            raise ExtractionError(f"expands past {_mb(limit)} when unzipped")
    return data


def _mb(size: int) -> str:
    """A size in (binary) megabytes, as the limit is written: 20 MB = 20 x 2**20 bytes."""
    return f"{size / 2**20:.1f} MB".replace(".0 MB", " MB")


def path_under(path: str, roots: Iterable[str]) -> bool:
    """True when `path` is one of `roots` or inside one of them."""
    return _inside(path, [os.path.abspath(r) for r in roots])


__all__ = [
    "DEFAULT_PATTERNS",
    "MAX_FILE_BYTES",
    "FoundFile",
    "Unreadable",
    "walk",
    "read_bytes",
    "path_under",
]
