"""Glossary enforcement around the engine: protect, translate, restore, verify, retry.

Each segment is first sent with its glossary terms replaced by placeholders. Segments whose
placeholders did not come through (lost, duplicated, mangled) are sent again with the target
forms injected into the source. When both fail, the better output is kept and the segment is
flagged with the reason; a term is never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

import regex

from translate.core import Term, TermHit
from translate.glossary import Glossary, Restored, protect, restore

STRATEGIES = ("placeholder", "inject")
GLOSSARY_LANGS = ("en", "zh")
# A piece starting with a letter repeated five times in a row, or a word four times.
_REPEAT = regex.compile(r"(\p{L}.{0,9}?)\1{4,}|\b(\w+)\b(?:\W+\2\b){3,}")

Tick = Callable[[int, int], None] | None


class Engine(Protocol):
    def translate(self, texts: Sequence[str], progress: Tick = None) -> list[str]: ...


class Segmentish(Protocol):
    """What enforcement reads and writes on the pipeline's working items."""

    hans: str
    back: str
    hits: tuple[TermHit, ...]
    strategy: str
    flags: list[str]


def _rank(r: Restored) -> tuple[int, int]:
    return (sum(h.ok for h in r.hits), -sum(1 for h in r.hits if h.problem))


def translate_terms(
    texts: Sequence[str], lang: str, engine: Engine, glossary: Glossary, target: str, tick: Tick
) -> list[tuple[str, Restored]]:
    """Translate texts with glossary protection; returns (strategy, restored) per text."""
    matches = [glossary.find(t, lang) if lang in GLOSSARY_LANGS else [] for t in texts]
    best: list[tuple[str, Restored] | None] = [None] * len(texts)
    pending = list(range(len(texts)))
    for strategy in STRATEGIES:
        protected = [protect(texts[i], matches[i], strategy, target) for i in pending]
        outputs = engine.translate([p.text for p in protected], tick)
        for i, prot, out in zip(pending, protected, outputs, strict=True):
            cand = restore(out, prot)
            current = best[i]
            if current is None or _rank(cand) > _rank(current[1]):
                best[i] = (strategy if matches[i] else "", cand)
        pending = [i for i in pending if matches[i] and not _ok(best[i])]
        if not pending:
            break
    return [b for b in best if b is not None]


def _ok(entry: tuple[str, Restored] | None) -> bool:
    return entry is not None and entry[1].ok


def forward(
    items: Sequence[Segmentish],
    texts: Sequence[str],
    engine: Engine,
    glossary: Glossary,
    target: str,
    tick: Tick = None,
    lang: str = "en",
) -> None:
    """Translate items (source texts given) into `target`; fills hans, hits, strategy, flags."""
    for item, (strategy, res) in zip(
        items, translate_terms(texts, lang, engine, glossary, target, tick), strict=True
    ):
        item.hans, item.hits, item.strategy = (
            collapse_echoes(res.text, res.hits),
            res.hits,
            strategy,
        )
        if not res.ok:
            problems = sorted({h.problem or "lost" for h in res.hits if not h.ok})
            item.flags.extend(f"term-{p}" for p in problems)
        if has_repetition(res.text):
            item.flags.append("repetition")
        if glossary.deprecated_in(res.text, _lang_of(target)):
            item.flags.append("deprecated-term")


def backward(
    items: Sequence[Segmentish],
    engine: Engine,
    glossary: Glossary,
    text_lang: str,
    back_tag: str,
    tick: Tick = None,
) -> None:
    """Translate each item's `hans` (in `text_lang`) back into `back_tag`; marks which terms
    survived the round trip."""
    texts = [i.hans for i in items]
    results = translate_terms(texts, text_lang, engine, glossary, back_tag, tick)
    for item, (_, res) in zip(items, results, strict=True):
        item.back = res.text
        item.hits = tuple(
            replace(h, back_ok=survived(glossary.by_id(h.term_id), h.source_form, res.text))
            for h in item.hits
        )


def collapse_echoes(text: str, hits: Sequence[TermHit]) -> str:
    """ "free trade agreements (FTAs)" has two hits of one entry; written 自贸协定（自贸协定）
    after restoring, the echo is dropped."""
    for form in {h.target_form for h in hits if h.ok and h.target_form}:
        for left, right in (("（", "）"), (" (", ")"), ("(", ")")):
            text = text.replace(f"{form}{left}{form}{right}", form)
    return text


def survived(term: Term | None, source_form: str, back: str) -> bool:
    """The term came back: its source form, preferred form or an alias is in the back text."""
    forms = [source_form]
    if term is not None:
        forms += [term.en, *term.aliases, term.zh_hans, term.zh_hant, *term.zh_aliases]
    low = back.casefold()
    return any(f and f.casefold() in low for f in forms)


def variant_form(glossary: Glossary, hit: TermHit, target_tag: str) -> str:
    term = glossary.by_id(hit.term_id)
    return term.target(target_tag) if term is not None else hit.target_form


def has_repetition(text: str) -> bool:
    """Repetition loops (a piece repeated four or more times in a row)."""
    return bool(_REPEAT.search(text))


def _lang_of(tag: str) -> str:
    return tag.split("-")[0]
