"""Speed and memory of the engine path, reported as ratios measured in one run.

    .venv/bin/python bench/bench_engine.py [--model PATH.argosmodel] [--repeat 3]

Each ratio compares one thing, on the same model and the same sentences (the sample articles'
English sentences, repeated), decoding through the tool's engine (`PackageTranslator`):
- batching: one call per sentence (what argostranslate's translate path does) against one
  call over all sentences, both on one worker;
- parallel workers: one call over all sentences on one worker against the same on two;
- start-up: importing our CLI against importing `argostranslate.translate` (stanza, torch);
- peak memory of a whole `translate run` over seeds/ with the sample packages (absolute, for
  the record).
A step that fails says so and gives no figure. Ratios, not absolute timings, are what to
compare between machines. The whole `translate run` against a raw script, and the Ray
executor, are in bench/bench_run.py.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "translate/sample_models"


class Failed(Exception):
    pass


def sentences(repeat: int) -> list[str]:
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    english = [s for s in lines if s.strip() and s.isascii()]
    return english * repeat


def engine(model: Path, tmp: Path, threads: int) -> Any:
    from translate.engine.ctranslate import DecodeOptions, PackageTranslator
    from translate.engine.packages import validate_package_dir

    with zipfile.ZipFile(model) as zf:
        zf.extractall(tmp)
    pkg = validate_package_dir(next(p for p in tmp.iterdir() if p.is_dir()))
    return PackageTranslator(pkg, DecodeOptions(threads=threads))


def per_sentence(tr: Any, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        tr.translate([t])
    return time.perf_counter() - t0


def batched(tr: Any, texts: list[str]) -> float:
    t0 = time.perf_counter()
    tr.translate(texts)
    return time.perf_counter() - t0


def import_time(module: str) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    env = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp(), "XDG_CACHE_HOME": tempfile.mkdtemp()}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise Failed(f"import {module}: {(out.stderr.strip().splitlines() or ['?'])[-1]}")
    return float(out.stdout.strip())


def run_peak_rss_mb() -> float:
    """Peak RSS of `translate run seeds/` in a child process, the sample packages installed
    into a temporary ARGOS_PACKAGES_DIR."""
    from translate.engine.packages import install_file

    with tempfile.TemporaryDirectory() as tmp:
        packages = Path(tmp) / "packages"
        for f in sorted(SAMPLES.glob("*-sample.argosmodel")):
            install_file(f, root=packages)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages)}
        code = (
            "import resource, sys\nfrom translate.cli import main\n"
            f"sys.argv = ['translate', 'run', {str(ROOT / 'seeds')!r}, '-o', "
            f"{str(Path(tmp) / 'out')!r}, '-q', '--no-tm']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\nelse:\n"
            "    code = 0\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
            "sys.exit(code)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise Failed(f"translate run exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
        return float(proc.stdout.strip().splitlines()[-1])


def measure(report: dict[str, Any], name: str, fn: Any) -> Any:
    """fn() into report[name], or "failed: ..." (no figure) when it raises."""
    try:
        value = fn()
    except (Failed, OSError, RuntimeError, ValueError) as exc:
        report[name] = f"failed: {exc}"
        return None
    report[name] = round(value, 3)
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=SAMPLES / "en_zh-sample.argosmodel")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = sentences(args.repeat)
    report: dict[str, Any] = {"model": args.model.name, "sentences": len(texts)}
    with tempfile.TemporaryDirectory() as tmp:
        one = engine(args.model, Path(tmp) / "a", threads=1)
        two = engine(args.model, Path(tmp) / "b", threads=2)
        batched(one, texts[:8])  # warm up both
        batched(two, texts[:8])
        single = measure(report, "per_sentence_1_worker_s", lambda: per_sentence(one, texts))
        batch1 = measure(report, "batched_1_worker_s", lambda: batched(one, texts))
        batch2 = measure(report, "batched_2_workers_s", lambda: batched(two, texts))
    if single and batch1:
        report["speedup_batching_1_worker"] = round(single / batch1, 2)
    if batch1 and batch2:
        report["speedup_2_workers_batched"] = round(batch1 / batch2, 2)
    ours = measure(report, "import_translate_cli_s", lambda: import_time("translate.cli"))
    argos = measure(
        report,
        "import_argostranslate_translate_s",
        lambda: import_time("argostranslate.translate"),
    )
    if ours and argos:
        report["startup_ratio_argos_vs_ours"] = round(argos / ours, 1)
    measure(report, "translate_run_seeds_peak_rss_mb", run_peak_rss_mb)
    report["cpus"] = os.cpu_count()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
