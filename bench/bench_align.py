"""Sentence alignment benchmark: strict and lax precision / recall / F1 (vecalign's definitions)
on the hand-linked gold set in bench/data/align, with a supplied MT and with the model-free
signals alone, and the time per 1,000 sentence pairs (MT excluded).

    python bench/bench_align.py            # scores and timings
    python bench/bench_align.py --make-mt  # re-translate the English side with the sample model

The MT used is stored next to the gold (`<name>.mt`): the output of the project's SAMPLE en->zh
package (greedy decoding) on each English sentence. That package was trained on the seed articles,
so on seeds.links.tsv it reproduces the corpus Chinese almost word for word (an optimistic MT);
on the other articles, which it never saw, its output is poor. Both subsets are reported.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "align"
SEP = " ||| "
# The documents the cost weights were tuned on (translate/align/cost.py, aligner.py).
DEV = ("seeds", "badminton", "dengue", "ev", "mrt")
sys.path.insert(0, str(ROOT))

from translate.align import AlignOptions, align_sentences  # noqa: E402
from translate.align.beads import Link, score  # noqa: E402
from translate.glossary import Glossary, load_glossaries  # noqa: E402


@dataclass(frozen=True)
class Doc:
    name: str
    en: list[str]
    zh: list[str]
    gold: list[Link]
    mt: list[str] | None


def load_doc(path: Path) -> Doc:
    en: list[str] = []
    zh: list[str] = []
    gold: list[Link] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        left, right = line.split("\t")
        e = [s.strip() for s in left.split(SEP) if s.strip()]
        z = [s.strip() for s in right.split(SEP) if s.strip()]
        gold.append(
            (tuple(range(len(en), len(en) + len(e))), tuple(range(len(zh), len(zh) + len(z))))
        )
        en += e
        zh += z
    name = path.name.removesuffix(".links.tsv")
    mt_path = path.with_name(f"{name}.mt")
    mt = mt_path.read_text(encoding="utf-8").split("\n")[: len(en)] if mt_path.exists() else None
    return Doc(name, en, zh, gold, mt)


def load_all() -> list[Doc]:
    return [load_doc(p) for p in sorted(DATA.glob("*.links.tsv"))]


def make_mt(docs: Sequence[Doc]) -> None:
    """Translate every English sentence with the bundled sample en->zh package (greedy)."""
    home = Path(tempfile.mkdtemp(prefix="bench-align-argos-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    from translate.engine import packages
    from translate.engine.ctranslate import DecodeOptions, Route

    for f in sorted((ROOT / "translate" / "sample_models").glob("*.argosmodel")):
        packages.install_file(f)
    route = Route(packages.find_route("en", "zh"), DecodeOptions(beam_size=1, threads=2))
    for doc in docs:
        out = route.translate(doc.en)
        text = "\n".join(line.replace("\n", " ") for line in out) + "\n"
        (DATA / f"{doc.name}.mt").write_text(text, encoding="utf-8")
        print(f"wrote {doc.name}.mt ({len(out)} lines)")


def run(
    docs: Sequence[Doc], use_mt: bool, glossary: Glossary, options: AlignOptions | None = None
) -> tuple[list[tuple[list[Link], list[Link]]], float]:
    pairs = []
    seconds = 0.0
    for doc in docs:
        start = time.perf_counter()
        result = align_sentences(
            doc.en,
            doc.zh,
            "en",
            "zh-Hans",
            mt=doc.mt if use_mt else None,
            glossary=glossary,
            options=options,
        )
        seconds += time.perf_counter() - start
        pairs.append((doc.gold, result.links()))
    return pairs, seconds


def table(label: str, pairs: list[tuple[list[Link], list[Link]]]) -> str:
    s = score(pairs)
    return (
        f"{label:<44} {s.precision_strict:6.3f} {s.recall_strict:6.3f} {s.f1_strict:6.3f}"
        f"   {s.precision_lax:6.3f} {s.recall_lax:6.3f} {s.f1_lax:6.3f}"
    )


def timing(docs: Sequence[Doc], glossary: Glossary, target: int, use_mt: bool) -> tuple[int, float]:
    """Concatenate the gold documents (repeated) to about `target` source sentences; align once."""
    en: list[str] = []
    zh: list[str] = []
    mt: list[str] = []
    while len(en) < target:
        for doc in docs:
            en += doc.en
            zh += doc.zh
            mt += doc.mt or [""] * len(doc.en)
    start = time.perf_counter()
    align_sentences(en, zh, "en", "zh-Hans", mt=mt if use_mt else None, glossary=glossary)
    return len(en), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--make-mt", action="store_true", help="re-translate with the sample model")
    parser.add_argument("--pairs", type=int, default=5000, help="size of the long timing run")
    args = parser.parse_args()
    docs = load_all()
    if args.make_mt:
        make_mt(docs)
        docs = load_all()
    glossary = load_glossaries(sorted((ROOT / "glossaries").glob("*.tsv")))
    kinds: dict[str, int] = {}
    for doc in docs:
        for s, t in doc.gold:
            key = f"{len(s)}-{len(t)}"
            kinds[key] = kinds.get(key, 0) + 1
    n_en = sum(len(d.en) for d in docs)
    n_zh = sum(len(d.zh) for d in docs)
    print(
        f"gold: {len(docs)} documents, {n_en} English and {n_zh} Chinese sentences, "
        f"{sum(kinds.values())} links " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
    )
    print(f"{'':<44} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}")
    print(f"{'':<44} {'strict':^20}   {'lax':^20}")
    subsets = {
        "all": list(docs),
        "seeds (the model saw them)": [d for d in docs if d.name == "seeds"],
        "unseen articles": [d for d in docs if d.name != "seeds"],
        "held out (not used to tune)": [d for d in docs if d.name not in DEV],
    }
    total = {True: 0.0, False: 0.0}
    for use_mt, label in ((True, "sample-model MT"), (False, "model-free")):
        if use_mt and any(d.mt is None for d in docs):
            print(f"{label}: no .mt files; run with --make-mt")
            continue
        for name, subset in subsets.items():
            pairs, seconds = run(subset, use_mt, glossary)
            if name == "all":
                total[use_mt] = seconds
            print(table(f"{label}, {name}", pairs))
    for use_mt in (True, False):
        per_k = 1000 * total[use_mt] / n_en
        print(
            f"time per 1,000 sentence pairs ({'with MT' if use_mt else 'model-free'}, "
            f"MT excluded): {per_k:.2f} s over the gold documents"
        )
    for use_mt in (True, False):
        size, seconds = timing(docs, glossary, args.pairs, use_mt)
        print(
            f"one document of {size} sentence pairs ({'with MT' if use_mt else 'model-free'}): "
            f"{seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
