"""The whole `translate run` against the least work that translates the same segments, and the
local executor against `--executor ray`; ratios measured in one run of this script.

    .venv/bin/python bench/bench_run.py [--sizes 400,1000] [--repeat 4] [--no-ray] [--no-mmap]

(the `fixed mmap` row is measured on the first size, local against ray on the last)

The models are random-weight models of the real Argos en<->zh shape with a fixed output
length (bench/fixed_model.py: 6+6 layers, d_model 512, 8 heads, FF 2048, 50,000 shared
SentencePiece pieces, int8, 32 pieces out for every input), installed as the en->zh and
zh->en packages of a temporary ARGOS_PACKAGES_DIR, so every path does the same decoding work.
They lose every glossary placeholder.

Each time is the wall time of a whole process (start, imports, model loading, all work,
exit), on distinct sentences (nothing to reuse) in articles shaped like the news articles of
seeds/ (as many sentences per article and per paragraph, on average). Every variant runs once
per round, --repeat rounds, each round starting with the next variant. Two ratios: the best
times' (on a shared machine the best is the least disturbed) and the median over the rounds
of the ratio of the two times of one round (this machine's speed drifts by up to 20% over
minutes; times taken minutes apart cancel most of it). The variants:
- raw: bench/raw_translate.py, one translate_batch per direction over the run's segments;
- run: `translate run DIR --no-tm --no-glossary` (both directions, every output format);
- run+glossary: the same with glossaries/newsroom.tsv (placeholders lost: the model is
  judged on its first 16 protected segments, then gets its terms injected);
- run, fixed mmap: `run` with glibc's mmap threshold fixed at 256 KiB (what translate.memory
  once did for a flatter resident size) instead of left dynamic: what that costs on a model of
  the real size, whose logits buffer at every decoding step is ~25 MB;
- local / ray: `translate run --no-glossary` against the same with `--executor ray`, joined
  to a Ray instance this script starts on this machine (as a cluster would already be up).
"back" is the number of distinct forward translations: the way back decodes each once, in
the run and in the raw script alike.
A run that fails prints why and no figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fixed_model  # noqa: E402

GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
ARTICLES_1M = 1_000_000
NODES = 50


class Failed(Exception):
    pass


def sentences(count: int) -> list[str]:
    """`count` distinct English news sentences, each one segment (seed sentences that end
    a sentence and that the segmenter keeps whole, with a distinct opening)."""
    from translate.core import RunConfig
    from translate.pipeline import prepare
    from translate.reader import read_article

    whole = []
    for line in dict.fromkeys(fixed_model.seed_lines()):
        if not line.isascii() or len(line) < 40 or not line.endswith((".", "!", "?")):
            continue
        if len(prepare(read_article("x.txt", line.encode()), RunConfig()).segments) == 1:
            whole.append(line)
    out = []
    for n in range(count):
        line = whole[n % len(whole)]
        start = line if line[:2].isupper() else line[0].lower() + line[1:]  # ASEAN stays
        out.append(f"In week {n // len(whole) + 1}, {start}")
    return out


def write_articles(folder: Path, texts: list[str], shape: tuple[int, int]) -> None:
    """Articles of `shape` = (sentences per article, per paragraph)."""
    per_article, per_paragraph = shape
    folder.mkdir(parents=True)
    for n in range(0, len(texts), per_article):
        article = texts[n : n + per_article]
        paragraphs = [
            " ".join(article[k : k + per_paragraph]) for k in range(0, len(article), per_paragraph)
        ]
        body = "\n\n".join(paragraphs) + "\n"
        (folder / f"article-{n // per_article:04d}.txt").write_text(body, encoding="utf-8")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise Failed(f"{' '.join(cmd[:4])}... exit {proc.returncode}: {proc.stderr[-800:]}")
    return took


# `translate run` with glibc's mmap threshold fixed at 256 KiB besides translate.memory's
# arena cap: what such a threshold costs on a model of the real size.
_FIXED_MMAP = (
    "import sys, translate.memory as m\n"
    "limit = m.limit_arenas\n"
    "m.limit_arenas = lambda count=2: (limit(count), m._libc().mallopt(-3, 256 * 1024))\n"
    "from translate.cli import main\nsys.argv[0] = 'translate'\nmain()\n"
)


def translate_run(
    corpus: Path, work: Path, env: dict[str, str], *extra: str, fixed_mmap: bool = False
) -> Callable[[], float]:
    def run() -> float:
        out = Path(tempfile.mkdtemp(prefix="out-", dir=work))  # a new folder: nothing to resume
        start = ["-c", _FIXED_MMAP] if fixed_mmap else ["-m", "translate"]
        cmd = [sys.executable, *start, "run", str(corpus), "-o", str(out)]
        took = timed([*cmd, "--no-tm", "-q", *extra], env)
        run.last = out  # type: ignore[attr-defined]
        return took

    return run


def rows_of(out: Path) -> list[dict[str, Any]]:
    """The translated segments of a run, in order (from its jsonl files)."""
    rows = []
    for path in sorted(out.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row["carried"]:
                rows.append(row)
    return rows


def segments_of(out: Path) -> list[str]:
    return [row["source"] for row in rows_of(out)]


def rounds(runs: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """`repeat` rounds of every run, one after the other, each round starting one run later
    (no run always first); the times of each run, round by round."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for r in range(repeat):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(runs[name]())
    return times


def ratios(times: dict[str, list[float]], base: str, other: str) -> tuple[float, float]:
    """(best base / best other, median over the rounds of base / other in the same round).

    This machine's speed drifts by up to 20% over minutes (other work on the host): a ratio
    of two runs of one round, minutes apart at most, cancels most of it, and the median of
    the rounds ignores a round that one burst hit."""
    paired = sorted(b / o for b, o in zip(times[base], times[other], strict=True))
    mid = len(paired) // 2
    median = paired[mid] if len(paired) % 2 else (paired[mid - 1] + paired[mid]) / 2
    return min(times[base]) / min(times[other]), median


def engine_vs_raw(
    n: int, work: Path, env: dict[str, str], repeat: int, shape: tuple[int, int], mmap: bool
) -> dict[str, Any]:
    corpus = work / f"corpus-{n}"
    write_articles(corpus, sentences(n), shape)
    plain = translate_run(corpus, work, env, "--no-glossary")
    glossed = translate_run(corpus, work, env, "--glossary", str(GLOSSARY))
    plain()  # warm the page cache; its segments feed the raw script
    segs = segments_of(plain.last)  # type: ignore[attr-defined]
    if len(segs) != n or len(set(segs)) != n:
        raise Failed(f"expected {n} distinct segments, the run sent {len(segs)}")
    seg_file = work / f"segments-{n}.txt"
    seg_file.write_text("\n".join(segs) + "\n", encoding="utf-8")
    raw_cmd = [sys.executable, str(ROOT / "bench/raw_translate.py"), env["ARGOS_PACKAGES_DIR"]]

    def raw() -> float:
        return timed([*raw_cmd, str(seg_file)], env)

    fixed = translate_run(corpus, work, env, "--no-glossary", fixed_mmap=True)
    runs = {"raw": raw, "run": plain, "run+glossary": glossed}
    if mmap:
        runs["run, fixed mmap"] = fixed
    times = rounds(runs, repeat)
    run_json = json.loads((glossed.last / "run.json").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    choice = {r["route"]: r for r in run_json["signature"]["glossary_strategies"]}
    back = {r["target"] for r in rows_of(plain.last)}  # type: ignore[attr-defined]
    return {"segments": n, "times": times, "en->zh": choice.get("en->zh", {}), "back": len(back)}


def local_vs_ray(
    n: int, work: Path, env: dict[str, str], repeat: int, shape: tuple[int, int]
) -> dict[str, Any]:
    import ray

    corpus = work / f"corpus-ray-{n}"
    write_articles(corpus, sentences(n), shape)
    local = translate_run(corpus, work, env, "--no-glossary")
    t0 = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    started = time.perf_counter() - t0
    try:
        # (with the token authentication Ray just turned on for it: RAY_AUTH_MODE=token)
        ray_env = {**os.environ, "RAY_ADDRESS": ray.get_runtime_context().gcs_address}
        on_ray_env = translate_run(corpus, work, ray_env, "--no-glossary", "--executor", "ray")
        times = rounds({"local": local, "ray": on_ray_env}, repeat)
        record = json.loads((on_ray_env.last / "run.json").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    finally:
        ray.shutdown()
    timings = record["signature"]["timings"]
    driver = timings.get("write", 0.0) + timings.get("read+detect+segment", 0.0)
    return {
        "segments": n,
        "times": times,
        "ray_start": started,
        "articles": -(-n // shape[0]),
        "driver_s": driver,
        "executor": record["signature"]["executor"],
    }


def seeds_shape() -> tuple[float, float]:
    """(sentences per article, sentences per paragraph) of seeds/, counting the sentences
    that go to the model."""
    from translate.core import RunConfig
    from translate.pipeline import prepare
    from translate.reader import collect_inputs, read_article

    sentences = paragraphs = articles = 0
    for path in collect_inputs([str(ROOT / "seeds")]):
        p = prepare(read_article(path), RunConfig())
        sentences += sum(p.needs_model(s, "zh") for s in p.segments)
        paragraphs += len(p.article.paragraphs)
        articles += 1
    return sentences / articles, sentences / paragraphs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="400,1000")
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--no-mmap", action="store_true", help="leave out the fixed-mmap variant")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    per_article, per_paragraph = seeds_shape()
    shape = (round(per_article), round(per_paragraph))
    files = fixed_model.build()
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages")}
        # as installed Python runs it: modules compiled once, not at every start
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(work / var.lower())
        os.environ.update(env)  # this process installs, and the Ray workers inherit it
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        fixed_model.install(files, work / "packages")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(
            f"model: random weights, Argos en<->zh shape (6+6 layers, d_model 512, 8 heads, "
            f"FF 2048, 50,000 pieces, int8), {fixed_model.OUT_PIECES} pieces out per segment; "
            f"beam 4; {os.cpu_count()} CPUs; {args.repeat} rounds; articles of {shape[0]} "
            f"sentences in paragraphs of {shape[1]} (seeds/: {per_article:.1f} and "
            f"{per_paragraph:.1f})",
            flush=True,
        )
        report(sizes, work, env, args, shape, per_article)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def report(
    sizes: list[int],
    work: Path,
    env: dict[str, str],
    args: Any,
    shape: tuple[int, int],
    per_article: float,
) -> None:
    print(
        "raw/X: the raw script's time over X's, as best of the rounds / as the median over the "
        "rounds of the two times of one round\n"
        "segments  back  X                  best s  raw/X best  raw/X paired  each round s"
    )
    for n in sizes:
        try:
            mmap = n == sizes[0] and not args.no_mmap
            r = engine_vs_raw(n, work, env, args.repeat, shape, mmap=mmap)
        except Failed as exc:
            print(f"{n:8d}  failed: {exc}", flush=True)
            continue
        for name in r["times"]:
            print(f"{n:8d} {r['back']:5d}  {_row(r['times'], 'raw', name)}", flush=True)
        c = r["en->zh"]
        lost = f"lost {c.get('placeholders_lost')}/{c.get('placeholders_tried')}"
        print(f"{'':15}en->zh glossary strategy: {c.get('strategy')} ({lost})", flush=True)
    if args.no_ray:
        return
    print("segments        X                  best s  local/X best  local/X paired  each round s")
    last = None
    for n in sizes[-1:]:
        try:
            r = local_vs_ray(n, work, env, args.repeat, shape)
        except Failed as exc:
            print(f"{n:8d}  failed: {exc}", flush=True)
            continue
        for name in r["times"]:
            print(f"{n:8d}        {_row(r['times'], 'local', name)}", flush=True)
        print(
            f"{'':15}(ray instance started in {r['ray_start']:.1f} s, not counted; "
            f"{r['executor']['actors']} actor x {r['executor']['cpus_per_actor']} CPUs)",
            flush=True,
        )
        last = r
    if last is not None:
        estimate(last, per_article)


def _row(times: dict[str, list[float]], base: str, name: str) -> str:
    each = " ".join(f"{t:.1f}" for t in times[name])
    if name == base:
        return f"{name:17} {min(times[name]):7.1f}  {'':10}  {'':12}  {each}"
    best, paired = ratios(times, base, name)
    return f"{name:17} {min(times[name]):7.1f}  {best:9.3f}x  {paired:11.3f}x  {each}"


def estimate(r: dict[str, Any], per_article: float) -> None:
    node = r["segments"] / min(r["times"]["ray"])  # segments/s, both ways, whole command
    cluster = NODES * node
    driver = r["articles"] / r["driver_s"] if r["driver_s"] else float("inf")
    articles_s = min(cluster / per_article, driver)
    hours = ARTICLES_1M / articles_s / 3600
    limit = "the limit" if driver < cluster / per_article else "not the limit"
    print(
        f"estimate: one 2-CPU node ran {node:.2f} segments/s (forward + back, whole "
        f"command, {r['segments']} segments); a news article = {per_article:.1f} segments "
        f"(mean of seeds/);\n  {NODES} such nodes: {NODES} x {node:.2f} = {cluster:.1f} "
        f"segments/s = {cluster / per_article:.2f} articles/s; the driver wrote "
        f"{r['articles']} articles in {r['driver_s']:.2f} s ({driver:.0f} articles/s, "
        f"{limit});\n  1,000,000 articles / {articles_s:.2f} articles/s = {hours:.0f} hours "
        f"({hours / 24:.1f} days)",
        flush=True,
    )


if __name__ == "__main__":
    main()
