"""Core data types shared by every stage. Small, frozen, plain data.

Data flows one way: read -> detect -> segment -> protect terms -> translate -> restore ->
back-translate -> score -> align -> write. Stages exchange these types, never dicts.
Offsets are Python string indices (code points).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Chinese output variants we accept on the command line, mapped to the OpenCC config that
# produces them from Simplified (None: Simplified itself, no conversion).
VARIANTS: Mapping[str, str | None] = {
    "zh-Hans": None,
    "zh-SG": None,  # Singapore and Malaysia print Simplified, with their own terms
    "zh-Hant": "s2t",
    "zh-TW": "s2twp",
    "zh-HK": "s2hk",
}
# Round-trip chrF under which a segment is flagged for review (the one default, used by run,
# the writers and `translate show`).
DEFAULT_FLAG_BELOW = 40.0

# Other names people use for a variant.
VARIANT_ALIASES: Mapping[str, str] = {"zh-CN": "zh-Hans", "zh-MY": "zh-SG", "zh-MO": "zh-HK"}


@dataclass(frozen=True)
class Detection:
    """Language of a text. `lang` is an ISO 639-1 code or "und"; Chinese is "zh" plus a script."""

    lang: str
    confidence: float
    script: str | None = None  # "Hans" / "Hant" for Chinese, "Latn" etc. where useful
    method: str = ""  # how it was decided: "script", "langdetect", "script+langdetect", ...
    note: str = ""  # what we could not tell, e.g. "Malay or Indonesian"

    @property
    def tag(self) -> str:
        """BCP 47 style tag: "zh-Hans", "en", "und"."""
        if self.lang == "zh" and self.script:
            return f"zh-{self.script}"
        return self.lang


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str
    start: int  # offset of text in Article.text


@dataclass(frozen=True)
class Article:
    id: str  # unique within a run; used for output file names
    path: str  # "-" for standard input
    title: str  # first non-empty line
    text: str  # decoded, newlines normalised to "\n"
    paragraphs: tuple[Paragraph, ...]
    encoding: str  # the encoding the bytes were decoded from


@dataclass(frozen=True)
class Segment:
    """One sentence (or a piece of an over-long one) of an article."""

    article_id: str
    paragraph: int
    index: int  # 0-based within the article
    text: str
    start: int  # text == article.text[start:end]
    end: int
    lang: str  # the paragraph's language tag


@dataclass(frozen=True)
class Term:
    """One glossary entry. Targets are looked up per Chinese variant with `target()`."""

    id: str
    en: str  # preferred English form
    zh_hans: str
    zh_hant: str
    aliases: tuple[str, ...] = ()  # other English forms that match (e.g. "Secretary-General Kao")
    zh_aliases: tuple[str, ...] = ()  # other Chinese forms that match on the way back
    regional: tuple[tuple[str, str], ...] = ()  # (("zh-TW", "東協"), ("zh-SG", "亚细安"))
    case: str = "smart"  # exact | insensitive | smart (see glossary docs)
    plural: bool = False  # English plural "-s" forms match too
    dnt: bool = False  # do not translate: keep the English form in Chinese
    status: str = "approved"  # approved | proposed | deprecated
    note: str = ""
    domain: str = ""
    origin: str = ""  # "file:line" the entry came from

    def target(self, variant: str) -> str:
        """The approved rendering for a Chinese variant ("zh-Hans", "zh-TW"...) or "en"."""
        if variant == "en" or self.dnt:
            return self.en
        regional = dict(self.regional)
        if variant in regional:
            return regional[variant]
        if variant in ("zh-Hant", "zh-TW", "zh-HK"):
            return self.zh_hant or self.zh_hans
        return self.zh_hans


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a glossary term in a segment, and what became of it."""

    term_id: str
    source_form: str  # as written in the source segment
    start: int  # offsets in the segment text
    end: int
    target_form: str  # the approved target that should appear in the translation
    ok: bool  # the target is in the translation
    back_ok: bool | None = None  # the source preferred form is in the back-translation
    strategy: str = ""  # placeholder | inject | none
    status: str = "approved"
    problem: str = ""  # why not ok: "lost", "duplicated", "mangled", "deprecated"...


@dataclass(frozen=True)
class TermStats:
    found: int = 0  # occurrences in the source
    rendered: int = 0  # came out as the approved target
    survived: int = 0  # came back in the back-translation

    def __add__(self, other: TermStats) -> TermStats:
        return TermStats(
            self.found + other.found,
            self.rendered + other.rendered,
            self.survived + other.survived,
        )

    @property
    def accuracy(self) -> float | None:
        return self.rendered / self.found if self.found else None


@dataclass(frozen=True)
class SegmentResult:
    segment: Segment
    target: str  # the translation, in the requested variant
    back: str  # back-translation into the source language
    chrf: float | None  # sentence chrF of back vs source, 0..100 (None when not scored)
    bleu: float | None  # sentence BLEU (effective order), 0..100
    terms: tuple[TermHit, ...] = ()
    carried: bool = False  # already in the target language: copied, not translated
    flags: tuple[str, ...] = ()  # "low-score", "term-lost", "deprecated-term", "repetition"...
    target_hans: str = ""  # the Simplified form, when `target` is a Traditional variant
    strategy: str = ""  # term protection strategy that produced `target`
    # Where `target` came from: "mt" (the engine, this run), "tm-mt" (the engine, earlier,
    # reused from the translation memory), "human" (a human translation from the memory).
    origin: str = "mt"
    sample: bool = False  # made (or back-translated) with the project's SAMPLE model
    # `translate align`: how sure the aligner is that `target` translates `segment` (0..1).
    confidence: float | None = None


@dataclass(frozen=True)
class ModelInfo:
    """An installed translation package as used in a run."""

    name: str
    from_code: str
    to_code: str
    version: str
    path: str
    sample: bool = False  # the project's tiny sample model, not a real Argos package


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    detection: Detection
    paragraph_detections: tuple[Detection, ...]
    segments: tuple[SegmentResult, ...]
    target_lang: str  # "zh-Hans", "zh-TW", ... or "en"
    chrf: float | None  # corpus-level scores of the article's back-translation
    bleu: float | None
    terms: TermStats = field(default_factory=TermStats)
    notes: tuple[str, ...] = ()  # e.g. the sample-model warning


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


@dataclass(frozen=True)
class RunSignature:
    """Everything needed to reproduce a run; written to run.json."""

    tool_version: str
    models: tuple[ModelInfo, ...]
    glossaries: tuple[tuple[str, str], ...]  # (path, sha256)
    opencc_config: str | None
    detector_seed: int
    chrf_signature: str
    bleu_signature: str
    beam_size: int
    threads: int
    variant: str
    created: str  # ISO 8601 UTC
    timings: tuple[tuple[str, float], ...] = ()  # (stage, seconds)
    notes: tuple[str, ...] = ()
    # Every option that shaped each model's output: (package name@version, canonical JSON).
    decoding: tuple[tuple[str, str], ...] = ()
    # sacrebleu's signatures for each language scored: (lang, chrF signature, BLEU signature).
    score_signatures: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class RunResult:
    articles: tuple[ArticleResult, ...]
    failures: tuple[Failure, ...]
    signature: RunSignature
    terms: TermStats = field(default_factory=TermStats)


@dataclass(frozen=True)
class RunConfig:
    """Options of one run; travels through the pipeline in one piece."""

    to_lang: str = "zh"
    variant: str = "zh-Hans"
    glossary_paths: tuple[Path, ...] = ()
    beam_size: int = 4
    threads: int = 0  # 0: decide from the machine
    back_translate: bool = True
    formats: tuple[str, ...] = ("all",)
    flag_below: float = DEFAULT_FLAG_BELOW  # chrF under which a segment is flagged for review
    detector_seed: int = 0
    max_segment_chars: int = 600  # longer sentences are split at clause breaks
    use_human: bool = True  # human translations in the memory go before the engine
    group_segments: int = 500  # segments per batched group of articles (bounds memory)
