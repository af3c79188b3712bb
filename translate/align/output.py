"""Alignment results as the project's result types, written by the project's writers.

Each bead becomes one SegmentResult: its source sentences as the segment, its target sentences
as the target (origin "human"), the chrF of its MT against the target when there is an MT, and
its confidence. Flags: "low-confidence" under the threshold, "deletion" for a source sentence
with no translation (1-0), "insertion" for a target sentence with no source (0-1). The JSONL and
TSV writers' output gains the bead's confidence and sentence numbers; the other formats are the
writers' own. `<stem>.beads` holds the beads themselves.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from translate import __version__, score
from translate.align.aligner import LOW_CONFIDENCE, Bead
from translate.align.beads import format_bead
from translate.align.documents import PairResult, Side
from translate.core import (
    ArticleResult,
    ModelInfo,
    RunResult,
    RunSignature,
    Segment,
    SegmentResult,
)
from translate.glossary import Glossary
from translate.writers.base import WriteOptions, Writer

BEADS = "beads"


def join(texts: Sequence[str], lang: str) -> str:
    return ("" if lang.startswith("zh") else " ").join(texts)


def bead_flags(bead: Bead, low: float) -> tuple[str, ...]:
    if not bead.tgt:
        return ("deletion",)
    if not bead.src:
        return ("insertion",)
    return ("low-confidence",) if bead.confidence < low else ()


def _segment(side: Side, bead: Bead, index: int) -> Segment:
    """The bead's source sentences as one segment (offsets from the first to the last)."""
    sents = [side.sentences[i] for i in bead.src]
    first, last = sents[0], sents[-1]
    text = join([s.text for s in sents], side.detection.tag)
    return Segment(side.article.id, first.paragraph, index, text, first.start, last.end, first.lang)


def article_result(result: PairResult, low: float = LOW_CONFIDENCE) -> ArticleResult:
    pair = result.pair
    src, tgt = pair.source, pair.target
    segments = []
    next_src = 0
    for index, bead in enumerate(result.alignment.beads):
        target = join([tgt.sentences[j].text for j in bead.tgt], tgt.detection.tag)
        chrf = bleu = None
        if pair.mt is not None and bead.src and bead.tgt:
            mt = join([pair.mt[i] for i in bead.src], tgt.detection.tag)
            scores = score.sentence(mt, target, tgt.detection.tag)
            chrf, bleu = scores.chrf, scores.bleu
        if bead.src:
            segment = _segment(src, bead, index)
            next_src = bead.src[-1] + 1
        else:
            segment = _insertion(src, next_src, index)
        segments.append(
            SegmentResult(
                segment=segment,
                target=target,
                back="",
                chrf=chrf,
                bleu=bleu,
                flags=bead_flags(bead, low),
                origin="human",
                confidence=bead.confidence,
            )
        )
    return ArticleResult(
        article=src.article,
        detection=src.detection,
        paragraph_detections=src.paragraphs,
        segments=tuple(segments),
        target_lang=tgt.detection.tag,
        chrf=None,
        bleu=None,
        notes=(f"aligned with {tgt.article.path}", *result.notes),
    )


def _insertion(side: Side, next_src: int, index: int) -> Segment:
    """An empty source span where the next source sentence starts (or at the end)."""
    if next_src < len(side.sentences):
        s = side.sentences[next_src]
        return Segment(side.article.id, s.paragraph, index, "", s.start, s.start, s.lang)
    end = len(side.article.text)
    paragraph = side.sentences[-1].paragraph if side.sentences else 0
    return Segment(side.article.id, paragraph, index, "", end, end, side.detection.tag)


def run_result(
    results: Sequence[PairResult],
    glossary: Glossary,
    models: Sequence[ModelInfo],
    notes: Sequence[str],
    seconds: float,
) -> RunResult:
    articles = tuple(article_result(r) for r in results)
    lang = articles[0].target_lang if articles else "en"
    chrf_sig, bleu_sig = score.signatures(lang)
    signature = RunSignature(
        tool_version=__version__,
        models=tuple(models),
        glossaries=tuple((str(Path(p)), h) for p, h in glossary.files),
        opencc_config=None,
        detector_seed=0,
        chrf_signature=chrf_sig,
        bleu_signature=bleu_sig,
        beam_size=4,
        threads=0,
        variant=lang,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        timings=(("align", round(seconds, 3)),),
        notes=tuple(notes),
    )
    return RunResult(articles, (), signature)


class _WithConfidence:
    """A project writer whose JSONL / TSV output also carries each bead's confidence."""

    def __init__(self, inner: Writer, kind: str) -> None:
        self.inner, self.kind = inner, kind
        self.extension = inner.extension

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        text = self.inner.render(article, run, options)
        lines = text.split("\n")
        out: list[str] = []
        rows = iter(article.segments)
        for number, line in enumerate(lines):
            if not line:
                out.append(line)
            elif self.kind == "tsv" and number == 0:
                out.append(line + "\tconfidence")
            elif self.kind == "tsv":
                out.append(line + "\t" + _fmt(next(rows).confidence))
            else:
                from translate.writers.jsonl import dump_line

                record = json.loads(line)
                record["confidence"] = next(rows).confidence
                out.append(dump_line(record).rstrip("\n"))
        return "\n".join(out)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def write(
    run: RunResult, results: Sequence[PairResult], out_dir: Path, formats: Sequence[str]
) -> list[Path]:
    """`<stem>.beads` and each chosen format per pair, then run.json (and index.html)."""
    from translate.writers import get_writers, resolve_formats, write_articles

    names = resolve_formats([f for f in formats if f != BEADS]) if set(formats) - {BEADS} else ()
    writers: list[Writer] = []
    for name in names:
        for writer in get_writers(name):
            wrap = name in ("jsonl", "tsv") and writer is get_writers(name)[0]
            writers.append(_WithConfidence(writer, name) if wrap else writer)
    # chrF of an MT is shown, not flagged: a bead's confidence is what flags it
    options = WriteOptions(flag_below=0.0)
    by_id = {a.article.id: r for a, r in zip(run.articles, results, strict=True)}

    def beads(article: ArticleResult) -> list[tuple[str, str]]:
        text = "".join(
            format_bead(b.src, b.tgt) + "\n" for b in by_id[article.article.id].alignment.beads
        )
        return [(f"{article.article.id}.{BEADS}", text)]

    return write_articles(
        run,
        out_dir,
        writers,
        options,
        with_index="html" in names,
        with_summary=bool(names),
        extra=beads,
    )
