"""Language detection: script signals first, langdetect for the rest, article context last.

Script decides what statistics get wrong: Han without kana or hangul is Chinese however short
(langdetect calls "相关报道" Korean), kana makes it Japanese, hangul Korean. Simplified vs
Traditional is judged with OpenCC. Text that is not mostly CJK goes to langdetect, seeded and
with a fresh detector per call, so results do not depend on call order. langdetect has no
Malay profile, so its "id" is refined by spelling. Its probabilities are near 1 even for one
word ("China" -> Swahili, 0.99999), so confidence is scaled down for short text, and in an
article a short, unsure paragraph takes the language of the article around it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import regex

from translate.core import Article, Detection

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
_WORD = regex.compile(r"\p{L}+")
_SCRIPT_TAGS = (  # ISO 15924 codes for the scripts worth naming
    ("Latn", regex.compile(r"\p{Latin}")),
    ("Cyrl", regex.compile(r"\p{Cyrillic}")),
    ("Arab", regex.compile(r"\p{Arabic}")),
    ("Grek", regex.compile(r"\p{Greek}")),
    ("Hebr", regex.compile(r"\p{Hebrew}")),
    ("Thai", regex.compile(r"\p{Thai}")),
    ("Deva", regex.compile(r"\p{Devanagari}")),
)

# Spellings that differ between Malay (ms) and Indonesian (id), in news vocabulary.
_MALAY = frozenset(
    "bahawa kerana wang kerajaan selepas boleh sahaja kereta pejabat jabatan percuma isnin "
    "khamis jumaat ahad ogos julai disember bilion baharu pelancongan kenderaan syarikat "
    "universiti kualiti teksi polis antarabangsa setiausaha eropah projek filem telefon "
    "komuniti aktiviti pelaburan mesyuarat kenyataan berbanding mahu".split()
)
_INDONESIAN = frozenset(
    "bahwa karena uang pemerintah setelah bisa mobil kantor gratis senin kamis jumat agustus "
    "juli desember miliar pariwisata kendaraan perusahaan universitas kualitas taksi polisi "
    "internasional sekretaris serikat eropa proyek film telepon komunitas aktivitas investasi "
    "pernyataan dibandingkan mau".split()
)


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
    converted = _opencc(config).convert(han)
    if len(converted) != len(han):  # a phrase rule changed the length: compare char by char
        return sum(_opencc(config).convert(ch) != ch for ch in han)
    return sum(a != b for a, b in zip(han, converted, strict=True))


@functools.cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def _detect_other(text: str, letters: int, seed: int) -> Detection:
    probabilities = _langdetect(text, seed)
    if not probabilities:
        return Detection("und", 0.0, _script_of(text), "langdetect", "no language found")
    top_lang, top_prob = probabilities[0]
    reliability = min(1.0, letters / SHORT_LETTERS) ** 0.5
    confidence = round(top_prob * reliability, 3)
    note = "short text" if letters < SHORT_LETTERS // 2 else ""
    if top_lang == "id" or ("id" in dict(probabilities) and _spelling(text)[0]):
        return _malay_or_indonesian(text, confidence)
    if top_lang in ("zh-cn", "zh-tw"):
        return Detection("zh", confidence, chinese_script(text)[0], "langdetect", note)
    return Detection(top_lang, confidence, _script_of(text), "langdetect", note)


def _langdetect(text: str, seed: int) -> list[tuple[str, float]]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
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


def _spelling(text: str) -> tuple[str, int, int]:
    """("ms" / "id" / "", Malay votes, Indonesian votes): spelling evidence in `text`."""
    words = [w.lower() for w in _WORD.findall(text)]
    ms = sum(w in _MALAY for w in words)
    id_ = sum(w in _INDONESIAN for w in words)
    if ms > 0 and ms >= 2 * id_:
        return "ms", ms, id_
    if id_ > 0 and id_ >= 2 * ms:
        return "id", ms, id_
    return "", ms, id_


def _malay_or_indonesian(text: str, confidence: float) -> Detection:
    lang, ms, id_ = _spelling(text)
    if not lang:
        # langdetect's "id" covers both; say so and stay unsure.
        return Detection(
            "id", round(confidence * 0.5, 3), "Latn", "langdetect", MALAY_OR_INDONESIAN
        )
    margin = abs(ms - id_) / (ms + id_)
    strength = min(1.0, (ms + id_) / 3)
    return Detection(
        lang, round(confidence * (0.5 + 0.5 * margin * strength), 3), "Latn", "langdetect+spelling"
    )


def _script_of(text: str) -> str | None:
    counts = [(len(pattern.findall(text)), tag) for tag, pattern in _SCRIPT_TAGS]
    count, tag = max(counts)
    return tag if count else None


# ---------------------------------------------------------------- articles


def detect_article(article: Article, seed: int = 0) -> tuple[Detection, tuple[Detection, ...]]:
    """(the article's language, one Detection per paragraph).

    The article's language is the paragraphs' vote weighted by their letters (CJK counted
    three times). Short, unsure paragraphs ("China", "Author") then take the article's
    language when they are in the same script.
    """
    paragraphs = [detect_text(p.text, seed) for p in article.paragraphs]
    weights = [_count(p.text).weight for p in article.paragraphs]
    overall = _combine(paragraphs, weights, [p.text for p in article.paragraphs])
    return overall, tuple(_in_context(d, overall) for d in paragraphs)


def _vote(lang: str) -> str:
    """Malay and Indonesian vote together: spelling over all their text then decides."""
    return "ms/id" if lang in ("ms", "id") else lang


def _combine(dets: list[Detection], weights: list[int], texts: list[str]) -> Detection:
    by_lang: dict[str, float] = defaultdict(float)
    for det, weight in zip(dets, weights, strict=True):
        if det.lang != "und":
            by_lang[_vote(det.lang)] += weight
    total = sum(by_lang.values())
    if not total:
        return Detection("und", 1.0, None, "paragraphs", "no letters")
    key = max(by_lang, key=lambda k: (by_lang[k], k))
    mine = [(d, w, t) for d, w, t in zip(dets, weights, texts, strict=True) if _vote(d.lang) == key]
    confidence = round(sum(d.confidence * w for d, w, _ in mine) / total, 3)
    scripts: dict[str | None, float] = defaultdict(float)
    for det, weight, _ in mine:
        scripts[det.script] += weight
    script = max(scripts, key=lambda s: (scripts[s], s == "Hans"))
    others = sorted((w / total, k) for k, w in by_lang.items() if k != key and w >= 0.2 * total)
    notes = [f"mixed: also {k} ({share:.0%})" for share, k in reversed(others)]
    lang = key
    if key == "ms/id":
        lang = _spelling(" ".join(t for _, _, t in mine))[0]
        if not lang:
            lang = mine[0][0].lang
            notes.insert(0, MALAY_OR_INDONESIAN)
    return Detection(lang, confidence, script, "paragraphs", "; ".join(notes))


def _in_context(det: Detection, overall: Detection) -> Detection:
    if overall.lang == "und" or det.script != overall.script:
        return det
    unsure = det.method == "langdetect" and det.confidence < CONTEXT_BELOW
    malay = (
        det.note == MALAY_OR_INDONESIAN
        and overall.lang in ("ms", "id")
        and MALAY_OR_INDONESIAN not in overall.note
    )
    if not (malay or (unsure and det.lang != overall.lang)):
        return det
    return Detection(
        overall.lang,
        round(max(det.confidence, 0.75 * overall.confidence), 3),
        overall.script,
        "langdetect+context",
        "language taken from the article",
    )
