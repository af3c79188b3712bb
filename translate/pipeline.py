"""The job, per group of articles: detect -> segment -> (protect -> translate -> restore, through
the translation memory) -> back-translate -> score -> convert variant -> frozen results.

`prepare` works on one article; `decode_group` sends every segment of a group of articles
through each model in one batched call per direction, and its result's `finish` scores them
and makes the articles' results (`translate_group` does both). Writing, resuming and grouping
live in `translate.batch`; this module returns values and writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate import enforce, score, variant
from translate.core import (
    Article,
    ArticleResult,
    Detection,
    Failure,
    RunConfig,
    Segment,
    SegmentResult,
    TermHit,
    TermStats,
)
from translate.errors import InputError, ModelError
from translate.glossary import Glossary
from translate.lang import base_lang, convert, model_langs, opencc_config, to_simplified
from translate.translator import Translated, Translator

log = logging.getLogger(__name__)

SAMPLE_NOTE = (
    "Translated with the project's SAMPLE model, a tiny model that knows only the sample "
    "articles and patterns like them; its output elsewhere is not a translation to rely on. "
    "Install real models: `translate models install en zh` and `translate models install zh en` "
    "(online), or `translate models install FILE.argosmodel` (offline)."
)


@dataclass(frozen=True)
class Prepared:
    """An article read, detected and segmented, ready for the models."""

    article: Article
    detection: Detection
    paragraphs: tuple[Detection, ...]
    segments: tuple[Segment, ...]

    def needs_model(self, seg: Segment, to_lang: str) -> bool:
        return self.paragraphs[seg.paragraph].lang not in (to_lang, "und")


@dataclass(frozen=True)
class GroupResult:
    articles: tuple[ArticleResult, ...]
    failures: tuple[Failure, ...]
    segments_translated: int  # sent to a model (forward or back) in this run
    segments_from_tm: int  # target reused from the translation memory (tm-mt or human)


def target_tag(config: RunConfig) -> str:
    return config.variant if config.to_lang == "zh" else config.to_lang


def prepare(article: Article, config: RunConfig) -> Prepared:
    from translate.detect import detect_article
    from translate.segment import segment_article

    det, para_dets = detect_article(article, seed=config.detector_seed)
    langs = [d.tag for d in para_dets]
    segs = segment_article(article, langs, max_chars=config.max_segment_chars)
    return Prepared(article, det, tuple(para_dets), tuple(segs))


def read_inputs(paths: Sequence[str]) -> tuple[list[Article], list[Failure]]:
    """Every input read (for `detect`); unreadable ones become Failures."""
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


@dataclass
class _Slot:
    """Where one segment stands while its group is translated (internal)."""

    seg: Segment
    carried: str = ""  # why it is not translated: "carried" or "no-model:xx->yy"
    src: str = ""  # the model language of the source ("ms" or "id" for "ms-or-id")
    forward: Translated | None = None
    back: Translated | None = None


def translate_group(
    group: Sequence[Prepared], translator: Translator, config: RunConfig
) -> GroupResult:
    """Translate a group of prepared articles: one batched call per model and direction."""
    return decode_group(group, translator, config).finish()


@dataclass(frozen=True)
class Decoded:
    """A group through the models (forward and back), not yet scored: `finish` scores it,
    converts the variant and makes the articles' results. Finishing touches neither the
    models nor the translation memory, so it may run in another thread while the next group
    is decoded (translate.batch)."""

    kept: tuple[tuple[Prepared, tuple[_Slot, ...]], ...]
    failures: tuple[Failure, ...]
    fresh: int
    reused: int
    config: RunConfig
    glossary: Glossary
    notes: tuple[str, ...]
    samples: frozenset[tuple[str, str]]

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the articles `finish` will return, in order."""
        return tuple(p.article.id for p, _ in self.kept)

    def finish(self) -> GroupResult:
        articles = tuple(
            _finish(p, slots, self.config, self.glossary, self.notes, self.samples)
            for p, slots in self.kept
        )
        return GroupResult(articles, self.failures, self.fresh, self.reused)


def decode_group(group: Sequence[Prepared], translator: Translator, config: RunConfig) -> Decoded:
    """Send every segment of a group through each model, one batched call per direction."""
    failures: list[Failure] = []
    kept: list[tuple[Prepared, tuple[_Slot, ...]]] = []
    for prepared in group:
        slots = tuple(_slot(prepared, seg, translator, config) for seg in prepared.segments)
        needing = [s for s in slots if s.carried != "carried"]
        if needing and all(s.carried for s in needing):  # nothing it needs has a model
            failures.append(_no_model_failure(prepared, translator, config))
            continue
        kept.append((prepared, slots))
    todo = [s for _, slots in kept for s in slots if not s.carried]
    _forward(todo, translator, config)
    if config.back_translate:
        _backward(todo, translator, config)
    fresh = sum(
        1
        for s in todo
        if (s.forward and s.forward.origin == "mt") or (s.back and s.back.origin == "mt")
    )
    reused = sum(1 for s in todo if s.forward and s.forward.origin in ("tm-mt", "human"))
    return Decoded(
        kept=tuple(kept),
        failures=tuple(failures),
        fresh=fresh,
        reused=reused,
        config=config,
        glossary=translator.glossary,
        notes=(SAMPLE_NOTE,) if any(m.sample for m in translator.models) else (),
        samples=frozenset(pair for pair, memo in translator.engines.items() if memo.route.sample),
    )


def _slot(prepared: Prepared, seg: Segment, translator: Translator, config: RunConfig) -> _Slot:
    if not prepared.needs_model(seg, config.to_lang):
        return _Slot(seg, carried="carried")
    candidates = model_langs(seg.lang)
    for src in candidates:
        try:
            translator.engine(src, config.to_lang)
        except ModelError as exc:
            log.debug("%s", exc)
            continue
        return _Slot(seg, src=src)
    return _Slot(seg, carried=f"no-model:{'/'.join(candidates)}->{config.to_lang}")


def _no_model_failure(prepared: Prepared, translator: Translator, config: RunConfig) -> Failure:
    lang = prepared.detection.lang
    path = prepared.article.path
    try:
        translator.engine(lang, config.to_lang)
    except ModelError as exc:
        return Failure(path, f"{path}: {exc}")
    return Failure(path, f"{path}: no paragraph has an installed model into {config.to_lang}")


def _by_source(slots: Sequence[_Slot]) -> dict[str, list[_Slot]]:
    groups: dict[str, list[_Slot]] = {}
    for s in slots:
        groups.setdefault(s.src, []).append(s)
    return groups


def _forward(slots: Sequence[_Slot], translator: Translator, config: RunConfig) -> None:
    for src, group in _by_source(slots).items():
        results = translator.translate(
            [s.seg.text for s in group], src, config.to_lang, human=config.use_human
        )
        for s, res in zip(group, results, strict=True):
            s.forward = res


def _backward(slots: Sequence[_Slot], translator: Translator, config: RunConfig) -> None:
    for src, group in _by_source([s for s in slots if s.forward and s.forward.text]).items():
        try:
            translator.engine(config.to_lang, src)
        except ModelError as exc:
            log.warning("%s", exc)
            for s in group:
                s.back = Translated("", flags=(f"no-back-model:{config.to_lang}->{src}",))
            continue
        texts = [s.forward.text for s in group if s.forward]
        results = translator.translate(texts, config.to_lang, src)
        for s, res in zip(group, results, strict=True):
            s.back = res


def _finish(
    prepared: Prepared,
    slots: Sequence[_Slot],
    config: RunConfig,
    glossary: Glossary,
    notes: tuple[str, ...],
    samples: frozenset[tuple[str, str]],
) -> ArticleResult:
    tag = target_tag(config)
    results = tuple(_segment_result(s, config, glossary, tag, samples) for s in slots)
    scored = [(r.back, r.segment.text) for r in results if not r.carried and r.back]
    corpus = score.corpus([b for b, _ in scored], [s for _, s in scored], prepared.detection.lang)
    stats = sum((_term_stats(r.terms) for r in results), TermStats())
    return ArticleResult(
        article=prepared.article,
        detection=prepared.detection,
        paragraph_detections=prepared.paragraphs,
        segments=results,
        target_lang=tag,
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
    s: _Slot, config: RunConfig, glossary: Glossary, tag: str, samples: frozenset[tuple[str, str]]
) -> SegmentResult:
    seg = s.seg
    src = s.src
    if s.carried or s.forward is None:
        return _carried_result(seg, s.carried or "carried", config, glossary, tag)
    fwd = s.forward
    flags = list(fwd.flags)
    back = ""
    hits = fwd.hits
    chrf = bleu = None
    if s.back is not None:
        if not s.back.text:  # no model back: the reason is the back's only flag
            flags += s.back.flags
        back = s.back.text
        if back and seg.lang == "zh-Hant":  # scored against the source in its own script
            back = convert(back, "s2t")
        hits = enforce.mark_survivors(hits, back, glossary) if back else hits
    if back:
        scores = score.sentence(back, seg.text, base_lang(seg.lang))
        chrf, bleu = scores.chrf, scores.bleu
        if chrf < config.flag_below:
            flags.append("low-score")
        if score.numbers_lost(seg.text, back) or score.numbers_added(seg.text, back):
            flags.append("number-changed")
    made_by_sample = ((src, config.to_lang) in samples and fwd.origin != "human") or bool(
        back and (config.to_lang, src) in samples
    )
    target, target_hans = fwd.text, ""
    if config.to_lang == "zh" and opencc_config(config.variant):
        forms = {h.term_id: enforce.variant_form(glossary, h, tag) for h in hits}
        target = variant.to_variant(
            fwd.text, config.variant, [(h.target_form, forms[h.term_id]) for h in hits]
        )
        target_hans = fwd.text
        hits = tuple(replace(h, target_form=forms[h.term_id]) for h in hits)
    return SegmentResult(
        segment=seg,
        target=target,
        back=back,
        chrf=chrf,
        bleu=bleu,
        terms=hits,
        flags=tuple(dict.fromkeys(flags)),
        target_hans=target_hans,
        strategy=fwd.strategy,
        origin=fwd.origin,
        sample=made_by_sample,
    )


def _carried_result(
    seg: Segment, reason: str, config: RunConfig, glossary: Glossary, tag: str
) -> SegmentResult:
    """A segment copied, not translated: already in the target language (written in the
    variant asked for, glossary terms in their regional form), or with no model."""
    target, target_hans = seg.text, ""
    if reason == "carried" and config.to_lang == "zh" and base_lang(seg.lang) == "zh":
        hans = to_simplified(seg.text)
        shields = [
            (m.form, m.term.target(tag)) for m in glossary.find(hans, "zh") if m.form in hans
        ]
        target = variant.to_variant(hans, config.variant, shields)
        target_hans = hans if target != hans else ""
    return SegmentResult(
        segment=seg,
        target=target,
        back="",
        chrf=None,
        bleu=None,
        carried=True,
        flags=(reason,),
        target_hans=target_hans,
        origin="source",
    )
