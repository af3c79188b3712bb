"""Simplified -> Traditional / regional Chinese with OpenCC, glossary terms shielded.

OpenCC converts across word boundaries (被发明 -> 被髮明) and over-converts personal names, so
every glossary target in the text is swapped for a private-use sentinel before conversion and
replaced by the glossary's own form for the variant afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.lang import convert, opencc_config

_SENTINEL_BASE = 0xF0000  # Supplementary Private Use Area-A: never in news text, never converted


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
