"""langdetect's own Detector against translate.fastdetect's (the same algorithm, its inner loop
in numpy) on news paragraphs; the ratio measured in one run of this script.

    .venv/bin/python bench/bench_detect.py [--repeat 5]

The paragraphs: every paragraph of seeds/ and, as bench_run.py builds its articles, pairs of
seed sentences (tests/data/seed_sentences.txt). Both detectors get the same profiles, seed and
texts; the script checks that every probability is the same and prints the best of --repeat
passes of each, taken in turn.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def paragraphs() -> list[str]:
    from translate.reader import collect_inputs, read_article

    texts = [
        p.text for f in collect_inputs([str(ROOT / "seeds")]) for p in read_article(f).paragraphs
    ]
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()]
    texts += [" ".join(lines[k : k + 2]) for k in range(0, len(lines) - 1, 2)]
    return texts


def detect_all(detector_class: type, factory: object, texts: list[str]) -> list[object]:
    out = []
    for text in texts:
        detector = detector_class(factory)
        detector.seed = 0
        detector.append(text)
        out.append([(p.lang, p.prob) for p in detector.get_probabilities()])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from langdetect.detector import Detector

    from translate.detect import _factory
    from translate.fastdetect import Detector as FastDetector

    factory = _factory()
    texts = paragraphs()
    same = detect_all(Detector, factory, texts) == detect_all(FastDetector, factory, texts)
    times: dict[str, list[float]] = {"langdetect": [], "fastdetect": []}
    for _ in range(args.repeat):
        for name, cls in (("langdetect", Detector), ("fastdetect", FastDetector)):
            t0 = time.perf_counter()
            detect_all(cls, factory, texts)
            times[name].append(time.perf_counter() - t0)
    slow, fast = min(times["langdetect"]), min(times["fastdetect"])
    print(
        f"{len(texts)} paragraphs; same probabilities: {same}; best of {args.repeat}: "
        f"langdetect {slow:.3f} s, fastdetect {fast:.3f} s ({1000 * fast / len(texts):.2f} ms "
        f"a paragraph); langdetect / fastdetect = {slow / fast:.2f}x"
    )


if __name__ == "__main__":
    main()
