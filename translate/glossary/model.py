"""The Glossary: layered entries from one or more files, and the lookups the pipeline makes."""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from translate.core import Term
from translate.errors import GlossaryError
from translate.glossary.format import ParsedFile, parse_file
from translate.glossary.match import (
    FormSpec,
    Match,
    Matcher,
    glossary_lang,
    source_forms,
    specs_for,
)
from translate.lang import normalise_form

_T = TypeVar("_T")


@dataclass(frozen=True)
class Glossary:
    """Entries in precedence order (see `load_glossaries`) and the files they came from."""

    terms: tuple[Term, ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # (path, sha256 of the file's bytes)
    _cache: dict[Any, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def by_id(self, term_id: str) -> Term | None:
        index = self._cached("ids", lambda: {t.id: t for t in self.terms})
        return index.get(term_id)

    @property
    def sha256(self) -> str:
        """One hash for the whole layered set, for run signatures."""
        joined = "\n".join(f"{path}\t{digest}" for path, digest in self.files)
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()

    def find(self, text: str, lang: str, *, include_proposed: bool = True) -> list[Match]:
        """Entries in `text` ("en" or "zh"), longest first, non-overlapping, sorted by start.

        Deprecated entries are never returned; proposed ones only with `include_proposed`.
        """
        key = ("find", glossary_lang(lang), include_proposed)
        matcher = self._cached(key, lambda: self._matcher(key[1], include_proposed))
        return matcher.find(text)

    def deprecated_in(self, text: str, lang: str) -> list[Match]:
        """Forms of deprecated entries found in `text` (e.g. a translation), except forms that
        an approved or proposed entry also uses."""
        key = ("deprecated", glossary_lang(lang))
        matcher = self._cached(key, lambda: self._deprecated_matcher(key[1]))
        return matcher.find(text)

    def replacement(self, term: Term) -> Term | None:
        """The approved entry that replaces a deprecated one: same en (exact, then ignoring
        case), else one sharing its Simplified form."""
        active = [t for t in self.terms if t.status == "approved" and t.id != term.id]
        for t in active:
            if t.en == term.en:
                return t
        for t in active:
            if t.en.casefold() == term.en.casefold():
                return t
        return next((t for t in active if term.zh_hans and t.zh_hans == term.zh_hans), None)

    def _cached(self, key: Hashable, build: Callable[[], _T]) -> _T:
        if key not in self._cache:
            self._cache[key] = build()
        return cast(_T, self._cache[key])

    def _priorities(self) -> list[int]:
        # Later entries (later files) win ties; approved beats proposed whatever the order.
        size = len(self.terms)
        return [i + (size if t.status == "approved" else 0) for i, t in enumerate(self.terms)]

    def _matcher(self, lang: str, include_proposed: bool) -> Matcher:
        allowed = ("approved", "proposed") if include_proposed else ("approved",)
        pairs = zip(self.terms, self._priorities(), strict=True)
        kept = [(t, p) for t, p in pairs if t.status in allowed]
        specs = specs_for([t for t, _ in kept], lang, [p for _, p in kept])
        return Matcher(specs, lang)

    def _deprecated_matcher(self, lang: str) -> Matcher:
        def key(form: str) -> str:
            return " ".join(form.split()) if lang == "en" else normalise_form(form)

        in_use = {
            key(form)
            for term in self.terms
            if term.status != "deprecated"
            for form in source_forms(term, lang)
        }
        specs = [
            FormSpec(term, form, index)
            for index, term in enumerate(self.terms)
            if term.status == "deprecated"
            for form in source_forms(term, lang)
            if key(form) not in in_use
        ]
        return Matcher(specs, lang)


def layer(parsed: Sequence[ParsedFile]) -> tuple[Term, ...]:
    """Later files override earlier ones entry by entry (same id: the whole row is replaced).
    The result lists entries file by file, in row order; an overriding entry takes its place in
    the later file."""
    by_id: dict[str, Term] = {}
    for one in parsed:
        for term in one.terms:
            by_id.pop(term.id, None)
            by_id[term.id] = term
    return tuple(by_id.values())


def load_glossaries(paths: Sequence[Path | str]) -> Glossary:
    """Load and layer glossary files (later files take precedence for the same id).

    Raises GlossaryError listing every error in every file ("file:line: what; how to fix"):
    the format's errors, then lint's (a source form in two entries, an entry that can never
    match because another shadows it, a Chinese form in two entries). A glossary that
    `translate glossary lint` rejects is never used.
    """
    from translate.glossary.lint import check

    parsed = [parse_file(path) for path in paths]
    errors = [p.text for p in check(parsed, warnings=False) if p.severity == "error"]
    if errors:
        files = " ".join(shlex.quote(str(path)) for path in paths)
        raise GlossaryError(errors, hint=f"`translate glossary lint {files}` lists every problem")
    return Glossary(layer(parsed), tuple((one.path, one.sha256) for one in parsed))


DEFAULT_GLOSSARY_DIR = Path("glossaries")


def default_glossary_paths(folder: Path = DEFAULT_GLOSSARY_DIR) -> tuple[Path, ...]:
    """glossaries/*.tsv under the current directory, in name order (later files win): the
    glossaries every command uses when none is given."""
    if folder.is_dir():
        return tuple(sorted(folder.glob("*.tsv")))
    return ()
