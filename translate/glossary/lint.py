"""Glossary lint: what would make matching or rendering wrong (errors) or untrustworthy
(warnings). Errors make `translate glossary lint` exit 1 and make `load_glossaries` (so
`translate run`) refuse the files: both run `check`. Warnings alone exit 0."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import regex

from translate.core import Term
from translate.errors import EXIT_ERROR, EXIT_OK
from translate.glossary.format import (
    REGIONAL,
    ParsedFile,
    Problem,
    line_of,
    parse_file,
    path_of,
    term_cells,
)
from translate.glossary.match import source_forms
from translate.glossary.model import Glossary, layer
from translate.lang import convert, normalise_form

__all__ = ["Problem", "check", "exit_code", "lint"]

_HYPHENS = regex.compile(r"[\-\u2010\u2011\u2013]")
_DASHES = regex.compile(r"[\-\u2010-\u2015\u2212\uff0d]")
_SEVERITY = {"error": 0, "warning": 1}


def _at(term: Term, severity: str, message: str) -> Problem:
    return Problem(severity, path_of(term), line_of(term), message)


def _en_key(form: str) -> str:
    return str(_HYPHENS.sub("-", " ".join(form.split()))).replace("\u2019", "'")


def _zh_key(form: str) -> str:
    return str(_DASHES.sub("-", "".join(normalise_form(form).split())))


def _targets(term: Term) -> tuple[object, ...]:
    return (term.zh_hans, term.zh_hant, term.regional, term.dnt)


def _owners(forms: Iterable[tuple[Term, str, str]]) -> list[list[tuple[Term, str]]]:
    """Groups of (term, form) sharing a key, where more than one entry shares it."""
    groups: dict[str, dict[str, tuple[Term, str]]] = defaultdict(dict)
    for term, form, key in forms:
        groups[key].setdefault(term.id, (term, form))
    return [list(group.values()) for group in groups.values() if len(group) > 1]


def _check_overrides(parsed: Sequence[ParsedFile]) -> list[Problem]:
    seen: dict[str, Term] = {}
    problems = []
    watched = ("en", "zh-Hans", "zh-Hant", *REGIONAL, "status")
    for one in parsed:
        for term in one.terms:
            previous = seen.get(term.id)
            seen[term.id] = term
            if previous is None or path_of(previous) == path_of(term):
                continue
            old, new = term_cells(previous), term_cells(term)
            changed = ", ".join(c for c in watched if old[c] != new[c])
            if changed:
                message = (
                    f"overrides {term.id!r} from {previous.origin} ({changed} changed); "
                    "fine for a desk glossary, otherwise give this entry its own id"
                )
                problems.append(_at(term, "warning", message))
    return problems


def _check_sources(active: Sequence[Term]) -> tuple[list[Problem], set[str]]:
    """A source form in two entries: which id gets reported would depend on the order."""
    forms = [(t, f, _en_key(f)) for t in active for f in source_forms(t, "en")]
    problems = []
    keys: set[str] = set()
    for group in _owners(forms):
        (first, first_form), rest = group[0], group[1:]
        keys.add(_en_key(first_form))
        for term, form in rest:
            if _targets(term) == _targets(first):
                fix = "the targets agree: merge the rows (move the form to en_aliases)"
            else:
                ours, theirs = term.zh_hans or term.en, first.zh_hans or first.en
                fix = f"the targets differ ({ours} vs {theirs}): keep the form in one entry"
            message = f"source {form!r} is also a form of {first.id!r} ({first.origin}); {fix}"
            problems.append(_at(term, "error", message))
    return problems, keys


def _check_case_only(active: Sequence[Term], duplicates: set[str]) -> list[Problem]:
    by_fold: dict[str, list[tuple[Term, str]]] = defaultdict(list)
    for term in active:
        for form in source_forms(term, "en"):
            if _en_key(form) not in duplicates:
                by_fold[_en_key(form).casefold()].append((term, form))
    problems = []
    for group in by_fold.values():
        first, first_form = group[0]
        for term, form in group[1:]:
            if term.id == first.id or "insensitive" in (term.case, first.case):
                continue  # the shadowing check decides when one entry is insensitive
            message = (
                f"{form!r} differs only in case from {first_form!r} ({first.id}, "
                f"{first.origin}); make sure both are meant, with case exact or smart"
            )
            problems.append(_at(term, "warning", message))
    return problems


def _shadow_message(form: str, winner: Term | None) -> str:
    if winner is None:
        return (
            f"{form!r} does not match its own text; check its leading and trailing "
            "punctuation and its case rule"
        )
    return (
        f"{form!r} can never match: {winner.id!r} ({winner.origin}) matches the same text "
        "and wins (approved beats proposed, then the later entry); remove the form or merge "
        "the entries"
    )


def _check_shadowed(glossary: Glossary, active: Sequence[Term], skip: set[str]) -> list[Problem]:
    """A form is shadowed only when it can never match: another entry takes exactly its text.
    A form inside a longer one ("ASEAN" in "ASEAN Secretary-General") still matches alone."""
    problems = []
    for term in active:
        for form in source_forms(term, "en"):
            if _en_key(form) in skip:
                continue
            whole = [m for m in glossary.find(form, "en") if (m.start, m.end) == (0, len(form))]
            if not whole or whole[0].term.id != term.id:
                winner = whole[0].term if whole else None
                problems.append(_at(term, "error", _shadow_message(form, winner)))
    return problems


def _check_zh_shared(active: Sequence[Term]) -> list[Problem]:
    forms = [(t, f, _zh_key(f)) for t in active for f in source_forms(t, "zh")]
    problems = []
    for group in _owners(forms):
        first, _ = group[0]
        for term, form in group[1:]:
            message = (
                f"Chinese form {form!r} also belongs to {first.id!r} ({first.origin}); "
                "Chinese to English cannot tell which to use — keep it in one entry"
            )
            problems.append(_at(term, "error", message))
    return problems


def _check_dnt(term: Term) -> list[Problem]:
    if term.zh_hans and term.zh_hans != term.en:
        message = (
            f"dnt keeps {term.en!r} in Chinese, so zh-Hans {term.zh_hans!r} is never "
            "used; empty the cell or set dnt to no"
        )
        return [_at(term, "warning", message)]
    return []


def _check_scripts(term: Term) -> list[Problem]:
    if term.dnt:
        return _check_dnt(term)
    problems = []
    expected = convert(term.zh_hans, "s2t")
    back = convert(term.zh_hant, "t2s")
    if not term.zh_hant:
        message = (
            f"no zh-Hant form; Traditional output will carry OpenCC's {expected!r} — "
            "write the form into zh-Hant (check it: OpenCC over-converts names)"
        )
        problems.append(_at(term, "warning", message))
    elif back != term.zh_hans:
        # Only t2s is checked: s2t picks one of several variants (秘/祕, 台/檯) and would
        # fire on correct entries.
        message = (
            f"zh-Hant {term.zh_hant!r} is not the Traditional form of zh-Hans "
            f"{term.zh_hans!r} (OpenCC t2s gives {back!r}, s2t gives {expected!r}); fix "
            "it, or keep it if it is a deliberate regional word or a name"
        )
        problems.append(_at(term, "warning", message))
    singapore = dict(term.regional).get("zh-SG", "")
    if singapore and convert(singapore, "t2s") != singapore:
        message = (
            f"zh-SG {singapore!r} has Traditional characters; Singapore prints "
            f"Simplified ({convert(singapore, 't2s')!r})"
        )
        problems.append(_at(term, "warning", message))
    return problems


def _check_aliases(term: Term) -> list[Problem]:
    problems = []
    for kind, preferred, aliases in (
        ("en", term.en, term.aliases),
        ("zh", term.zh_hans, term.zh_aliases),
    ):
        seen = {preferred}
        for alias in aliases:
            if alias in seen:
                message = f"{kind} alias {alias!r} repeats a form of the same entry; delete it"
                problems.append(_at(term, "warning", message))
            seen.add(alias)
    return problems


def _check_deprecated(glossary: Glossary) -> list[Problem]:
    problems = []
    for term in glossary.terms:
        if term.status != "deprecated":
            continue
        flagged = any(
            m.term.id == term.id
            for lang in ("en", "zh")
            for form in source_forms(term, lang)
            for m in glossary.deprecated_in(form, lang)
        )
        if not flagged:
            message = (
                "deprecated entry flags nothing: every form is also used by an approved "
                "or proposed entry; give it the old rendering that should be flagged"
            )
            problems.append(_at(term, "warning", message))
    return problems


def _check_overlaps(active: Sequence[Term]) -> list[Problem]:
    """'President Xi' + 'Xi Jinping' in 'President Xi Jinping': the longer wins and the rest of
    the name is left untranslated unless an entry covers the whole."""
    forms = [(t, f, tuple(f.casefold().split())) for t in active for f in source_forms(t, "en")]
    known = {words for _, _, words in forms}
    by_prefix: dict[tuple[str, ...], list[tuple[Term, str, tuple[str, ...]]]] = defaultdict(list)
    for term, form, words in forms:
        for k in range(1, len(words)):
            by_prefix[words[:k]].append((term, form, words))
    problems = []
    for term, form, words in forms:
        for k in range(1, len(words)):
            for other, other_form, other_words in by_prefix.get(words[-k:], ()):
                if other.id == term.id or words + other_words[k:] in known:
                    continue
                joined = " ".join(form.split()[:-k] + other_form.split())
                message = (
                    f"{form!r} ({term.id}) and {other_form!r} overlap in {joined!r}: the "
                    "longer match wins and leaves the rest untranslated; add an entry "
                    f"for {joined!r}"
                )
                problems.append(_at(other, "warning", message))
    return problems


def lint(paths: Sequence[Path | str]) -> list[Problem]:
    """Every problem in the given glossary files, layered as `load_glossaries` layers them,
    sorted by file (in the order given), line and severity."""
    return check([parse_file(path) for path in paths])


def check(parsed: Sequence[ParsedFile], *, warnings: bool = True) -> list[Problem]:
    """The lint checks over parsed files. `load_glossaries` runs the error checks through
    here too (warnings=False skips the checks that can only warn), so that a run refuses
    exactly what lint rejects."""
    glossary = Glossary(layer(parsed))
    active = [t for t in glossary.terms if t.status != "deprecated"]
    problems = [p for one in parsed for p in one.problems]
    source_problems, duplicates = _check_sources(active)
    problems += source_problems
    problems += _check_shadowed(glossary, active, duplicates)
    problems += _check_zh_shared(active)
    if warnings:
        problems += _check_overrides(parsed)
        problems += _check_case_only(active, duplicates)
        for term in active:
            problems += _check_scripts(term) + _check_aliases(term)
        problems += _check_deprecated(glossary)
        problems += _check_overlaps(active)
    order = {one.path: index for index, one in enumerate(parsed)}
    return sorted(
        problems,
        key=lambda p: (
            order.get(p.path, len(order)),
            p.line,
            _SEVERITY.get(p.severity, 2),
            p.message,
        ),
    )


def exit_code(problems: Iterable[Problem]) -> int:
    """1 (EXIT_ERROR) when any problem is an error, else 0 — warnings never fail lint."""
    return EXIT_ERROR if any(p.severity == "error" for p in problems) else EXIT_OK
