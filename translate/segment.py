"""Sentence segmentation with source offsets.

Spans are (start, end) into the text, trimmed of whitespace, in order, never overlapping, and
together they hold every non-whitespace character. A blank line always ends a sentence.

English: a full stop ends a sentence when whitespace and a capital (or digit, or opening
quote) follow, except after titles (Dr., Mr.), initials (J. R. R.), dotted abbreviations
(U.S., e.g.) unless a typical sentence opener follows, "No. 5" and "Jun. 20". Closing quotes
and brackets stay with the sentence they close. Decimals never split (no space follows the
dot). Chinese and Japanese: 。！？；… and runs of them end a sentence with no space needed.
Other languages use the English rules without the English abbreviation lists.

Sentences longer than `max_chars` are cut at a clause break (; : , — or a spaced "--";
the strongest that leaves a piece of at least half the limit, rightmost within its kind),
else at whitespace, else between graphemes; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from translate.core import Article, Segment

_CLOSERS = frozenset("\"'”’)]}»›」』）》〉】〕")
_OPENERS = frozenset("\"'“‘([{«‹「『（《〈【〔")
_CJK_LANGS = frozenset({"zh", "ja", "yue", "wuu", "cmn", "lzh"})
_ALWAYS_ENDS = frozenset("。！？｡．")  # CJK full stops end a sentence in any language
_CJK_ENDS = _ALWAYS_ENDS | frozenset("；…!?")
_CANDIDATE = regex.compile(r"[.!?…。！？；｡．]+|\n[^\S\n]*\n")
_DOTTED = regex.compile(r"(?:\p{L}\.)+\p{L}")  # U.S, e.g, a.m (the final dot is the candidate)
_INITIAL = regex.compile(r"\p{Lu}")
_CLAUSE_BREAK = regex.compile(r"[;:,—](?=\s)|[；：，、—]|\s--(?=\s)")
_TIERS = {";": 0, "；": 0, ":": 1, "：": 1, ",": 2, "，": 2, "、": 2}
_DASH_TIER = 3
_GRAPHEME = regex.compile(r"\X")
_NON_SPACE = regex.compile(r"\S+")

# English abbreviations that never end a sentence: a name or a number follows.
_TITLES = frozenset(
    "mr mrs ms dr prof st gen sen rep gov lt col capt sgt cmdr adm rev hon mt ft "
    "messrs mme mlle vs cf e.g i.e approx ca".split()
)
# Abbreviations that are not an ending when a number follows: "No. 5", "Jun. 20".
_BEFORE_NUMBER = frozenset(
    "no nos vol p pp art fig ch sec op tel ext jan feb mar apr jun jul aug sep sept oct "
    "nov dec".split()
)
# Abbreviations that often end a sentence: an ending only before a typical sentence opener.
_OFTEN_FINAL = frozenset("inc ltd co corp plc bros dept univ jr sr".split())
_OPENER_WORDS = frozenset(
    "The A An He She It They We I You This That These Those There Here But And Or So Yet "
    "In On At As For If When While After Before Since Its His Her Their Our My However "
    "Meanwhile Still Also Some Many Most According Officials Earlier Later Then Now What "
    "Why How Who Where Both Each All Such One Two Three".split()
)


def split_sentences(text: str, lang: str, max_chars: int = 400) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`; `lang` picks the rules ("en", "zh-Hant", ...)."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    base = lang.replace("_", "-").split("-")[0].lower()
    cjk, english = base in _CJK_LANGS, base == "en"
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*_boundaries(text, cjk, english), len(text)]:
        span = _trim(text, start, end)
        if span is not None:
            spans.extend(_limit(text, span[0], span[1], max_chars))
        start = end
    return spans


def segment_article(
    article: Article, paragraph_langs: Sequence[str], max_chars: int = 400
) -> tuple[Segment, ...]:
    """The article's sentences, numbered across the article, with offsets into article.text."""
    if len(paragraph_langs) != len(article.paragraphs):
        raise ValueError(
            f"{len(paragraph_langs)} languages for {len(article.paragraphs)} paragraphs"
        )
    segments: list[Segment] = []
    for paragraph, lang in zip(article.paragraphs, paragraph_langs, strict=True):
        for start, end in split_sentences(paragraph.text, lang, max_chars):
            segments.append(
                Segment(
                    article_id=article.id,
                    paragraph=paragraph.index,
                    index=len(segments),
                    text=paragraph.text[start:end],
                    start=paragraph.start + start,
                    end=paragraph.start + end,
                    lang=lang,
                )
            )
    return tuple(segments)


def _boundaries(text: str, cjk: bool, english: bool) -> Iterator[int]:
    """Offsets where a sentence ends (after its closing quotes), in order."""
    for match in _CANDIDATE.finditer(text):
        run = match.group()
        if run.startswith("\n"):
            yield match.start()
            continue
        if not cjk and run.strip("；") == "":  # a stray full-width semicolon in Latin text
            continue
        end = match.end()
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        if _ALWAYS_ENDS.intersection(run) or (cjk and _CJK_ENDS.intersection(run)):
            yield end
        elif (end == len(text) or text[end].isspace()) and _latin_ends(
            text, match.start(), run, end, english
        ):
            yield end


def _latin_ends(text: str, run_start: int, run: str, after: int, english: bool) -> bool:
    """Does a run of . ! ? … followed by whitespace end a sentence?"""
    following = _next_word(text, after)
    if not following:
        return True
    first = following[0]
    if first.islower():
        return False
    if "…" in run or ".." in run:
        return first.isupper()
    if run != ".":
        return True
    return not _is_abbreviation(_word_before(text, run_start), following, english)


def _is_abbreviation(word: str, following: str, english: bool) -> bool:
    """Is the full stop after `word` part of an abbreviation rather than an ending?"""
    opener = following.strip("".join(_CLOSERS) + ",;:") in _OPENER_WORDS
    if _INITIAL.fullmatch(word):  # J. R. R. Tolkien
        return True
    lower = word.lower()
    if english and lower in _TITLES:
        return True
    if _DOTTED.fullmatch(word):  # U.S. President (no end) / in the U.S. The (end)
        return not opener
    if not english:
        return False
    if lower in _BEFORE_NUMBER and following[0].isdigit():
        return True
    return lower in _OFTEN_FINAL and not opener


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("".join(_OPENERS))


def _next_word(text: str, pos: int) -> str:
    """The next whitespace-delimited word after `pos`, without opening quotes or brackets."""
    match = _NON_SPACE.search(text, pos)
    return match.group().lstrip("".join(_OPENERS)) if match else ""


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _limit(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Cut the trimmed span [start, end) into pieces of at most max_chars."""
    while end - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        piece = _trim(text, start, cut)
        if piece is not None:
            yield piece
        rest = _trim(text, cut, end)
        if rest is None:
            return
        start = rest[0]
    yield start, end


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut a piece starting at `start` so that it ends by `limit` (start < cut <= limit).

    The strongest clause break (; before : before , before a dash) that keeps the piece at
    least half the limit long, else the rightmost break of any kind, else the last space,
    else the last grapheme boundary.
    """
    breaks: list[tuple[int, int]] = []  # (tier, cut)
    for match in _CLAUSE_BREAK.finditer(text, start, min(limit + 1, len(text))):
        if start < match.end() <= limit:
            breaks.append((_TIERS.get(match.group().strip(), _DASH_TIER), match.end()))
    long_enough = [b for b in breaks if b[1] - start >= (limit - start) // 2]
    if long_enough:
        return min(long_enough, key=lambda b: (b[0], -b[1]))[1]
    if breaks:
        return max(cut for _, cut in breaks)
    for pos in range(min(limit, len(text) - 1), start, -1):
        if text[pos].isspace():
            return pos
    grapheme_end = start  # a hard cut, but never inside a character with its accents
    for match in _GRAPHEME.finditer(text, start):
        if match.end() > limit:
            break
        grapheme_end = match.end()
    return grapheme_end if grapheme_end > start else limit
