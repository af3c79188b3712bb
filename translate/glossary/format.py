"""The glossary TSV format, version 1: parse, validate, write.

    # newsroom-glossary v1
    id<TAB>en<TAB>en_aliases<TAB>zh-Hans<TAB>...

The first line names the format and its version; the next non-comment line names the columns
(any order; id, en and zh-Hans are required). Blank lines and lines starting with "#" are
skipped. See docs/glossary.md for every column and rule.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from translate.core import Term
from translate.errors import GlossaryError

VERSION = 1
VERSION_LINE = f"# newsroom-glossary v{VERSION}"
COLUMNS: tuple[str, ...] = (
    "id",
    "en",
    "en_aliases",
    "zh-Hans",
    "zh-Hant",
    "zh-TW",
    "zh-HK",
    "zh-SG",
    "zh_aliases",
    "case",
    "plural",
    "dnt",
    "status",
    "domain",
    "note",
)
REQUIRED: tuple[str, ...] = ("id", "en", "zh-Hans")
REGIONAL: tuple[str, ...] = ("zh-TW", "zh-HK", "zh-SG")
CASES: tuple[str, ...] = ("exact", "insensitive", "smart")
STATUSES: tuple[str, ...] = ("approved", "proposed", "deprecated")
DEFAULTS: Mapping[str, str] = {"case": "smart", "plural": "no", "dnt": "no", "status": "approved"}

ID_PATTERN = regex.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_VERSION_ANY = regex.compile(r"#\s*newsroom-glossary\s+v(\S+)\s*")


@dataclass(frozen=True)
class Problem:
    """One finding about a glossary file: an error (the file cannot be used) or a warning."""

    severity: str  # "error" | "warning"
    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    message: str  # "what is wrong; how to fix"

    @property
    def text(self) -> str:
        """`file:line: message`, the form GlossaryError carries."""
        return f"{self.path}:{self.line}: {self.message}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class ParsedFile:
    path: str
    sha256: str
    terms: tuple[Term, ...] = ()
    problems: tuple[Problem, ...] = ()
    columns: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)  # term id -> line


def line_of(term: Term) -> int:
    """The line a term came from (its `origin` is "path:line"), or 0."""
    _, _, line = term.origin.rpartition(":")
    return int(line) if line.isdigit() else 0


def path_of(term: Term) -> str:
    path, sep, line = term.origin.rpartition(":")
    return path if sep and line.isdigit() else term.origin


def split_list(cell: str) -> tuple[str, ...]:
    """An aliases cell: forms separated by "|", blanks dropped."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _flag(cells: Mapping[str, str], column: str, errors: list[str]) -> bool:
    value = (cells.get(column, "") or DEFAULTS[column]).lower()
    if value not in ("yes", "no"):
        errors.append(f"{column} is {value!r}; write yes or no (empty means no)")
    return value == "yes"


def _choice(
    cells: Mapping[str, str], column: str, allowed: Sequence[str], errors: list[str]
) -> str:
    value = cells.get(column, "") or DEFAULTS[column]
    if value not in allowed:
        close = difflib.get_close_matches(value.lower(), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        errors.append(f"{column} is {value!r}{hint}; use one of {', '.join(allowed)}")
    return value


def _check_cells(cells: Mapping[str, str], errors: list[str]) -> None:
    term_id = cells.get("id", "")
    if not term_id:
        errors.append("id is empty; give every entry a unique id such as 'asean-secretariat'")
    elif not ID_PATTERN.fullmatch(term_id):
        errors.append(
            f"id {term_id!r} is not valid; use letters, digits, '.', '_' or '-', starting with a "
            "letter (ids become XML ids in TBX exports)"
        )
    if not cells.get("en", ""):
        errors.append("en is empty; give the preferred English form")
    for column, value in cells.items():
        bad = _CONTROL.search(value)
        if bad:
            errors.append(
                f"{column} contains the control character U+{ord(bad.group()):04X}; remove it"
            )


def make_term(cells: Mapping[str, str], origin: str = "") -> tuple[Term | None, list[str]]:
    """Validate one row (column name -> stripped cell) and build its Term.

    Returns (term, []) or (None, messages); each message says what is wrong and how to fix it.
    """
    errors: list[str] = []
    _check_cells(cells, errors)
    case = _choice(cells, "case", CASES, errors)
    status = _choice(cells, "status", STATUSES, errors)
    plural = _flag(cells, "plural", errors)
    dnt = _flag(cells, "dnt", errors)
    if not dnt and not cells.get("zh-Hans", ""):
        errors.append(
            "zh-Hans is empty; give the Simplified rendering, or set dnt to yes to keep the "
            "English form in Chinese"
        )
    if errors:
        return None, errors
    regional = tuple((v, cells[v]) for v in REGIONAL if cells.get(v, ""))
    term = Term(
        id=cells["id"],
        en=cells["en"],
        zh_hans=cells.get("zh-Hans", ""),
        zh_hant=cells.get("zh-Hant", ""),
        aliases=split_list(cells.get("en_aliases", "")),
        zh_aliases=split_list(cells.get("zh_aliases", "")),
        regional=regional,
        case=case,
        plural=plural,
        dnt=dnt,
        status=status,
        note=cells.get("note", ""),
        domain=cells.get("domain", ""),
        origin=origin,
    )
    return term, []


def _error(path: str, line: int, message: str) -> Problem:
    return Problem("error", path, line, message)


def _check_version(first: str, path: str) -> list[Problem]:
    line = first.strip()
    if line == VERSION_LINE:
        return []
    found = _VERSION_ANY.fullmatch(line)
    if found:
        message = (
            f"unsupported format version v{found.group(1)}; this tool reads v{VERSION} — "
            "convert the file or upgrade the tool"
        )
    else:
        message = f"missing version line; make the first line exactly {VERSION_LINE!r}"
    return [_error(path, 1, message)]


def _check_header(columns: Sequence[str], path: str, line: int) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(_error(path, line, f"column {column!r} appears twice; delete one"))
        seen.add(column)
        if column not in COLUMNS:
            lower = {known.lower(): known for known in COLUMNS}
            close = difflib.get_close_matches(column.lower(), list(lower), n=1)
            fix = f"rename it to {lower[close[0]]!r}" if close else "delete it"
            known = ", ".join(COLUMNS)
            message = f"unknown column {column!r}; {fix} (known columns: {known})"
            problems.append(_error(path, line, message))
    for column in REQUIRED:
        if column not in seen:
            message = f"required column {column!r} is missing; add it to the header row"
            problems.append(_error(path, line, message))
    return problems


def _content_lines(lines: Sequence[str], first: int) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(lines[first:], start=first + 1):
        line = raw.rstrip("\r")
        if line.strip() and not line.startswith("#"):
            yield number, line


def _wrong_count(path: str, number: int, cells: int, columns: int) -> Problem:
    return _error(
        path,
        number,
        (
            f"row has {cells} cells but the header has {columns} columns; separate cells with "
            "exactly one tab and keep empty cells (an editor that strips trailing whitespace "
            "removes the tab before an empty last cell)"
        ),
    )


def _parse_rows(
    rows: Iterable[tuple[int, str]], columns: Sequence[str], path: str
) -> tuple[list[Term], list[Problem], dict[str, int]]:
    terms: list[Term] = []
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    for number, line in rows:
        cells = line.split("\t")
        if len(cells) != len(columns):
            problems.append(_wrong_count(path, number, len(cells), len(columns)))
            continue
        row = {c: v.strip() for c, v in zip(columns, cells, strict=True) if c in COLUMNS}
        term, messages = make_term(row, f"{path}:{number}")
        problems.extend(_error(path, number, message) for message in messages)
        if term is None:
            continue
        if term.id in lines:
            first = lines[term.id]
            message = (
                f"duplicate id {term.id!r} (first at line {first}); ids are unique "
                "within a file — rename one or merge the rows"
            )
            problems.append(_error(path, number, message))
            continue
        lines[term.id] = number
        terms.append(term)
    return terms, problems, lines


def parse_text(text: str, path: str = "<glossary>") -> ParsedFile:
    """Parse glossary text; never raises: problems are collected in the result."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = text.removeprefix("\ufeff").split("\n")
    problems = _check_version(lines[0], path)
    rows = iter(_content_lines(lines, 0 if problems else 1))
    header = next(rows, None)
    if header is None:
        message = f"no header row; add the tab-separated column names after {VERSION_LINE!r}"
        problems.append(_error(path, len(lines), message))
        return ParsedFile(path, digest, problems=tuple(problems))
    number, line = header
    columns = tuple(cell.strip() for cell in line.split("\t"))
    header_problems = _check_header(columns, path, number)
    problems.extend(header_problems)
    if any(column not in columns for column in REQUIRED):
        return ParsedFile(path, digest, problems=tuple(problems), columns=columns)
    terms, row_problems, ids = _parse_rows(rows, columns, path)
    problems.extend(row_problems)
    return ParsedFile(path, digest, tuple(terms), tuple(problems), columns, ids)


def parse_file(path: Path | str) -> ParsedFile:
    """Read and parse one glossary file; unreadable or non-UTF-8 files become problems."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot read the file ({reason}); check the path"
        return ParsedFile(name, "", problems=(_error(name, 0, message),))
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        return ParsedFile(name, digest, problems=(_error(name, line, message),))
    parsed = parse_text(text, name)
    return ParsedFile(name, digest, parsed.terms, parsed.problems, parsed.columns, parsed.lines)


def term_cells(term: Term) -> dict[str, str]:
    """A Term as TSV cells, column name -> text."""
    regional = dict(term.regional)
    cells = {
        "id": term.id,
        "en": term.en,
        "en_aliases": "|".join(term.aliases),
        "zh-Hans": term.zh_hans,
        "zh-Hant": term.zh_hant,
        "zh_aliases": "|".join(term.zh_aliases),
        "case": term.case,
        "plural": "yes" if term.plural else "no",
        "dnt": "yes" if term.dnt else "no",
        "status": term.status,
        "domain": term.domain,
        "note": term.note,
    }
    cells.update({variant: regional.get(variant, "") for variant in REGIONAL})
    return cells


def dump_tsv(terms: Iterable[Term]) -> str:
    """Terms as a version-1 glossary file (all columns, canonical order)."""
    out = [VERSION_LINE, "\t".join(COLUMNS)]
    problems: list[str] = []
    for term in terms:
        cells = term_cells(term)
        for column, value in cells.items():
            if "\t" in value or "\n" in value or "\r" in value:
                problems.append(
                    f"{term.origin or term.id}: {column} of {term.id!r} contains a "
                    "tab or line break; remove it"
                )
        for alias in (*term.aliases, *term.zh_aliases):
            if "|" in alias or not alias.strip():
                problems.append(
                    f"{term.origin or term.id}: alias {alias!r} of {term.id!r} is "
                    "empty or contains '|'; remove it"
                )
        out.append("\t".join(cells[column] for column in COLUMNS))
    if problems:
        raise GlossaryError(problems)
    return "\n".join(out) + "\n"


def write_glossary(path: Path | str, terms: Iterable[Term]) -> None:
    Path(path).write_text(dump_tsv(terms), encoding="utf-8", newline="\n")
