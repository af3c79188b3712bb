"""Glossary review over a corpus: where each term occurs, what the engine makes of it with and
without the glossary, and whether articles render it consistently.

Also the engine renderings that `glossary suggest` puts into its proposed rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from translate.core import RunConfig, Term
from translate.enforce import translate_terms
from translate.glossary import extract_candidates, suggest_rows
from translate.pipeline import Runner, Work, prepare_articles


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


def _segments_with_terms(runner: Runner, paths: Sequence[str]) -> list[Work]:
    works, _ = prepare_articles(paths, runner.config)
    return [
        w
        for work in works
        for w in work.items
        if not w.carried and w.src in ("en", "zh") and runner.glossary.find(w.seg.text, w.src)
    ]


def review_terms(paths: Sequence[str], config: RunConfig) -> list[TermReview]:
    """Translate every segment holding a glossary term twice (with and without the glossary)."""
    runner = Runner(config)
    glossary, target = runner.glossary, "zh-Hans" if config.to_lang == "zh" else config.to_lang
    found: dict[str, list[Occurrence]] = defaultdict(list)
    items = _segments_with_terms(runner, paths)
    for src in sorted({w.src for w in items}):
        group = [w for w in items if w.src == src]
        route = runner.route(src, config.to_lang)
        texts = [w.seg.text for w in group]
        enforced = translate_terms(texts, src, route, glossary, target, None)
        unaided = route.translate(texts)
        for w, (_, res), raw in zip(group, enforced, unaided, strict=True):
            for hit in res.hits:
                found[hit.term_id].append(
                    Occurrence(
                        article=w.seg.article_id,
                        segment=w.seg.index,
                        form=hit.source_form,
                        context=w.seg.text,
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


def suggest(paths: Sequence[str], config: RunConfig, min_articles: int, limit: int) -> str:
    """Ready-to-paste proposed rows for frequent names and acronyms not yet in the glossary."""
    runner = Runner(config)
    works, _ = prepare_articles(paths, config)
    texts = [(w.article.id, w.article.text) for w in works if w.detection.lang == "en"]
    candidates = extract_candidates(texts, runner.glossary, min_articles=min_articles, limit=limit)
    renderings: dict[str, str] = {}
    if candidates:
        outputs = runner.route("en", "zh").translate([c.form for c in candidates])
        renderings = dict(zip((c.form for c in candidates), outputs, strict=True))
    return suggest_rows(candidates, renderings, runner.glossary)
