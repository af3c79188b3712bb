"""Speed and memory of the engine path, reported as ratios measured in one run.

    .venv/bin/python bench/bench_engine.py [--model PATH.argosmodel] [--repeat 3]

Compares, on the same model and the same sentences (the sample articles, repeated):
- one translate_batch call per sentence (what argostranslate's translate path does) against
  one batched call over all sentences (what `translate run` does);
- start-up: importing our CLI against importing `argostranslate.translate` (stanza, torch);
- peak memory of a whole `translate run` over seeds/ (absolute, for the record).
Ratios, not absolute timings, are what to compare between machines.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sentences(repeat: int) -> list[str]:
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    english = [s for s in lines if s.strip() and s.isascii()]
    return english * repeat


def load(model: Path, tmp: Path, inter_threads: int):  # type: ignore[no-untyped-def]
    import ctranslate2
    import sentencepiece

    with zipfile.ZipFile(model) as zf:
        zf.extractall(tmp)
    pkg = next(p for p in tmp.iterdir() if p.is_dir())
    tr = ctranslate2.Translator(
        str(pkg / "model"), device="cpu", inter_threads=inter_threads, intra_threads=1
    )
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    return tr, sp


def per_sentence(tr, sp, texts: list[str], beam: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for t in texts:
        tr.translate_batch([sp.encode(t, out_type=str)], beam_size=beam, replace_unknowns=True)
    return time.perf_counter() - t0


def batched(tr, sp, texts: list[str], beam: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    toks = sorted((sp.encode(t, out_type=str) for t in texts), key=len)
    tr.translate_batch(
        toks, beam_size=beam, replace_unknowns=True, max_batch_size=32, batch_type="examples"
    )
    return time.perf_counter() - t0


def import_time(module: str) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    env = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp(), "XDG_CACHE_HOME": tempfile.mkdtemp()}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return float(out.stdout.strip() or "nan")


def run_peak_rss_mb() -> float:
    """Peak RSS of `translate run seeds/` in a child process (models must be installed)."""
    with tempfile.TemporaryDirectory() as out:
        code = (
            "import resource, sys; from translate.cli import main; sys.argv=['translate','run',"
            f"'{ROOT / 'seeds'}','-o','{out}','-q'];\ntry: main()\nexcept SystemExit: pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        return float(proc.stderr.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--model", type=Path, default=ROOT / "translate/sample_models/en_zh-sample.argosmodel"
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--beam", type=int, default=4)
    args = ap.parse_args()
    texts = sentences(args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        tr1, sp = load(args.model, Path(tmp) / "a", inter_threads=1)
        batched(tr1, sp, texts[:8], args.beam)  # warm up
        t_single = per_sentence(tr1, sp, texts, args.beam)
        t_batch1 = batched(tr1, sp, texts, args.beam)
        tr2, _ = load(args.model, Path(tmp) / "b", inter_threads=2)
        t_batch2 = batched(tr2, sp, texts, args.beam)
    imp_ours, imp_argos = import_time("translate.cli"), import_time("argostranslate.translate")
    report = {
        "model": args.model.name,
        "sentences": len(texts),
        "per_sentence_s": round(t_single, 3),
        "batched_1_worker_s": round(t_batch1, 3),
        "batched_2_workers_s": round(t_batch2, 3),
        "speedup_batched_vs_per_sentence": round(t_single / t_batch2, 2),
        "import_translate_cli_s": round(imp_ours, 3),
        "import_argostranslate_translate_s": round(imp_argos, 3),
        "startup_ratio_argos_vs_ours": round(imp_argos / imp_ours, 1),
        "translate_run_seeds_peak_rss_mb": round(run_peak_rss_mb(), 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
