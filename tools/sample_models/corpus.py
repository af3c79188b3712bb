"""The training pairs and evaluation sets, per direction.

- seed pairs (sample_models/corpus/seed_pairs.tsv: one per English line of the seed articles):
  plain (3 copies, 4 with digits), every term protected as translate protects it, some terms
  protected, and names protected as a newsroom glossary holding them would;
- a small dictionary: every glossary entry and name, and the placeholders on their own;
- frames (sample_models/corpus/frames.tsv) filled with other names and numbers (fillers.py),
  plain and, half of the time each, protected;
- held out: frame fillings never trained on, and fillings with unseen numbers.

Random choices are seeded per frame and per pair, so a change to one frame, one glossary
entry or one protection rule changes only the pairs it touches.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from tools.sample_models import fillers
from tools.sample_models.errors import BuildError
from tools.sample_models.paths import BY_HAND, FRAMES, GLOSSARY, SEED_PAIRS, SEED_SENTENCES
from tools.sample_models.protection import (
    DIRECTIONS,
    PLACEHOLDERS,
    Example,
    Protector,
    read_by_hand,
    span,
)
from translate.core import Term
from translate.glossary import load_glossaries, target_form
from translate.lang import has_han, to_simplified

DEFAULT_SEED = 1234
_DIGIT = regex.compile(r"\d")
_NUMBER_SLOT = regex.compile(r"\{(million|billion|datetime|pubdate|day)\}")


@dataclass(frozen=True)
class HeldOut:
    """A frame filling kept out of training; `names` are its protectable fillers."""

    set: str  # heldout | heldout-numbers
    en: str
    zh: str
    names: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Corpus:
    train: Mapping[str, tuple[Example, ...]]  # direction ("en-zh") -> pairs
    evals: Mapping[str, Mapping[str, tuple[Example, ...]]]  # direction -> set name -> pairs
    heldout: tuple[HeldOut, ...]
    notes: tuple[str, ...] = ()


@dataclass
class _Sets:
    """What the steps below add to, in order (private to `build`)."""

    train: dict[str, list[Example]] = field(default_factory=lambda: defaultdict(list))
    evals: dict[str, dict[str, list[Example]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    notes: list[str] = field(default_factory=list)


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(line, en, zh) of a two-column TSV; blank lines and # comments skipped."""
    pairs = []
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        cols = ln.split("\t")
        if len(cols) != 2:
            raise BuildError(f"{path}:{n}: expected 2 tab-separated columns, got {len(cols)}")
        pairs.append((n, cols[0], cols[1]))
    return pairs


def seed_english_lines(path: Path = SEED_SENTENCES) -> list[str]:
    """Every distinct English line of the canonical seed segmentation (Chinese lines skipped)."""
    out: list[str] = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln.strip() and not has_han(ln) and ln not in out:
            out.append(ln)
    return out


def load_seed_pairs(path: Path = SEED_PAIRS) -> list[tuple[str, str]]:
    pairs = [(en, zh) for _, en, zh in read_pairs(path)]
    want, have = seed_english_lines(), [en for en, _ in pairs]
    if have != want:
        missing = [s for s in want if s not in have]
        extra = [s for s in have if s not in want]
        raise BuildError(
            f"{path} out of step with {SEED_SENTENCES}: missing {missing[:3]}, extra {extra[:3]}; "
            "it needs one pair per English line, in order"
        )
    return pairs


def dictionary_forms(term: Term, lang: str) -> list[str]:
    """The forms of an entry the dictionary teaches, preferred first: the English form and its
    aliases; the Simplified form, the Chinese aliases (as translate sends them: Simplified) and,
    for a do-not-translate entry, the English form."""
    if lang == "en":
        return list(dict.fromkeys((term.en, *term.aliases)))
    forms = (term.zh_hans, *term.zh_aliases, *((term.en,) if term.dnt else ()))
    return list(dict.fromkeys(to_simplified(f) for f in forms if f))


def build(seed: int = DEFAULT_SEED) -> Corpus:
    """Training pairs and evaluation sets per direction, held-out fillings and build notes."""
    protector = Protector(load_glossaries([GLOSSARY]), read_by_hand(BY_HAND))
    sets = _Sets()
    pairs = load_seed_pairs()
    _seeds(sets, pairs, protector, seed)
    _dictionary(sets, protector)
    frames = read_pairs(FRAMES)
    fillers.check_frames(frames, FRAMES)
    seen_en = {en for en, _ in pairs}
    heldout = _frames(sets, frames, protector, seed, seen_en)
    heldout += _unseen_numbers(frames, seed, seen_en)
    add_heldout_sets(sets.evals, heldout, protector)
    sets.notes += stale_hand_rows(sets.train)
    return Corpus(
        {d: tuple(exs) for d, exs in sets.train.items()},
        {d: {k: tuple(v) for k, v in s.items()} for d, s in sets.evals.items()},
        tuple(heldout),
        tuple(sets.notes),
    )


def _differs(protector: Protector, text: str, lang: str) -> bool:
    """Does the glossary without its proposed entries protect `text` otherwise?"""
    full = [(span(m), m.term.id) for m in protector.find(text, lang)]
    approved = protector.view(approved_only=True)
    return full != [(span(m), m.term.id) for m in approved.find(text, lang)]


def _seeds(sets: _Sets, pairs: Sequence[tuple[str, str]], protector: Protector, seed: int) -> None:
    """Seed pairs: plain, then every term protected (with the whole glossary and, where that
    differs, without its proposed entries), some terms, and names."""
    names = protector.with_names(fillers.name_terms())
    for en, zh in pairs:
        for d in DIRECTIONS:
            src, tgt = d.orient(en, zh)
            rng = random.Random(f"{seed}\t{d.name}\t{src}")
            # digits are single pieces and must be copied one by one: such lines get more copies
            digits = bool(_DIGIT.search(src))
            views = [protector]
            if _differs(protector, src, d.src):
                views.append(protector.view(approved_only=True))
            full = [view.full(src, tgt, d, "seed") for view in views]
            for one in full:
                if one.unpaired and not one.placeholder:
                    sets.notes.append(
                        f"{d.name}: no placeholder pair ({', '.join(one.unpaired)} not found in "
                        f"the translation; add its target to {BY_HAND.name}): {src[:70]}"
                    )
            own = [e for one in full for e in one.examples]
            # twice: lines with digits, and pairs with a term the aligner could not pair (long
            # sentences with overlapping terms, placeholder targets written by hand)
            again = [e for one in full if digits or one.unpaired for e in one.examples]
            sets.train[d.name] += [Example(src, tgt, "seed")] * (4 if digits else 3)
            sets.train[d.name] += own + protector.partial(src, tgt, d, "seed", rng)
            sets.train[d.name] += names.with_some_names(src, tgt, d, "seed", rng) + again
            sets.evals[d.name]["seed"].append(Example(src, tgt, "seed"))
            for e in own:
                sets.evals[d.name][e.kind].append(e)


def _dictionary(sets: _Sets, protector: Protector) -> None:
    """Every glossary entry and name on its own (two source forms each), and the placeholders."""
    terms = [t for t in protector.glossary.terms if t.status != "deprecated"]
    for term in [*terms, *fillers.name_terms()]:
        for d in DIRECTIONS:
            for form in dictionary_forms(term, d.src)[:2]:
                sets.train[d.name].append(Example(form, target_form(term, d.target), "term"))
    for d in DIRECTIONS:
        sets.train[d.name] += [Example(p, p, "term") for p in PLACEHOLDERS]


def _fillings(
    en_t: str, zh_t: str, rng: random.Random, count: int, taken: set[tuple[str, ...]]
) -> list[fillers.Instance]:
    """Up to `count` fillings of a frame whose combination of fillers is not in `taken`
    (which they join)."""
    made: list[fillers.Instance] = []
    for _ in range(count * 4):
        if len(made) >= count:
            break
        inst = fillers.fill(en_t, zh_t, rng)
        if inst.key not in taken:
            taken.add(inst.key)
            made.append(inst)
    return made


def _frames(
    sets: _Sets,
    frames: Sequence[tuple[int, str, str]],
    protector: Protector,
    seed: int,
    seen_en: set[str],
) -> list[HeldOut]:
    """16 fillings of each frame (22 with several slots, 34 where numbers are converted or
    copied), plain and, half of the time each, protected; up to 3 held out per frame with
    several slots."""
    heldout: list[HeldOut] = []
    for _line, en_t, zh_t in frames:
        refs = len(set(fillers.SLOT.findall(en_t)))  # {person} and {person.short} count twice
        per = 34 if _NUMBER_SLOT.search(en_t) else 22 if refs > 1 else 16
        taken: set[tuple[str, ...]] = set()
        for inst in _fillings(en_t, zh_t, random.Random(f"{seed}\tframe\t{en_t}"), per, taken):
            seen_en.add(inst.en)
            names = protector.with_names(inst.terms)
            for d in DIRECTIONS:
                src, tgt = d.orient(inst.en, inst.zh)
                rng = random.Random(f"{seed}\t{d.name}\t{src}")
                sets.train[d.name].append(Example(src, tgt, "frame"))
                var = list(protector.full(src, tgt, d, "frame").examples)
                var += names.with_some_names(src, tgt, d, "frame", rng)
                sets.train[d.name] += [v for v in var if rng.random() < 0.5]
        if refs > 1:
            heldout += _held_out(
                en_t, zh_t, random.Random(f"{seed}\theldout\t{en_t}"), taken, seen_en
            )
    return heldout


def _held_out(
    en_t: str, zh_t: str, rng: random.Random, taken: set[tuple[str, ...]], seen_en: set[str]
) -> list[HeldOut]:
    """Up to 3 fillings of a frame with combinations and sentences never trained on."""
    out: list[HeldOut] = []
    for _ in range(200):
        if len(out) >= 3:
            break
        inst = fillers.fill(en_t, zh_t, rng)
        if inst.key in taken or inst.en in seen_en:
            continue
        taken.add(inst.key)
        out.append(HeldOut("heldout", inst.en, inst.zh, inst.terms))
    return out


def _unseen_numbers(
    frames: Sequence[tuple[int, str, str]], seed: int, seen_en: set[str]
) -> list[HeldOut]:
    """Numbers the model has not seen, in the frames that convert them (480 million -> 4.8亿):
    reported apart, the weakest point of so small a model. 10 per frame."""
    rng = random.Random(f"{seed}\tnumbers")
    out: list[HeldOut] = []
    for _line, en_t, zh_t in frames:
        if "{million}" not in en_t:
            continue
        made = 0
        for _ in range(200):
            if made >= 10:
                break
            inst = fillers.fill(en_t, zh_t, rng)
            if inst.en in seen_en:
                continue
            seen_en.add(inst.en)
            made += 1
            out.append(HeldOut("heldout-numbers", inst.en, inst.zh, inst.terms))
    return out


def add_heldout_sets(
    evals: dict[str, dict[str, list[Example]]], heldout: Iterable[HeldOut], protector: Protector
) -> None:
    """The held-out evaluation sets per direction: plain; with every term and name protected
    by placeholders (when the target could be paired); with the glossary's terms injected."""
    for h in heldout:
        names = protector.with_names(h.names)
        for d in DIRECTIONS:
            src, tgt = d.orient(h.en, h.zh)
            evals[d.name][h.set].append(Example(src, tgt, h.set))
            if h.set != "heldout":
                continue
            for e in names.full(src, tgt, d, h.set).examples:
                if e.kind == "heldout-placeholder":
                    evals[d.name][e.kind].append(e)
            matches = protector.find(src, d.src)
            if matches:
                evals[d.name]["heldout-inject"].append(
                    Example(protector.inject(src, d, matches), tgt, "heldout-inject")
                )


def eval_sets(corpus: Corpus, heldout: Sequence[HeldOut]) -> dict[str, dict[str, list[Example]]]:
    """The corpus's seed sets with the held-out sets of `heldout` (the packages' own)."""
    protector = Protector(load_glossaries([GLOSSARY]), {})
    evals: dict[str, dict[str, list[Example]]] = defaultdict(lambda: defaultdict(list))
    for d, sets in corpus.evals.items():
        for name, exs in sets.items():
            if name.startswith("seed"):
                evals[d][name] += exs
    add_heldout_sets(evals, heldout, protector)
    return {d: dict(s) for d, s in evals.items()}


def stale_hand_rows(train: Mapping[str, Sequence[Example]], path: Path = BY_HAND) -> list[str]:
    """Rows of the hand-alignment table whose source no pair is protected into any more."""
    sources = {(d, e.src) for d, exs in train.items() for e in exs}
    return [
        f"{path.name}:{row.line}: no pair is protected into this source any more; remove the "
        f"row: {row.source[:60]}"
        for key, row in read_by_hand(path).items()
        if key not in sources
    ]


def write_heldout(path: Path, heldout: Iterable[HeldOut], header: str) -> Path:
    """set, en, zh, names (id=Chinese form, | between) per line, after `header` comments."""
    lines = [f"# {ln}".rstrip() for ln in header.splitlines()]
    lines.append("set\ten\tzh\tnames")
    for h in heldout:
        names = "|".join(f"{t.id}={t.zh_hans}" for t in h.names)
        lines.append(f"{h.set}\t{h.en}\t{h.zh}\t{names}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_heldout(path: Path) -> tuple[HeldOut, ...]:
    if not path.is_file():
        raise BuildError(
            f"{path}: no held-out set for the packages beside it; the build that makes "
            "packages writes it (an --eval-only run can only measure packages built so)"
        )
    rows = [
        (n, ln.split("\t"))
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not rows or rows[0][1] != ["set", "en", "zh", "names"]:
        raise BuildError(f"{path}: the first line must be the header set, en, zh, names")
    out = []
    for n, cells in rows[1:]:
        if len(cells) != 4 or cells[0] not in ("heldout", "heldout-numbers"):
            raise BuildError(f"{path}:{n}: expected heldout|heldout-numbers, en, zh, names")
        names = []
        for name in filter(None, cells[3].split("|")):
            term_id, _, zh = name.partition("=")
            kind, _, en = term_id.partition(":")
            if not (kind and en and zh):
                raise BuildError(f"{path}:{n}: a name is written kind:English=Chinese: {name}")
            names.append(Term(id=term_id, en=en, zh_hans=zh, zh_hant="", case="exact"))
        out.append(HeldOut(cells[0], cells[1], cells[2], tuple(names)))
    return tuple(out)
