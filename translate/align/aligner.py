"""Align two lists of sentences: the library call behind `translate align`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.align.cost import Weights
from translate.align.search import align_features
from translate.align.signals import AnchorOptions, anchors, features
from translate.glossary import Glossary

# Weights without an MT: anchors and lengths must carry the decision alone.
MODEL_FREE_WEIGHTS = Weights(
    mt=0.0, anchors=1.6, anchor_neutral=0.35, length=0.7, merge=0.9, skip=1.5
)
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Bead:
    """Source sentences `src` are translated by target sentences `tgt` (either may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float  # 0..1

    @property
    def shape(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class AlignOptions:
    weights: Weights | None = None  # None: the defaults for with / without MT
    anchors: AnchorOptions = field(default_factory=AnchorOptions)
    low_confidence: float = LOW_CONFIDENCE
    seed: int = 0  # random beads sampled for the MT normalisation


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]
    signals: tuple[str, ...]  # what the costs were made of, e.g. ("mt-chrf", "length", ...)

    def links(self) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        return [(b.src, b.tgt) for b in self.beads]


def signal_names(
    use_mt: bool, options: AnchorOptions, glossary: Glossary | None
) -> tuple[str, ...]:
    names = ["mt-chrf"] if use_mt else []
    names.append("length")
    if options.numbers:
        names.append("numbers")
    if options.terms and glossary is not None and glossary.terms:
        names.append("glossary-terms")
    if options.names:
        names.append("latin-names")
    if options.quotes:
        names.append("quotes-brackets")
    return tuple(names)


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str,
    target_lang: str,
    *,
    mt: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    options: AlignOptions | None = None,
) -> Alignment:
    """Align `source` with its translation `target`. `mt` is a translation of each source
    sentence into the target's language (one per sentence), or None to use only the
    model-free signals."""
    options = options or AlignOptions()
    if mt is not None and len(mt) != len(source):
        raise ValueError(f"{len(mt)} MT sentences for {len(source)} source sentences")
    use_mt = mt is not None and any(line.strip() for line in mt)
    signals = signal_names(use_mt, options.anchors, glossary)
    if not source or not target:
        beads = [Bead((i,), (), 1.0) for i in range(len(source))]
        beads += [Bead((), (j,), 1.0) for j in range(len(target))]
        return Alignment(tuple(beads), signals)
    weights = options.weights or (Weights() if use_mt else MODEL_FREE_WEIGHTS)
    src_anchors = anchors(source, source_lang, target, target_lang, glossary, options.anchors)
    tgt_anchors = anchors(target, target_lang, source, source_lang, glossary, options.anchors)
    src = features(source, mt if use_mt else None, target_lang, src_anchors)
    tgt = features(target, target if use_mt else None, target_lang, tgt_anchors)
    raw = align_features(src, tgt, weights, use_mt, options.seed)
    found = tuple(
        Bead(tuple(range(b.src, b.src + b.n)), tuple(range(b.tgt, b.tgt + b.m)), b.confidence)
        for b in raw
    )
    return Alignment(found, signals)
