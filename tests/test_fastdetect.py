"""translate.fastdetect gives exactly langdetect's probabilities (it only computes them faster)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector as LangdetectDetector
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

from translate import fastdetect
from translate.detect import _factory
from translate.reader import collect_inputs, read_article

ROOT = Path(__file__).resolve().parent.parent
MIXED = [
    "ASEAN and RCEP sign the deal; NATO's SG and the UN's SG-designate were there.",
    "ABc DEf GHi jKL mnO",  # runs of capitals: langdetect skips "capital words"
    "Tiếng Việt có dấu, và chữ Quốc ngữ.",
    "Привет, мир! Это новости из Москвы.",
    "مرحبا بالعالم، هذه أخبار اليوم.",
    "Ünïcödé ÀÉÎ ßtraße — “quoted” text… and more",
    "See https://example.com/a?b=c or write to desk@example.org for 2026 figures.",
    "Der Bundestag hat am Donnerstag das Gesetz verabschiedet.",
    "Le gouvernement a annoncé mardi de nouvelles mesures.",
    "El presidente habló ayer con los periodistas en Madrid.",
    "Kerajaan akan membantu rakyat selepas banjir.",
    "东盟秘书长高金洪 said 合作 was vital",
]


def probabilities(detector_class: type, text: str, seed: int) -> list[tuple[str, float]] | str:
    return outcome(detector_class, text, seed)[0]


def outcome(
    detector_class: type,
    text: str,
    seed: int = 0,
    configure: Callable[[Any], object] | None = None,
) -> tuple[list[tuple[str, float]] | str, object]:
    """The probabilities (or the error) for `text` and the detector's generator state after;
    `configure` is called with the detector first."""
    detector = detector_class(_factory())
    detector.seed = seed
    if configure is not None:
        configure(detector)
    detector.append(text)
    try:
        found: list[tuple[str, float]] | str = [
            (str(p.lang), float(p.prob)) for p in detector.get_probabilities()
        ]
    except LangDetectException as exc:
        found = f"error: {exc}"
    return found, detector.random.getstate()


def corpus() -> list[str]:
    texts = [
        p.text
        for path in collect_inputs([str(ROOT / "seeds")])
        for p in read_article(path).paragraphs
    ]
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    for name in ("ms.txt", "id.txt"):
        texts += (ROOT / "tests/data/ms_id" / name).read_text(encoding="utf-8").splitlines()
    return [t for t in texts + lines + MIXED if t.strip()]


@pytest.mark.parametrize("seed", [0, 7])
def test_same_probabilities_as_langdetect(seed: int) -> None:
    texts = corpus()
    assert len(texts) > 150
    ours = [probabilities(fastdetect.Detector, t, seed) for t in texts]
    theirs = [probabilities(LangdetectDetector, t, seed) for t in texts]
    differing = [(t, a, b) for t, a, b in zip(texts, ours, theirs, strict=True) if a != b]
    assert not differing, differing[:3]
    assert len({str(a) for a in ours}) > 20  # many different answers, not one


ALPHABET = st.sampled_from(list("aAbBeEnNsStTzZ éÉüßçñ  ,.'-1ĐđơưếАбвгдеЖзиدبا中文字日本한국"))


@settings(max_examples=150, deadline=None)
@given(text=st.text(ALPHABET, max_size=120), seed=st.integers(0, 3))
def test_same_probabilities_on_any_text(text: str, seed: int) -> None:
    assert probabilities(fastdetect.Detector, text, seed) == probabilities(
        LangdetectDetector, text, seed
    )


def test_same_random_draws_as_langdetect() -> None:
    """As many draws as langdetect's: the generator ends in the same state."""
    for text in corpus()[:60] + MIXED:
        assert outcome(fastdetect.Detector, text) == outcome(LangdetectDetector, text), text


@pytest.mark.parametrize(("threshold", "limit"), [(1.1, 7), (1.1, 12), (0.3, 1000), (0.9, 3)])
def test_same_at_other_thresholds_and_limits(threshold: float, limit: int) -> None:
    """Convergence never reached (the iteration limit ends each trial, 7 and 12 not multiples
    of 5) or reached early (the largest probability found by a full scan more often)."""

    def configure(detector: Any) -> None:
        detector.CONV_THRESHOLD, detector.ITERATION_LIMIT = threshold, limit

    for text in corpus()[:40]:
        ours = outcome(fastdetect.Detector, text, configure=configure)
        assert ours == outcome(LangdetectDetector, text, configure=configure), text


def test_same_with_a_prior_map() -> None:
    def configure(detector: Any) -> None:
        detector.set_prior_map({"en": 0.5, "id": 0.3, "ms": 0.0, "fr": 0.2})

    for text in corpus()[:40] + MIXED:
        ours = outcome(fastdetect.Detector, text, configure=configure)
        assert ours == outcome(LangdetectDetector, text, configure=configure), text


@pytest.mark.parametrize("alpha", [-0.6, 0.0, 3.0])
def test_same_with_other_alphas(alpha: float) -> None:
    """Factors of any sign (alpha < 0: values < 0, where the largest is always scanned for)."""

    def configure(detector: Any) -> None:
        detector.set_alpha(alpha)

    for text in corpus()[:40] + MIXED:
        ours = outcome(fastdetect.Detector, text, configure=configure)
        assert ours == outcome(LangdetectDetector, text, configure=configure), text


def test_same_with_a_negative_prior() -> None:
    """set_prior_map refuses one; set directly, it is used as it is (values < 0)."""

    def configure(detector: Any) -> None:
        detector.prior_map = [-1.0 if lang == "en" else 2.0 / 54 for lang in detector.langlist]

    for text in corpus()[:40] + MIXED:
        ours = outcome(fastdetect.Detector, text, configure=configure)
        assert ours == outcome(LangdetectDetector, text, configure=configure), text


class _OtherRandom(random.Random):
    pass


def test_another_generator_gets_langdetects_own_loop() -> None:
    """The inline draws are Random's; with any other generator langdetect's loop runs."""

    def configure(detector: Any) -> None:
        detector.random = _OtherRandom()

    for text in MIXED:
        ours = outcome(fastdetect.Detector, text, configure=configure)
        assert ours == outcome(LangdetectDetector, text, configure=configure), text


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 9, 100, 127, 128, 129, 797, 1024, 1025])
def test_choice_is_randbelow_by_getrandbits(size: int) -> None:
    """What the inline draws rely on: Random.choice(seq) is seq[k] for k drawn as
    getrandbits(len(seq).bit_length()) repeated until below len(seq)."""
    seq = list(range(size))
    chooser, drawer = random.Random(3), random.Random(3)
    for _ in range(300):
        k = drawer.getrandbits(size.bit_length())
        while k >= size:
            k = drawer.getrandbits(size.bit_length())
        assert chooser.choice(seq) == seq[k]
    assert chooser.getstate() == drawer.getstate()


@settings(max_examples=100, deadline=None)
@given(
    rows=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1.0, 1e-5, 1e-50, 1e50]),
)
def test_multiply_reduce_along_rows_is_row_by_row(rows: int, seed: int, scale: float) -> None:
    """What the chunked products rely on: np.multiply.reduce(block, axis 0) is
    ((block[0] * block[1]) * block[2]) ..., bit for bit."""
    block = np.random.default_rng(seed).random((rows, 55)) * scale
    expected = block[0].copy()
    for row in block[1:]:
        expected *= row
    product = np.empty(55)
    np.multiply.reduce(block, axis=0, out=product)
    assert product.tobytes() == expected.tobytes()


def test_normalize_is_ngrams_per_character() -> None:
    every = "".join(map(chr, range(0x10000)))  # the Basic Multilingual Plane
    assert fastdetect.normalize(every) == "".join(map(NGram.normalize, every))


class _AllKnown(dict[str, list[float]]):
    """A profile that knows every n-gram: every n-gram langdetect extracts is kept."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> list[float]:
        return [0.5, 0.5]


TEXT_CHARS = st.sampled_from(list("aAbBzZ éÉßǅ ,.'-1\n\tĐđơАбЖ\u0219\u3000ا中あアㄅ가  "))


@settings(max_examples=300, deadline=None)
@given(text=st.text(TEXT_CHARS, max_size=60))
def test_same_ngrams_as_langdetect_on_any_text(text: str) -> None:
    """Word by word, the n-grams (all of them: every one known) of langdetect's NGram buffer,
    for any text: leading, trailing and repeated spaces, capitals, characters normalised to
    spaces or to others."""
    theirs = LangdetectDetector(
        SimpleNamespace(word_lang_prob_map=_AllKnown(), langlist=["a", "b"], seed=0)
    )
    theirs.text = text
    rows = fastdetect._Rows(_AllKnown(), 2)
    assert [rows.ngrams[r] for r in rows.text_rows(text)] == theirs._extract_ngrams()
    assert [rows.ngrams[r] for r in rows.text_rows(text)] == theirs._extract_ngrams()  # cached


def test_same_ngrams_as_langdetect_on_the_corpus() -> None:
    for text in corpus() + MIXED + [" " + t + " " for t in MIXED]:
        ours, theirs = fastdetect.Detector(_factory()), LangdetectDetector(_factory())
        for detector in (ours, theirs):
            detector.append(text)
            detector.cleaning_text()
        assert ours._extract_ngrams() == theirs._extract_ngrams(), text


CLEANED_CHARS = st.sampled_from(
    list("aAzZ[\\]^_` .:/@-1\u0301\u0300ệẠĐéАбЖдاب中ひ") + ["http://x.org/a ", "a.b@c.de"]
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.lists(CLEANED_CHARS, max_size=40).map("".join), min_size=1, max_size=3),
    limit=st.sampled_from([10000, 7, 1]),
)
def test_same_text_appended_and_cleaned_as_langdetect(parts: list[str], limit: int) -> None:
    ours, theirs = fastdetect.Detector(_factory()), LangdetectDetector(_factory())
    for detector in (ours, theirs):
        detector.set_max_text_length(limit)
        for part in parts:
            detector.append(part)
    assert ours.text == theirs.text
    ours.cleaning_text()
    theirs.cleaning_text()
    assert ours.text == theirs.text


def test_rows_grow_and_stay_right() -> None:
    rows = fastdetect._Rows({"a": [0.1, 0.2], " a": [0.3, 0.4], "b": [0.5, 0.6]}, 2)
    rows.table = rows.table[:1]  # force growth on the next calls
    found = rows.text_rows("a b a")
    assert [rows.ngrams[r] for r in found] == ["a", " a", "b", "a", " a"]
    assert rows.table[found].tolist() == [
        [0.1, 0.2],
        [0.3, 0.4],
        [0.5, 0.6],
        [0.1, 0.2],
        [0.3, 0.4],
    ]
    assert rows.text_rows("ba") == [found[2], found[0]]
    assert len(rows.index) == len(rows.ngrams) == 3
    assert rows.word_rows.cache_info().maxsize == fastdetect.WORDS_CACHED
