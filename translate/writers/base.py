"""What every writer shares: the Writer protocol, write options, and the review rules.

A segment is *flagged* for review when its round-trip chrF is under the threshold, or when the
pipeline raised any flag other than "low-score" (which the threshold decides here, so a page can
move it) and "carried" (a paragraph already in the target language is not a problem).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from translate.core import DEFAULT_FLAG_BELOW, ArticleResult, RunResult, SegmentResult, TermHit
from translate.lang import base_lang

# Flags that are not, by themselves, a reason to read a segment first.
_NOT_REVIEW_FLAGS = frozenset({"low-score", "carried"})


@dataclass(frozen=True)
class WriteOptions:
    flag_below: float = DEFAULT_FLAG_BELOW  # chrF under which a segment is flagged


class Writer(Protocol):
    """Formats one article of a run as the text of one file."""

    extension: str  # file name extension, without the dot

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str: ...


def review_flags(seg: SegmentResult) -> tuple[str, ...]:
    """The pipeline's flags that ask for a human, whatever the score threshold."""
    return tuple(f for f in seg.flags if f not in _NOT_REVIEW_FLAGS)


def is_low(seg: SegmentResult, flag_below: float) -> bool:
    return seg.chrf is not None and seg.chrf < flag_below


def is_flagged(seg: SegmentResult, flag_below: float) -> bool:
    return is_low(seg, flag_below) or bool(review_flags(seg))


def display_flags(seg: SegmentResult, flag_below: float) -> tuple[str, ...]:
    """Flags as shown to an editor: "low-score" by this threshold, then the pipeline's own."""
    shown = ["low-score"] if is_low(seg, flag_below) else []
    shown += review_flags(seg)
    if seg.carried:
        shown.append("carried")
    return tuple(shown)


def scored(segments: Iterable[SegmentResult]) -> list[float]:
    return [s.chrf for s in segments if s.chrf is not None]


def chrf_mean(article: ArticleResult) -> float | None:
    values = scored(article.segments)
    return sum(values) / len(values) if values else None


def chrf_min(article: ArticleResult) -> float | None:
    values = scored(article.segments)
    return min(values) if values else None


def flagged_count(article: ArticleResult, flag_below: float) -> int:
    return sum(is_flagged(s, flag_below) for s in article.segments)


def finite(value: float | None) -> float | None:
    """A score fit for JSON: NaN and infinities (never expected) become None."""
    return value if value is not None and math.isfinite(value) else None


def fmt_score(value: float | None) -> str:
    """One decimal, or an empty string when not scored."""
    return "" if value is None else f"{value:.1f}"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def term_mark(hit: TermHit) -> str:
    return "\u2713" if hit.ok else "\u2717"


def term_summary(hit: TermHit) -> str:
    """Compact form of one term hit: "Kao Kim Hourn=高金洪✓", "RCEP=RCEP✗(lost)"."""
    problem = f"({hit.problem})" if hit.problem else ""
    return f"{hit.source_form}={hit.target_form}{term_mark(hit)}{problem}"


def terms_summary(seg: SegmentResult) -> str:
    return "; ".join(term_summary(h) for h in seg.terms)


def all_notes(article: ArticleResult, run: RunResult) -> tuple[str, ...]:
    """Run notes then article notes, each once, in order."""
    return tuple(dict.fromkeys((*run.signature.notes, *article.notes)))


def source_lang(article: ArticleResult) -> str:
    """The article's source language tag (the detected language of the whole article)."""
    return article.detection.tag


_LANG_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "zh-Hans": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
    "zh-TW": "Chinese (Traditional, Taiwan)",
    "zh-HK": "Chinese (Traditional, Hong Kong)",
    "zh-SG": "Chinese (Simplified, Singapore)",
    "und": "undetermined",
}


def lang_name(tag: str) -> str:
    """A reader's name for a language tag: "zh-TW" -> "Chinese (Traditional, Taiwan)"."""
    return _LANG_NAMES.get(tag, tag)


def column_name(tag: str) -> str:
    """Short column header for a language: "Chinese", "English", or the tag itself."""
    return _LANG_NAMES.get(base_lang(tag), tag)


def has_hans(article: ArticleResult) -> bool:
    """Whether the article carries a Simplified form beside a Traditional target."""
    return any(seg.target_hans for seg in article.segments)


def control_picture(char: str) -> str:
    """The visible stand-in (U+2400 block) for a control character, for human-facing formats."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def locate(value: str, forms: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where each form occurs in `value`: longest forms first, never overlapping, ignoring case.

    Longest first, so that 东盟 is not taken out of 东盟秘书长 before that longer term claims it;
    a form repeated in `forms` takes successive occurrences. None where a form is not found.
    """
    # Casefolding keeps offsets only where no character folds to several (German ß does).
    fold = len(value.casefold()) == len(value)
    haystack = value.casefold() if fold else value
    claimed: list[tuple[int, int]] = []
    places: list[tuple[int, int] | None] = [None] * len(forms)
    for index in sorted(range(len(forms)), key=lambda i: -len(forms[i])):
        key = forms[index].casefold() if fold else forms[index]
        at = haystack.find(key) if key else -1
        while at >= 0 and any(at < end and start < at + len(key) for start, end in claimed):
            at = haystack.find(key, at + 1)
        if at >= 0:
            claimed.append((at, at + len(key)))
            places[index] = (at, at + len(key))
    return places
