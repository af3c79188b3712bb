"""What the aligner knows about each sentence: its length, the character n-grams of its MT or of
itself, and its anchors (numbers, glossary terms, Latin-script names, quotes and brackets).

Everything here is per sentence and computed once; `search` combines sentences into beads.
Character n-grams stand in for chrF: a bead's similarity is an F-score over the n-grams its MT
shares with its target, so no tokenizer or model is needed (FIELD-NOTES: chrF is the better
sentence-level metric; Bleualign compares MT with the target the same way, with BLEU).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from translate.glossary import Glossary
from translate.lang import base_lang

_HAN = regex.compile(r"\p{Han}")
_LATIN_WORD = regex.compile(r"[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z]")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_NUMBER = regex.compile(r"\d(?:[\d,.]*\d)?")
_SPACE = regex.compile(r"\s+")
_OPEN_QUOTES = frozenset('“「『"')
_CLOSE_QUOTES = frozenset('”」』"')
_OPEN_BRACKETS = frozenset("(（[【〔")


@dataclass(frozen=True)
class Features:
    """One side of an alignment, sentence by sentence, ready for scoring."""

    lengths: tuple[int, ...]  # characters, spaces not counted
    grams: tuple[frozenset[str], ...]  # character n-grams of the text compared (MT or target)
    anchors: tuple[frozenset[str], ...]  # language-neutral anchor tokens

    def __len__(self) -> int:
        return len(self.lengths)


def is_chinese(lang: str) -> bool:
    return base_lang(lang) == "zh"


def text_length(text: str) -> int:
    return len(_SPACE.sub("", text))


def char_grams(text: str, lang: str) -> frozenset[str]:
    """Character n-grams for comparing two texts in `lang` (chrF-style, spaces removed).

    Chinese: single characters and pairs (a character carries a word's worth of meaning).
    Other languages: 2- to 4-grams inside lower-cased words with their boundaries, so that
    shared letters ("e", "t") that every English sentence has do not count as overlap.
    """
    grams: set[str] = set()
    if is_chinese(lang):
        chars = _SPACE.sub("", text.lower())
        for i, char in enumerate(chars):
            grams.add(char)
            if i + 1 < len(chars):
                grams.add(chars[i : i + 2])
        return frozenset(grams)
    for word in _WORD.findall(text.lower()):
        padded = f"<{word}>"
        for size in (2, 3, 4):
            for i in range(len(padded) - size + 1):
                grams.add(padded[i : i + size])
    return frozenset(grams)


def number_key(raw: str) -> str:
    """Digits that survive a change of unit: 6.71亿 and 671 million both give "671";
    4.8亿 and 480 million give "48"; 3,412 and 3412 give "3412"; 03 gives "3"."""
    digits = raw.replace(",", "").replace(".", "").lstrip("0").rstrip("0")
    return digits or "0"


def numbers(text: str) -> list[str]:
    return [number_key(m) for m in _NUMBER.findall(text)]


def latin_words(text: str) -> set[str]:
    """Latin-script words of a text (RCEP, H20, Facebook), case kept: "WHO" in Chinese text
    is the organisation, not the English pronoun."""
    return set(_LATIN_WORD.findall(text))


def quote_marks(text: str) -> list[str]:
    """Quotes and brackets as anchors: a quote that opens, one that closes, a bracket.

    A straight quote counts as opening at the start of a sentence or after a space."""
    marks: list[str] = []
    for i, char in enumerate(text):
        if char == '"':
            opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "(["
            marks.append("q:open" if opening else "q:close")
        elif char in _OPEN_QUOTES:
            marks.append("q:open")
        elif char in _CLOSE_QUOTES:
            marks.append("q:close")
        elif char in _OPEN_BRACKETS:
            marks.append("bracket")
    return marks


def _counted(tokens: Sequence[str]) -> frozenset[str]:
    """Tokens as a set that keeps repeats apart: two "2025"s are "2025", "2025#2"."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for token in tokens:
        seen[token] = seen.get(token, 0) + 1
        out.append(token if seen[token] == 1 else f"{token}#{seen[token]}")
    return frozenset(out)


@dataclass(frozen=True)
class AnchorOptions:
    """Which model-free signals to use (all by default; the bench switches them off one by one)."""

    numbers: bool = True
    terms: bool = True
    names: bool = True
    quotes: bool = True


def anchors(
    sentences: Sequence[str],
    lang: str,
    other: Sequence[str],
    other_lang: str,
    glossary: Glossary | None,
    options: AnchorOptions = AnchorOptions(),
) -> tuple[frozenset[str], ...]:
    """Anchor tokens of each sentence of one side; `other` is the whole other side, needed to
    know which Latin words of an English text also occur inside the Chinese one."""
    names: set[str] = set()
    if options.names and is_chinese(other_lang) and not is_chinese(lang):
        names = {w for s in other for w in latin_words(s)}
    result = []
    for text in sentences:
        tokens: list[str] = []
        if options.numbers:
            tokens += [f"n:{k}" for k in numbers(text)]
        if options.terms and glossary is not None and glossary.terms:
            tokens += [f"t:{m.term.id}" for m in glossary.find(text, _glossary_lang(lang))]
        if options.names:
            if is_chinese(lang):
                tokens += [f"w:{w}" for w in sorted(latin_words(text))]
            elif names:
                tokens += [f"w:{w}" for w in sorted(latin_words(text) & names)]
        if options.quotes:
            tokens += quote_marks(text)
        result.append(_counted(tokens))
    return tuple(result)


def _glossary_lang(lang: str) -> str:
    return "zh" if is_chinese(lang) else "en"


def features(
    sentences: Sequence[str],
    compared: Sequence[str] | None,
    compare_lang: str,
    anchor_sets: tuple[frozenset[str], ...],
) -> Features:
    """Features of one side. `compared` is what is compared by n-grams: the MT of a source
    side, the text itself of a target side, or None when there is no MT."""
    grams = (
        tuple(char_grams(t, compare_lang) for t in compared)
        if compared is not None
        else tuple(frozenset() for _ in sentences)
    )
    return Features(tuple(text_length(s) for s in sentences), grams, anchor_sets)


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None
