"""Check the corpus against the one the previous build script made.

The previous script (scripts/build_sample_models.py at OLD_REV, the build of the committed
packages) had its own glossary parser, matcher and placeholder code. This loads it from git,
runs it, and compares with the corpus built here, on the same inputs:

1. fillers: the tables moved to data files draw the same fillers and fill the same frames
   (same random numbers in, same text out);
2. plain pairs: seed pairs and dictionary identical; frames the same per frame in number
   (their fillings differ: random choices are now seeded per frame and per pair);
3. protection, pair by pair, on the old build's own seed pairs and frame fillings: the old
   protected pair next to the one made with translate's matcher and `protect`; each
   difference is put in a class;
4. the old build's hand-written protected pairs: which the runtime makes, which it does not;
5. held-out: sample_models/corpus/heldout.tsv is the old build's held-out set.

    python -m tools.sample_models.compare [--rev REV] [--json FILE] [--write-heldout]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import regex

from tools.sample_models import corpus, fillers
from tools.sample_models.errors import BuildError
from tools.sample_models.paths import BY_HAND, COMMITTED_HELDOUT, FRAMES, GLOSSARY, ROOT, shown
from tools.sample_models.protection import DIRECTIONS, Direction, Protector, read_by_hand
from translate.core import Term
from translate.glossary import load_glossaries

OLD_REV = "89439df94828420664129165cdd5fc79e925eb17"  # the build of the committed packages
OLD_PATH = "scripts/build_sample_models.py"
_ADJACENT = regex.compile(r"ZX[A-J]ZX[A-J]")
HELDOUT_HEADER = (
    "Frame fillings the committed sample packages never saw in training (seed 1234), held out\n"
    "by the build that made them (scripts/build_sample_models.py at {rev}).\n"
    "tests/test_sample_models.py and `--eval-only` measure the packages on them; a build that\n"
    "trains new packages writes their own set in place of this one.\n"
    "names: the protectable fillers, kind:English=Chinese."
)


def load_old(rev: str = OLD_REV) -> ModuleType:
    """The old build script as a module, from git (it imports no torch at module level)."""
    text = subprocess.run(
        ["git", "show", f"{rev}:{OLD_PATH}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # it finds the corpus from its own path: point it at this checkout
    anchor = "ROOT = Path(__file__).resolve().parents[1]"
    if anchor not in text:
        raise BuildError(f"{rev}:{OLD_PATH}: no line {anchor!r}; is it the old build script?")
    text = text.replace(anchor, f"ROOT = Path({str(ROOT)!r})")
    with tempfile.TemporaryDirectory(prefix="old-build-") as tmp:
        path = Path(tmp) / "old_build_sample_models.py"
        path.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("old_build_sample_models", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return module


def run_old(old: ModuleType, seed: int) -> tuple[Any, Any, list[str], dict[str, Any]]:
    """The old build's examples, with every frame instance it made (by English text)."""
    made: dict[str, Any] = {}
    fill = old.fill_frame

    def recording(en_t: str, zh_t: str, rng: random.Random) -> Any:
        inst = fill(en_t, zh_t, rng)
        made.setdefault(inst.en, inst)
        return inst

    old.fill_frame = recording
    try:
        train, evals, warnings = old.build_examples(seed)
    finally:
        old.fill_frame = fill
    return train, evals, warnings, made


def _old_filler(f: Any) -> tuple[Any, ...]:
    entry = (f.entry.id, f.entry.en_forms, f.entry.zh_forms) if f.entry else None
    return (f.key, f.en, f.zh, entry)


def _new_filler(f: fillers.Filler) -> tuple[Any, ...]:
    term = (f.term.id, (f.term.en,), (f.term.zh_hans,)) if f.term else None
    return (f.key, dict(f.en), dict(f.zh), term)


def check_fillers(old: ModuleType, draws: int = 300) -> dict[str, Any]:
    """Same random numbers in, same fillers and frame fillings out."""
    kinds = fillers.slot_types()
    same = sum(
        _old_filler(old.draw_filler(k, random.Random(i)))
        == _new_filler(fillers.draw(k, random.Random(i)))
        for k in kinds
        for i in range(draws)
    )
    frames = corpus.read_pairs(FRAMES)
    fills_same = 0
    for _line, en_t, zh_t in frames:
        for i in range(50):
            a = old.fill_frame(en_t, zh_t, random.Random(i))
            b = fillers.fill(en_t, zh_t, random.Random(i))
            ids = tuple(e.id for e in a.entries)
            fills_same += (a.en, a.zh, a.key, ids) == (
                b.en,
                b.zh,
                b.key,
                tuple(t.id for t in b.terms),
            )
    return {
        "draws": len(kinds) * draws,
        "draws_identical": same,
        "frame_fillings": len(frames) * 50,
        "frame_fillings_identical": fills_same,
    }


def _multiset(exs: Sequence[Any], kind: str) -> Counter[tuple[str, str]]:
    return Counter((e.src, e.tgt) for e in exs if e.kind == kind)


def check_plain(old_train: Any, new: corpus.Corpus) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in DIRECTIONS:
        o, n = old_train[d.name], new.train[d.name]
        frames_o, frames_n = _multiset(o, "frame"), _multiset(n, "frame")
        out[d.name] = {
            "seed_identical": _multiset(o, "seed") == _multiset(n, "seed"),
            "dictionary_identical": _multiset(o, "term") == _multiset(n, "term"),
            "frame_pairs": [sum(frames_o.values()), sum(frames_n.values())],
            "frame_pairs_in_both": sum((frames_o & frames_n).values()),
        }
    return out


def _old_full(old: ModuleType, gloss: list[Any], src: str, tgt: str, d: Direction) -> Any:
    links, _ = old.align_terms(src, tgt, d.src, d.tgt, gloss)
    if not links:
        return None, None
    by_id = {e.id: e for e in gloss}
    return (
        old.placeholder_variant(src, tgt, links),
        old.inject_variant(src, tgt, links, d.tgt, by_id),
    )


def _classify(old_pair: Any, new_pair: Any, old_forms: list[str], new_forms: list[str]) -> str:
    """A name for the kind of difference between two protected (source, target) pairs, given
    the forms each matcher found in the source."""
    lost = sorted(set(old_forms) - set(new_forms))
    if lost:
        return f"translate does not match {', '.join(map(repr, lost))} (the old matcher did)"
    gained = sorted(set(new_forms) - set(old_forms))
    if gained:
        return f"translate also matches {', '.join(map(repr, gained))}"
    if new_pair is None:
        return "not made now: a term has no rendering in the translation (before: left unprotected)"
    if old_pair is None:
        return "made now: the old build protected only the terms it could pair, here none"
    (os_, ot), (ns, nt) = old_pair, new_pair
    if os_ == ns:
        if ot.replace(" ", "") == nt.replace(" ", "") and _ADJACENT.search(ot):
            return "target: a space between adjacent placeholders (restore cannot read ZXBZXC)"
        return "target differs"
    if os_.replace(" ", "") == ns.replace(" ", ""):
        return "source: a space between adjacent placeholders (protect's padding)"
    return "source: every term protected (the old build left out the terms it could not pair)"


def _count(
    counts: Counter[str],
    examples: dict[str, list[str]],
    label: str,
    pairs: tuple[Any, Any],
    forms: tuple[list[str], list[str]],
) -> None:
    if pairs[0] == pairs[1]:
        counts[f"{label}: identical"] += 1
        return
    key = f"{label}: {_classify(*pairs, *forms)}"
    counts[key] += 1
    examples.setdefault(key, []).append(f"OLD {pairs[0]}\n      NEW {pairs[1]}")


def check_protection(old: ModuleType, old_train: Any, made: dict[str, Any]) -> dict[str, Any]:
    """Old and new protection of every term, on the old build's own pairs (seed pairs and the
    frame fillings it trained on), with the glossary, and with the glossary and the names
    (every name kept)."""
    gloss = old.load_glossary()
    protector = Protector(load_glossaries([GLOSSARY]), read_by_hand(BY_HAND))
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    pairs = {(e.src, e.tgt) for e in old_train["en-zh"] if e.kind in ("seed", "frame")}
    for en, zh in sorted(pairs):
        inst = made.get(en)
        extra = inst.entries if inst else old.all_filler_entries()
        names = protector.with_names([_term(e) for e in extra])
        for d in DIRECTIONS:
            src, tgt = d.orient(en, zh)
            new = {e.kind: (e.src, e.tgt) for e in protector.full(src, tgt, d, "x").examples}
            olds = _old_full(old, gloss, src, tgt, d)
            forms = (_old_forms(old, gloss, src, d), [m.form for m in protector.find(src, d.src)])
            for i, what in enumerate(("placeholder", "inject")):
                pair = (olds[i], new.get(f"x-{what}"))
                _count(counts, examples, f"{d.name} {what}", pair, forms)
            pair = (_old_names(old, gloss, extra, src, tgt, d), _new_names(names, src, tgt, d))
            forms = (
                _old_forms(old, gloss + extra, src, d),
                [m.form for m in names.find(src, d.src)],
            )
            _count(counts, examples, f"{d.name} names", pair, forms)
    return {
        "pairs": len(pairs),
        "counts": dict(sorted(counts.items())),
        "examples": {k: v[:2] for k, v in sorted(examples.items())},
    }


def _old_forms(old: ModuleType, entries: list[Any], src: str, d: Direction) -> list[str]:
    return [src[m.start : m.end] for m in old.find_terms(src, entries, d.src)]


def _term(entry: Any) -> Term:
    en, zh = entry.en_forms[0], entry.zh_forms[0]
    return Term(id=entry.id, en=en, zh_hans=zh, zh_hant="", case="exact")


def _old_names(
    old: ModuleType, gloss: list[Any], extra: list[Any], src: str, tgt: str, d: Direction
) -> Any:
    links, _ = old.align_terms(src, tgt, d.src, d.tgt, gloss + extra)
    glossary_ids = {e.id for e in gloss}
    if not any(lk.src.id not in glossary_ids for lk in links):
        return None
    return old.placeholder_variant(src, tgt, links)


def _new_names(p: Protector, src: str, tgt: str, d: Direction) -> Any:
    matches = p.find(src, d.src)
    links, _ = p.links(tgt, d, matches)
    if not any(m.term.id in p.names and (m.start, m.end) in links for m in matches):
        return None
    kept = [m for m in matches if m.term.id not in p.names or (m.start, m.end) in links]
    return p.placeholder(src, tgt, d, kept, links)


def check_hand_written(old: ModuleType, new: corpus.Corpus) -> list[str]:
    out = []
    for d, strategy, src, tgt in old.EXTRA_PROTECTED:
        pairs = {(e.src, e.tgt) for e in new.train[d]}
        sources = {e.src for e in new.train[d]}
        state = (
            "made"
            if (src, tgt) in pairs
            else "source made, target differs"
            if src in sources
            else "not made"
        )
        out.append(f"{d} {strategy}: {state}: {src[:60]}")
    return out


def check_heldout(old_evals: Any, made: dict[str, Any]) -> tuple[list[corpus.HeldOut], bool]:
    """The old build's held-out sets (as HeldOut), and whether heldout.tsv holds exactly them."""
    old_heldout = [
        corpus.HeldOut(name, e.src, e.tgt, tuple(_term(x) for x in made[e.src].entries))
        for name in ("heldout", "heldout-numbers")
        for e in old_evals["en-zh"].get(name, [])
    ]
    committed = list(corpus.read_heldout(COMMITTED_HELDOUT)) if COMMITTED_HELDOUT.is_file() else []
    return old_heldout, committed == old_heldout


def kinds(train: Any) -> dict[str, dict[str, int]]:
    return {d: dict(sorted(Counter(e.kind for e in exs).items())) for d, exs in train.items()}


def report(
    rev: str = OLD_REV,
    seed: int = corpus.DEFAULT_SEED,
    write_heldout: bool = False,
    new: corpus.Corpus | None = None,
) -> dict[str, Any]:
    """Every check's figures (see the module docstring); `new`: the corpus built here, when
    the caller has it already."""
    old = load_old(rev)
    old_train, old_evals, old_notes, made = run_old(old, seed)
    if write_heldout:
        old_heldout, _ = check_heldout(old_evals, made)
        corpus.write_heldout(COMMITTED_HELDOUT, old_heldout, HELDOUT_HEADER.format(rev=rev[:12]))
    new = new or corpus.build(seed)
    adjacent_old = sum(bool(_ADJACENT.search(e.tgt)) for exs in old_train.values() for e in exs)
    return {
        "rev": rev,
        "seed": seed,
        "fillers": check_fillers(old),
        "plain": check_plain(old_train, new),
        "protection": check_protection(old, old_train, made),
        "hand_written": check_hand_written(old, new),
        "heldout_file_is_old_heldout": check_heldout(old_evals, made)[1],
        "old_targets_restore_cannot_read": adjacent_old,
        "new_targets_restore_cannot_read": sum(
            bool(_ADJACENT.search(e.tgt)) for exs in new.train.values() for e in exs
        ),
        "kinds": {"old": kinds(old_train), "new": kinds(new.train)},
        "notes": {"old": old_notes, "new": list(new.notes)},
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", default=OLD_REV, help="git revision of the old build script")
    ap.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    ap.add_argument("--json", type=Path, help="also write the report here")
    ap.add_argument(
        "--write-heldout",
        action="store_true",
        help=f"write the old build's held-out sets to {shown(COMMITTED_HELDOUT)}",
    )
    a = ap.parse_args(argv)
    result = report(a.rev, a.seed, a.write_heldout)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if a.json:
        a.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
