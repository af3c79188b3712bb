"""The job, per run: read -> detect -> segment -> protect -> translate -> restore ->
back-translate -> score -> convert variant -> results. Writers format the results.

All segments of all articles go through each model in one batched call per stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from translate import __version__, enforce, score, variant
from translate.core import (
    Article,
    ArticleResult,
    Detection,
    Failure,
    ModelInfo,
    RunConfig,
    RunResult,
    RunSignature,
    Segment,
    SegmentResult,
    TermHit,
    TermStats,
)
from translate.engine import packages
from translate.engine.ctranslate import DecodeOptions, Route, worker_threads
from translate.errors import InputError, ModelError, TranslateError
from translate.glossary import Glossary, load_glossaries

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)

SAMPLE_NOTE = (
    "Translated with the project's SAMPLE model, a tiny model that knows only the sample "
    "articles and patterns like them; its output elsewhere is not a translation to rely on. "
    "Install real models: `translate models install en zh` and `translate models install zh en` "
    "(online), or `translate models install FILE.argosmodel` (offline)."
)


@dataclass
class Work:
    """Mutable working state of one segment while the run is in flight (internal)."""

    seg: Segment  # seg.lang is the paragraph's detected tag, e.g. "zh-Hant"
    carried: bool = False
    flags: list[str] = field(default_factory=list)
    hans: str = ""  # translation before variant conversion (Simplified when Chinese)
    back: str = ""
    hits: tuple[TermHit, ...] = ()
    strategy: str = ""

    @property
    def src(self) -> str:
        """Model language code of the source ("en", "zh", ...)."""
        return self.seg.lang.split("-")[0]


@dataclass
class ArticleWork:
    article: Article
    detection: Detection
    paragraphs: tuple[Detection, ...]
    items: list[Work]


def _target_tag(config: RunConfig) -> str:
    return config.variant if config.to_lang == "zh" else config.to_lang


def _prepare(article: Article, config: RunConfig) -> ArticleWork:
    from translate.detect import detect_article
    from translate.segment import segment_article

    det, para_dets = detect_article(article, seed=config.detector_seed)
    langs = [d.tag for d in para_dets]
    segs = segment_article(article, langs, max_chars=config.max_segment_chars)
    items = []
    for seg in segs:
        pdet = para_dets[seg.paragraph]
        carried = pdet.lang in (config.to_lang, "und")
        work = Work(seg=seg, carried=carried)
        if carried:
            work.hans = seg.text
            work.flags.append("carried")
        items.append(work)
    return ArticleWork(article, det, tuple(para_dets), items)


def _source_text(work: Work) -> str:
    # Chinese models are trained on Simplified; Traditional input is normalised first.
    return variant.to_simplified(work.seg.text) if work.src == "zh" else work.seg.text


class Runner:
    """Holds the loaded routes and glossary for one run."""

    def __init__(self, config: RunConfig, progress: Progress | None = None) -> None:
        self.config = config
        self.progress = progress
        self.opts = DecodeOptions(beam_size=config.beam_size, threads=config.threads)
        self.glossary: Glossary = load_glossaries(list(config.glossary_paths))
        self.routes: dict[tuple[str, str], Route] = {}

    def route(self, src: str, dst: str) -> Route:
        if (src, dst) not in self.routes:
            self.routes[(src, dst)] = Route(packages.find_route(src, dst), self.opts)
        return self.routes[(src, dst)]

    def _tick(self, stage: str) -> Callable[[int, int], None] | None:
        if not self.progress:
            return None
        report = self.progress
        return lambda done, total: report(stage, done, total)

    def forward(self, items: list[Work]) -> None:
        dst = self.config.to_lang
        for src, group in _by_source(w for w in items if not w.carried).items():
            try:
                route = self.route(src, dst)
            except ModelError as exc:
                for w in group:
                    w.carried, w.hans = True, w.seg.text
                    w.flags.append(f"no-model:{src}->{dst}")
                log.warning("%s", exc)
                continue
            texts = [_source_text(w) for w in group]
            enforce.forward(
                group,
                texts,
                route,
                self.glossary,
                _target_hans_tag(dst),
                self._tick("translate"),
                lang=src,
            )

    def backward(self, items: list[Work]) -> None:
        dst = self.config.to_lang
        for src, group in _by_source(w for w in items if not w.carried and w.hans).items():
            try:
                route = self.route(dst, src)
            except ModelError as exc:
                log.warning("%s", exc)
                for w in group:
                    w.flags.append(f"no-back-model:{dst}->{src}")
                continue
            enforce.backward(
                group, route, self.glossary, dst, _target_hans_tag(src), self._tick("back")
            )
            for w in group:
                if w.seg.lang == "zh-Hant":  # score against the source in its own script
                    w.back = variant.convert(w.back, "s2t")


def _by_source(items: Iterable[Work]) -> dict[str, list[Work]]:
    """Segments grouped by source language: one batched model call per group."""
    groups: dict[str, list[Work]] = {}
    for w in items:
        groups.setdefault(w.src, []).append(w)
    return groups


def _target_hans_tag(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else lang


def _finish(
    work: ArticleWork, config: RunConfig, glossary: Glossary, notes: tuple[str, ...]
) -> ArticleResult:
    target_tag = _target_tag(config)
    results = []
    for w in work.items:
        results.append(_segment_result(w, config, glossary, target_tag))
    scored = [(r.back, r.segment.text) for r in results if not r.carried and r.back]
    back_lang = work.detection.lang
    corpus = score.corpus([b for b, _ in scored], [s for _, s in scored], back_lang)
    stats = sum((_term_stats(r.terms) for r in results), TermStats())
    return ArticleResult(
        article=work.article,
        detection=work.detection,
        paragraph_detections=work.paragraphs,
        segments=tuple(results),
        target_lang=target_tag,
        chrf=corpus.chrf if corpus else None,
        bleu=corpus.bleu if corpus else None,
        terms=stats,
        notes=notes,
    )


def _term_stats(hits: Sequence[TermHit]) -> TermStats:
    return TermStats(
        found=len(hits),
        rendered=sum(h.ok for h in hits),
        survived=sum(bool(h.back_ok) for h in hits),
    )


def _segment_result(
    w: Work, config: RunConfig, glossary: Glossary, target_tag: str
) -> SegmentResult:
    flags = list(w.flags)
    chrf = bleu = None
    if not w.carried and w.back:
        s = score.sentence(w.back, w.seg.text, w.src)
        chrf, bleu = s.chrf, s.bleu
        if chrf < config.flag_below:
            flags.append("low-score")
        if score.numbers_lost(w.seg.text, w.back):
            flags.append("number-changed")
    target = w.hans
    target_hans = ""
    if config.to_lang == "zh" and not w.carried and variant.opencc_config(config.variant):
        forms = {h.term_id: enforce.variant_form(glossary, h, target_tag) for h in w.hits}
        shields = [(h.target_form, forms[h.term_id]) for h in w.hits]
        target = variant.to_variant(w.hans, config.variant, shields)
        target_hans = w.hans
        w.hits = tuple(replace(h, target_form=forms[h.term_id]) for h in w.hits)
    return SegmentResult(
        segment=w.seg,
        target=target,
        back=w.back,
        chrf=chrf,
        bleu=bleu,
        terms=w.hits,
        carried=w.carried,
        flags=tuple(dict.fromkeys(flags)),
        target_hans=target_hans,
        strategy=w.strategy,
    )


def read_inputs(paths: Sequence[str]) -> tuple[list[Article], list[Failure]]:
    from translate.reader import assign_ids, collect_inputs, read_article

    articles: list[Article] = []
    failures: list[Failure] = []
    for given in paths:
        try:
            found = collect_inputs([given])
        except InputError as exc:
            failures.append(Failure(given, str(exc)))
            continue
        for path in found:
            try:
                articles.append(read_article(path))
            except InputError as exc:
                failures.append(Failure(path, str(exc)))
    return assign_ids(articles), failures


def prepare_articles(
    paths: Sequence[str], config: RunConfig
) -> tuple[list[ArticleWork], list[Failure]]:
    """Read, detect and segment every input; unreadable inputs become Failures."""
    articles, failures = read_inputs(paths)
    works: list[ArticleWork] = []
    for article in articles:
        try:
            works.append(_prepare(article, config))
        except TranslateError as exc:
            failures.append(Failure(article.path, str(exc)))
    return works, failures


def run(paths: Sequence[str], config: RunConfig, progress: Progress | None = None) -> RunResult:
    """Translate every readable input; unreadable ones become Failures, not exceptions."""
    variant.opencc_config(config.variant)  # fail fast on a bad variant
    t0 = time.perf_counter()
    runner = Runner(config, progress)  # glossary errors stop the run before model work
    works, failures = prepare_articles(paths, config)
    works = _with_models(runner, works, failures)
    t1 = time.perf_counter()
    items = [w for work in works for w in work.items]
    runner.forward(items)
    t2 = time.perf_counter()
    if config.back_translate:
        runner.backward(items)
    t3 = time.perf_counter()
    models = _models_used(runner)
    notes = (SAMPLE_NOTE,) if any(m.sample for m in models) else ()
    results = tuple(_finish(w, config, runner.glossary, notes) for w in works)
    t4 = time.perf_counter()
    timings = (
        ("read+detect+segment", t1 - t0),
        ("translate", t2 - t1),
        ("back", t3 - t2),
        ("score+variant", t4 - t3),
    )
    signature = _signature(runner, config, models, notes, timings, works)
    total = sum((a.terms for a in results), TermStats())
    return RunResult(results, tuple(failures), signature, total)


def _with_models(
    runner: Runner, works: list[ArticleWork], failures: list[Failure]
) -> list[ArticleWork]:
    """Articles whose main language has no installed model fail with the install command;
    a paragraph in another language without a model is carried over and flagged instead."""
    kept = []
    for work in works:
        lang = work.detection.lang
        if lang not in (runner.config.to_lang, "und"):
            try:
                runner.route(lang, runner.config.to_lang)
            except ModelError as exc:
                failures.append(Failure(work.article.path, f"{work.article.path}: {exc}"))
                continue
        kept.append(work)
    return kept


def _models_used(runner: Runner) -> tuple[ModelInfo, ...]:
    seen: dict[str, ModelInfo] = {}
    for route in runner.routes.values():
        for m in route.models:
            seen[m.path] = m
    return tuple(seen.values())


def _signature(
    runner: Runner,
    config: RunConfig,
    models: tuple[ModelInfo, ...],
    notes: tuple[str, ...],
    timings: tuple[tuple[str, float], ...],
    works: list[ArticleWork],
) -> RunSignature:
    back_langs = sorted({w.detection.lang for w in works}) or ["en"]
    chrf_sig, bleu_sig = score.signatures(back_langs[0])
    return RunSignature(
        tool_version=__version__,
        models=models,
        glossaries=tuple((str(Path(p)), h) for p, h in runner.glossary.files),
        opencc_config=variant.opencc_config(config.variant) if config.to_lang == "zh" else None,
        detector_seed=config.detector_seed,
        chrf_signature=chrf_sig,
        bleu_signature=bleu_sig,
        beam_size=config.beam_size,
        threads=worker_threads(config.threads),
        variant=_target_tag(config),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        timings=tuple((k, round(v, 3)) for k, v in timings),
        notes=notes,
    )
