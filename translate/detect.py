"""Language detection: script signals first, langdetect for the rest, article context last.

Script decides what statistics get wrong: Han without kana or hangul is Chinese however short
(langdetect calls "相关报道" Korean), kana makes it Japanese, hangul Korean. Simplified vs
Traditional is judged with OpenCC. Text that is not mostly CJK goes to langdetect, seeded and
with a fresh detector per call, so results do not depend on call order. Its probabilities are
near 1 even for one word ("China" -> Swahili, 0.99999), so confidence is scaled down for short
text, and in an article a short, unsure paragraph takes the language of the article around it.

Malay or Indonesian: langdetect has no Malay profile (its "id" means either), and every
detector is weak on the pair sentence by sentence. The question goes to lingua's n-gram models
restricted to the two languages, once per article over all its Malay/Indonesian text (more
evidence than any sentence), and the answer applies to every such paragraph of the article.
Below MS_ID_DECIDE the answer is the tag "ms-or-id", never a guess of one of the two.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import regex

from translate.core import Article, Detection
from translate.lang import convert

# A CJK character carries about as much as three Latin letters (a short word), so mixed
# text such as "联合日报newsroom" is weighed by meaning, not by raw character count.
CJK_WEIGHT = 3
SHORT_LETTERS = 50  # below this many letters langdetect's answer is scaled down
CONTEXT_BELOW = 0.5  # a paragraph less sure than this takes the article's language
MALAY_OR_INDONESIAN = "Malay or Indonesian: cannot tell"
SCRIPT_AMBIGUOUS = "Simplified or Traditional: cannot tell"

_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_HANGUL = regex.compile(r"\p{Hangul}")
_LETTER = regex.compile(r"\p{L}")
_CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
_SCRIPT_TAGS = (  # ISO 15924 codes for the scripts worth naming
    ("Latn", regex.compile(r"\p{Latin}")),
    ("Cyrl", regex.compile(r"\p{Cyrillic}")),
    ("Arab", regex.compile(r"\p{Arabic}")),
    ("Grek", regex.compile(r"\p{Greek}")),
    ("Hebr", regex.compile(r"\p{Hebrew}")),
    ("Thai", regex.compile(r"\p{Thai}")),
    ("Deva", regex.compile(r"\p{Devanagari}")),
)

# Lingua's probability for the likelier of Malay and Indonesian at which we name it. On our
# labelled news sentences (tests/data/ms_id) this is never wrong for an article of four
# sentences; a lone sentence is left undecided about half the time (see the README).
MS_ID_DECIDE = 0.8
MS_OR_ID = "ms-or-id"  # the tag of text that is Malay or Indonesian, we cannot tell which
_LINGUA_MAX_CHARS = 20_000  # plenty of evidence; keeps a huge article cheap
ID_GATE = 0.25  # langdetect's "id" probability from which the text is asked about at all


@dataclass(frozen=True)
class _Counts:
    han: int
    kana: int
    hangul: int
    letters: int

    @property
    def cjk(self) -> int:
        return self.han + self.kana + self.hangul

    @property
    def weight(self) -> int:
        """Letters weighted by meaning: what a paragraph counts for in its article."""
        return CJK_WEIGHT * self.cjk + (self.letters - self.cjk)


def _count(text: str) -> _Counts:
    return _Counts(
        han=len(_HAN.findall(text)),
        kana=len(_KANA.findall(text)),
        hangul=len(_HANGUL.findall(text)),
        letters=len(_LETTER.findall(text)),
    )


def detect_text(text: str, seed: int = 0) -> Detection:
    """The language of one text (a paragraph). Deterministic for a given seed."""
    det = _detect(text, seed)
    return _settle(det, *ms_or_id(text)) if det.lang == MS_OR_ID else det


def _detect(text: str, seed: int) -> Detection:
    """As detect_text, but Malay/Indonesian left as MS_OR_ID: `_settle` decides it."""
    counts = _count(text)
    if counts.letters == 0:
        return Detection("und", 1.0, None, "script", "no letters")
    if CJK_WEIGHT * counts.cjk >= counts.weight / 2:
        return _detect_cjk(text, counts)
    return _detect_other(_CJK_RUN.sub(" ", text), counts.letters - counts.cjk, seed)


def _detect_cjk(text: str, counts: _Counts) -> Detection:
    share = CJK_WEIGHT * counts.cjk / counts.weight
    # One or two characters could be Japanese kanji as well: be less sure of them.
    confidence = round(share * min(0.99, 0.6 + 0.1 * counts.cjk), 3)
    if counts.hangul >= 0.3 * counts.cjk:
        return Detection("ko", confidence, "Kore", "script")
    if counts.kana >= max(1.0, 0.1 * (counts.han + counts.kana)):
        return Detection("ja", confidence, "Jpan", "script")
    script, decided = chinese_script(text)
    return Detection("zh", confidence, script, "script", "" if decided else SCRIPT_AMBIGUOUS)


def chinese_script(text: str) -> tuple[str, bool]:
    """("Hans" or "Hant", whether the text decides it): which conversion changes fewer chars.

    Characters that t2s changes are Traditional forms, ones s2t changes Simplified forms.
    Text with neither (日本, 中文) is both: "Hans", undecided.
    """
    han = "".join(_HAN.findall(text))
    traditional = _changed(han, "t2s")
    simplified = _changed(han, "s2t")
    if traditional > simplified:
        return "Hant", True
    return "Hans", simplified > traditional


def _changed(han: str, config: str) -> int:
    converted = convert(han, config)
    if len(converted) != len(han):  # a phrase rule changed the length: compare char by char
        return sum(convert(ch, config) != ch for ch in han)
    return sum(a != b for a, b in zip(han, converted, strict=True))


def _detect_other(text: str, letters: int, seed: int) -> Detection:
    probabilities = _langdetect(text, seed)
    if not probabilities:
        return Detection("und", 0.0, _script_of(text), "langdetect", "no language found")
    top_lang, top_prob = probabilities[0]
    reliability = min(1.0, letters / SHORT_LETTERS) ** 0.5
    confidence = round(top_prob * reliability, 3)
    note = "short text" if letters < SHORT_LETTERS // 2 else ""
    if top_lang == "id" or dict(probabilities).get("id", 0.0) >= ID_GATE:
        # langdetect's "id" means Malay or Indonesian; which one is settled later.
        return Detection(MS_OR_ID, confidence, "Latn", "langdetect+lingua", MALAY_OR_INDONESIAN)
    if top_lang in ("zh-cn", "zh-tw"):
        return Detection("zh", confidence, chinese_script(text)[0], "langdetect", note)
    return Detection(top_lang, confidence, _script_of(text), "langdetect", note)


def _langdetect(text: str, seed: int) -> list[tuple[str, float]]:
    from langdetect.lang_detect_exception import LangDetectException

    from translate.fastdetect import Detector

    detector = Detector(_factory())  # langdetect's answers, computed with numpy
    detector.seed = seed  # per detector: no global state, no dependence on call order
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:  # nothing it can use (only digits and symbols)
        return []
    return [(str(item.lang), float(item.prob)) for item in found]


@functools.cache
def _factory() -> Any:
    """langdetect's profiles, loaded once on first use (about 0.3 s), never at import."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


@functools.cache
def _lingua() -> Any:
    """Lingua's Malay and Indonesian models (in its wheel, never downloaded), on first use."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.MALAY, Language.INDONESIAN).build()


def malay_probability(text: str) -> float | None:
    """P(Malay) against Indonesian for `text`, by lingua; None when it finds nothing to go on."""
    values = _lingua().compute_language_confidence_values(text[:_LINGUA_MAX_CHARS])
    by_code = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
    total = by_code.get("ms", 0.0) + by_code.get("id", 0.0)
    return by_code.get("ms", 0.0) / total if total > 0 else None


def ms_or_id(text: str) -> tuple[str, float]:
    """("ms" / "id" / "ms-or-id", probability of that answer): the Malay-or-Indonesian call."""
    p_ms = malay_probability(text)
    if p_ms is None:
        return MS_OR_ID, 1.0
    if p_ms >= MS_ID_DECIDE:
        return "ms", p_ms
    if 1 - p_ms >= MS_ID_DECIDE:
        return "id", 1 - p_ms
    return MS_OR_ID, 1.0


def _settle(det: Detection, lang: str, certainty: float) -> Detection:
    """A Malay/Indonesian detection with the ms/id answer applied. Its confidence was that the
    text is one of the two; a decided answer multiplies in lingua's probability for it."""
    if lang == MS_OR_ID:
        return det
    return Detection(lang, round(det.confidence * certainty, 3), "Latn", det.method)


def _script_of(text: str) -> str | None:
    counts = [(len(pattern.findall(text)), tag) for tag, pattern in _SCRIPT_TAGS]
    count, tag = max(counts)
    return tag if count else None


# ---------------------------------------------------------------- articles


def detect_article(article: Article, seed: int = 0) -> tuple[Detection, tuple[Detection, ...]]:
    """(the article's language, one Detection per paragraph).

    Malay and Indonesian are decided once for the article, over all its paragraphs in either,
    and every such paragraph takes that answer. The article's language is then the
    paragraphs' vote weighted by their letters (CJK counted three times). Short, unsure
    paragraphs ("China", "Author") take the article's language when they are in the same
    script.
    """
    texts = [p.text for p in article.paragraphs]
    paragraphs = [_detect(t, seed) for t in texts]
    mine = [t for t, d in zip(texts, paragraphs, strict=True) if d.lang == MS_OR_ID]
    if mine:  # one answer for all of them: a sentence alone is weak evidence, an article less so
        answer = ms_or_id(" ".join(mine))
        paragraphs = [_settle(d, *answer) if d.lang == MS_OR_ID else d for d in paragraphs]
    weights = [_count(t).weight for t in texts]
    overall = _combine(paragraphs, weights)
    return overall, tuple(_in_context(d, overall) for d in paragraphs)


def _combine(dets: list[Detection], weights: list[int]) -> Detection:
    by_lang: dict[str, float] = defaultdict(float)
    for det, weight in zip(dets, weights, strict=True):
        if det.lang != "und":
            by_lang[det.lang] += weight
    total = sum(by_lang.values())
    if not total:
        return Detection("und", 1.0, None, "paragraphs", "no letters")
    lang = max(by_lang, key=lambda k: (by_lang[k], k))
    mine = [(d, w) for d, w in zip(dets, weights, strict=True) if d.lang == lang]
    confidence = round(sum(d.confidence * w for d, w in mine) / total, 3)
    scripts: dict[str | None, float] = defaultdict(float)
    for det, weight in mine:
        scripts[det.script] += weight
    script = max(scripts, key=lambda s: (scripts[s], s == "Hans"))
    others = sorted((w / total, k) for k, w in by_lang.items() if k != lang and w >= 0.2 * total)
    notes = [f"mixed: also {k} ({share:.0%})" for share, k in reversed(others)]
    if lang == "zh":  # Simplified and Traditional paragraphs in one article
        notes += [
            f"mixed script: also zh-{s} ({w / total:.0%})"
            for s, w in sorted(scripts.items(), key=lambda item: -item[1])
            if s != script and s and w >= 0.2 * total
        ]
    if lang == MS_OR_ID:
        notes.insert(0, MALAY_OR_INDONESIAN)
    return Detection(lang, confidence, script, "paragraphs", "; ".join(notes))


def _in_context(det: Detection, overall: Detection) -> Detection:
    if overall.lang == "und" or det.script != overall.script:
        return det
    unsure = det.method == "langdetect" and det.confidence < CONTEXT_BELOW
    if not unsure or det.lang == overall.lang:
        return det
    return Detection(
        overall.lang,
        round(max(det.confidence, 0.75 * overall.confidence), 3),
        overall.script,
        "langdetect+context",
        "language taken from the article",
    )
