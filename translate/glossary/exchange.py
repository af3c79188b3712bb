"""Exchange with CAT tools and cloud MT: a lazy registry of formats, the column-per-language CSV
that cloud MT glossaries take, and helpers the TBX (tbx.py) and TMX (tmx.py) modules share.

Our own TBX and TMX exports carry every field, so export then import gives the same entries
back. CSV keeps what cloud glossaries hold: each English form and its targets. Foreign files are
read with the defaults documented in docs/glossary.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import cast

import regex

from translate.core import Term
from translate.errors import GlossaryError, UsageError
from translate.glossary.format import (
    ID_PATTERN,
    REGIONAL,
    dump_tsv,
    make_term,
    parse_text,
    term_cells,
)

CSV_COLUMNS: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
FLAGS: tuple[str, ...] = ("case", "plural", "dnt", "status")
_LANGS: Mapping[str, str] = {
    "zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-hans": "zh-Hans", "zh-hans-cn": "zh-Hans",
    "zh-hant": "zh-Hant", "zh-tw": "zh-TW", "zh-hant-tw": "zh-TW", "zh-hk": "zh-HK",
    "zh-hant-hk": "zh-HK", "zh-mo": "zh-HK", "zh-sg": "zh-SG", "zh-hans-sg": "zh-SG",
    "zh-my": "zh-SG",
}  # fmt: skip
_NOT_ID = regex.compile(r"[^a-z0-9]+")


def language(code: str) -> str | None:
    """Our column for a language code ("en-US" -> "en", "zh-CN" -> "zh-Hans"), or None."""
    low = code.strip().lower().replace("_", "-")
    if low == "en" or low.startswith("en-"):
        return "en"
    return _LANGS.get(low)


def slug(text: str, taken: set[str], wanted: str = "") -> str:
    """`wanted` if it is a valid, free id, else an unused id made from an English form; marks
    the id taken."""
    if wanted and wanted not in taken and ID_PATTERN.fullmatch(wanted):
        taken.add(wanted)
        return wanted
    base = _NOT_ID.sub("-", text.casefold()).strip("-") or "term"
    base = base if base[0].isalpha() else f"t-{base}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def zh_cells(forms: Mapping[str, list[str]], own: bool) -> dict[str, str]:
    """Chinese cells from column -> forms (first preferred, the rest aliases). Our own exports
    keep zh aliases under "zh-aliases"; a foreign file without zh-Hant borrows zh-TW/zh-HK."""
    cells: dict[str, str] = {}
    aliases: list[str] = list(forms.get("zh-aliases", []))
    for column in ("zh-Hans", "zh-Hant", *REGIONAL):
        found = forms.get(column, [])
        if found:
            cells[column] = found[0]
            aliases += found[1:]
    if not own and not cells.get("zh-Hant"):
        cells["zh-Hant"] = cells.get("zh-TW") or cells.get("zh-HK") or ""
    cells["zh_aliases"] = "|".join(aliases if own else dict.fromkeys(aliases))
    return cells


def build_term(cells: dict[str, str], origin: str, errors: list[str]) -> Term | None:
    """Validate imported cells exactly as a TSV row; an acronym gets case exact by default."""
    if not cells.get("case"):
        cells["case"] = "exact" if cells.get("en", "").isupper() else "smart"
    term, messages = make_term({k: v.strip() for k, v in cells.items()}, origin)
    errors.extend(f"{origin}: {message}" for message in messages)
    return term


def finish(terms: Iterable[Term | None], errors: list[str]) -> list[Term]:
    if errors:
        raise GlossaryError(errors)
    return [term for term in terms if term is not None]


def export_csv(
    terms: Iterable[Term], columns: Sequence[str] = CSV_COLUMNS, include_aliases: bool = True
) -> str:
    """One row per English form (aliases repeat the targets); deprecated entries left out.
    A do-not-translate entry carries its English form in every Chinese column; a regional
    column falls back as Term.target() does, so the cloud glossary has no holes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for term in terms:
        if term.status == "deprecated":
            continue
        cells = term_cells(term)
        targets = [
            term.en if term.dnt else term.target(c) if c in REGIONAL else cells[c]
            for c in columns[1:]
        ]
        for form in (term.en, *(term.aliases if include_aliases else ())):
            writer.writerow([form, *targets])
    return out.getvalue()


def import_csv(text: str, path: str = "<csv>") -> list[Term]:
    """Rows of a column-per-language glossary; consecutive rows with the same targets become
    one entry (first row en, the rest aliases). Columns of other languages are ignored."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    columns = [language(code) for code in rows[0]] if rows else []
    if "en" not in columns:
        raise GlossaryError(
            [
                f"{path}:1: no English column in the header; name the columns by "
                "language code, e.g. en,zh-Hans,zh-Hant"
            ]
        )
    groups: list[tuple[int, list[str], dict[str, str]]] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {c: v.strip() for c, v in zip(columns, row, strict=False) if c}
        if not any(cells.values()):
            continue
        targets = {c: v for c, v in cells.items() if c != "en"}
        if groups and groups[-1][2] == targets:
            groups[-1][1].append(cells.get("en", ""))
        else:
            groups.append((number, [cells.get("en", "")], targets))
    taken: set[str] = set()
    errors: list[str] = []
    return finish([_csv_term(*group, path, taken, errors) for group in groups], errors)


def _csv_term(
    number: int,
    forms: list[str],
    targets: dict[str, str],
    path: str,
    taken: set[str],
    errors: list[str],
) -> Term | None:
    en = forms[0]
    cells = {"id": slug(en, taken), "en": en, "en_aliases": "|".join(forms[1:]), **targets}
    zh = [value for value in targets.values() if value]
    dnt = bool(zh) and all(value == en for value in zh)
    cells["dnt"] = "yes" if dnt else "no"
    if "zh-Hant" not in targets:  # a cloud glossary with only regional columns
        cells["zh-Hant"] = cells.get("zh-TW") or cells.get("zh-HK") or ""
    simplified = cells.get("zh-Hans", "")
    traditional = cells.get("zh-Hant", "") or simplified
    for variant in REGIONAL:  # drop the fallbacks export_csv wrote
        fallback = simplified if variant == "zh-SG" else traditional
        if cells.get(variant) in (fallback, en if dnt else None):
            cells[variant] = ""
    return build_term(cells, f"{path}:{number}", errors)


# --- registry: name -> (module, exporter, importer), imported on first use ---------------------

Exporter = Callable[[Iterable[Term]], bytes]
Importer = Callable[[bytes, str], list[Term]]
FORMATS: Mapping[str, tuple[str, str, str]] = {
    "tsv": (__name__, "_export_tsv", "_import_tsv"),
    "csv": (__name__, "_export_csv", "_import_csv"),
    "tbx": ("translate.glossary.tbx", "export_tbx", "import_tbx"),  # TBX-Basic, martif
    "tbx-v3": ("translate.glossary.tbx", "export_tbx_v3", "import_tbx"),
    "tmx": ("translate.glossary.tmx", "export_tmx", "import_tmx"),
}
_SUFFIXES = {".tsv": "tsv", ".csv": "csv", ".tbx": "tbx", ".tmx": "tmx"}


def _export_tsv(terms: Iterable[Term]) -> bytes:
    return dump_tsv(terms).encode("utf-8")


def _import_tsv(data: bytes, path: str) -> list[Term]:
    parsed = parse_text(data.decode("utf-8-sig"), path)
    return finish(parsed.terms, [p.text for p in parsed.problems if p.severity == "error"])


def _export_csv(terms: Iterable[Term]) -> bytes:
    return export_csv(terms).encode("utf-8")


def _import_csv(data: bytes, path: str) -> list[Term]:
    return import_csv(data.decode("utf-8-sig"), path)


def format_of(path: Path | str, given: str | None = None) -> str:
    """The format named, or the one the file extension implies."""
    name = given or _SUFFIXES.get(Path(path).suffix.lower(), "")
    if name not in FORMATS:
        raise UsageError(
            f"cannot tell the glossary format of {str(path)!r}; name one of {', '.join(FORMATS)}"
        )
    return name


def exporter(fmt: str) -> Exporter:
    module, name, _ = FORMATS[format_of("", fmt)]
    return cast(Exporter, getattr(import_module(module), name))


def importer(fmt: str) -> Importer:
    module, _, name = FORMATS[format_of("", fmt)]
    return cast(Importer, getattr(import_module(module), name))


def export_terms(terms: Iterable[Term], fmt: str) -> bytes:
    """Entries in an exchange format ("tsv", "csv", "tbx", "tbx-v3", "tmx") as bytes (UTF-8)."""
    return exporter(fmt)(terms)


def import_terms(path: Path | str, fmt: str | None = None) -> list[Term]:
    """Read a glossary in any exchange format (by extension unless `fmt`) into entries."""
    name = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise GlossaryError(
            [f"{path}:0: cannot read the file ({reason}); check the path"]
        ) from error
    return importer(name)(data, str(path))
