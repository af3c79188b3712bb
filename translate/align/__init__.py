"""Sentence alignment of an article with its existing translation (`translate align`).

Signals (signals.py) -> bead costs (cost.py) -> banded dynamic program (search.py) -> beads
(aligner.py). Documents, MT, folders and output live in documents.py and output.py.
"""

from translate.align.aligner import (
    LOW_CONFIDENCE,
    Alignment,
    AlignOptions,
    Bead,
    align_sentences,
)
from translate.align.cost import Weights
from translate.align.signals import AnchorOptions

__all__ = [
    "LOW_CONFIDENCE",
    "AlignOptions",
    "Alignment",
    "AnchorOptions",
    "Bead",
    "Weights",
    "align_sentences",
]
