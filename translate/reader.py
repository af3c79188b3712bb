"""Read articles: find the input files, decode their bytes, split paragraphs, give ids.

A paragraph is one non-empty line. The sample articles (seeds/) are scraped pages in which
every line is a unit of its own (headline, dateline, byline, body paragraph), often with no
blank line between them, so "run of non-blank lines" would glue a dateline to the body.

Decoding order: byte-order mark (UTF-8/16/32), then strict UTF-8, then legacy Chinese
(GB18030, Big5 and its Microsoft/HKSCS supersets) by trial decoding scored for plausible
Chinese, then charset-normalizer's guess for anything else. Short GB18030/Big5 texts are
where statistical detection fails (it calls "联合日报" Korean), hence the trial decodes.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import regex

from translate.core import Article, Paragraph
from translate.errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
STDIN = "-"
RESAVE = "re-save it as UTF-8 in your editor"

# Document formats people save articles in by mistake, recognised by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (a .docx, .odt or .epub is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # (mark, codec of the bytes after it)
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
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
_HAN = regex.compile(r"\p{Han}")
_CONTROL = regex.compile(r"[^\P{Cc}\t\n\r\f\v]")
_CJK_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—～·・０１２３４５６７８９％"
)
_NEUTRAL = frozenset("•°×÷±®©™€£¥§\u00a0–")  # as likely in a right decoding as in a wrong one


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


def read_article(path: str, data: bytes | None = None) -> Article:
    """Read and decode one article. `data` overrides reading `path` (which then only names it)."""
    if data is None:
        data = _read_stdin() if path == STDIN else _read_file(path)
    text, encoding = decode_bytes(data, path)
    text = normalise_newlines(text)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError(path, "has no text, only whitespace", "add the text or leave it out")
    return Article(
        id=article_id(path),
        path=path,
        title=paragraphs[0].text,
        text=text,
        paragraphs=paragraphs,
        encoding=encoding,
    )


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
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


def _read_stdin() -> bytes:
    if sys.stdin is None:
        raise InputError(STDIN, "standard input is not available", "pass a file path instead")
    return sys.stdin.buffer.read()


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


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode an article's bytes; return (text without BOM, codec name). Raises InputError."""
    if not data:
        raise InputError(path, "file is empty", "add the article text or leave it out")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"is {what}, not plain text", "save the article as .txt (UTF-8)")
    bom = next(((mark, enc) for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        text = _decode_after_bom(data, *bom, path)
        encoding = "utf-8-sig" if bom[1] == "utf-8" else bom[1]
    elif b"\x00" in data:
        raise InputError(path, _nul_problem(data), RESAVE)
    else:
        text, encoding = _decode_unmarked(data, path)
    text = text.removeprefix("\ufeff")  # GB18030 and doubled BOMs leave one behind
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(path, f"looks binary ({controls} control characters), not text", RESAVE)
    return text, codecs.lookup(encoding).name


def _decode_after_bom(data: bytes, mark: bytes, encoding: str, path: str) -> str:
    try:
        return data[len(mark) :].decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding[:-3].upper() if encoding.endswith(("-le", "-be")) else encoding.upper()
        raise InputError(
            path,
            f"starts with a {name} byte-order mark but is not valid {name} "
            f"(at byte {len(mark) + exc.start})",
            RESAVE,
        ) from None


def _nul_problem(data: bytes) -> str:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) // 4 and min(even, odd) <= len(sample) // 50:
        return "looks like UTF-16 without a byte-order mark"
    return "looks binary (contains NUL bytes), not text"


def _decode_unmarked(data: bytes, path: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    chinese = _best_chinese(data)
    if chinese is not None:
        return chinese
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is None:
        raise InputError(path, "is not UTF-8 and its encoding could not be recognised", RESAVE)
    return str(guess), str(guess.encoding)


def _best_chinese(data: bytes) -> tuple[str, str] | None:
    """The legacy Chinese decoding that reads most like Chinese, if any reads like it at all."""
    candidates: list[tuple[float, str, str]] = []
    for family in (("gb18030",), ("big5", "cp950", "big5hkscs")):
        for encoding in family:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((chinese_score(text), text, encoding))
            break
    if not candidates:
        return None
    # max() keeps the first of equal scores: GB18030, the common encoding in our region.
    score, text, encoding = max(candidates, key=lambda c: c[0])
    return (text, encoding) if score >= 0.5 and _frequent_enough(text) else None


def chinese_score(text: str) -> float:
    """Mean plausibility of the non-ASCII characters of a decoding as Chinese, -3..3.

    Frequent Han characters score 3, common ones (GB2312 level 1, Big5 level 1) and CJK
    punctuation 1, rare Han -1, anything else (kana, Cyrillic, box drawing, private use:
    the look of mojibake) -3. A right decoding scores about 1.5, a wrong one below 0.5.
    """
    frequent, common = _han_sets()
    total = count = 0
    for ch in text:
        if ch.isascii() or ch.isspace() or ch in _NEUTRAL:
            continue
        count += 1
        if ch in frequent:
            total += 3
        elif ch in common or ch in _CJK_PUNCT:
            total += 1
        elif _HAN.match(ch):
            total -= 1
        else:
            total -= 3
    return total / count if count else 0.0


def _frequent_enough(text: str) -> bool:
    """Long text decoded wrongly but cleanly (EUC-KR read as GB2312) lacks frequent characters."""
    frequent, _ = _han_sets()
    han = _HAN.findall(text)
    return len(han) < 30 or sum(ch in frequent for ch in han) >= 0.08 * len(han)


@functools.cache
def _han_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent, common) Han characters, Simplified and Traditional, built from the codecs."""
    import opencc
    from charset_normalizer.constant import FREQUENCIES

    top = "".join(FREQUENCIES["Chinese"])
    frequent = frozenset(top + opencc.OpenCC("s2t").convert(top))
    gb_level1 = _decode_rows("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    big5_level1 = _decode_rows("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frequent, frozenset(gb_level1 + big5_level1) | frequent


def _decode_rows(encoding: str, leads: Sequence[int], trails: Sequence[int]) -> str:
    chars: list[str] = []
    for lead in leads:
        for trail in trails:
            try:
                chars.append(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return "".join(chars)
