"""Sentence segmentation with source offsets.

Spans are (start, end) into the text, trimmed of whitespace, in order, never overlapping, and
together they hold every non-whitespace character. A blank line always ends a sentence.

English: a full stop ends a sentence when whitespace and a capital (or digit, or opening
quote) follow, except after titles (Dr., Mr.), middle initials (George W. Bush), dotted
abbreviations (U.S., e.g.) unless a typical sentence opener or a personal title follows,
"No. 5" and "Jun. 20". A single capital ends a sentence before an opener ("scored an A. The");
"a.m."/"p.m." end one unless a day, month or time zone follows, or the sentence opened with
the time ("At 5 a.m. Mr. Lee left."). Closing quotes and brackets stay with the sentence they
close. Decimals never split, full-width ones (2．4) included. Ellipses: "..." and "…" end a
sentence before a capital; spaced ". . ." marks an omission inside a sentence, ". . . ." ends
one, and "word. . . . Next" ends at the full stop, the omission opening the next sentence;
"[...]" never ends one. Inline lists ("1. a 2. b", "1.) a", "a. x b. y", bullets "•" "⁃")
start a sentence at each item, and a list number's dot ends nothing.

Chinese and Japanese: 。！？ and runs of them end a sentence with no space needed; a quoted
sentence followed by its attribution (“……。”他说。) stays whole. "……" alone and "；" are not
ends: "；" is where an over-long sentence is cut first. In any language, nothing inside a
title (《》〈〉) ends a sentence, nor inside a one-sentence quotation that follows a letter
(喊着“冲啊！”就跑). Other languages use the English rules without the English abbreviations.

Sentences longer than `max_chars` are cut at a clause break (; : , — or a spaced "--";
the strongest that leaves a piece of at least half the limit, rightmost within its kind),
else at whitespace, else between graphemes; nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import regex

from translate.core import Article, Segment
from translate.lang import base_lang

_CLOSERS = frozenset("\"'”’)]}»›」』）》〉】〕")
_OPENERS = frozenset("\"'“‘([{«‹「『（《〈【〔")
_OPENER_CHARS = "".join(_OPENERS)
_TRAILING = "".join(_CLOSERS) + ",;:"
_QUOTE_CLOSERS = frozenset("”’」』")
_CJK_LANGS = frozenset({"zh", "ja", "yue", "wuu", "cmn", "lzh"})
_ALWAYS_ENDS = frozenset("。！？｡．")  # CJK full stops end a sentence in any language
_CJK_ENDS = _ALWAYS_ENDS | frozenset("!?")
# A spaced ellipsis (". . .") first, so that its dots are one run, not three sentences.
_CANDIDATE = regex.compile(r"\.(?:[ \u00a0]\.){2,}|[.!?…。！？｡．]+|\n[^\S\n]*\n")
_DOTTED = regex.compile(r"(?:\p{L}\.)+\p{L}")  # U.S, e.g, a.m (the final dot is the candidate)
_INITIAL = regex.compile(r"\p{Lu}")
_CLAUSE_BREAK = regex.compile(r"[;:,—](?=\s)|[；：，、—]|\s--(?=\s)")
_TIERS = {";": 0, "；": 0, ":": 1, "：": 1, ",": 2, "，": 2, "、": 2}
_DASH_TIER = 3
_GRAPHEME = regex.compile(r"\X")
_NON_SPACE = regex.compile(r"\S+")

# Inline lists. A numbered or lettered item: "1." "2.)" "3)" "b." "１．", after the start,
# whitespace, a bullet or a colon/end mark; followed by whitespace (or Han text).
_BULLETS = "•⁃▪◦‣●"
_BULLET = regex.compile(r"(?<!\S)[•⁃▪◦‣●]")
_MARKER = regex.compile(
    r"(?<![^\s•⁃▪◦‣●:：;；.!?。！？])(?:(\d{1,2})|([a-z]))(\.\)|[.)．])(?=\s|\p{Han})"
)
# Items that no end mark announces ("1) x 2) y", "• x"); re, as a plain character class
# scans faster with it than with regex.
_LIST_HINT = re.compile(r"[•⁃▪◦‣●)]")
_LIST_OPENS_AFTER = frozenset(":：;；.!?。！？•⁃▪◦‣●")
_ITEM_JOINED_BY = frozenset(",;:，；：、")  # "three parts: 1. cut taxes; 2. ..." is one list
_WORD = regex.compile(r"\w")

# Titles and quotations (no nesting of the same mark, one line, a sane length).
_TITLE = regex.compile(r"《[^《》\n]{1,80}》|〈[^〈〉\n]{1,80}〉")
_QUOTE = regex.compile(
    r"“[^“”\n]{1,200}”|「[^「」\n]{1,200}」|『[^『』\n]{1,200}』|‘[^‘’\n]{1,200}’"
)
_MAYBE_QUIET = regex.compile(r"[《〈“「『‘]")
# A short attribution after a quoted sentence: “……。”王毅说。 / “……。”他说，“……”
_ATTRIBUTION = regex.compile(
    r"[^\s。！？，,：:“”「」『』没沒不未]{0,12}?"
    r"(?:说|說|表示|指出|称|稱|强调|強調|介绍|介紹|问|問|答|写道|寫道|透露|坦言|直言|回应|回應)道?"
    r"(?=[。！？]|[，,]\s*[“「『])"
)

# English abbreviations that never end a sentence: a name or a number follows.
_TITLES = frozenset(
    "mr mrs ms mdm dr prof st gen sen rep gov pte lt col capt sgt cmdr adm rev hon mt ft "
    "messrs mme mlle vs cf e.g i.e approx ca".split()
)
_PERSONAL_TITLES = frozenset("Mr. Mrs. Ms. Dr. Prof. Messrs.".split())  # they open sentences
# Abbreviations that are not an ending when a number follows: "No. 5", "Jun. 20".
_BEFORE_NUMBER = frozenset(
    "no nos n° vol p pp art fig ch sec op tel ext jan feb mar apr jun jul aug sep sept oct "
    "nov dec".split()
)
# Abbreviations that often end a sentence: an ending only before a typical sentence opener.
_OFTEN_FINAL = frozenset("inc ltd co corp plc bros dept univ jr sr".split())
_OPENER_WORDS = frozenset(
    "The A An He She It They We I You This That These Those There Here But And Or So Yet "
    "In On At As For If When While After Before Since Its His Her Their Our My However "
    "Meanwhile Still Also Some Many Most According Officials Earlier Later Then Now What "
    "Why How Who Where Both Each All Such One Two Three Did Do Does Is Are Was Were Will "
    "Would Can Could Should Has Have Had Not No Yes Last Next Despite During Although".split()
)
_PRONOUN_I = frozenset("I I'm I’m I've I’ve I'd I’d I'll I’ll".split())
_TIMES = frozenset({"a.m", "p.m"})
# After "9 p.m.", a capital that carries on the time expression rather than opening a sentence.
_TIME_GOES_ON = regex.compile(
    r"\s+[\"'“‘(]?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Jan|Feb|Mar|Apr|May|Jun|Jul|"
    r"Aug|Sep|Oct|Nov|Dec|[ECMP][SD]?T|GMT|UTC|BST|CET|SGT|HKT|JST|KST|Eastern|Central|"
    r"Mountain|Pacific|\p{Lu}\p{L}+\s+time)\b"
)
_FRONTED_TIME = regex.compile(
    r"(?:^|[.!?][\"'”’)]*\s+)(?:At|By|Around|About|Before|After|Until|Since|From)\s+"
    r"\d{1,2}(?:[:.]\d{2})?\s+$"
)


def split_sentences(text: str, lang: str, max_chars: int = 400) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`; `lang` picks the rules ("en", "zh-Hant", ...)."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    base = base_lang(lang)
    cjk, english = base in _CJK_LANGS, base == "en"
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*_boundaries(text, cjk, english), len(text)]:
        span = _trim(text, start, end)
        if span is not None and span[1] - span[0] <= max_chars:
            spans.append(span)
        elif span is not None:
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


def _boundaries(text: str, cjk: bool, english: bool) -> list[int]:
    """Offsets where a sentence ends (after its closing quotes), in increasing order."""
    skip = _quiet_marks(text) if _MAYBE_QUIET.search(text) else set()
    items = _list_items(text) if _LIST_HINT.search(text) else None
    if items:
        skip |= items[0]
    found: list[int] = []
    for match in _CANDIDATE.finditer(text):
        start: int = match.start()
        if items is None and _may_number_an_item(text, start):
            items = _list_items(text)
            skip |= items[0]
        if start in skip:
            continue
        end = _candidate_end(text, start, match.end(), cjk, english)
        if end is not None:
            found.append(end)
    if items and items[1]:  # where list items start, merged in
        return sorted({*found, *items[1]})
    return found


def _may_number_an_item(text: str, dot: int) -> bool:
    """Could the end mark at `dot` follow a list number or letter ("2. x", "b. y", "１．加")?

    A cheap test, true for every list dot, so that most paragraphs skip the list search.
    """
    if text[dot] not in ".．":
        return False
    after = text[dot + 1 : dot + 2]
    if not (after.isspace() or after == ")" or (after.isalpha() and not after.isascii())):
        return False
    first = dot
    while first > 0 and dot - first < 3 and text[first - 1].isdigit():
        first -= 1
    if first == dot and dot and "a" <= text[dot - 1] <= "z":
        first -= 1
    return 0 < dot - first < 3 and (first == 0 or not text[first - 1].isalnum())


def _candidate_end(text: str, start: int, end: int, cjk: bool, english: bool) -> int | None:
    """Where the sentence ends if the candidate mark text[start:end] ends it, else None."""
    run = text[start:end]
    if run[0] in "。！？":  # the common Chinese case: no decimal, omission or abbreviation
        return _past_closers(text, end, cjk)
    if run[0] == "\n":
        return start
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() and after.isdigit():  # 84．32, 2．4 percent
        return None
    if before and before in "[(" and after and after in "])":  # "[...]": an omission
        return None
    if " " in run or "\u00a0" in run:
        return _spaced_ellipsis_end(text, start, end, bool(before) and not before.isspace())
    if not _ALWAYS_ENDS.isdisjoint(run) or (cjk and not _CJK_ENDS.isdisjoint(run)):
        return _past_closers(text, end, cjk)
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    if (end == len(text) or text[end].isspace()) and _latin_ends(text, start, run, end, english):
        return end
    return None


def _past_closers(text: str, end: int, cjk: bool) -> int | None:
    """The end of a sentence whose end mark stops at `end`: after its closing quotes and
    brackets; None where a Chinese attribution follows the quotation (“……。”他说。)."""
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    if cjk and text[end - 1] in _QUOTE_CLOSERS and _ATTRIBUTION.match(text, end):
        return None
    return end


def _spaced_ellipsis_end(text: str, start: int, end: int, attached: bool) -> int | None:
    """Where ". . ." or ". . . ." (from start to end) ends a sentence, if it does.

    Spaced after a word, four dots are a full stop and then an omission that opens the next
    sentence ("compounds. . . . The"); set off by spaces, three dots mark an omission inside
    the sentence and four end it.
    """
    dots = text.count(".", start, end)
    closed = end
    while closed < len(text) and text[closed] in _CLOSERS:
        closed += 1
    following = _next_word(text, closed)
    if not following or not following[0].isupper():
        return None
    if attached and dots >= 4 and closed == end:
        return start + 1
    return closed if attached or dots >= 4 else None


def _latin_ends(text: str, run_start: int, run: str, after: int, english: bool) -> bool:
    """Does a run of . ! ? … followed by whitespace end a sentence?"""
    following = _next_word(text, after)
    if not following:
        return True
    first = following[0]
    if first.islower():
        return False
    if "…" in run or ".." in run:  # "I" is a capital anywhere: no sign of a new sentence
        return first.isupper() and following.rstrip(_TRAILING) not in _PRONOUN_I
    if run != ".":
        return True
    return not _is_abbreviation(text, run_start, following, english)


def _is_abbreviation(text: str, dot: int, following: str, english: bool) -> bool:
    """Is the full stop at `dot`, before the word `following`, part of an abbreviation?"""
    word = _word_before(text, dot)
    bare = following.rstrip(_TRAILING)
    opener = bare in _OPENER_WORDS or bare in _PERSONAL_TITLES
    if _INITIAL.fullmatch(word):  # J. R. R. Tolkien, George W. Bush / "scored an A. The"
        return not opener
    lower = word.lower()
    if english and lower in _TITLES:
        return True
    if english and lower in _TIMES:  # "at 9 p.m. Mr. Lee" ends; "9 p.m. Tuesday" goes on
        return bool(
            _TIME_GOES_ON.match(text, dot + 1) or _FRONTED_TIME.search(text[: dot - len(word)])
        )
    if _DOTTED.fullmatch(word):  # U.S. President (no end) / in the U.S. The (end)
        return not opener
    if not english:
        return False
    if lower in _BEFORE_NUMBER and following[0].isdigit():
        return True
    return lower in _OFTEN_FINAL and not opener


def _list_items(text: str) -> tuple[set[int], list[int]]:
    """Inline list items: the offsets of their numbers' dots, and where each item starts.

    A numbered or lettered run counts from 1 (or a) after the start, a colon or an end mark,
    item by item with words between ("1. x 2. y", "a) x b) y"); a paragraph may open with a
    lone number ("3. Cut taxes."); anything after a bullet is an item.
    """
    dots: set[int] = set()
    starts = [m.start() for m in _BULLET.finditer(text)]
    # style -> (value, end, first item's dot, first item's start if it opens a sentence, or -1)
    runs: dict[tuple[bool, str], tuple[int, int, int, int]] = {}
    for m in _MARKER.finditer(text):
        style = (m.group(1) is not None, m.group(3).replace("．", "."))
        value = int(m.group(1)) if style[0] else ord(m.group(2)) - ord("a") + 1
        mark = _mark_before(text, m.start())
        run = runs.get(style)
        hugs_text = not text[m.end()].isspace()  # "1．加强合作": Han follows with no space
        if not mark or mark in _BULLETS or hugs_text:  # opening the paragraph, after a bullet
            dots.add(m.start(3))
            runs[style] = (value, m.end(), m.start(3), -1)
        elif run and run[0] + 1 == value and _WORD.search(text, run[1], m.start()):
            dots.update((run[2], m.start(3)))
            joined = mark in _ITEM_JOINED_BY or _word_before(text, m.start() - 1) in ("and", "or")
            starts.extend(s for s in (run[3], -1 if joined else m.start()) if s >= 0)
            runs[style] = (value, m.end(), run[2], -1)
        elif value == 1 and mark in _LIST_OPENS_AFTER:
            runs[style] = (value, m.end(), m.start(3), -1 if mark in _ITEM_JOINED_BY else m.start())
    return dots, starts


def _mark_before(text: str, pos: int) -> str:
    """The last non-space character before `pos` ("" at the start)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos else ""


def _quiet_marks(text: str) -> set[int]:
    """Offsets of end marks that end nothing: inside a title (《摔跤吧！爸爸》), or inside a
    quotation of at most one sentence that follows a letter (他高喊“冲啊！”就跑了)."""
    quiet: set[int] = set()
    for pattern in (_TITLE, _QUOTE):
        for m in pattern.finditer(text):
            open_, close = m.start(), m.end() - 1
            runs = list(_CANDIDATE.finditer(text, open_ + 1, close))
            if pattern is _QUOTE:
                ends = [r for r in runs if not _CJK_ENDS.isdisjoint(r.group())]
                in_sentence = open_ > 0 and text[open_ - 1].isalnum()
                if not in_sentence or len(ends) > 1 or (ends and ends[0].end() != close):
                    continue
            quiet.update(r.start() for r in runs)
    return quiet


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENER_CHARS)


def _next_word(text: str, pos: int) -> str:
    """The next whitespace-delimited word after `pos`, without opening quotes or brackets."""
    match = _NON_SPACE.search(text, pos)
    return match.group().lstrip(_OPENER_CHARS) if match else ""


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
