"""Simplified -> Traditional / regional Chinese with OpenCC, glossary terms shielded.

OpenCC converts across word boundaries (被发明 -> 被髮明) and over-converts personal names, so
every glossary target in the text is swapped for a private-use sentinel before conversion and
replaced by the glossary's own form for the variant afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from translate.core import VARIANTS
from translate.errors import UsageError

_SENTINEL_BASE = 0xF0000  # Supplementary Private Use Area-A: never in news text, never converted


def opencc_config(variant: str) -> str | None:
    if variant not in VARIANTS:
        raise UsageError(
            f"unknown Chinese variant {variant!r}; choose one of {', '.join(VARIANTS)}"
        )
    return VARIANTS[variant]


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


def convert(text: str, config: str | None) -> str:
    """Plain OpenCC conversion (None: unchanged)."""
    return _converter(config).convert(text) if config else text


def to_variant(text: str, variant: str, shields: Sequence[tuple[str, str]] = ()) -> str:
    """Convert Simplified `text` to `variant`; each (simplified, variant form) pair in
    `shields` is kept out of OpenCC and written in its given form."""
    config = opencc_config(variant)
    if not config:
        return text
    forms: list[str] = []
    for simplified, wanted in sorted(set(shields), key=lambda s: -len(s[0])):
        if simplified and simplified in text:
            text = text.replace(simplified, chr(_SENTINEL_BASE + len(forms)))
            forms.append(wanted)
    converted = convert(text, config)
    for i, wanted in enumerate(forms):
        converted = converted.replace(chr(_SENTINEL_BASE + i), wanted)
    return converted


def to_simplified(text: str) -> str:
    return convert(text, "t2s")
