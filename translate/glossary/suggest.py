"""Candidate glossary entries from a corpus: acronyms, capitalised multi-word names and titles
with names that the glossary does not cover yet, ranked by how many articles use them.

Pure functions: the engine's current rendering is passed in by the caller (`glossary suggest`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import regex

from translate.core import Term
from translate.glossary.exchange import slug
from translate.glossary.format import COLUMNS, term_cells
from translate.glossary.model import Glossary

TITLES: tuple[str, ...] = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Premier",
    "Vice Premier", "Secretary-General", "Deputy Secretary-General", "Director-General",
    "Foreign Minister", "Minister", "Chairman", "Chairwoman", "Chair", "CEO", "Ambassador",
    "Governor", "Mayor", "Senator", "Spokesperson", "Spokesman", "King", "Queen", "Prince",
    "Sultan", "General", "Professor", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.",
)  # fmt: skip
CONNECTORS = frozenset({"of", "for", "the", "and", "on", "in", "de", "da", "van", "von", "bin"})
# Capitalised only because they start a sentence; never the first word of a name.
STARTERS = frozenset(
    "The A An In On At As But And According For With From By Since After Before During While "
    "When This That These Those It Its He She They We Our His Her Their Today Regarding Of So "
    "Again Second Third Also Meanwhile However Last Next Agreeing If Under Over Some All".split()
)
_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*[\p{L}\p{N}.]|[\p{L}\p{N}]")
_ACRONYM = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}\p{N}&]*[\p{Lu}\p{N}])s?(?![\p{L}\p{N}])")
_ROMAN = regex.compile(r"[IVXLC]+")
_NOISE = frozenset({"AM", "PM", "OK"})
_KINDS = {"title+name": 0, "name": 1, "acronym": 2}


@dataclass(frozen=True)
class Candidate:
    form: str
    kind: str  # "acronym" | "name" | "title+name"
    count: int  # occurrences in all articles
    articles: int  # articles it occurs in
    contexts: tuple[str, ...] = ()  # a few "...text..." snippets
    expansion: str = ""  # an acronym's long form written next to it: "... Partnership (RCEP)"


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return "…" + " ".join(text[max(0, start - width) : end + width].split()) + "…"


def _expansion(text: str, start: int, acronym: str) -> str:
    """The words before "(ACRONYM)" whose initials spell it, connectors skipped."""
    before = text[:start].rstrip()
    if not before.endswith("("):
        return ""
    words = before[:-1].split()
    picked: list[str] = []
    initials = ""
    while words and len(initials) < len(acronym):
        word = words.pop()
        picked.insert(0, word)
        if word.casefold() not in CONNECTORS:
            initials = word[0] + initials
    return " ".join(picked) if initials.casefold() == acronym.casefold() else ""


def _acronyms(text: str) -> Iterable[tuple[str, str, int, int]]:
    for found in _ACRONYM.finditer(text):
        form = found.group(1)
        if form in _NOISE or _ROMAN.fullmatch(form) or sum(c.isalpha() for c in form) < 1:
            continue
        yield form, "acronym", found.start(1), found.end(1)


_Token = tuple[str, int, int]  # text, start, end


def _tokens(text: str) -> Iterable[_Token]:
    """Words, with a final full stop dropped unless the word is an abbreviation (Dr., U.S.)."""
    for found in _TOKEN.finditer(text):
        word, start, end = found.group(), found.start(), found.end()
        if word.endswith(".") and word not in TITLES and "." not in word[:-1]:
            word, end = word[:-1], end - 1
        yield word, start, end


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _runs(text: str) -> Iterable[list[_Token]]:
    """Runs of capitalised words joined by single spaces or connectors, split where "and" joins
    two names."""
    run: list[_Token] = []
    for token in [*_tokens(text), ("", len(text) + 1, len(text) + 1)]:
        word, start, _ = token
        gap = text[run[-1][2] : start] if run else ""
        joins = _capital(word) or word in CONNECTORS or word[:1].isdigit()  # Area 3.0
        if run and gap == " " and joins:
            run.append(token)
            continue
        yield from _split_and(run)
        run = [token] if _capital(word) else []


def _split_and(run: list[_Token]) -> Iterable[list[_Token]]:
    words = [word for word, _, _ in run]
    if "and" in words:
        cut = words.index("and")
        rest = words[cut + 1 :]
        # "ADB and the World Bank", "ASEAN and China": two names; "Belt and Road Initiative": one
        if not rest or rest[0] in CONNECTORS or sum(map(_capital, rest)) < 2:
            yield run[:cut]
            yield from _split_and(run[cut + 1 :])
            return
    if run:
        yield run


def _trim(run: list[_Token]) -> list[_Token]:
    while run and (run[0][0] in STARTERS or run[0][0] in CONNECTORS or run[0][0][:1].isdigit()):
        run = run[1:]
    while run and run[-1][0] in CONNECTORS | STARTERS:
        run = run[:-1]
    return run


def _title_at(words: Sequence[str], index: int) -> int:
    """How many words a title starting at `index` spans (0: none)."""
    for title in TITLES:
        parts = title.split()
        if list(words[index : index + len(parts)]) == parts:
            return len(parts)
    return 0


def _names(text: str) -> Iterable[tuple[str, str, int, int]]:
    for run in map(_trim, _runs(text)):
        capitals = [word for word, _, _ in run if _capital(word)]
        if len(capitals) < 2 or len(capitals) > 6:
            continue
        start, end = run[0][1], run[-1][2]
        words = [word for word, _, _ in run]
        if _title_at(words, 0):
            yield text[start:end], "title+name", start, end
            continue
        yield text[start:end], "name", start, end
        for index in range(1, len(run) - 1):
            size = _title_at(words, index)
            if size and index + size < len(run):
                yield text[run[index][1] : end], "title+name", run[index][1], end
                break


def _covered(form: str, glossary: Glossary | None) -> bool:
    if glossary is None:
        return False
    spans = [(m.start, m.end) for m in glossary.find(form, "en")]
    return all(any(s <= i < e for s, e in spans) for i, c in enumerate(form) if c.isalnum())


def extract_candidates(
    articles: Mapping[str, str] | Sequence[tuple[str, str]],
    glossary: Glossary | None = None,
    *,
    min_articles: int = 1,
    limit: int | None = None,
) -> list[Candidate]:
    """Candidates over articles (id -> text), most widespread first (articles, then count)."""
    items = articles.items() if isinstance(articles, Mapping) else articles
    counts: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    contexts: dict[tuple[str, str], list[str]] = defaultdict(list)
    expansions: dict[str, str] = {}
    for article_id, text in items:
        for form, kind, start, end in [*_acronyms(text), *_names(text)]:
            key = (form, kind)
            counts[key] += 1
            where[key].add(article_id)
            if len(contexts[key]) < 3:
                contexts[key].append(_context(text, start, end))
            if kind == "acronym" and form not in expansions:
                expansions[form] = _expansion(text, start, form)
    found = [
        Candidate(
            form,
            kind,
            counts[(form, kind)],
            len(where[(form, kind)]),
            tuple(contexts[(form, kind)]),
            expansions.get(form, ""),
        )
        for form, kind in counts
        if len(where[(form, kind)]) >= min_articles and not _covered(form, glossary)
    ]
    found.sort(key=lambda c: (-c.articles, -c.count, _KINDS[c.kind], c.form))
    return found[:limit] if limit is not None else found


def candidate_term(candidate: Candidate, rendering: str, term_id: str) -> Term:
    """A proposed entry for a candidate; `rendering` is the engine's current zh-Hans output."""
    note = f"suggested: {candidate.count} times in {candidate.articles} article(s)"
    if candidate.expansion:
        note += f"; written out as {candidate.expansion!r}"
    return Term(
        id=term_id,
        en=candidate.form,
        zh_hans=rendering,
        zh_hant="",
        case="exact" if candidate.kind == "acronym" else "smart",
        plural=candidate.kind == "acronym",
        status="proposed",
        note=" ".join(note.split()),
    )


def suggest_rows(
    candidates: Iterable[Candidate],
    renderings: Mapping[str, str],
    glossary: Glossary | None = None,
) -> str:
    """Ready-to-paste TSV rows (status proposed), columns in the v1 order. A candidate without a
    rendering comes out commented ("# ") so pasting it cannot break the file."""
    taken = {term.id for term in glossary.terms} if glossary else set()
    lines = []
    for candidate in candidates:
        rendering = " ".join(renderings.get(candidate.form, "").split())
        term_id = slug(candidate.form, taken)
        cells = term_cells(candidate_term(candidate, rendering, term_id))
        row = "\t".join(cells[column] for column in COLUMNS)
        lines.append(row if rendering else "# " + row)
    return "\n".join(lines) + ("\n" if lines else "")
