"""Sentence segmentation: boundary precision, recall and F1 on hand-marked text, and speed.

    .venv/bin/python bench/bench_segment.py [--repeat 20] [--errors]

Compares translate.segment (as the pipeline runs it) with pySBD (`pip install -e '.[bench]'`;
skipped with a note when missing) and a naive regular expression, on the files of
bench/data/segmentation/: news-style English and Chinese written and segmented by hand for
this project (see their PROVENANCE lines and conventions). en.txt and zh.txt were used while
the rules were written; en_holdout.txt and zh_holdout.txt were marked before the segmenter
first ran on them, and no rule was changed after, so they are the fairer estimate.

Each segmenter gets one paragraph at a time, as the pipeline does; a boundary is the offset
where a sentence other than a paragraph's first starts, so paragraph ends, which every
segmenter gets for free, are not counted. pySBD returns strings: they are mapped back to
offsets by counting non-space characters, so a segmenter that changes spacing is still scored
fairly. Speed is the best of --repeat runs over a whole file (the segmenters take turns within
each run), scaled to 10,000 of its sentences; compare ratios between machines, not absolute
times. --errors lists every missed (-) and spurious (+) boundary of translate.segment.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.core import RunConfig  # noqa: E402
from translate.segment import split_sentences  # noqa: E402

CORPUS = ROOT / "bench" / "data" / "segmentation"
LANGS = {"en": (" ", "en"), "zh": ("", "zh-Hans")}  # how sentences join; the language tag
# corpus file -> (title, language). The held-out files were marked before the segmenter first
# ran on them and no rule was changed after; the others were used while writing the rules.
CORPORA = {
    "en": ("English", "en"),
    "zh": ("Chinese", "zh"),
    "en_holdout": ("English, held out", "en"),
    "zh_holdout": ("Chinese, held out", "zh"),
}
# A naive splitter: after . ! ? (English) or 。！？；… (Chinese) and any closing quotes.
NAIVE = {
    "en": re.compile(r"(?<=[.!?])[\"'”’)]*\s+"),
    "zh": re.compile(r"(?<=[。！？；…!?])[”’」』）)]*"),
}

Segmenter = Callable[[str], list[int]]  # paragraph -> offsets where a new sentence starts


@dataclass(frozen=True)
class Paragraph:
    text: str
    gold: frozenset[int]
    sentences: int


@dataclass(frozen=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    seconds_per_10k: float


def load(corpus: str) -> list[Paragraph]:
    """A corpus: one sentence a line, a blank line between paragraphs, "# " comments."""
    joiner = LANGS[CORPORA[corpus][1]][0]
    blocks: list[list[str]] = [[]]
    for line in (CORPUS / f"{corpus}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs = []
    for sentences in filter(None, blocks):
        starts, pos = [], 0
        for sentence in sentences:
            starts.append(pos)
            pos += len(sentence) + len(joiner)
        text = joiner.join(sentences)
        paragraphs.append(Paragraph(text, frozenset(starts[1:]), len(sentences)))
    return paragraphs


def from_strings(text: str, pieces: list[str]) -> list[int]:
    """Offsets in `text` where each piece after the first starts, by non-space characters."""
    starts, pos = [], 0
    for i, piece in enumerate(pieces):
        chars = sum(not c.isspace() for c in piece)
        if chars == 0:
            continue
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if i:
            starts.append(pos)
        while chars and pos < len(text):
            chars -= not text[pos].isspace()
            pos += 1
    return starts


def segmenters(lang: str) -> tuple[dict[str, Segmenter], str]:
    """The segmenters to compare, and a note on any that is missing."""
    tag, cap = LANGS[lang][1], RunConfig().max_segment_chars
    naive = NAIVE[lang]
    found: dict[str, Segmenter] = {
        "translate.segment": lambda text: [s for s, _ in split_sentences(text, tag, cap)[1:]],
    }
    note = ""
    try:
        import pysbd

        pysbd_segmenter = pysbd.Segmenter(language=lang, clean=False)
        found[f"pySBD {pysbd.__version__}"] = lambda text: from_strings(
            text, pysbd_segmenter.segment(text)
        )
    except ImportError:
        note = "pySBD is not installed (pip install -e '.[bench]'): its rows are missing."
    found["naive regex"] = lambda text: [
        m.end() for m in naive.finditer(text) if m.end() < len(text)
    ]
    return found, note


def accuracy(segment: Segmenter, paragraphs: list[Paragraph]) -> tuple[float, float, float]:
    """Boundary precision, recall and F1."""
    hits = predicted = gold = 0
    for paragraph in paragraphs:
        got = set(segment(paragraph.text))
        hits += len(got & paragraph.gold)
        predicted += len(got)
        gold += len(paragraph.gold)
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_times(
    found: dict[str, Segmenter], paragraphs: list[Paragraph], repeat: int
) -> list[float]:
    """The best time of each segmenter over the corpus; rounds interleave the segmenters, so
    that a busy moment on the machine does not fall on one of them alone."""
    best = [float("inf")] * len(found)
    for _ in range(repeat):
        for i, segment in enumerate(found.values()):
            started = time.perf_counter()
            for paragraph in paragraphs:
                segment(paragraph.text)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def scores(found: dict[str, Segmenter], paragraphs: list[Paragraph], repeat: int) -> list[Score]:
    sentences = sum(p.sentences for p in paragraphs)
    times = best_times(found, paragraphs, repeat)
    return [
        Score(name, *accuracy(segment, paragraphs), seconds / sentences * 10_000)
        for (name, segment), seconds in zip(found.items(), times, strict=True)
    ]


def errors(paragraphs: list[Paragraph], segment: Segmenter) -> list[str]:
    """Each missed (-) or spurious (+) boundary, shown with the text around it."""
    lines = []
    for paragraph in paragraphs:
        got = set(segment(paragraph.text))
        for sign, offsets in (("-", paragraph.gold - got), ("+", got - paragraph.gold)):
            for pos in sorted(offsets):
                text = paragraph.text
                lines.append(f"  {sign} {text[max(0, pos - 50) : pos]}|{text[pos : pos + 30]}")
    return lines


def report(corpus: str, repeat: int, show_errors: bool) -> None:
    name, lang = CORPORA[corpus]
    paragraphs = load(corpus)
    found, note = segmenters(lang)
    sentences = sum(p.sentences for p in paragraphs)
    boundaries = sum(len(p.gold) for p in paragraphs)
    print(
        f"{name}: {len(paragraphs)} paragraphs, {sentences} sentences, "
        f"{boundaries} boundaries inside paragraphs ({CORPUS.relative_to(ROOT)}/{corpus}.txt)"
    )
    rows = scores(found, paragraphs, repeat)
    ours = rows[0]
    print(f"  {'segmenter':<18} {'precision':>9} {'recall':>7} {'F1':>7} {'s/10k sent':>11}  speed")
    for s in rows:
        ratio = s.seconds_per_10k / ours.seconds_per_10k
        speed = "" if s is ours else f"{ratio:.1f}x the time of translate.segment"
        print(
            f"  {s.name:<18} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>7.3f} "
            f"{s.seconds_per_10k:>11.4f}  {speed}".rstrip()
        )
    if note:
        print(f"  note: {note}")
    if show_errors:
        print("\n".join(errors(paragraphs, found["translate.segment"])) or "  (no errors)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing runs; the best counts")
    parser.add_argument("--errors", action="store_true", help="list translate.segment's errors")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, best of {args.repeat} runs")
    for corpus in CORPORA:
        report(corpus, args.repeat, args.errors)


if __name__ == "__main__":
    main()
