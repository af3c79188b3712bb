"""The search: a dynamic program over beads, in a band around a coarser path.

As in vecalign, both sides are first halved again and again (a block is two consecutive
sentences or blocks, its features the sum of theirs) until each side has at most
`COARSE_SIZE` blocks; the smallest level is searched in full, and each finer level only in a
band of `BAND` cells around the path found one level up. Every level costs O(length x band), the
levels shrink geometrically, so time and memory are linear in the length of the texts.

Cells are boundaries (i, j): i source and j target sentences aligned so far. Row i of the band
holds columns lo[i]..hi[i]. A row is filled from the rows above it in one numpy step per bead
shape; 0-1 beads (target sentences with no source) run along the row and are resolved with a
running minimum, so no Python loop visits single cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from translate.align.cost import IntArray, Scorer, Weights
from translate.align.signals import Features

# Bead shapes (source sentences, target sentences).
FINE_SHAPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1),
)  # fmt: skip
COARSE_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2))
COARSE_SIZE = 48  # a level this small (per side) is searched in full
BAND = 6  # cells either side of the upsampled coarse path
INF = 1e30


@dataclass(frozen=True)
class RawBead:
    src: int  # first source sentence
    n: int  # how many
    tgt: int
    m: int
    confidence: float


@dataclass(frozen=True)
class Band:
    lo: IntArray  # per row i (0..n), the first and last column j searched
    hi: IntArray

    @staticmethod
    def full(n: int, m: int) -> Band:
        return Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def align_features(
    src: Features, tgt: Features, weights: Weights, use_mt: bool, seed: int = 0
) -> list[RawBead]:
    """The best path of beads between two featured sides, with a confidence per bead."""
    levels = [(src, tgt)]
    while max(len(levels[-1][0]), len(levels[-1][1])) > COARSE_SIZE:
        s, t = levels[-1]
        levels.append((coarsen(s), coarsen(t)))
    path: list[tuple[int, int, int, int]] | None = None
    scorer: Scorer | None = None
    for depth in range(len(levels) - 1, -1, -1):
        s, t = levels[depth]
        if path is None:
            band = Band.full(len(s), len(t))
        else:
            band = band_around(upsample(path, len(s), len(t)), len(s), len(t), BAND)
        shapes = FINE_SHAPES if depth == 0 else COARSE_SHAPES
        scorer = Scorer(s, t, weights, window(band, len(t)), use_mt, seed)
        path = search(scorer, band, shapes)
    assert path is not None and scorer is not None
    return _with_confidence(path, scorer)


def coarsen(side: Features) -> Features:
    """Blocks of two consecutive sentences (the last one alone when the count is odd)."""
    pairs = range(0, len(side), 2)
    return Features(
        tuple(sum(side.lengths[k : k + 2]) for k in pairs),
        tuple(frozenset().union(*side.grams[k : k + 2]) for k in pairs),
        tuple(frozenset().union(*side.anchors[k : k + 2]) for k in pairs),
    )


def window(band: Band, m: int) -> tuple[IntArray, IntArray]:
    """For each source sentence r, the target sentences any bead holding it can reach."""
    n = len(band.lo) - 1
    widest = max(max(a, b) for a, b in FINE_SHAPES)
    rows = np.arange(n)
    first = np.maximum(band.lo[rows + 1] - widest, 0)
    stop = np.minimum(band.hi[np.minimum(rows + widest, n)], m)
    return first.astype(np.int64), np.maximum(stop, first).astype(np.int64)


def search(
    scorer: Scorer, band: Band, shapes: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """Minimum-cost path from (0, 0) to (n, m) inside the band; beads as (i0, n, j0, m)."""
    lo, hi = band.lo, band.hi
    n = len(lo) - 1
    width = int((hi - lo).max()) + 1
    cols = lo[:, None] + np.arange(width)[None, :]
    rows = np.broadcast_to(np.arange(n + 1)[:, None], cols.shape)
    inside = cols <= hi[:, None]
    costs: dict[int, NDArray[np.float64]] = {}
    for t, (a, b) in enumerate(shapes):
        if a == 0:
            continue
        table = np.full(cols.shape, INF)
        mask = inside & (rows >= a) & (cols >= b)
        table[mask] = scorer.cost(rows[mask] - a, a, cols[mask] - b, b)
        costs[t] = table
    insert = shapes.index((0, 1))
    m = int(hi[-1])
    run = np.arange(m + 1, dtype=np.float64) * scorer.w.skip  # cost of j insertions
    best = np.full(cols.shape, INF)
    back = np.full(cols.shape, -1, dtype=np.int8)
    for i in range(n + 1):
        size = int(hi[i] - lo[i]) + 1
        value = np.full(size, INF)
        came = np.full(size, -1, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            value[0] = 0.0
        for t, table in costs.items():
            a, b = shapes[t]
            if i < a:
                continue
            p = i - a
            shift = int(lo[i] - b - lo[p])
            start = max(0, -shift)
            stop = min(size, int(hi[p] - lo[p]) + 1 - shift)
            if start >= stop:
                continue
            cand = best[p, start + shift : stop + shift] + table[i, start:stop]
            better = cand < value[start:stop]
            value[start:stop] = np.where(better, cand, value[start:stop])
            came[start:stop] = np.where(better, t, came[start:stop])
        js = lo[i] + np.arange(size)
        shifted = value - run[js]
        running = np.minimum.accumulate(shifted)
        best[i, :size] = running + run[js]
        back[i, :size] = np.where(running < shifted, insert, came)
    return _trace(back, lo, shapes, n, m)


def _trace(
    back: NDArray[np.int8], lo: IntArray, shapes: Sequence[tuple[int, int]], n: int, m: int
) -> list[tuple[int, int, int, int]]:
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise RuntimeError(f"alignment search left its band at ({i}, {j})")
        a, b = shapes[t]
        beads.append((i - a, a, j - b, b))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def upsample(path: Sequence[tuple[int, int, int, int]], n: int, m: int) -> list[tuple[int, int]]:
    """Corner points of a coarse path at the next finer level (each block is two sentences)."""
    points = [(0, 0)]
    for i0, a, j0, b in path:
        points.append((min(2 * (i0 + a), n), min(2 * (j0 + b), m)))
    points[-1] = (n, m)
    return points


def band_around(points: Sequence[tuple[int, int]], n: int, m: int, width: int) -> Band:
    """Rows' column ranges within `width` of the straight segments joining the points."""
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(points, points[1:], strict=False):
        if i1 == i0:  # a run of target sentences at one row
            low[i0], high[i0] = min(low[i0], j0), max(high[i0], j1)
            continue
        rise, run = j1 - j0, i1 - i0
        for i in range(i0, i1 + 1):
            start = j0 + rise * (i - i0) // run
            end = j0 - (-rise * min(i + 1 - i0, run) // run)  # rounded up
            low[i], high[i] = min(low[i], start), max(high[i], end)
    low = np.maximum.accumulate(np.minimum(low, high))
    high = np.maximum.accumulate(high)
    lo = np.clip(low - width, 0, m)
    hi = np.clip(high + width, 0, m)
    lo[0], hi[-1] = 0, m
    return Band(lo, np.maximum(hi, lo))


def _with_confidence(path: Sequence[tuple[int, int, int, int]], scorer: Scorer) -> list[RawBead]:
    """Confidence of every bead, computed shape by shape in one numpy call each."""
    values = [0.5] * len(path)
    shapes: dict[tuple[int, int], list[int]] = {}
    for k, (_, a, _, b) in enumerate(path):
        if a and b:
            shapes.setdefault((a, b), []).append(k)
    for (a, b), members in shapes.items():
        i0 = np.array([path[k][0] for k in members])
        j0 = np.array([path[k][2] for k in members])
        for k, value in zip(members, scorer.confidence(i0, a, j0, b).tolist(), strict=True):
            values[k] = value
    for k, (_, a, _, b) in enumerate(path):
        if not (a and b):
            # An unmatched sentence: as sure as the matches around it.
            around = range(max(0, k - 2), min(len(path), k + 3))
            near = [values[q] for q in around if path[q][1] and path[q][3]]
            values[k] = round(min(near), 3) if near else 0.5
    return [RawBead(i0, a, j0, b, values[k]) for k, (i0, a, j0, b) in enumerate(path)]
