"""Side-by-side terminal view of aligned segments (rows as loaded from .jsonl files).

Scores are coloured (red under the flag threshold, yellow within 15 points of it, green above),
glossary terms are coloured on both sides (green came through, red underlined did not), and
carried-over segments are dimmed. Article text is shown as plain text: rich markup in it is not
interpreted, and control characters (an escape sequence could restyle the terminal) are shown
in caret notation (^G, ^[).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from translate.core import DEFAULT_FLAG_BELOW
from translate.writers.base import column_name, locate

Row = Mapping[str, Any]

NEAR = 15.0  # points above the threshold still shown in yellow
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_QUIET_FLAGS = frozenset({"low-score", "carried"})


def _caret(char: str) -> str:
    code = ord(char)
    return f"^{chr(code + 64)}" if code < 0x20 else "^?" if code == 0x7F else f"<U+{code:04X}>"


def _clean(value: str) -> str:
    """Text safe for a terminal: control characters in caret notation (^G, ^[), as cat -v does."""
    return _CONTROL.sub(lambda m: _caret(m[0]), value)


def _score(row: Row) -> float | None:
    value = row.get("chrf")
    return float(value) if isinstance(value, int | float) else None


def _terms(row: Row) -> list[Mapping[str, Any]]:
    terms = row.get("terms") or []
    return [t for t in terms if isinstance(t, Mapping)]


def _term_style(term: Mapping[str, Any]) -> str:
    return "bold green" if term.get("ok") else "bold red underline"


def _mark_source(text: Text, source: str, terms: list[Mapping[str, Any]]) -> None:
    for term in terms:
        start, end = term.get("start"), term.get("end")
        form = str(term.get("source", ""))
        if not (isinstance(start, int) and isinstance(end, int) and source[start:end] == form):
            start = source.find(form) if form else -1
            end = start + len(form)
        if start >= 0:
            text.stylize(_term_style(term), start, end)


def _mark_target(text: Text, target: str, terms: list[Mapping[str, Any]]) -> None:
    places = locate(target, [str(term.get("target", "")) for term in terms])
    for term, place in zip(terms, places, strict=True):
        if place is not None:
            text.stylize(_term_style(term), *place)


def _score_text(row: Row, flag_below: float) -> Text:
    score = _score(row)
    if row.get("carried"):
        cell = Text("carried", style="dim")
    elif score is None:
        cell = Text("\u2013", style="dim")
    else:
        style = (
            "bold red" if score < flag_below else "yellow" if score < flag_below + NEAR else "green"
        )
        cell = Text(f"{score:.1f}", style=style)
    flags = [str(f) for f in row.get("flags") or [] if f not in _QUIET_FLAGS]
    if flags:
        cell.append("\n" + "\n".join(_clean(f) for f in flags), style="magenta")
    return cell


def _number(row: Row, with_article: bool) -> Text:
    number = f"{int(row.get('segment', 0)) + 1}"
    if with_article:
        return Text(f"{_clean(str(row.get('article', '')))}\n#{number}")
    return Text(number)


def _cells(row: Row, flag_below: float, with_article: bool) -> list[Text]:
    source, target = _clean(str(row.get("source", ""))), _clean(str(row.get("target", "")))
    dim = "dim" if row.get("carried") else ""
    source_text, target_text = Text(source, style=dim), Text(target, style=dim)
    terms = _terms(row)
    _mark_source(source_text, source, terms)
    _mark_target(target_text, target, terms)
    back = Text(_clean(str(row.get("back", ""))), style=dim or "italic")
    return [
        _number(row, with_article),
        source_text,
        target_text,
        back,
        _score_text(row, flag_below),
    ]


def _table(
    rows: Sequence[Row], title: str, flag_below: float, with_article: bool, width: int | None
) -> Table:
    target = column_name(str(rows[0].get("target_lang", ""))) if rows else "Target"
    table = Table(
        title=Text(title, style="bold"),
        show_lines=True,
        expand=True,
        width=width,
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=not with_article)
    for name in ("Source", target, "Back-translation"):
        table.add_column(Text(name), ratio=1, overflow="fold")
    table.add_column("chrF", justify="right")
    for row in rows:
        table.add_row(*_cells(row, flag_below, with_article))
    return table


def worst_rows(rows: Sequence[Row], count: int) -> list[Row]:
    """The `count` lowest-scoring segments (unscored ones are never "worst"), lowest first."""
    scored = [(score, i, row) for i, row in enumerate(rows) if (score := _score(row)) is not None]
    scored.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in scored[:count]]


def run_threshold(folder: Path) -> float:
    """The flag threshold of the run that wrote `folder` (its run.json), else the default."""
    try:
        record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        value = record["review"]["flag_below"]
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_FLAG_BELOW
    return float(value) if isinstance(value, int | float) else DEFAULT_FLAG_BELOW


def render(
    rows: Sequence[Row],
    console: Console,
    worst: int | None = None,
    *,
    flag_below: float = DEFAULT_FLAG_BELOW,
    width: int | None = None,
) -> None:
    """Print rows side by side: one table per article, or with `worst` the N lowest overall."""
    if not rows:
        console.print("No segments.")
        return
    if any(r.get("sample") for r in rows):
        console.print(
            "Note: made with the project's SAMPLE model, which knows only the sample articles; "
            "this is not a translation to rely on.",
            style="yellow",
            markup=False,
            highlight=False,
        )
    if worst is not None:
        chosen = worst_rows(rows, worst)
        if not chosen:
            console.print("No scored segments (was the run made with --no-back?).")
            return
        title = f"{len(chosen)} lowest-scoring segment(s) of {len(rows)}"
        several = len({str(r.get("article", "")) for r in chosen}) > 1
        console.print(_table(chosen, title, flag_below, several, width))
        return
    for article, group in groupby(rows, key=lambda r: str(r.get("article", ""))):
        console.print(_table(list(group), _clean(article), flag_below, False, width))
