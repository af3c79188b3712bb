"""JSON Lines: one segment per line, no header line. Run and article facts are in run.json.

Each line is an object with these keys (the schema is documented in the README):
article, paragraph, segment, source_lang, target_lang, source, target, target_hans, back,
chrf, bleu, flags, carried, strategy, origin, sample, start, end, terms; each term is an object with
id, source, target, ok, back_ok, problem, status, strategy, start, end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate.core import ArticleResult, RunResult, SegmentResult, TermHit
from translate.errors import InputError
from translate.writers.base import WriteOptions, finite


def term_record(hit: TermHit) -> dict[str, Any]:
    return {
        "id": hit.term_id,
        "source": hit.source_form,
        "target": hit.target_form,
        "ok": hit.ok,
        "back_ok": hit.back_ok,
        "problem": hit.problem,
        "status": hit.status,
        "strategy": hit.strategy,
        "start": hit.start,
        "end": hit.end,
    }


def segment_record(article: ArticleResult, seg: SegmentResult) -> dict[str, Any]:
    return {
        "article": article.article.id,
        "paragraph": seg.segment.paragraph,
        "segment": seg.segment.index,
        "source_lang": seg.segment.lang,
        "target_lang": article.target_lang,
        "source": seg.segment.text,
        "target": seg.target,
        "target_hans": seg.target_hans,
        "back": seg.back,
        "chrf": finite(seg.chrf),
        "bleu": finite(seg.bleu),
        "flags": list(seg.flags),
        "carried": seg.carried,
        "strategy": seg.strategy,
        "origin": seg.origin,
        "sample": seg.sample,
        "start": seg.segment.start,
        "end": seg.segment.end,
        "terms": [term_record(hit) for hit in seg.terms],
    }


class JsonlWriter:
    extension = "jsonl"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        return "".join(dump_line(segment_record(article, seg)) for seg in article.segments)


# ensure_ascii=False keeps Chinese readable, and json escapes C0 controls itself; these three
# it leaves raw, and str.splitlines() (and JavaScript) would break a record on them.
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dump_line(record: dict[str, Any]) -> str:
    """One record as one line, however odd its text."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKERS) + "\n"


WRITER = JsonlWriter()


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Segments of one .jsonl file, or of every .jsonl file in a folder (name order)."""
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise InputError(
                str(path), "no .jsonl files in this folder", "run `translate run` first"
            )
        return [row for file in files for row in _load_file(file)]
    return _load_file(path)


def _load_file(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file", "check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read ({exc})", "pass a .jsonl file") from exc
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{number}", f"not JSON ({exc.msg})", "pass a .jsonl file from a run"
            ) from exc
        if not isinstance(row, dict) or "source" not in row or "target" not in row:
            raise InputError(
                f"{path}:{number}",
                "not a segment record (no source/target)",
                "pass a .jsonl file from a run",
            )
        rows.append(row)
    return rows
