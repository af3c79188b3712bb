"""Languages and Chinese script, in one place: language tags ("tag -> base language", "the tag
a model writes"), OpenCC converters (built once per process), Traditional <-> Simplified,
Chinese variant -> OpenCC config, and the width folding and offset-keeping normalisation the
glossary matcher uses. Bottom-level: imports only the core types and errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex

from translate.core import VARIANTS
from translate.errors import UsageError


def base_lang(tag: str) -> str:
    """ "zh-Hans" -> "zh", "en-US" -> "en", "zh_TW" -> "zh"."""
    return tag.split("-")[0].split("_")[0].lower()


def text_tag(lang: str) -> str:
    """The tag of what a model writes for a base language: Chinese models write Simplified."""
    return "zh-Hans" if base_lang(lang) == "zh" else base_lang(lang)


# Detected tags that stand for more than one language the models may know.
_EITHER = {"ms-or-id": ("ms", "id")}


def model_langs(tag: str) -> tuple[str, ...]:
    """The model languages to try for text of a detected tag, in order: "ms-or-id" (Malay or
    Indonesian, the detector could not tell) is translated by whichever model is installed."""
    return _EITHER.get(tag, (base_lang(tag),))


# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold one-to-one onto ASCII, so
# folding never moves an offset.
_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HAN = regex.compile(r"\p{Han}")


@cache
def converter(config: str) -> Any:
    """The OpenCC converter for `config` ("t2s", "s2t", "s2twp"...), built once per process."""
    import opencc  # imported here: building a converter reads dictionaries from disk

    return opencc.OpenCC(config)


def convert(text: str, config: str | None) -> str:
    """Plain OpenCC conversion (None: unchanged)."""
    if not config:
        return text
    result: str = converter(config).convert(text)
    return result


def to_simplified(text: str) -> str:
    """Traditional -> Simplified (OpenCC t2s): what the Chinese models are trained on."""
    return convert(text, "t2s")


def opencc_config(variant: str) -> str | None:
    """The OpenCC config that turns Simplified into `variant` (None: Simplified itself)."""
    if variant not in VARIANTS:
        raise UsageError(
            f"unknown Chinese variant {variant!r}; choose one of {', '.join(VARIANTS)}"
        )
    return VARIANTS[variant]


@lru_cache(maxsize=8192)
def _t2s_char(char: str) -> str:
    return convert(char, "t2s")


def fold_width(text: str) -> str:
    """Full-width Latin letters, digits and punctuation as ASCII (same length)."""
    return text.translate(_WIDTH_FOLD)


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def is_han(char: str) -> bool:
    return _HAN.match(char) is not None


@dataclass(frozen=True)
class Normalised:
    """Simplified, width-folded text and, where lengths differ, where each character came from."""

    text: str
    origins: tuple[int, ...] | None = None  # origins[i]: index in the original of text[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original."""
        if self.origins is None:
            return start, end
        return self.origins[start], self.origins[end - 1] + 1


def normalise(text: str) -> Normalised:
    """Traditional -> Simplified (OpenCC t2s) with width folding, offsets kept.

    OpenCC converts phrases, so the whole text is converted at once; if that changes the length,
    offsets cannot be trusted and each character is converted on its own instead.
    """
    folded = fold_width(text)
    converted = convert(folded, "t2s")
    if len(converted) == len(folded):
        return Normalised(converted)
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(folded):
        simple = _t2s_char(char) or char
        pieces.append(simple)
        origins.extend([index] * len(simple))
    return Normalised("".join(pieces), tuple(origins))


def normalise_form(form: str) -> str:
    """A glossary form as it is compared with normalised text."""
    return convert(fold_width(form), "t2s")
