"""The cost of a bead: how unlikely it is that n source sentences and m target sentences are
translations of each other. Lower is better; the search adds costs along a path.

A bead's cost combines, with the weights of `Weights`:
- MT similarity: a character n-gram F-score (recall weighted, as chrF) between the bead's MT and
  its target, rescaled against the score of random beads of the same shape (vecalign's idea:
  a pair must beat what unrelated sentences score, and longer runs score higher by chance);
- anchors: numbers, glossary terms, Latin names inside Chinese text, quotes and brackets, as a
  Dice overlap (no anchors on either side is neutral, anchors on one side only is evidence
  against);
- length: the log ratio of target to source length against the document's own ratio.
The anchor part is multiplied by n x m, so merging sentences is never cheaper than aligning them
one by one when they match just as well (vecalign's normalisation), and each sentence beyond a
1-1 bead adds `merge`. The MT similarity is subtracted once per bead, whatever its size: two
1-1 beads that match earn it twice, their merge once. A 1-0 or 0-1 bead costs `skip`.

Sums over runs of sentences come from prefix sums and from the pairwise overlaps inside the
search band, so scoring every bead of every shape costs O(cells), all in numpy.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from translate.align.signals import Features

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Weights:
    """Cost parameters, tuned on the development articles of bench/data/align (docs/align.md)."""

    mt: float = 3.0  # reward for MT similarity (0..1, rescaled against random beads)
    anchors: float = 1.2  # weight of (1 - anchor overlap)
    anchor_neutral: float = 0.35  # anchor cost when neither side has an anchor
    length: float = 0.7  # weight of half the squared length z-score
    sigma: float = 0.45  # spread of log(target length / source length)
    merge: float = 0.9  # extra cost per sentence beyond 1-1
    skip: float = 1.0  # cost of a 1-0 or 0-1 bead
    beta: float = 2.0  # recall weight of the F-score, as in chrF
    partial: float = 1.5  # weight of (1 - MT similarity) x n x m, times the MT's usefulness


def _prefix(values: Sequence[int] | Sequence[float]) -> FloatArray:
    out = np.zeros(len(values) + 1)
    if len(values):
        out[1:] = np.cumsum(np.asarray(values, dtype=np.float64))
    return out


class PairTable:
    """Pairwise overlaps |A_r & B_c| for each source row r over a window of target columns,
    with prefix sums along the columns: any rectangle of sentences sums in O(rows)."""

    def __init__(
        self,
        left: Sequence[frozenset[str]],
        right: Sequence[frozenset[str]],
        first: IntArray,
        stop: IntArray,
    ) -> None:
        self.first = first  # first column of each row's window
        width = int((stop - first).max()) if len(first) else 0
        table = np.zeros((len(left), width + 1))
        for r, a in enumerate(left):
            if not a:
                continue
            row = table[r]
            base = int(first[r])
            for c in range(base, int(stop[r])):
                b = right[c]
                if b:
                    row[c - base + 1] = len(a & b)
        self.cum = np.cumsum(table, axis=1)
        self.width = width

    def rect(self, i0: IntArray, rows: int, j0: IntArray, cols: int) -> FloatArray:
        """Sum over source sentences i0..i0+rows-1 and target sentences j0..j0+cols-1."""
        total = np.zeros(i0.shape)
        for t in range(rows):
            r = i0 + t
            base = self.first[r]
            high = np.clip(j0 + cols - base, 0, self.width)
            low = np.clip(j0 - base, 0, self.width)
            total += self.cum[r, high] - self.cum[r, low]
        return total


class Scorer:
    """Costs of beads between two featured sides, within one search band."""

    def __init__(
        self,
        src: Features,
        tgt: Features,
        weights: Weights,
        window: tuple[IntArray, IntArray],
        use_mt: bool,
        seed: int = 0,
    ) -> None:
        self.src, self.tgt, self.w, self.use_mt = src, tgt, weights, use_mt
        self.len_s, self.len_t = _prefix(src.lengths), _prefix(tgt.lengths)
        total_s, total_t = self.len_s[-1], self.len_t[-1]
        self.ratio = (total_t + 1.0) / (total_s + 1.0)
        self.anc_s = _prefix([len(a) for a in src.anchors])
        self.anc_t = _prefix([len(a) for a in tgt.anchors])
        self.anchors = PairTable(src.anchors, tgt.anchors, *window)
        self.grams: PairTable | None = None
        self.baseline: dict[tuple[int, int], float] = {}
        if use_mt:
            self.gram_s = _prefix([len(g) for g in src.grams])
            self.gram_t = _prefix([len(g) for g in tgt.grams])
            self.grams = PairTable(src.grams, tgt.grams, *window)
            self._rng = random.Random(seed)
            self.usefulness = self._usefulness(*window)

    # ---------------------------------------------------------------- parts of a cost

    def length_cost(self, i0: IntArray, a: int, j0: IntArray, b: int) -> FloatArray:
        ls = self.len_s[i0 + a] - self.len_s[i0]
        lt = self.len_t[j0 + b] - self.len_t[j0]
        smooth = 4.0 * self.ratio  # short sentences say little about their ratio
        z = np.log((lt + smooth) / (ls * self.ratio + smooth)) / self.w.sigma
        result: FloatArray = np.minimum(z * z, 16.0) / 2.0
        return result

    def anchor_cost(self, i0: IntArray, a: int, j0: IntArray, b: int) -> FloatArray:
        shared = self.anchors.rect(i0, a, j0, b)
        total = (self.anc_s[i0 + a] - self.anc_s[i0]) + (self.anc_t[j0 + b] - self.anc_t[j0])
        dice = np.minimum(2.0 * shared / np.maximum(total, 1.0), 1.0)
        return np.where(total > 0, 1.0 - dice, self.w.anchor_neutral)

    def mt_similarity(self, i0: IntArray, a: int, j0: IntArray, b: int) -> FloatArray:
        """Rescaled F-score in 0..1: 0 is what random beads of this shape score."""
        assert self.grams is not None
        shared = self.grams.rect(i0, a, j0, b)
        hyp = self.gram_s[i0 + a] - self.gram_s[i0]
        ref = self.gram_t[j0 + b] - self.gram_t[j0]
        score = _f_score(shared, hyp, ref, self.w.beta)
        base = self._baseline(a, b)
        return np.clip((score - base) / (1.0 - base), 0.0, 1.0)

    def _usefulness(self, first: IntArray, stop: IntArray) -> float:
        """0..1: how often a source sentence's MT clearly matches some target sentence near
        it. A model that does not know the text (the sample model outside its articles)
        scores near 0, and its MT then only rewards, never penalises."""
        n = len(self.src)
        if n == 0:
            return 0.0
        best = np.zeros(n)
        for k in range(int((stop - first).max()) if n else 0):
            cols = first + k
            ok = cols < stop
            if not ok.any():
                continue
            rows = np.nonzero(ok)[0]
            sims = self.mt_similarity(rows, 1, cols[ok], 1)
            best[rows] = np.maximum(best[rows], sims)
        return float(np.mean(np.clip((best - 0.3) / 0.4, 0.0, 1.0)))

    def _baseline(self, a: int, b: int) -> float:
        """Median F-score of random beads of shape a-b (vecalign normalises the same way)."""
        if (a, b) not in self.baseline:
            n, m = len(self.src), len(self.tgt)
            scores = []
            if n >= a and m >= b and n * m >= 16:
                for _ in range(64):
                    i0, j0 = self._rng.randrange(n - a + 1), self._rng.randrange(m - b + 1)
                    shared = sum(
                        len(self.src.grams[i] & self.tgt.grams[j])
                        for i in range(i0, i0 + a)
                        for j in range(j0, j0 + b)
                    )
                    hyp = sum(len(self.src.grams[i]) for i in range(i0, i0 + a))
                    ref = sum(len(self.tgt.grams[j]) for j in range(j0, j0 + b))
                    scores.append(float(_f_score(np.array(shared), hyp, ref, self.w.beta)))
            # Too few sentences to sample: a typical value for unrelated news sentences.
            self.baseline[(a, b)] = min(0.6, float(np.median(scores)) if scores else 0.15)
        return self.baseline[(a, b)]

    # ---------------------------------------------------------------- whole costs

    def cost(self, i0: IntArray, a: int, j0: IntArray, b: int) -> FloatArray:
        if a == 0 or b == 0:
            return np.full(i0.shape, self.w.skip * (a + b))
        w = self.w
        cost = (a * b) * w.anchors * self.anchor_cost(i0, a, j0, b)
        cost = cost + w.length * self.length_cost(i0, a, j0, b) + w.merge * (a + b - 2)
        if self.use_mt:
            # A reward, not a scaled penalty: an MT that says nothing (a model that does not
            # know the domain) then changes nothing, and a merge earns it once, not per pair.
            # A reliable MT also penalises what it leaves unexplained, n x m times (vecalign).
            sim = self.mt_similarity(i0, a, j0, b)
            cost = cost - w.mt * sim + w.partial * self.usefulness * (1.0 - sim) * (a * b)
        return cost

    def confidence(self, i0: IntArray, a: int, j0: IntArray, b: int) -> FloatArray:
        """0..1 for match beads of shape a-b: the evidence against them (anchors, length and,
        with an MT, its dissimilarity), as a share of the most there can be, through a
        logistic: none gives about 0.98, half the maximum 0.5."""
        w = self.w
        against = w.anchors * self.anchor_cost(i0, a, j0, b)
        against = against + w.length * np.minimum(self.length_cost(i0, a, j0, b), 2.0)
        top = w.anchors + 2.0 * w.length
        if self.use_mt:
            against = against + w.mt * (1.0 - self.mt_similarity(i0, a, j0, b))
            top += w.mt
        result: FloatArray = np.round(1.0 / (1.0 + np.exp(8.0 * (against / top - 0.5))), 3)
        return result


def _f_score(
    shared: FloatArray, hyp: FloatArray | float, ref: FloatArray | float, beta: float
) -> FloatArray:
    precision = np.minimum(shared / np.maximum(hyp, 1.0), 1.0)
    recall = np.minimum(shared / np.maximum(ref, 1.0), 1.0)
    b2 = beta * beta
    denom = b2 * precision + recall
    return np.where(denom > 0, (1 + b2) * precision * recall / np.maximum(denom, 1e-12), 0.0)
