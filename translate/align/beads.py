"""The beads format and the scores of an alignment against a gold one.

A beads file has one bead per line, `[i, j]:[k]`: the 0-based source sentences and the target
sentences they translate, `[]` for an empty side (the format vecalign and Bertalign write).
Strict and lax precision and recall are those of vecalign's `score.py` (after Melamed's
definitions, W11-4624): a test bead is a strict hit when the gold has exactly that bead, a lax
hit when one of its source sentences is linked in the gold to one of its target sentences.
Precision counts every non-empty test bead; recall swaps the roles and leaves out 1-0 and 0-1
beads on both sides.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from translate.errors import InputError

Link = tuple[tuple[int, ...], tuple[int, ...]]


def format_bead(src: Sequence[int], tgt: Sequence[int]) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def format_beads(links: Iterable[Link]) -> str:
    return "".join(format_bead(s, t) + "\n" for s, t in links)


def parse_beads(text: str, origin: str = "<beads>") -> list[Link]:
    """Links of a beads file; a third `:field` (vecalign's score) is ignored."""
    links: list[Link] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(":")]
        try:
            src, tgt = (ast.literal_eval(f) for f in fields[:2])
            link = (tuple(int(x) for x in src), tuple(int(x) for x in tgt))
        except (ValueError, SyntaxError, TypeError) as exc:
            raise InputError(
                f"{origin}:{number}", f"not a bead ({line.strip()!r})", "write [i, j]:[k]"
            ) from exc
        links.append(link)
    return links


@dataclass(frozen=True)
class Counts:
    strict_hit: int = 0
    strict_miss: int = 0
    lax_hit: int = 0
    lax_miss: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.strict_hit + other.strict_hit,
            self.strict_miss + other.strict_miss,
            self.lax_hit + other.lax_hit,
            self.lax_miss + other.lax_miss,
        )


def _precision_counts(gold: Iterable[Link], test: Iterable[Link]) -> Counts:
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    linked: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            linked[s].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        reachable = {t for s in src for t in linked[s]}
        if reachable & set(tgt):
            lax_hit += 1
        else:
            lax_miss += 1
    return Counts(strict_hit, strict_miss, lax_hit, lax_miss)


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def score(pairs: Iterable[tuple[Sequence[Link], Sequence[Link]]]) -> Scores:
    """Scores over several documents: each item is (gold links, test links)."""
    p = r = Counts()
    for gold, test in pairs:
        p += _precision_counts(gold, test)
        test_matched = [(s, t) for s, t in test if s and t]
        gold_matched = [(s, t) for s, t in gold if s and t]
        r += _precision_counts(test_matched, gold_matched)

    def ratio(hit: int, miss: int) -> float:
        return hit / (hit + miss) if hit + miss else 0.0

    def f1(p_: float, r_: float) -> float:
        return 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0

    ps, rs = ratio(p.strict_hit, p.strict_miss), ratio(r.strict_hit, r.strict_miss)
    pl, rl = ratio(p.lax_hit, p.lax_miss), ratio(r.lax_hit, r.lax_miss)
    return Scores(ps, rs, f1(ps, rs), pl, rl, f1(pl, rl))
