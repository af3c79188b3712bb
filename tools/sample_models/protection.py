"""Glossary-protected forms of a training pair, made as `translate run` makes them.

The source side is the runtime's own: `Glossary.find` picks the terms and
`translate.glossary.protect` writes the placeholders (ZXA, ZXB... in source order, spaces added
next to Latin letters) or injects the target forms. Only the target side is the build's: each
source term is paired with its rendering in the reference translation (the k-th occurrence of
an entry in the source with the k-th in the target, matched ignoring case: the reference may
write "secretary-general" where the glossary says "Secretary-General"), and the placeholder
takes the rendering's place. Where that pairing fails (an entry found a different number of
times on the two sides, or two overlapping entries), the target comes from
sample_models/corpus/aligned_by_hand.tsv, keyed by the protected source; without one, no
placeholder pair is made (a model must never learn to drop a placeholder).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from tools.sample_models.errors import BuildError
from translate.core import Term
from translate.glossary import Glossary, Match, protect, restore
from translate.glossary.protect import label
from translate.lang import fold_width, text_tag

Span = tuple[int, int]
# The placeholders SentencePiece keeps whole (translate's first prefix, ten labels).
PLACEHOLDERS = tuple(f"ZX{label(i)}" for i in range(10))


@dataclass(frozen=True)
class Direction:
    src: str
    tgt: str

    @property
    def name(self) -> str:
        return f"{self.src}-{self.tgt}"

    @property
    def target(self) -> str:
        """The target variant translate protects for ("zh-Hans" or "en")."""
        return text_tag(self.tgt)

    def orient(self, en: str, zh: str) -> tuple[str, str]:
        return (en, zh) if self.src == "en" else (zh, en)


DIRECTIONS = (Direction("en", "zh"), Direction("zh", "en"))


@dataclass(frozen=True)
class Example:
    src: str
    tgt: str
    kind: str  # seed | seed-placeholder | seed-inject | frame | frame-placeholder-names | ...


@dataclass(frozen=True)
class Full:
    """A pair with every term protected: its placeholder pair (when one could be made) and its
    inject pair, and the entries that could not be paired with the target automatically."""

    examples: tuple[Example, ...]
    unpaired: tuple[str, ...] = ()
    placeholder: bool = False


@dataclass(frozen=True)
class HandTarget:
    direction: str
    source: str  # the protected source, as translate sends it
    target: str
    line: int


def read_by_hand(path: Path) -> dict[tuple[str, str], HandTarget]:
    """(direction, protected source) -> its target with placeholders, written by hand."""
    out: dict[tuple[str, str], HandTarget] = {}
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        cells = ln.split("\t")
        if len(cells) != 3 or cells[0] not in {d.name for d in DIRECTIONS}:
            raise BuildError(f"{path}:{n}: expected direction (en-zh|zh-en), source, target")
        out[(cells[0], cells[1])] = HandTarget(cells[0], cells[1], cells[2], n)
    return out


def span(m: Match) -> Span:
    return (m.start, m.end)


def pair_terms(src: Sequence[Match], tgt: Sequence[Match]) -> tuple[dict[Span, Match], set[str]]:
    """Each source match's rendering in the target (k-th occurrence of an entry with the
    k-th), and the entries whose counts differ (left unpaired)."""
    by_src: dict[str, list[Match]] = defaultdict(list)
    by_tgt: dict[str, list[Match]] = defaultdict(list)
    for m in src:
        by_src[m.term.id].append(m)
    for m in tgt:
        by_tgt[m.term.id].append(m)
    links: dict[Span, Match] = {}
    unpaired: set[str] = set()
    for term_id, ms in by_src.items():
        if len(ms) != len(by_tgt[term_id]):
            unpaired.add(term_id)
            continue
        links.update((span(a), b) for a, b in zip(ms, by_tgt[term_id], strict=True))
    return links, unpaired


def _latin(char: str) -> bool:
    return bool(char) and fold_width(char).isascii() and char.isalpha()


def put_placeholders(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span replaced by its placeholder, a space added where a
    placeholder would touch a Latin letter or another placeholder, as `protect` does in the
    source: restore cannot read ZXBZXC."""
    pieces: list[str] = []
    last, tail = 0, ""
    for start, end, tag in sorted(spans):
        gap = text[last:start]
        tail = gap[-1:] or tail
        before = " " if _latin(tail) else ""
        after = " " if _latin(text[end : end + 1]) else ""
        pieces += [gap, before + tag + after]
        last, tail = end, (tag + after)[-1:]
    return "".join(pieces) + text[last:]


@dataclass(frozen=True)
class Protector:
    """Protected pairs for one glossary view: `glossary` finds the source terms (as translate
    does), the same entries ignoring case find their renderings in the target."""

    glossary: Glossary
    by_hand: Mapping[tuple[str, str], HandTarget]
    approved_only: bool = False
    names: frozenset[str] = frozenset()  # ids of the entries `with_names` added

    @cached_property
    def _lenient(self) -> Glossary:
        return Glossary(tuple(replace(t, case="insensitive") for t in self.glossary.terms))

    def view(self, *, approved_only: bool) -> Protector:
        return replace(self, approved_only=approved_only)

    def with_names(self, names: Sequence[Term]) -> Protector:
        """The same glossary with `names` in front: a newsroom glossary that also holds them.
        Glossary entries win ties (later entries do)."""
        glossary = Glossary((*names, *self.glossary.terms))
        return replace(self, glossary=glossary, names=frozenset(t.id for t in names))

    def find(self, text: str, lang: str) -> list[Match]:
        return self.glossary.find(text, lang, include_proposed=not self.approved_only)

    def links(
        self, tgt: str, d: Direction, matches: Sequence[Match]
    ) -> tuple[dict[Span, Match], set[str]]:
        """The renderings of `matches` (source terms) in the target `tgt`, and the entries
        left unpaired."""
        found = self._lenient.find(tgt, d.tgt, include_proposed=not self.approved_only)
        return pair_terms(matches, found)

    def placeholder(
        self, src: str, tgt: str, d: Direction, matches: Sequence[Match], links: dict[Span, Match]
    ) -> tuple[str, str] | None:
        """(protected source, target with the same placeholders), or None when a term has no
        rendering to replace and no hand-written target."""
        protected = protect(src, matches, "placeholder", d.target)
        if all(span(s.match) in links for s in protected.slots):
            target = put_placeholders(
                tgt, [(*span(links[span(s.match)]), s.label) for s in protected.slots]
            )
        else:
            hand = self.by_hand.get((d.name, protected.text))
            if hand is None:
                return None
            target = hand.target
        if not restore(target, protected).ok:
            raise BuildError(
                f"{d.name}: the target does not give back every placeholder once: {target}"
            )
        return protected.text, target

    def inject(self, src: str, d: Direction, matches: Sequence[Match]) -> str:
        return protect(src, matches, "inject", d.target).text

    def full(self, src: str, tgt: str, d: Direction, kind: str) -> Full:
        """Every term protected: what translate sends (placeholders first, the injected form
        when they fail)."""
        matches = self.find(src, d.src)
        if not matches:
            return Full(())
        links, unpaired = self.links(tgt, d, matches)
        made = self.placeholder(src, tgt, d, matches, links)
        out = [Example(*made, f"{kind}-placeholder")] if made else []
        out.append(Example(self.inject(src, d, matches), tgt, f"{kind}-inject"))
        return Full(tuple(out), tuple(sorted(unpaired)), placeholder=made is not None)

    def partial(
        self, src: str, tgt: str, d: Direction, kind: str, rng: random.Random
    ) -> list[Example]:
        """Some of the paired terms protected (a glossary holding fewer entries): one
        placeholder and one inject pair, each with its own random subset."""
        matches = self.find(src, d.src)
        links, _ = self.links(tgt, d, matches)
        paired = [m for m in matches if span(m) in links]
        if len(paired) < 2:
            return []
        out = []
        sub = sorted(rng.sample(paired, rng.randint(1, len(paired) - 1)), key=span)
        made = self.placeholder(src, tgt, d, sub, links)
        assert made is not None  # every term in sub is paired
        out.append(Example(*made, f"{kind}-placeholder-partial"))
        sub = sorted(rng.sample(paired, rng.randint(1, len(paired) - 1)), key=span)
        out.append(Example(self.inject(src, d, sub), tgt, f"{kind}-inject-partial"))
        return out

    def with_some_names(
        self, src: str, tgt: str, d: Direction, kind: str, rng: random.Random
    ) -> list[Example]:
        """Placeholders for the glossary's terms and, each with probability 0.7, for the names
        this glossary adds (people, places, companies...), when at least one name is kept."""
        matches = self.find(src, d.src)
        links, _ = self.links(tgt, d, matches)
        names = [m for m in matches if m.term.id in self.names and span(m) in links]
        if not names:
            return []
        kept_names = [m for m in names if rng.random() < 0.7]
        if not kept_names:
            return []
        kept = sorted([m for m in matches if m.term.id not in self.names] + kept_names, key=span)
        made = self.placeholder(src, tgt, d, kept, links)
        return [Example(*made, f"{kind}-placeholder-names")] if made else []
