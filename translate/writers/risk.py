"""What to read first: a risk score per segment, so a review page can open with the worst on top
even when no segment crosses the absolute threshold.

Round-trip scores are a screening signal, not proof (a poor predictor of quality segment by
segment), so risk ranks rather than judges. It adds up:
- how far the segment's chrF is under the article's median, as a fraction of that median (an
  article that comes back well everywhere still has its weakest sentences);
- 1 for a flagged segment (by the page's threshold, or a flag the pipeline raised), and 0.5
  for each flag of the pipeline's own (a number changed, a repetition, a term lost...);
- 0.5 for each glossary term that did not come through, 0.25 for each that came through but
  not back.
A carried paragraph that needs nothing (already in the target language) ranks last.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from translate.core import ArticleResult, SegmentResult
from translate.writers.base import fmt_score, is_flagged, review_flags

FLAGGED = 1.0
PER_FLAG = 0.5
PER_TERM_LOST = 0.5
PER_TERM_NOT_BACK = 0.25
CARRIED = -1.0


@dataclass(frozen=True)
class Risk:
    score: float
    reasons: tuple[str, ...]  # why, for the reader: "chrF 28.4, 59% under the article's median"


def median_chrf(article: ArticleResult) -> float | None:
    """The median round-trip chrF of the article's translated segments."""
    values = [s.chrf for s in article.segments if s.chrf is not None and not s.carried]
    return statistics.median(values) if values else None


def segment_risk(seg: SegmentResult, median: float | None, flag_below: float) -> Risk:
    if seg.carried and not is_flagged(seg, flag_below):
        return Risk(CARRIED, ("carried over",))
    score, reasons = 0.0, []
    if seg.chrf is not None and median:
        relative = (median - seg.chrf) / median
        score += relative
        if relative > 0:
            reasons.append(
                f"chrF {fmt_score(seg.chrf)}, {relative:.0%} under the article's median "
                f"{fmt_score(median)}"
            )
    if is_flagged(seg, flag_below):
        score += FLAGGED
        flags = review_flags(seg)
        score += PER_FLAG * len(flags)
        reasons.append("flagged" + (f": {', '.join(flags)}" if flags else ""))
    lost = [hit.source_form for hit in seg.terms if not hit.ok]
    not_back = [hit.source_form for hit in seg.terms if hit.ok and hit.back_ok is False]
    score += PER_TERM_LOST * len(lost) + PER_TERM_NOT_BACK * len(not_back)
    if lost:
        reasons.append(f"term not rendered: {', '.join(lost)}")
    if not_back:
        reasons.append(f"term not back: {', '.join(not_back)}")
    return Risk(score, tuple(reasons))


def risks(article: ArticleResult, flag_below: float) -> list[Risk]:
    """One Risk per segment, in segment order."""
    median = median_chrf(article)
    return [segment_risk(seg, median, flag_below) for seg in article.segments]


def reading_order(scores: list[Risk]) -> list[int]:
    """Positions of `scores`, riskiest first; equal risks in article order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i].score, i))
