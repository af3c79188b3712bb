"""Read articles: find the input files, decode their bytes, split paragraphs, give ids.

A paragraph is one non-empty line. The sample articles (seeds/) are scraped pages in which
every line is a unit of its own (headline, dateline, byline, body paragraph), often with no
blank line between them, so "run of non-blank lines" would glue a dateline to the body.

Bytes are decoded by `translate.decoding`; what it repaired (bytes that are not valid UTF-8)
comes back as warnings.

Only regular files are read: a named pipe or a device is refused, never waited on, and a file
over MAX_ARTICLE_BYTES is refused before it is read.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import regex

from translate.core import Article, Paragraph
from translate.decoding import decode
from translate.errors import InputError
from translate.title import article_title

log = logging.getLogger(__name__)

Warn = Callable[[str], None]

TEXT_SUFFIXES = (".txt", ".md")
STDIN = "-"
SPLIT = "split it into articles, one file each"
# A news article is tens of kilobytes; anything this big is a mistake (a log, a dump, a disk).
MAX_ARTICLE_BYTES = 16 << 20
_NEWLINES = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_UNSAFE_ID = regex.compile(r"[^\p{L}\p{M}\p{N}_.-]+")
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


# ---------------------------------------------------------------- inputs


def collect_inputs(paths: Sequence[str]) -> list[str]:
    """Expand the command-line paths into article files, in a stable order.

    "-" is standard input. A folder becomes its *.txt and *.md files, recursively, sorted,
    skipping hidden files and folders. A path named twice is read once.
    """
    found: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        for path in _expand(raw):
            key = path if path == STDIN else os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _expand(raw: str) -> list[str]:
    if raw == STDIN:
        return [STDIN]
    if not raw.strip():
        raise InputError(repr(raw), "empty path", "give a file or folder name, or - for stdin")
    path = Path(raw)
    if path.is_dir():
        files = _text_files(path)
        if not files:
            raise InputError(
                raw,
                "folder has no .txt or .md files",
                "add articles as .txt/.md files or name the files directly",
            )
        return files
    if path.exists():
        return [raw]
    raise InputError(raw, "no such file or folder", "check the path (use - to read stdin)")


def _text_files(folder: Path) -> list[str]:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(
            Path(dirpath, name)
            for name in filenames
            if not name.startswith(".") and name.lower().endswith(TEXT_SUFFIXES)
        )
    return [str(f) for f in sorted(files, key=lambda f: f.parts)]


# ---------------------------------------------------------------- articles


def read_article(
    path: str,
    data: bytes | None = None,
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
    warn: Warn | None = None,
) -> Article:
    """Read and decode one article. `data` overrides reading `path` (which then only names it).

    Raises InputError for what cannot be an article. What was read but needs checking (bytes
    that are not valid UTF-8, replaced) goes to `warn`, else to this module's logger.
    """
    if data is None:
        data = _read_stdin(max_bytes) if path == STDIN else _read_file(path, max_bytes)
    elif len(data) > max_bytes:
        raise InputError(path, _too_big(len(data), max_bytes), SPLIT)
    decoded = decode(data, path)
    for message in decoded.warnings:
        if warn is not None:
            warn(message)
        else:
            log.warning("%s", message)
    text = normalise_newlines(decoded.text)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError(path, "has no text, only whitespace", "add the text or leave it out")
    return Article(
        id=article_id(path),
        path=path,
        title=article_title(p.text for p in paragraphs),
        text=text,
        paragraphs=paragraphs,
        encoding=decoded.encoding,
    )


def _read_file(path: str, max_bytes: int) -> bytes:
    # O_NONBLOCK: opening a named pipe must not wait for a writer; fstat then refuses it.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file", "pass the files in it") from None
    except PermissionError:
        raise InputError(
            path, "cannot be read (permission denied)", "check the file's permissions"
        ) from None
    except OSError as exc:
        raise InputError(
            path, f"cannot be read ({exc.strerror or exc})", "check the file and the disk"
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a folder, not a file", "pass the files in it")
        raise InputError(
            path,
            f"is {_special_kind(info.st_mode)}, not a regular file",
            "pass article files (to read a pipe, use - and redirect it to stdin)",
        )
    if info.st_size > max_bytes:
        os.close(fd)
        raise InputError(path, _too_big(info.st_size, max_bytes), SPLIT)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(
                path, f"cannot be read ({exc.strerror or exc})", "check the file and the disk"
            ) from None
    if len(data) > max_bytes:  # grew while being read, or a size the file system does not know
        raise InputError(path, _too_big(None, max_bytes), SPLIT)
    return data


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _too_big(size: int | None, max_bytes: int) -> str:
    limit = _size(max_bytes)
    if size is None:
        return f"is larger than {limit}, the most an article may be"
    return f"is {_size(size)}, larger than {limit}, the most an article may be"


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _read_stdin(max_bytes: int) -> bytes:
    if sys.stdin is None:
        raise InputError(STDIN, "standard input is not available", "pass a file path instead")
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(STDIN, _too_big(None, max_bytes), SPLIT)
    return data


def normalise_newlines(text: str) -> str:
    """CRLF, CR, U+2028/U+2029 and NEL all become "\\n"."""
    return text.replace("\r\n", "\n").translate(_NEWLINES)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """One paragraph per non-empty line, stripped; `start` is its offset in `text`."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            paragraphs.append(Paragraph(len(paragraphs), stripped, start))
        pos += len(line) + 1
    return tuple(paragraphs)


def article_id(path: str) -> str:
    """A file-name-safe id from the file stem: letters (any script), digits, "_", ".", "-"."""
    if path == STDIN:
        return "stdin"
    stem = unicodedata.normalize("NFC", Path(path).stem)
    safe: str = _UNSAFE_ID.sub("-", stem).strip("-._")[:80].strip("-._")
    if not safe:
        return "article"
    if safe.split(".")[0].lower() in _WINDOWS_RESERVED:
        return f"{safe}-file"
    return safe


def assign_ids(articles: Sequence[Article]) -> list[Article]:
    """Make ids unique in a run (ignoring case, for case-insensitive file systems).

    The first article with an id keeps it; later ones get -2, -3... skipping any suffix that
    another article already has as its own id.
    """
    reserved = {a.id.casefold() for a in articles}
    taken: set[str] = set()
    result: list[Article] = []
    for article in articles:
        new_id = article.id
        n = 1
        while new_id.casefold() in taken or (n > 1 and new_id.casefold() in reserved):
            n += 1
            new_id = f"{article.id}-{n}"
        taken.add(new_id.casefold())
        result.append(article if new_id == article.id else dataclasses.replace(article, id=new_id))
    return result
