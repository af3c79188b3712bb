"""Language tags: one place for "tag -> base language" and "language -> the tag its text is
written in". Bottom-level: imports nothing from the package."""

from __future__ import annotations


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
