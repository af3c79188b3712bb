"""Markdown: a heading with the article's facts and notes, then a side-by-side table.

Article text is escaped so that it reads as text wherever the file is rendered: Markdown
punctuation and `<`, `>`, `&` get a backslash, a line break inside a segment becomes `<br>`, and
other control characters are shown as their Unicode control pictures (U+2400 block).
"""

from __future__ import annotations

import re

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.writers.base import (
    WriteOptions,
    all_notes,
    chrf_mean,
    chrf_min,
    column_name,
    control_picture,
    display_flags,
    flagged_count,
    fmt_ratio,
    fmt_score,
    has_hans,
    is_flagged,
    lang_name,
    terms_summary,
)

# ASCII punctuation that can start Markdown or HTML syntax inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    text = _CONTROL.sub(lambda m: control_picture(m[0]), text)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _na(value: float | None) -> str:
    return fmt_score(value) or "n/a"


def _heading(article: ArticleResult, run: RunResult, options: WriteOptions) -> list[str]:
    a, det = article.article, article.detection
    carried = sum(s.carried for s in article.segments)
    detected = f"{lang_name(det.tag)} ({det.tag}, confidence {det.confidence:.2f})"
    if det.note:
        detected += f"; {escape(det.note)}"
    t = article.terms
    lines = [
        f"# {escape(a.title or a.id)}",
        "",
        f"- Source: {escape(a.path)}, {detected}",
        f"- Target: {lang_name(article.target_lang)} ({article.target_lang})",
        f"- Segments: {len(article.segments)} ({carried} carried over untranslated), "
        f"{flagged_count(article, options.flag_below)} flagged for review "
        f"(chrF below {options.flag_below:g} or a flag raised)",
        f"- Round trip: chrF {_na(article.chrf)}, BLEU {_na(article.bleu)}; "
        f"segment chrF mean {_na(chrf_mean(article))}, lowest {_na(chrf_min(article))}",
        f"- Glossary terms: {t.found} found, {t.rendered} rendered, {t.survived} came back "
        f"(accuracy {fmt_ratio(t.accuracy)})",
        "",
    ]
    for note in all_notes(article, run):
        lines += [f"> **Note:** {escape(note)}", ""]
    return lines


def _score_cell(seg: SegmentResult, options: WriteOptions) -> str:
    cell = fmt_score(seg.chrf)
    if is_flagged(seg, options.flag_below):
        cell = f"**{cell}** \u26a0" if cell else "\u26a0"
    flags = display_flags(seg, options.flag_below)
    if not flags:
        return cell
    return f"{cell}<br>{escape(', '.join(flags))}" if cell else escape(", ".join(flags))


def _table(article: ArticleResult, options: WriteOptions) -> list[str]:
    hans = has_hans(article)
    header = ["#", "Source", column_name(article.target_lang)]
    header += ["Simplified"] if hans else []
    header += ["Back-translation", "chrF", "Terms"]
    align = ["---:", "---", "---"] + (["---"] if hans else []) + ["---", "---:", "---"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    for seg in article.segments:
        cells = [str(seg.segment.index + 1), escape(seg.segment.text), escape(seg.target)]
        cells += [escape(seg.target_hans)] if hans else []
        cells += [escape(seg.back), _score_cell(seg, options), escape(terms_summary(seg))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


class MarkdownWriter:
    extension = "md"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        lines = _heading(article, run, options) + _table(article, options)
        return "\n".join(lines) + "\n"


WRITER = MarkdownWriter()
