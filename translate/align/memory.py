"""Aligned pairs into the translation memory, as human translations `translate run` reuses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from translate.align.documents import PairResult

if TYPE_CHECKING:
    from translate.tm import Unit

TM_THRESHOLD = 0.8  # lowest confidence of a 1-1 bead stored by --into-tm


def tm_units(results: Sequence[PairResult], threshold: float = TM_THRESHOLD) -> list[Unit]:
    """1-1 beads at or above `threshold`, as translation memory units."""
    from translate.tm import Unit

    units: list[Unit] = []
    for result in results:
        src, tgt = result.pair.source, result.pair.target
        for bead in result.alignment.beads:
            if len(bead.src) != 1 or len(bead.tgt) != 1 or bead.confidence < threshold:
                continue
            units.append(
                Unit(
                    source_lang=src.detection.tag,
                    target_lang=tgt.detection.tag,
                    source=src.sentences[bead.src[0]].text,
                    target=tgt.sentences[bead.tgt[0]].text,
                    origin="human",
                    note=f"aligned from {src.article.path} and {tgt.article.path}, "
                    f"confidence {bead.confidence:.2f}",
                )
            )
    return units


def into_tm(results: Sequence[PairResult], path: Path, threshold: float = TM_THRESHOLD) -> int:
    """Store the confident 1-1 pairs; returns how many units were stored."""
    from translate.tm import TranslationMemory

    with TranslationMemory(path) as tm:
        return tm.add_units(tm_units(results, threshold))
