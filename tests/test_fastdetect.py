"""translate.fastdetect gives exactly langdetect's probabilities (it only computes them faster)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector as LangdetectDetector
from langdetect.lang_detect_exception import LangDetectException

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
    detector = detector_class(_factory())
    detector.seed = seed
    detector.append(text)
    try:
        return [(str(p.lang), float(p.prob)) for p in detector.get_probabilities()]
    except LangDetectException as exc:
        return f"error: {exc}"


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


def test_rows_cache_grows_and_stays_right() -> None:
    rows = fastdetect._Rows({"a": [0.1, 0.2], "b": [0.3, 0.4], "c": [0.5, 0.6]}, 2)
    rows.table = rows.table[:1]  # force growth on the next calls
    assert rows.take(["a", "b", "a"]).tolist() == [[0.1, 0.2], [0.3, 0.4], [0.1, 0.2]]
    assert rows.take(["c", "a"]).tolist() == [[0.5, 0.6], [0.1, 0.2]]
    assert len(rows.index) == 3
