"""The build's command line: parse options, run the steps, render progress and errors.

    python scripts/build_sample_models.py                # corpus, models, packages (torch)
    python scripts/build_sample_models.py --eval         # ... and measure them
    python scripts/build_sample_models.py --eval-only    # measure the packages in --out
    python scripts/build_sample_models.py --corpus-only  # write the corpus to --work, stop

Training takes about 21 minutes on two cores for the default 62 epochs (each direction on one
thread, both side by side with --threads 2). Exit codes: 0 done, 1 a BuildError (its message
says what and where).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.sample_models import corpus, evaluate, model, package
from tools.sample_models.errors import BuildError
from tools.sample_models.paths import DEFAULT_OUT, DEFAULT_WORK, heldout_path, shown
from tools.sample_models.protection import DIRECTIONS

log = logging.getLogger("build_sample_models")
HELDOUT_HEADER = (
    "Frame fillings the packages beside it never saw in training (seed {seed}), held out by\n"
    "the build that made them (scripts/build_sample_models.py). --eval-only and\n"
    "tests/test_sample_models.py measure the packages on them.\n"
    "names: the protectable fillers, kind:English=Chinese."
)


@dataclass(frozen=True)
class Options:
    out: Path = DEFAULT_OUT
    work: Path = DEFAULT_WORK
    epochs: int = 62
    seed: int = corpus.DEFAULT_SEED
    threads: int = 2
    eval: bool = False
    eval_only: bool = False
    show: int = 0
    corpus_only: bool = False


def parse(argv: Sequence[str] | None) -> Options:
    ap = argparse.ArgumentParser(description="Build the bundled SAMPLE translation models.")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the .argosmodel go")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch (corpus, models)")
    ap.add_argument("--epochs", type=int, default=Options.epochs)
    ap.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    ap.add_argument(
        "--threads",
        type=int,
        default=max(1, min(2, os.cpu_count() or 1)),
        help="CPU threads in all; with 2 or more both directions train side by side",
    )
    ap.add_argument("--eval", action="store_true", help="measure the packages after building")
    ap.add_argument("--eval-only", action="store_true", help="measure the packages in --out")
    ap.add_argument("--show", type=int, default=0, help="print this many misses per eval set")
    ap.add_argument("--corpus-only", action="store_true", help="write the corpus and stop")
    return Options(**{k.replace("-", "_"): v for k, v in vars(ap.parse_args(argv)).items()})


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    try:
        run(options)
    except BuildError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


def run(o: Options) -> None:
    t0 = time.time()
    heldout = corpus.read_heldout(heldout_path(o.out)) if o.eval_only else ()
    built = corpus.build(o.seed)
    for note in built.notes:
        log.info("note: %s", note)
    if not o.eval_only:
        write_corpus(built, o.work)
        if o.corpus_only:
            return
        build_packages(built, o)
        log.info("build wall time %.0fs", time.time() - t0)
        heldout = built.heldout
    if o.eval or o.eval_only:
        evals = corpus.eval_sets(built, heldout)
        evaluate.evaluate(o.out, evals, o.work / "eval.json", o.show)


def write_corpus(built: corpus.Corpus, work: Path) -> None:
    """train.{direction}.tsv (kind, source, target), eval.{direction}.{set}.tsv, heldout.tsv."""
    work.mkdir(parents=True, exist_ok=True)
    for d, exs in built.train.items():
        lines = "".join(f"{e.kind}\t{e.src}\t{e.tgt}\n" for e in exs)
        (work / f"train.{d}.tsv").write_text(lines, encoding="utf-8")
        counts = Counter(e.kind for e in exs)
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        log.info("corpus %s: %d pairs, %s", d, len(exs), kinds)
    for d, sets in built.evals.items():
        for name, exs in sets.items():
            lines = "".join(f"{e.src}\t{e.tgt}\n" for e in exs)
            (work / f"eval.{d}.{name}.tsv").write_text(lines, encoding="utf-8")
    corpus.write_heldout(work / "heldout.tsv", built.heldout, "held-out frame fillings")


def build_packages(built: corpus.Corpus, o: Options) -> None:
    """Tokenizer, one model per direction, the packages, and their held-out set beside them."""
    tok = model.train_tokenizer(built.train, o.work)
    probes = {d: sets["seed"] for d, sets in built.evals.items()}
    trained = model.train_all(
        model.jobs(built.train, probes, tok, o.epochs, o.seed, o.work), o.threads
    )
    for d in DIRECTIONS:
        t = trained[d.name]
        log.info("[%s] trained and exported in %.0fs", d.name, t.seconds)
        path = package.write(d, t.model_dir, tok.path, o.out, o.seed, t.parameters)
        log.info("wrote %s (%.2f MB)", shown(path), path.stat().st_size / 1e6)
    header = HELDOUT_HEADER.format(seed=o.seed)
    log.info("wrote %s", shown(corpus.write_heldout(heldout_path(o.out), built.heldout, header)))
