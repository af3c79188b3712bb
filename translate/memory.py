"""Keep a long batch's resident memory flat on glibc.

CTranslate2 allocates and frees many buffers while it decodes, from one malloc arena per
worker thread; freed memory stays mapped and fragmented, and the resident size creeps up with
every group of articles (measured on the sample model: 410 MB after 700 small articles against
319 MB with two arenas). So: one arena, and the pages freed by each group handed back
(malloc_trim) before the next one. One, not two, since groups are scored and written in a
thread while the next one is decoded: with two arenas, that thread's allocations mixed with
CTranslate2's and the peak of 2,000 small articles was 419 MB against 386 MB with the same
work in the main thread; with one arena, 383 MB (one run each, by hand); a real-size model
decoded as fast with one as with two (two alternating runs each, by hand).

glibc's mmap threshold is left dynamic. A fixed 256 KiB threshold (tried: it kept the sample
model's peak lower) makes every buffer above it a fresh mapping, and a model of the real
Argos size allocates a ~25 MB logits buffer at every decoding step: the page faults made a
whole run take 1.68x and 1.77x as long in two runs of bench/bench_run.py (its `run, fixed mmap`
variant). Elsewhere than glibc these calls do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

# from glibc's malloc.h
_M_ARENA_MAX = -8


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt  # noqa: B018  (glibc only)
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(count: int = 1) -> None:
    """Cap the malloc arenas (before the model's threads start)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, count)


def release() -> None:
    """After a group of articles (a local run and each Ray actor alike): empty sacrebleu's
    tokenizer caches, then give the memory freed by the group back to the system."""
    from translate.score import release_caches

    release_caches()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
