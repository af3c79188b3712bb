"""Durable batch runs: what an unchanged re-run costs, and whether memory stays flat as the
batch grows. Ratios measured in one run, on the bundled sample packages (a real CTranslate2
model, small: its share of the time is smaller than a real Argos model's, which makes the
re-run ratio here a harder test, not an easier one).

    .venv/bin/python bench/bench_batch.py [--small 100] [--large 2000] [--sentences 3]

Each `translate run` is a separate process (its peak RSS read with wait4) over synthetic
articles whose sentences are all different (the seed sentences with a running report number
appended), with a fresh translation memory, so nothing is reused that a real batch would not,
and with its modules compiled once as an installed Python does (not at every start, as with
PYTHONDONTWRITEBYTECODE). The same segments are then decoded by the engine alone
(bench/raw_engine_memory.py): its peak RSS at each size says how much of the growth is
CTranslate2's own (its working buffers grow to the longest batch it has seen). Last, the
first run and re-run of the small batch again on the random-weight model of the real Argos
size (bench/fixed_model.py), where the model's share of a first run is a real one's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@cache
def sentences() -> list[str]:
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    return [s for s in lines if s.strip() and s.isascii() and len(s) > 30]


def article_sentences(article: int, per_article: int) -> list[str]:
    """The sentences of synthetic article number `article`: all different."""
    pool = sentences()
    out = []
    for n in range(article * per_article, (article + 1) * per_article):
        out.append(f"{pool[n % len(pool)].rstrip('.')} in report {n}.")
    return out


def make_articles(folder: Path, count: int, per_article: int) -> None:
    folder.mkdir(parents=True)
    for a in range(count):
        lines = article_sentences(a, per_article)
        (folder / f"a{a:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd[1:4])} failed (exit {code}):\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss // 1024


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, dict[str, int]]:
    """(wall seconds, peak RSS in MB, run.json stats) of one `translate run`."""
    out = Path(args[args.index("-o") + 1])
    wall, peak = measured([sys.executable, "-m", "translate", "run", *args], env)
    stats = json.loads((out / "run.json").read_text(encoding="utf-8"))["stats"]
    return wall, peak, stats


def real_size_rerun(
    tmp: Path, env: dict[str, str], articles: Path, base: list[str]
) -> tuple[float, float]:
    """(first run, fastest of three unchanged re-runs) of the small batch on the random-weight
    model of the real Argos en<->zh shape, installed in its own ARGOS_PACKAGES_DIR."""
    sys.path.insert(0, str(ROOT / "bench"))
    import fixed_model

    real_env = {**env, "ARGOS_PACKAGES_DIR": str(tmp / "argos-real")}
    fixed_model.install(fixed_model.build(), tmp / "argos-real")
    args = [str(articles), "-o", str(tmp / "o-real"), "--tm", str(tmp / "r.db"), *base]
    first = run(args, real_env)[0]
    again = min(run(args, real_env)[0] for _ in range(3))
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument(
        "--no-real-size",
        action="store_true",
        help="skip the re-run against a first run on the real-size model (bench/fixed_model.py)",
    )
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ)
        # as installed Python runs it: modules compiled once, not at every start
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["ARGOS_PACKAGES_DIR"] = str(tmp / "argos")
        env["XDG_DATA_HOME"] = str(tmp / "data")
        for model in sorted((ROOT / "translate/sample_models").glob("*.argosmodel")):
            subprocess.run(
                [sys.executable, "-m", "translate", "models", "install", str(model)],
                env=env,
                check=True,
                capture_output=True,
            )
        base = ["--no-glossary", "-q", "--format", "all"]
        small, large = tmp / "small", tmp / "large"
        make_articles(small, opts.small, opts.sentences)
        make_articles(large, opts.large, opts.sentences)
        first = run([str(small), "-o", str(tmp / "o-small"), "--tm", str(tmp / "s.db"), *base], env)
        # the fastest of three re-runs: a re-run is short, so a busy machine distorts it most
        again = min(
            (
                run([str(small), "-o", str(tmp / "o-small"), "--tm", str(tmp / "s.db"), *base], env)
                for _ in range(3)
            ),
            key=lambda r: r[0],
        )
        big = run([str(large), "-o", str(tmp / "o-large"), "--tm", str(tmp / "l.db"), *base], env)
        real = None if opts.no_real_size else real_size_rerun(tmp, env, small, base)
        engine = [
            sys.executable,
            str(ROOT / "bench/raw_engine_memory.py"),
            env["ARGOS_PACKAGES_DIR"],
        ]
        engine_small = measured([*engine, str(opts.small), str(opts.sentences)], env)[1]
        engine_large = measured([*engine, str(opts.large), str(opts.sentences)], env)[1]
    segments = opts.small * opts.sentences
    print(f"sample packages, {opts.sentences} sentences per article, all formats, fresh memory")
    print(
        f"first run, {opts.small} articles ({segments} segments): {first[0]:.1f} s, "
        f"{first[2]['segments_translated']} segments translated"
    )
    print(
        f"unchanged re-run: {again[0]:.2f} s = {again[0] / first[0]:.1%} of the first run, "
        f"{again[2]['segments_translated']} segments translated, "
        f"{again[2]['articles_up_to_date']} articles up to date"
    )
    if real is not None:
        print(
            f"the same on a model of the real Argos size (random weights, bench/fixed_model.py): "
            f"first run {real[0]:.1f} s, unchanged re-run {real[1]:.2f} s = "
            f"{real[1] / real[0]:.1%} of the first run"
        )
    print(
        f"peak RSS: {opts.small} articles {first[1]} MB, {opts.large} articles {big[1]} MB "
        f"= {big[1] / first[1]:.2f}x ({big[2]['articles_done']} articles done)"
    )
    print(
        f"peak RSS of the engine alone over the same segments (bench/raw_engine_memory.py): "
        f"{engine_small} MB, {engine_large} MB = {engine_large / engine_small:.2f}x; the run "
        f"over the engine: {first[1] - engine_small} MB and {big[1] - engine_large} MB"
    )


if __name__ == "__main__":
    main()
