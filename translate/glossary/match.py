"""Finding glossary terms in text.

English: whole words, per-entry case rules, plurals, possessives left outside the span, hyphen
and slash compounds, whitespace in a form matching any run of spaces or one line break.
Chinese: forms and text are both normalised (full-width folded, OpenCC t2s) so one entry serves
both scripts; offsets always refer to the original text. Across all candidates the longest span
wins; equal spans go to the entry with the higher priority.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from translate.core import Term
from translate.lang import Normalised, base_lang, has_han, normalise, normalise_form

_WS = r"(?:[^\S\r\n]*\r?\n[^\S\r\n]*|[^\S\r\n]+)"  # spaces, or one line break: never a blank line
_BREAK = r"(?:[^\S\r\n]*\r?\n[^\S\r\n]*)?"
_HYPHENS = "-\u2010\u2011\u2013"
_HYPHEN = rf"(?:[{regex.escape(_HYPHENS)}]{_BREAK})"
_APOSTROPHE = "['\u2019]"
_LEFT = r"(?<![\p{L}\p{N}_])(?<![\p{L}\p{N}]['\u2019])"  # not inside a word, nor O'Neill
_RIGHT = r"(?![\p{L}\p{N}_])"
# Inside Chinese text only Latin letters and digits can continue a Latin form: 说RCEP和 matches.
_LATIN_LEFT = r"(?<![\p{Latin}\p{N}_])"
_LATIN_RIGHT = r"(?![\p{Latin}\p{N}_])"
_PIECES = regex.compile(
    rf"\s+|[{regex.escape(_HYPHENS)}]|['\u2019]|[^\s'\u2019{regex.escape(_HYPHENS)}]+"
)
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"
_DASH = f"[{regex.escape(_DASHES)}]"
_ZH_GAP = r"[^\S\r\n]*(?:\r?\n[^\S\r\n]*)?"
_OPENERS = "\"'\u201c\u2018([\u00ab\u300c\u300e"
_CLOSERS = "\"'\u201d\u2019)]\u00bb\u300d\u300f"
_ENDERS = ".!?\u2026\u3002\uff01\uff1f"


@dataclass(frozen=True)
class Match:
    """One occurrence of a glossary entry: `text[start:end] == form`."""

    term: Term
    start: int
    end: int
    form: str  # as written in the text
    entry_form: str = ""  # the glossary form that matched (en, an alias, a Chinese form)


@dataclass(frozen=True)
class FormSpec:
    """A form to look for, the entry it belongs to, and its weight when spans tie."""

    term: Term
    form: str
    priority: int = 0


@dataclass(frozen=True)
class _Form:
    spec: FormSpec
    source: str  # the regex, compiled the first time a text could contain the form
    needs_start: bool  # smart case: a capitalised first letter is only valid at a sentence start


def glossary_lang(lang: str) -> str:
    """ "en", "en-GB" -> "en"; "zh", "zh-Hant", "zh-TW"... -> "zh"; nothing else."""
    base = base_lang(lang)
    if base not in ("en", "zh"):
        raise ValueError(f"unsupported language {lang!r}; glossaries match 'en' or 'zh' text")
    return base


def source_forms(term: Term, lang: str) -> tuple[str, ...]:
    """The forms of an entry that are looked for in text of `lang` (no blanks, no repeats)."""
    if glossary_lang(lang) == "en":
        forms: tuple[str, ...] = (term.en, *term.aliases)
    else:
        regional = tuple(form for _, form in term.regional)
        forms = (term.zh_hans, term.zh_hant, *regional, *term.zh_aliases)
        if term.dnt:
            forms += (term.en, *term.aliases)
    return tuple(dict.fromkeys(form for form in forms if form))


def at_sentence_start(text: str, pos: int) -> bool:
    """True at the start of the text, of a line, or after . ! ? (and closing quotes) + space."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0 or "\n" in text[j:i]:
        return True
    if j == i:
        return False
    while j > 0 and text[j - 1] in _CLOSERS:
        j -= 1
    return j > 0 and text[j - 1] in _ENDERS


def _plural_tail(form: str) -> tuple[int, str]:
    """(characters to drop from the form, pattern for the plural ending)."""
    if not form[-1].isalpha():
        return 0, ""
    if form[-1].isupper():
        return 0, "s?"  # acronyms: FTA -> FTAs
    low = form.casefold()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return 0, "(?:es)?"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return 1, "(?:y|ies)"
    return 0, "s?"


def _en_body(form: str) -> str:
    out = []
    for piece in _PIECES.findall(form):
        if piece.isspace():
            out.append(_WS)
        elif piece in _HYPHENS:
            out.append(_HYPHEN)
        elif piece in "'\u2019":
            out.append(_APOSTROPHE)
        else:
            out.append(regex.escape(piece))
    return "".join(out)


def en_pattern(form: str, case: str, plural: bool, in_chinese: bool = False) -> tuple[str, bool]:
    """The regex for an English form and whether a match may need a sentence start.
    `in_chinese`: the form sits in Chinese text (no sentence-case rule, Latin-only bounds)."""
    drop, tail = _plural_tail(form) if plural else (0, "")
    stem = form[: len(form) - drop]
    smart = case == "smart" and not in_chinese and stem[:1].islower()
    if smart:
        first = stem[0]
        body = f"[{regex.escape(first)}{regex.escape(first.upper())}]" + _en_body(stem[1:])
    else:
        body = _en_body(stem)
    body += tail
    if case == "insensitive":
        body = f"(?i:{body})"
    if in_chinese:
        return _LATIN_LEFT + body + _LATIN_RIGHT, False
    return _LEFT + body + _RIGHT, smart


def zh_pattern(form: str, insensitive: bool) -> str:
    """The regex for a Chinese form: optional spaces or one line break between characters
    (never inside a run of Latin letters or digits), any dash for a dash."""
    chars = [char for char in form if not char.isspace()]
    out = []
    for index, char in enumerate(chars):
        if index and not (_latin(chars[index - 1]) and _latin(char)):
            out.append(_ZH_GAP)
        out.append(_DASH if char in _DASHES else regex.escape(char))
    body = "".join(out)
    if insensitive:
        body = f"(?i:{body})"
    left = r"(?<![A-Za-z0-9])" if _latin(chars[0]) else ""
    right = r"(?![A-Za-z0-9])" if _latin(chars[-1]) else ""
    return left + body + right


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _en_keys(form: str, plural: bool) -> list[str] | None:
    first = _WORD.match(form)
    if first is None:
        return None
    key = first.group().casefold()
    keys = [key]
    if plural and first.end() == len(form):
        keys += [key + "s", key + "es", key[:-1] + "ies"]
    return keys


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    spec: FormSpec


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then priority, then leftmost; keep those that overlap nothing kept."""
    candidates.sort(key=lambda c: (c.start - c.end, -c.spec.priority, c.start))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Candidate] = []
    for candidate in candidates:
        i = bisect.bisect_right(starts, candidate.start)
        if i and ends[i - 1] > candidate.start:
            continue
        if i < len(starts) and starts[i] < candidate.end:
            continue
        starts.insert(i, candidate.start)
        ends.insert(i, candidate.end)
        chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return chosen


class Matcher:
    """Compiled forms for one language. `normalise=False` matches Chinese forms literally
    (used to verify that an exact target form is present in an output)."""

    def __init__(self, specs: Iterable[FormSpec], lang: str, *, normalise: bool = True) -> None:
        self.lang = glossary_lang(lang)
        self.normalise = normalise
        self._by_key: dict[str, list[_Form]] = {}
        self._always: list[_Form] = []
        self._compiled: dict[str, regex.Pattern[str]] = {}
        seen: set[tuple[str, str]] = set()
        for spec in specs:
            entry, keys = self._prepare(spec)
            if (spec.term.id, entry.source) in seen:
                continue
            seen.add((spec.term.id, entry.source))
            if keys is None:
                self._always.append(entry)
            for key in keys or ():
                self._by_key.setdefault(key, []).append(entry)

    def _prepare(self, spec: FormSpec) -> tuple[_Form, list[str] | None]:
        term = spec.term
        if self.lang == "en":
            pattern, smart = en_pattern(spec.form, term.case, term.plural)
            return _Form(spec, pattern, smart), _en_keys(spec.form, term.plural)
        form = normalise_form(spec.form) if self.normalise else spec.form
        if has_han(form):
            pattern = zh_pattern(form, term.case == "insensitive")
        else:
            pattern, _ = en_pattern(form, term.case, term.plural, in_chinese=True)
        first = next((c for c in form if not c.isspace()), "")
        key = None if not first or first in _DASHES else [first.casefold()]
        return _Form(spec, pattern, False), key

    def _pattern(self, source: str) -> regex.Pattern[str]:
        pattern = self._compiled.get(source)
        if pattern is None:
            pattern = self._compiled[source] = regex.compile(source)
        return pattern

    def _candidates(self, text: str) -> list[_Form]:
        if self.lang == "en":
            keys: Iterable[str] = {w.casefold() for w in _WORD.findall(text)}
        else:
            keys = set(text.casefold())
        found: dict[int, _Form] = {}
        for key in keys:
            for entry in self._by_key.get(key, ()):
                found[id(entry)] = entry
        return [*found.values(), *self._always]

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches sorted by start; offsets into `text`."""
        norm = normalise(text) if self.lang == "zh" and self.normalise else Normalised(text)
        haystack = norm.text
        candidates: list[_Candidate] = []
        for entry in self._candidates(haystack):
            first = entry.spec.form[:1]
            for found in self._pattern(entry.source).finditer(haystack):
                capitalised = found.group()[:1] != first
                if entry.needs_start and capitalised:
                    if not at_sentence_start(haystack, found.start()):
                        continue
                start, end = norm.span(found.start(), found.end())
                candidates.append(_Candidate(start, end, entry.spec))
        return [
            Match(c.spec.term, c.start, c.end, text[c.start : c.end], c.spec.form)
            for c in _resolve(candidates)
        ]


def specs_for(terms: Sequence[Term], lang: str, priorities: Sequence[int]) -> list[FormSpec]:
    """Every source form of every term, each with its term's priority."""
    return [
        FormSpec(term, form, priority)
        for term, priority in zip(terms, priorities, strict=True)
        for form in source_forms(term, lang)
    ]
