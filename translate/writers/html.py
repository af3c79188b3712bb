"""HTML review pages: one per article, and index.html for the run.

Static files: CSS and JavaScript are inlined, nothing is fetched. Without JavaScript the page is
complete: rows are flagged by the writer's threshold, listed riskiest first (see risk.py) so that
something is on top even when nothing is flagged, and the flagged-only checkbox is pure CSS.
With it, the threshold can be moved (number and slider), columns sort (# for article order,
chrF, risk), and the address may carry `#below=NN&only=flagged&sort=chrf` to open a given view.
"""

from __future__ import annotations

import functools
from importlib import resources

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.writers.base import (
    WriteOptions,
    all_notes,
    chrf_mean,
    chrf_min,
    column_name,
    flagged_count,
    fmt_ratio,
    fmt_score,
    has_hans,
    is_flagged,
    is_low,
    lang_name,
    review_flags,
)
from translate.writers.htmlparts import (
    attr,
    back_spans,
    definition_list,
    highlight,
    score_cell,
    signature_items,
    source_spans,
    target_spans,
    term_list,
    text,
)
from translate.writers.risk import Risk, reading_order, risks


@functools.cache
def _asset(name: str) -> str:
    return resources.files("translate.web").joinpath(name).read_text(encoding="utf-8")


def page(title: str, body: str, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="newsroom-translate">\n'
        f"<title>{text(title)}</title>\n<style>\n{_asset('review.css')}</style>\n</head>\n"
        f"<body>\n{body}\n<script>\n{_asset('review.js')}</script>\n</body>\n</html>\n"
    )


def notes_banner(notes: tuple[str, ...]) -> str:
    if not notes:
        return ""
    paragraphs = "".join(f"<p><strong>Note:</strong> {text(n)}</p>" for n in notes)
    return f'<div class="notes" role="note">{paragraphs}</div>'


def footer(run: RunResult, options: WriteOptions) -> str:
    items = signature_items(run.signature, options.flag_below)
    return f"<footer><h2>Run signature</h2>{definition_list(items)}</footer>"


def _facts(article: ArticleResult, options: WriteOptions) -> str:
    det, t = article.detection, article.terms
    language = f"{lang_name(det.tag)} ({det.tag}, {det.confidence:.2f})"
    if det.note:
        language += f"; {det.note}"
    target = f"{lang_name(article.target_lang)} ({article.target_lang})"
    if has_hans(article):
        target += "; Simplified (zh-Hans) shown too"
    carried = sum(s.carried for s in article.segments)
    facts = [
        ("Source", f"{article.article.path}"),
        ("Language", language),
        ("Translated into", target),
        ("Segments", f"{len(article.segments)} ({carried} carried over)"),
        (
            "Round-trip chrF",
            f"{fmt_score(article.chrf) or 'n/a'} (BLEU {fmt_score(article.bleu) or 'n/a'})",
        ),
        (
            "Segment chrF",
            f"mean {fmt_score(chrf_mean(article)) or 'n/a'}, "
            f"lowest {fmt_score(chrf_min(article)) or 'n/a'}",
        ),
        (
            "Glossary terms",
            f"{t.rendered} of {t.found} rendered, {t.survived} came back "
            f"(accuracy {fmt_ratio(t.accuracy)})",
        ),
    ]
    items = "".join(f"<li>{text(k)}: <b>{text(v)}</b></li>" for k, v in facts)
    return f'<ul class="facts">{items}</ul>'


def _controls(article: ArticleResult, options: WriteOptions) -> str:
    below = f"{options.flag_below:g}"
    flagged = flagged_count(article, options.flag_below)
    return (
        '<form class="controls" onsubmit="return false">'
        '<label class="js-only">Flag below chrF '
        f'<input type="number" id="threshold" min="0" max="100" step="1" value="{below}"> '
        f'<input type="range" id="threshold-range" min="0" max="100" step="1" value="{below}" '
        'aria-label="Flag threshold"></label>'
        '<label><input type="checkbox" id="only-flagged"> Show flagged segments only</label>'
        f'<span id="flag-count">{flagged} of {len(article.segments)} segments flagged</span>'
        f'<span class="legend">Flagged: chrF below <span class="threshold-value">{below}</span>'
        ", a number changed, or a term lost, repeated or deprecated. Rows open riskiest first "
        "(chrF against the article's median, flags, term problems); sort by # for article "
        "order. Highlights: glossary terms (green came through, red dashed did not).</span></form>"
    )


def _risk_cell(rank: int, risk: Risk) -> str:
    why = "".join(f"<li>{text(reason)}</li>" for reason in risk.reasons)
    return (
        f'<td class="risk" title="risk {risk.score:.2f}"><span class="rank">{rank}</span>'
        + (f'<ul class="why">{why}</ul>' if why else "")
        + "</td>"
    )


def _row(
    article: ArticleResult,
    seg: SegmentResult,
    hans: bool,
    options: WriteOptions,
    ranked: tuple[int, Risk],
) -> str:
    s, review = seg.segment, review_flags(seg)
    classes = ["seg"]
    classes += ["flagged"] if is_flagged(seg, options.flag_below) else []
    classes += ["low"] if is_low(seg, options.flag_below) else []
    classes += ["carried"] if seg.carried else []
    chrf = "" if seg.chrf is None else repr(round(seg.chrf, 4))
    cells = [
        f'<td class="num"><a href="#s{s.index + 1}">{s.index + 1}</a>'
        f'<span class="para">\u00b6{s.paragraph + 1}</span></td>',
        f'<td class="text src" lang="{attr(s.lang)}">{highlight(s.text, source_spans(seg))}</td>',
        f'<td class="text tgt" lang="{attr(article.target_lang)}">'
        f"{highlight(seg.target, target_spans(seg))}</td>",
    ]
    if hans:
        cells.append(f'<td class="text hans" lang="zh-Hans">{text(seg.target_hans)}</td>')
    cells += [
        f'<td class="text back" lang="{attr(s.lang)}">{highlight(seg.back, back_spans(seg))}</td>',
        f'<td class="score">{score_cell(seg, review)}</td>',
        _risk_cell(*ranked),
        f'<td class="terms-cell">{term_list(seg)}</td>',
    ]
    return (
        f'<tr id="s{s.index + 1}" class="{" ".join(classes)}" data-index="{s.index}" '
        f'data-chrf="{chrf}" data-rank="{ranked[0]}" data-review="{1 if review else 0}">'
        + "".join(cells)
        + "</tr>"
    )


def _table(article: ArticleResult, options: WriteOptions) -> str:
    hans = has_hans(article)
    target = f"{column_name(article.target_lang)} ({article.target_lang})"
    heads = [("#", "index", "c-num"), ("Source", "", "c-src"), (target, "", "c-tgt")]
    heads += [("Simplified (zh-Hans)", "", "c-hans")] if hans else []
    heads += [
        ("Back-translation", "", "c-back"),
        ("chrF", "chrf", "c-score"),
        ("Risk", "rank", "c-risk"),
        ("Terms", "", "c-terms"),
    ]
    cols = "".join(f'<col class="{c}">' for _, _, c in heads)
    ths = "".join(
        f'<th scope="col" data-key="{key}" '
        f'aria-sort="{"ascending" if key == "rank" else "none"}"><button type="button" '
        f'class="sort">{text(label)}</button></th>'
        if key
        else f'<th scope="col">{text(label)}</th>'
        for label, key, _ in heads
    )
    scores = risks(article, options.flag_below)
    order = reading_order(scores)
    rank = {position: number for number, position in enumerate(order, start=1)}
    rows = "\n".join(
        _row(article, article.segments[i], hans, options, (rank[i], scores[i])) for i in order
    )
    return (
        f'<table id="segments" class="segments sortable"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{ths}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"
    )


def render_article(article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
    a = article.article
    body = (
        '<p class="crumbs"><a href="index.html">\u2190 All articles</a></p>'
        f"<header><h1>{text(a.title or a.id)}</h1>{_facts(article, options)}"
        f"{notes_banner(all_notes(article, run))}</header>\n<main>"
        f"{_controls(article, options)}\n{_table(article, options)}</main>\n"
        f"{footer(run, options)}"
    )
    return page(f"{a.title or a.id} \u2014 translation review", body)


class HtmlWriter:
    extension = "html"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        return render_article(article, run, options)


WRITER = HtmlWriter()


def render_index(run: RunResult, options: WriteOptions) -> str:
    """index.html for a run held in memory (`translate.writers.index` renders it from the
    article summaries; a batch run renders it from the records of its output folder)."""
    from translate.writers.index import render_index as from_summaries
    from translate.writers.runjson import article_summary

    return from_summaries([article_summary(a, options) for a in run.articles], run, options)
