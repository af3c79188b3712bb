"""Glossary enforcement around the engine: protect, translate, restore, verify, retry.

Stages take values and return frozen `Translation`s; nothing here holds state.

Each segment is first sent with its glossary terms replaced by placeholders. Segments whose
placeholders did not come through (lost, duplicated, mangled) are sent again with the target
forms injected into the source. When both fail, the better output is kept and the segment is
flagged with the reason; a term is never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import regex

from translate.core import Term, TermHit
from translate.glossary import Glossary, Restored, protect, restore
from translate.lang import base_lang

STRATEGIES = ("placeholder", "inject")
GLOSSARY_LANGS = ("en", "zh")
# A piece starting with a letter repeated five times in a row, or a word four times.
_REPEAT = regex.compile(r"(\p{L}.{0,9}?)\1{4,}|\b(\w+)\b(?:\W+\2\b){3,}")


class Engine(Protocol):
    """Translates texts; `strategies[i]` names the glossary strategy that produced `texts[i]`
    ("" when nothing was protected), so a memory can key its outputs on it."""

    def translate(self, texts: Sequence[str], strategies: Sequence[str]) -> list[str]: ...


@dataclass(frozen=True)
class Translation:
    """One text translated with the glossary enforced: what the pipeline keeps of it."""

    text: str
    hits: tuple[TermHit, ...] = ()
    strategy: str = ""  # placeholder | inject | "" (no term in the text)
    flags: tuple[str, ...] = ()  # term-lost, term-duplicated, repetition, deprecated-term...
    inputs: tuple[tuple[str, str], ...] = ()  # (strategy, model input) of every try


def _rank(r: Restored) -> tuple[int, int]:
    return (sum(h.ok for h in r.hits), -sum(1 for h in r.hits if h.problem))


def translate_terms(
    texts: Sequence[str],
    lang: str,
    engine: Engine,
    glossary: Glossary,
    target: str,
    strategies: Sequence[str] = STRATEGIES,
) -> list[Translation]:
    """Translate texts with glossary protection: every text once with the first strategy
    (placeholders), then only the texts whose terms did not come through again with the next
    (targets injected); the better output is kept. Flags name what still went wrong.
    `strategies=("inject",)` is for a model known to lose placeholders (`translate.strategy`):
    one try per text instead of two."""
    matches = [glossary.find(t, lang) if lang in GLOSSARY_LANGS else [] for t in texts]
    best: list[tuple[str, Restored] | None] = [None] * len(texts)
    tried: list[list[tuple[str, str]]] = [[] for _ in texts]
    pending = list(range(len(texts)))
    for strategy in strategies:
        protected = [protect(texts[i], matches[i], strategy, target) for i in pending]
        used = [strategy if matches[i] else "" for i in pending]
        outputs = engine.translate([p.text for p in protected], used)
        for i, prot, out, name in zip(pending, protected, outputs, used, strict=True):
            tried[i].append((name, prot.text))
            cand = restore(out, prot)
            current = best[i]
            if current is None or _rank(cand) > _rank(current[1]):
                best[i] = (name, cand)
        pending = [i for i in pending if matches[i] and not _ok(best[i])]
        if not pending:
            break
    results = []
    for entry, inputs in zip(best, tried, strict=True):
        assert entry is not None
        strategy, res = entry
        results.append(_translation(res, strategy, glossary, target, tuple(inputs)))
    return results


def _translation(
    res: Restored,
    strategy: str,
    glossary: Glossary,
    target: str,
    inputs: tuple[tuple[str, str], ...],
) -> Translation:
    flags: list[str] = []
    if not res.ok:
        problems = sorted({h.problem or "lost" for h in res.hits if not h.ok})
        flags.extend(f"term-{p}" for p in problems)
    if has_repetition(res.text):
        flags.append("repetition")
    if glossary.deprecated_in(res.text, base_lang(target)):
        flags.append("deprecated-term")
    text = collapse_echoes(res.text, res.hits)
    return Translation(text, res.hits, strategy, tuple(flags), inputs)


def verify(text: str, translation: str, lang: str, glossary: Glossary, target: str) -> Translation:
    """Check a translation made elsewhere (a human one) against the glossary: the same hits and
    flags as for the engine's output, nothing changed in the text."""
    matches = glossary.find(text, lang) if lang in GLOSSARY_LANGS else []
    res = restore(translation, protect(text, matches, "none", target))
    return _translation(res, "", glossary, target, ())


def _ok(entry: tuple[str, Restored] | None) -> bool:
    return entry is not None and entry[1].ok


def mark_survivors(hits: Sequence[TermHit], back: str, glossary: Glossary) -> tuple[TermHit, ...]:
    """The forward hits, each marked with whether its term came back in `back`."""
    return tuple(
        replace(h, back_ok=survived(glossary.by_id(h.term_id), h.source_form, back)) for h in hits
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
