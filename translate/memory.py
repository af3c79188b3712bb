"""Keep a long batch's resident memory flat on glibc.

CTranslate2's worker threads each get a malloc arena; the freed memory of one group of
articles then stays mapped in several arenas and the resident size creeps up with every
group (measured: 410 MB after 700 small articles against 319 MB with one arena). Capping
the arenas and handing freed pages back after each group keeps it flat. Elsewhere than glibc
both calls do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # from glibc's malloc.h


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


def limit_arenas(count: int = 2) -> None:
    """Cap the number of malloc arenas (before the model's threads start)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, count)


def release() -> None:
    """Give memory freed by the last group back to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
