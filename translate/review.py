"""Glossary review over a corpus: where each term occurs, what the engine makes of it with and
without the glossary, and whether articles render it consistently.

Also the engine renderings that `glossary suggest` puts into its proposed rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from translate.core import RunConfig, Segment, Term
from translate.errors import TranslateError
from translate.glossary import Glossary, extract_candidates, load_glossaries, suggest_rows
from translate.lang import base_lang, text_tag
from translate.pipeline import Prepared, prepare
from translate.tm import TranslationMemory
from translate.translator import Translator


@dataclass(frozen=True)
class Occurrence:
    article: str
    segment: int
    form: str  # as written in the source
    context: str  # the source sentence
    with_glossary: str  # the engine's output with the glossary enforced
    ok: bool  # the approved target came through
    unaided: str  # the engine's output with no glossary
    unaided_ok: bool  # the engine produced the approved target by itself


@dataclass(frozen=True)
class TermReview:
    term: Term
    target: str
    occurrences: tuple[Occurrence, ...]

    @property
    def articles(self) -> int:
        return len({o.article for o in self.occurrences})

    @property
    def enforced_rate(self) -> float:
        return sum(o.ok for o in self.occurrences) / len(self.occurrences)

    @property
    def unaided_rate(self) -> float:
        return sum(o.unaided_ok for o in self.occurrences) / len(self.occurrences)

    @property
    def consistent(self) -> bool:
        """Every article renders it the same way (all with the approved target)."""
        return all(o.ok for o in self.occurrences)


def _prepared(paths: Sequence[str], config: RunConfig) -> list[Prepared]:
    """Every readable input, detected and segmented exactly as `translate run` does it
    (unreadable ones are left out here; `translate run` reports them)."""
    from translate.pipeline import read_inputs

    articles, _ = read_inputs(paths)
    prepared = []
    for article in articles:
        try:
            prepared.append(prepare(article, config))
        except TranslateError:
            continue
    return prepared


def _segments_with_terms(
    glossary: Glossary, config: RunConfig, paths: Sequence[str]
) -> list[Segment]:
    return [
        seg
        for p in _prepared(paths, config)
        for seg in p.segments
        if p.needs_model(seg, config.to_lang)
        and base_lang(seg.lang) in ("en", "zh")
        and glossary.find(seg.text, base_lang(seg.lang))
    ]


@contextmanager
def _translator(config: RunConfig, tm: TranslationMemory | None) -> Iterator[Translator]:
    """A translator like `translate run`'s; without a memory, a scratch one for the call."""
    from translate.engine.ctranslate import DecodeOptions

    glossary = load_glossaries(list(config.glossary_paths))
    memory = tm if tm is not None else TranslationMemory.scratch()
    try:
        yield Translator(glossary, DecodeOptions.from_config(config), memory)
    finally:
        if tm is None:
            memory.close()


def review_terms(
    paths: Sequence[str], config: RunConfig, tm: TranslationMemory | None = None
) -> list[TermReview]:
    """Translate every segment holding a glossary term twice (with and without the glossary),
    through the same entry point as `translate run`."""
    with _translator(config, tm) as translator:
        return _review(translator, paths, config)


def _review(translator: Translator, paths: Sequence[str], config: RunConfig) -> list[TermReview]:
    glossary, target = translator.glossary, text_tag(config.to_lang)
    found: dict[str, list[Occurrence]] = defaultdict(list)
    segments = _segments_with_terms(glossary, config, paths)
    for src in sorted({base_lang(s.lang) for s in segments}):
        group = [s for s in segments if base_lang(s.lang) == src]
        texts = [s.text for s in group]
        enforced = translator.translate(texts, src, config.to_lang)
        unaided = translator.unaided(texts, src, config.to_lang)
        for seg, res, raw in zip(group, enforced, unaided, strict=True):
            for hit in res.hits:
                found[hit.term_id].append(
                    Occurrence(
                        article=seg.article_id,
                        segment=seg.index,
                        form=hit.source_form,
                        context=seg.text,
                        with_glossary=res.text,
                        ok=hit.ok,
                        unaided=raw,
                        unaided_ok=bool(hit.target_form) and hit.target_form in raw,
                    )
                )
    return [
        TermReview(term, term.target(target), tuple(found[term.id]))
        for term in glossary.terms
        if found.get(term.id)
    ]


def suggest(
    paths: Sequence[str],
    config: RunConfig,
    min_articles: int,
    limit: int,
    tm: TranslationMemory | None = None,
) -> str:
    """Ready-to-paste proposed rows for frequent names and acronyms not yet in the glossary."""
    with _translator(config, tm) as translator:
        return _suggest(translator, paths, config, min_articles, limit)


def _suggest(
    translator: Translator, paths: Sequence[str], config: RunConfig, min_articles: int, limit: int
) -> str:
    from translate.enforce import has_repetition
    from translate.title import is_boilerplate

    # Scraped page furniture ("Skip to Content Facebook Feature Image", share buttons) is no
    # source of terms: those lines are left out, and so is a candidate that is furniture itself.
    texts = [
        (
            p.article.id,
            "\n".join(q.text for q in p.article.paragraphs if not is_boilerplate(q.text)),
        )
        for p in _prepared(paths, config)
        if p.detection.lang == "en"
    ]
    candidates = extract_candidates(
        texts, translator.glossary, min_articles=min_articles, limit=limit
    )
    candidates = [c for c in candidates if not is_boilerplate(c.form)]
    renderings: dict[str, str] = {}
    if candidates:
        outputs = translator.unaided([c.form for c in candidates], "en", "zh")
        # A repetition loop (or an output far longer than a name can be) is no rendering to
        # propose: the row comes out commented, for a person to fill in.
        renderings = {
            c.form: out
            for c, out in zip(candidates, outputs, strict=True)
            if not has_repetition(out) and len(out) <= 2 * len(c.form) + 20
        }
    return suggest_rows(candidates, renderings, translator.glossary)


def _review_markdown(reviews: Sequence[TermReview]) -> str:
    out = ["# Glossary review", ""]
    for r in reviews:
        out += [
            f"## {r.term.en} → {r.target} (`{r.term.id}`, {r.term.status})",
            "",
            f"{len(r.occurrences)} occurrence(s) in {r.articles} article(s); approved target "
            f"with the glossary {r.enforced_rate:.0%}, from the engine alone {r.unaided_rate:.0%}"
            + ("" if r.consistent else "; **not rendered consistently**"),
            "",
            "| Article | # | Source | With glossary | Engine alone |",
            "|---|---:|---|---|---|",
        ]
        for o in r.occurrences:
            cells = [
                o.article,
                str(o.segment + 1),
                o.context,
                ("✓ " if o.ok else "✗ ") + o.with_glossary,
                ("✓ " if o.unaided_ok else "✗ ") + o.unaided,
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def review_rows(reviews: Sequence[TermReview]) -> list[dict[str, Any]]:
    return [
        {
            "term": r.term.id,
            "en": r.term.en,
            "target": r.target,
            "article": o.article,
            "segment": o.segment,
            "form": o.form,
            "source": o.context,
            "ok": o.ok,
            "with_glossary": o.with_glossary,
            "unaided_ok": o.unaided_ok,
            "unaided": o.unaided,
        }
        for r in reviews
        for o in r.occurrences
    ]


def render_review(reviews: Sequence[TermReview], fmt: str) -> str:
    """A review as Markdown (`md`) or TSV (`tsv`); `review_rows` gives the rows as data."""
    rows = review_rows(reviews)
    if fmt == "md":
        return _review_markdown(reviews) + "\n"
    from translate.writers.tsv import escape

    cols = list(rows[0]) if rows else ["term"]
    lines = [cols] + [[str(r[c]) for c in cols] for r in rows]
    return "\n".join("\t".join(escape(c) for c in line) for line in lines) + "\n"
