"""Term protection around the engine: protect the source, restore and verify the output.

Strategies:
- "placeholder": each match becomes ZXA, ZXB, ... (ZXAA after ZXZ); restore puts the target
  form in its place and checks each placeholder came back exactly once, repairing trivial damage
  (case, inner spaces, a repeated letter) and reporting it.
- "inject": the target form replaces the match in the source; verification counts the target
  form in the output.
- "none": the source is left alone; verification counts the target form anyway (what the engine
  does without the glossary).
The variant "source" restores each match as written: restore(protect(text)) == text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from translate.core import VARIANTS, Term, TermHit
from translate.errors import UsageError
from translate.glossary.match import FormSpec, Match, Matcher
from translate.glossary.model import Glossary
from translate.lang import convert, fold_width, has_han, is_han

STRATEGIES: tuple[str, ...] = ("placeholder", "inject", "none")
SOURCE = "source"  # target_variant that restores the source forms (identity)
_PREFIXES = ("ZX", "QX", "XQ", "ZQ", "QZ", "XZ", "JQ", "QJ")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Slot:
    """One protected match and what should stand in its place in the output."""

    match: Match
    target: str  # what restore puts back / what verification looks for
    label: str = ""  # the placeholder ("ZXA"); empty for inject and none
    pad_before: bool = False  # a space was added to keep the placeholder off a Latin letter
    pad_after: bool = False


@dataclass(frozen=True)
class Protected:
    """A segment ready for the engine, with everything `restore` needs."""

    text: str  # what goes to the engine
    source: str
    strategy: str
    target_variant: str
    slots: tuple[Slot, ...] = ()
    prefix: str = "ZX"


@dataclass(frozen=True)
class Restored:
    """The output with target forms in place, and one TermHit per protected match."""

    text: str
    hits: tuple[TermHit, ...]
    ok: bool  # every hit ok and no stray placeholder left
    stray: tuple[str, ...] = ()  # placeholder-like text that matched no slot (left in `text`)

    @property
    def clean(self) -> bool:
        """ok, and nothing had to be repaired."""
        return self.ok and not any(hit.problem for hit in self.hits)


def target_form(term: Term, variant: str) -> str:
    """The approved target for a variant; a Traditional variant without its own form gets
    OpenCC's conversion of the Simplified form rather than Simplified characters."""
    if variant != "en" and variant not in VARIANTS:
        known = ", ".join(["en", *VARIANTS])
        raise UsageError(f"unknown target variant {variant!r}; use one of {known}")
    form = term.target(variant)
    config = VARIANTS.get(variant)
    if config and not term.dnt and not term.zh_hant and form == term.zh_hans:
        return convert(form, config)
    return form


def label(index: int) -> str:
    """A, B, ... Z, AA, AB, ... (bijective base 26)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = _LETTERS[rest] + out
    return out


@lru_cache(maxsize=16)
def _placeholder_re(prefix: str) -> regex.Pattern[str]:
    a, b = regex.escape(prefix[0]), regex.escape(prefix[1])
    lo_a, lo_b = a.lower(), b.lower()
    return regex.compile(
        rf"(?<![A-Za-z])(?:{a}{b}(?P<dup>[A-Z]{{1,3}})[ \t]+(?P=dup)(?![A-Za-z])"
        rf"|{a}{b}(?P<exact>[A-Z]{{1,3}})(?![A-Z])"
        rf"|[{a}{lo_a}][ \t]?[{b}{lo_b}][ \t]?(?P<loose>[A-Za-z]{{1,3}})(?![A-Za-z]))"
    )


def _pick_prefix(text: str) -> str:
    """The first prefix whose letters never occur together in the text (any case, a space
    between allowed), so nothing in the source can be read as a placeholder."""
    folded = fold_width(text).casefold()
    for prefix in _PREFIXES:
        if not regex.search(f"{prefix[0].lower()}[ \t]?{prefix[1].lower()}", folded):
            return prefix
    raise UsageError("the text already contains every placeholder prefix; use strategy inject")


def _letter(char: str) -> bool:
    """A Latin letter next to a placeholder would merge with it (A + ZXA reads as AZXA)."""
    return bool(char) and fold_width(char).isascii() and char.isalpha()


def _check_matches(text: str, matches: Sequence[Match]) -> list[Match]:
    ordered = sorted(matches, key=lambda m: m.start)
    end = 0
    for match in ordered:
        if (
            match.start < end
            or match.end > len(text)
            or text[match.start : match.end] != match.form
        ):
            raise ValueError(
                f"match {match.form!r} at {match.start} overlaps or is not in the text"
            )
        end = match.end
    return ordered


def protect(text: str, matches: Sequence[Match], strategy: str, target_variant: str) -> Protected:
    """Prepare `text` for the engine. `target_variant`: "zh-Hans", "zh-TW"..., "en", or
    "source" (restore gives the input back)."""
    if strategy not in STRATEGIES:
        raise UsageError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    ordered = _check_matches(text, matches)
    targets = [
        m.form if target_variant == SOURCE else target_form(m.term, target_variant) for m in ordered
    ]
    if strategy == "none":
        slots = tuple(Slot(m, t) for m, t in zip(ordered, targets, strict=True))
        return Protected(text, text, strategy, target_variant, slots)
    prefix = _pick_prefix(text) if strategy == "placeholder" else ""
    pieces: list[str] = []
    slots_list: list[Slot] = []
    last, tail = 0, ""  # tail: the last character of the protected text so far
    for index, (match, target) in enumerate(zip(ordered, targets, strict=True)):
        gap = text[last : match.start]
        tail = gap[-1:] or tail
        tag = prefix + label(index) if strategy == "placeholder" else ""
        before = bool(tag) and _letter(tail)  # a source letter or the previous placeholder
        after = bool(tag) and _letter(text[match.end : match.end + 1])
        piece = " " * before + (tag or target) + " " * after
        pieces += [gap, piece]
        slots_list.append(Slot(match, target, tag, before, after))
        last, tail = match.end, piece[-1:]
    pieces.append(text[last:])
    return Protected("".join(pieces), text, strategy, target_variant, tuple(slots_list), prefix)


def _identify(found: regex.Match[str], labels: dict[str, int]) -> tuple[int | None, bool]:
    """(slot index or None, damaged?) for one placeholder-like match."""
    if found.group("exact"):
        tag = found.group("exact")
        if tag in labels:
            return labels[tag], False
        if len(tag) > 1 and tag[-1] == tag[-2] and tag[:-1] in labels:
            return labels[tag[:-1]], True  # ZXAA for ZXA
        return None, False
    tag = (found.group("dup") or found.group("loose")).upper()
    return labels.get(tag), True


def _hit(slot: Slot, strategy: str, ok: bool, problem: str) -> TermHit:
    match = slot.match
    return TermHit(
        term_id=match.term.id,
        source_form=match.form,
        start=match.start,
        end=match.end,
        target_form=slot.target,
        ok=ok,
        strategy=strategy,
        status=match.term.status,
        problem=problem,
    )


def _cjk(char: str) -> bool:
    # Han, CJK punctuation (U+3000..U+303F) and full-width forms
    return bool(char) and (
        is_han(char) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"
    )


def _glue(before: str, between: str, after: str) -> str:
    """Drop the spaces an engine puts around a placeholder between Chinese characters
    (ZXA 和 -> 东盟和). `before`/`after`: the restored target's edge character, or ""."""
    if _cjk(before) and _cjk(between.lstrip(" ")[:1]):
        between = between.lstrip(" ")
    if _cjk(after) and _cjk(between.rstrip(" ")[-1:]):
        between = between.rstrip(" ")
    return between


def _unpad(between: str, left: bool, right: bool) -> str:
    """Remove the spaces `protect` added next to placeholders (if they survived)."""
    if left and between.startswith(" "):
        between = between[1:]
    if right and between.endswith(" "):
        between = between[:-1]
    return between


def _scan(output: str, protected: Protected) -> tuple[list[tuple[int, int, int, bool]], list[str]]:
    """Recognised placeholders as (start, end, slot index, damaged) and stray ones."""
    labels = {slot.label[len(protected.prefix) :]: i for i, slot in enumerate(protected.slots)}
    pattern = _placeholder_re(protected.prefix)
    # "ZXA A" is a repeated letter unless the source itself had the word "A" after ZXA.
    literal = {
        _identify(found, labels)[0]
        for found in pattern.finditer(protected.text)
        if found.group("dup")
    }
    spans: list[tuple[int, int, int, bool]] = []
    stray: list[str] = []
    folded = fold_width(output)
    for found in pattern.finditer(folded):
        index, damaged = _identify(found, labels)
        start, end = found.span()
        if index is None:
            stray.append(output[start:end])
            continue
        if found.group("dup") and index in literal:
            end, damaged = start + len(protected.slots[index].label), False
        spans.append((start, end, index, damaged or output[start:end] != folded[start:end]))
    return spans, stray


def _restore_placeholders(output: str, protected: Protected) -> Restored:
    spans, stray = _scan(output, protected)
    tidy = protected.target_variant != SOURCE
    pieces: list[str] = []
    last, previous, padded = 0, "", False
    for start, end, index, _ in spans:
        slot = protected.slots[index]
        # A Latin target keeps the added space next to a Latin letter (ASEAN A, not ASEANA).
        left = padded and not (tidy and _letter(previous))
        right = slot.pad_before and not (tidy and _letter(slot.target[:1]))
        between = _unpad(output[last:start], left, right)
        pieces += [_glue(previous, between, slot.target[:1]) if tidy else between, slot.target]
        last, previous, padded = end, slot.target[-1:], slot.pad_after
    tail = _unpad(output[last:], padded and not (tidy and _letter(previous)), False)
    pieces.append(_glue(previous, tail, "") if tidy else tail)
    seen = Counter(index for _, _, index, _ in spans)
    damaged = {index for _, _, index, bad in spans if bad}
    hits = []
    for index, slot in enumerate(protected.slots):
        count = seen[index]
        problem = "lost" if count == 0 else "duplicated" if count > 1 else ""
        problem = problem or ("mangled" if index in damaged else "")
        hits.append(_hit(slot, protected.strategy, count == 1, problem))
    ok = all(hit.ok for hit in hits) and not stray
    return Restored("".join(pieces), tuple(hits), ok, tuple(stray))


def _output_lang(protected: Protected) -> str:
    if protected.target_variant == "en":
        return "en"
    if protected.target_variant == SOURCE:
        return "zh" if has_han(protected.source) else "en"
    return "zh"


def _verify_counts(output: str, protected: Protected) -> Restored:
    """inject / none: each target form must appear as often as it was expected."""
    first: dict[str, Term] = {}
    for slot in protected.slots:
        first.setdefault(slot.target, slot.match.term)
    specs = [FormSpec(term, form) for form, term in first.items()]
    matcher = Matcher(specs, _output_lang(protected), normalise=False)
    found = Counter(m.entry_form for m in matcher.find(output))
    expected = Counter(slot.target for slot in protected.slots)
    used: Counter[str] = Counter()
    hits = []
    for slot in protected.slots:
        have, want = found[slot.target], expected[slot.target]
        used[slot.target] += 1
        if have > want:
            hits.append(_hit(slot, protected.strategy, False, "duplicated"))
        else:
            ok = used[slot.target] <= have
            hits.append(_hit(slot, protected.strategy, ok, "" if ok else "lost"))
    return Restored(output, tuple(hits), all(hit.ok for hit in hits))


def restore(output: str, protected: Protected) -> Restored:
    """Put target forms back into the engine's output and verify every protected term."""
    if protected.strategy == "placeholder":
        return _restore_placeholders(output, protected)
    return _verify_counts(output, protected)


def deprecated_hits(output: str, glossary: Glossary, variant: str) -> tuple[TermHit, ...]:
    """Deprecated forms in an output (in `variant`: "zh-Hans"..., or "en") as hits for the
    report: ok False, problem "deprecated", target_form the replacement's form (or ""), and
    start/end offsets into `output` (not into the source segment)."""
    hits = []
    for match in glossary.deprecated_in(output, "en" if variant == "en" else "zh"):
        replacement = glossary.replacement(match.term)
        target = target_form(replacement, variant) if replacement else ""
        hits.append(
            TermHit(
                term_id=match.term.id,
                source_form=match.form,
                start=match.start,
                end=match.end,
                target_form=target,
                ok=False,
                status="deprecated",
                problem="deprecated",
            )
        )
    return tuple(hits)
