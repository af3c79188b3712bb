r"""Tab-separated side-by-side rows: a header, then one row per segment.

Columns: source, target, back, chrf, bleu, terms, flags, origin (mt, tm-mt, human, source),
model ("SAMPLE" when the project's sample model made the row: not a translation to rely on).
The file is pure data (no comment lines); run notes live in run.json. Inside a field,
backslash escapes keep one row per line: `\\` backslash, `\t` tab, `\n` line feed, `\r`
carriage return, and `\xHH` for any other control character (C0, DEL and C1). `read_tsv`
undoes them.
"""

from __future__ import annotations

import re
from pathlib import Path

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.errors import InputError
from translate.writers.base import WriteOptions, display_flags, fmt_score, terms_summary

COLUMNS = ("source", "target", "back", "chrf", "bleu", "terms", "flags", "origin", "model")

_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r"[\\\x00-\x1f\x7f-\x9f]")
_ESCAPE_SEQUENCE = re.compile(r"\\(x[0-9a-fA-F]{2}|.)", re.DOTALL)
_UNNAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _NAMED.get(m[0], f"\\x{ord(m[0]):02x}"), text)


def unescape(field: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match[1]
        if code.startswith("x") and len(code) == 3:
            return chr(int(code[1:], 16))
        return _UNNAMED.get(code, "\\" + code)

    return _ESCAPE_SEQUENCE.sub(one, field)


def _row(seg: SegmentResult, options: WriteOptions) -> list[str]:
    return [
        seg.segment.text,
        seg.target,
        seg.back,
        fmt_score(seg.chrf),
        fmt_score(seg.bleu),
        terms_summary(seg),
        ", ".join(display_flags(seg, options.flag_below)),
        seg.origin,
        "SAMPLE" if seg.sample else "",
    ]


class TsvWriter:
    extension = "tsv"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        lines = ["\t".join(COLUMNS)]
        for seg in article.segments:
            lines.append("\t".join(escape(field) for field in _row(seg, options)))
        return "\n".join(lines) + "\n"


WRITER = TsvWriter()


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a file written by this writer, fields unescaped, keyed by column name."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read ({exc})", "check the path") from exc
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise InputError(
                f"{path}:{number}",
                f"{len(fields)} fields where the header has {len(header)}",
                "the file was edited by hand; restore tabs between columns",
            )
        rows.append(dict(zip(header, (unescape(f) for f in fields), strict=True)))
    return rows
