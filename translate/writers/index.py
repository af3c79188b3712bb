"""index.html from article summaries (the records of every article in the output folder), so
the index of a resumed or shared folder lists every finished article, not only this run's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from translate.core import Failure, RunResult
from translate.writers.base import WriteOptions, fmt_ratio, fmt_score
from translate.writers.html import footer, notes_banner, page
from translate.writers.htmlparts import attr, text

# (label, sort key, numeric) of the index table's columns
_COLUMNS = (
    ("Article", "index", False),
    ("File", "", False),
    ("Language", "", False),
    ("Target", "", False),
    ("Segments", "", True),
    ("Flagged", "", True),
    ("Mean chrF", "mean", True),
    ("Lowest chrF", "lowest", True),
    ("Term accuracy", "", True),
)


def _head() -> str:
    cells = []
    for label, key, numeric in _COLUMNS:
        cls = ' class="num-cell"' if numeric else ""
        if key:
            cells.append(
                f'<th scope="col"{cls} data-key="{key}" aria-sort="none">'
                f'<button type="button" class="sort">{label}</button></th>'
            )
        else:
            cells.append(f'<th scope="col"{cls}>{label}</th>')
    return "<thead><tr>" + "".join(cells) + "</tr></thead>"


def _row(position: int, a: Mapping[str, Any]) -> str:
    mean, low = a.get("chrf_mean"), a.get("chrf_min")
    lang = a.get("language", {})

    def data(value: float | None) -> str:
        return "" if value is None else repr(round(value, 4))

    cells = [
        f'<td><a href="{attr(a["id"])}.html">{text(a.get("title") or a["id"])}</a></td>',
        f"<td>{text(a.get('path', ''))}</td>",
        f"<td>{text(lang.get('tag', ''))} ({lang.get('confidence', 0):.2f})</td>",
        f"<td>{text(a.get('target_lang', ''))}</td>",
        f'<td class="num-cell">{a.get("segments", 0)}</td>',
        f'<td class="num-cell">{a.get("flagged", 0)}</td>',
        f'<td class="num-cell">{fmt_score(mean) or "n/a"}</td>',
        f'<td class="num-cell">{fmt_score(low) or "n/a"}</td>',
        f'<td class="num-cell">{fmt_ratio(a.get("terms", {}).get("accuracy"))}</td>',
    ]
    return (
        f'<tr class="article" data-index="{position}" data-mean="{data(mean)}" '
        f'data-lowest="{data(low)}">' + "".join(cells) + "</tr>"
    )


def _failures(failures: Sequence[Failure]) -> str:
    if not failures:
        return ""
    items = "".join(
        f"<li>{text(f.message if f.message.startswith(f.path) else f'{f.path}: {f.message}')}</li>"
        for f in failures
    )
    return f'<h2>Inputs that failed</h2><ul class="failures">{items}</ul>'


def render_index(
    summaries: Sequence[Mapping[str, Any]], run: RunResult, options: WriteOptions
) -> str:
    """The index page: one row per article summary; `run` gives the signature, notes, the
    run-level term figures and this run's failures."""
    rows = "\n".join(_row(i, a) for i, a in enumerate(summaries))
    t = run.terms
    facts = (
        f'<ul class="facts"><li>Articles: <b>{len(summaries)}</b></li>'
        f"<li>Failed inputs: <b>{len(run.failures)}</b></li>"
        f"<li>Glossary terms: <b>{t.rendered} of {t.found} rendered, {t.survived} came back "
        f"(accuracy {fmt_ratio(t.accuracy)})</b></li></ul>"
    )
    body = (
        f"<header><h1>Translation review</h1>{facts}{notes_banner(run.signature.notes)}"
        f'</header>\n<main><table id="articles" class="articles sortable">{_head()}'
        f"\n<tbody>\n{rows}\n</tbody></table>{_failures(run.failures)}</main>\n"
        f"{footer(run, options)}"
    )
    return page("Translation review", body)
