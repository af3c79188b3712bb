"""run.json: everything about a run that is not a segment.

The run signature (what is needed to reproduce the numbers), one summary per article, the
run's glossary term statistics, the failures, and the notes (such as the sample-model warning).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from translate.core import ArticleResult, Detection, RunResult, RunSignature, TermStats
from translate.writers.base import (
    WriteOptions,
    chrf_mean,
    chrf_min,
    finite,
    flagged_count,
)

FORMAT = "newsroom-translate/run"
FORMAT_VERSION = 1


def term_stats(stats: TermStats) -> dict[str, Any]:
    return {**asdict(stats), "accuracy": stats.accuracy}


def detection(det: Detection) -> dict[str, Any]:
    return {**asdict(det), "tag": det.tag}


def signature(sig: RunSignature) -> dict[str, Any]:
    record = asdict(sig)
    record["glossaries"] = [{"path": path, "sha256": digest} for path, digest in sig.glossaries]
    record["timings"] = dict(sig.timings)
    record["notes"] = list(sig.notes)
    return record


def article_summary(article: ArticleResult, options: WriteOptions) -> dict[str, Any]:
    a = article.article
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "encoding": a.encoding,
        "language": detection(article.detection),
        "paragraphs": [
            {"index": p.index, **detection(d)}
            for p, d in zip(a.paragraphs, article.paragraph_detections, strict=False)
        ],
        "target_lang": article.target_lang,
        "segments": len(article.segments),
        "carried": sum(s.carried for s in article.segments),
        "flagged": flagged_count(article, options.flag_below),
        "chrf_mean": finite(chrf_mean(article)),
        "chrf_min": finite(chrf_min(article)),
        "chrf": finite(article.chrf),
        "bleu": finite(article.bleu),
        "terms": term_stats(article.terms),
        "notes": list(article.notes),
    }


def run_record(
    run: RunResult, options: WriteOptions, outputs: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    articles = []
    for article in run.articles:
        summary = article_summary(article, options)
        summary["outputs"] = list(outputs.get(article.article.id, ()))
        articles.append(summary)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "signature": signature(run.signature),
        "review": {"flag_below": options.flag_below},
        "notes": list(run.signature.notes),
        "terms": term_stats(run.terms),
        "articles": articles,
        "failures": [asdict(f) for f in run.failures],
    }


def render_run(
    run: RunResult, options: WriteOptions, outputs: Mapping[str, Sequence[str]] | None = None
) -> str:
    record = run_record(run, options, outputs or {})
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
