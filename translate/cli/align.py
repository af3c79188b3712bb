"""`translate align`: line up an article with its existing translation, sentence by sentence.

A plain function; translate/cli.py registers it. It parses options, calls the library
(translate.align.documents / output / memory) and reports; errors are one `Error:` line.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli.util import error, note, safe, warn
from translate.errors import EXIT_ERROR, EXIT_PARTIAL, TranslateError

if TYPE_CHECKING:  # the library is imported when the command runs, not at start-up
    from translate.align.documents import Pair, PairResult

FORMAT_HELP = (
    "Comma list of beads,tsv,jsonl,md,html,tmx,xliff,xliff12,txt or all. "
    "The beads file is always written."
)


def _glossary_paths(given: list[Path] | None, no_glossary: bool) -> list[Path]:
    if no_glossary:
        return []
    if given:
        return list(given)
    folder = Path("glossaries")
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


def _formats(value: str) -> list[str]:
    from translate.align.output import BEADS
    from translate.errors import UsageError
    from translate.writers import FORMATS

    names = [v.strip() for v in value.split(",") if v.strip()]
    if "all" in names:
        return [BEADS, *FORMATS]
    bad = [n for n in names if n not in (BEADS, *FORMATS)]
    if bad or not names:
        raise UsageError(
            f"unknown format {', '.join(bad) or repr(value)}; choose from "
            f"{BEADS}, {', '.join(FORMATS)} or all"
        )
    return names


def align(
    source: Annotated[Path, typer.Argument(help="The article, or a folder of articles.")],
    target: Annotated[
        Path, typer.Argument(help="Its translation, or a folder of translations (same names).")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Output folder.")
    ] = Path("aligned"),
    split: Annotated[
        str,
        typer.Option(
            metavar="auto|lines",
            help="auto: the segmenter and paragraphs; lines: one sentence a line.",
        ),
    ] = "auto",
    mt: Annotated[
        Path | None,
        typer.Option(help="MT of SOURCE into TARGET's language, one line per source sentence."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "all",
    glossary: Annotated[
        list[Path] | None,
        typer.Option(help="Glossary TSV (repeatable). Default: glossaries/*.tsv"),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Use no glossary.")] = False,
    into_tm: Annotated[
        bool,
        typer.Option("--into-tm", help="Store confident 1-1 pairs as human translations."),
    ] = False,
    tm: Annotated[
        Path | None,
        typer.Option(help="Translation memory file. Default: $TRANSLATE_TM or the user's."),
    ] = None,
    tm_threshold: Annotated[
        float, typer.Option(min=0, max=1, help="Lowest confidence stored by --into-tm.")
    ] = 0.8,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes, only errors.")] = False,
) -> None:
    """Align an article with its existing translation (English <-> Chinese), or two folders
    of them paired by file name; write <stem>.beads and side-by-side files."""
    from translate.align import documents, memory
    from translate.align import output as out
    from translate.glossary import load_glossaries

    failures: list[str] = []
    formats = _formats(fmt)
    gloss = load_glossaries(_glossary_paths(glossary, no_glossary))
    names = _pairs(source, target, mt, quiet)
    pairs: list[Pair] = []
    for src_path, tgt_path in names:
        try:
            pair = _read_pair(src_path, tgt_path, split, mt)
        except TranslateError as exc:
            if len(names) == 1:
                raise
            failures.append(str(exc))
            continue
        pairs.append(pair)
    started = time.perf_counter()
    pairs, made = documents.engine_mt(pairs, gloss, tm)
    results = [documents.align_pair(p, gloss) for p in pairs]
    notes = [*made.notes]
    run = out.run_result(results, gloss, made.models, notes, time.perf_counter() - started)
    written = out.write(run, results, output, formats)
    stored = memory.into_tm(results, _tm_path(tm), tm_threshold) if into_tm else None
    for message in failures:
        error(message)
    if not quiet:
        for message in notes:
            note(message)
        for result in results:
            note(f"{result.pair.source.article.path}: {_summary(result)}")
        if stored is not None:
            note(f"{stored} aligned pairs stored in the translation memory {_tm_path(tm)}")
    for path in written:
        typer.echo(safe(path))
    if failures:
        raise typer.Exit(EXIT_PARTIAL if results else EXIT_ERROR)


def _pairs(source: Path, target: Path, mt: Path | None, quiet: bool) -> list[tuple[str, str]]:
    from translate.align.documents import AlignError, pair_folders

    if source.is_dir() != target.is_dir() and source.exists() and target.exists():
        raise AlignError(f"{source} and {target}: give two files or two folders, not one of each")
    if not source.is_dir():
        return [(str(source), str(target))]
    if mt is not None:
        raise AlignError("--mt takes the MT of one SOURCE file; with folders, leave it out")
    pairs, unpaired = pair_folders(source, target)
    for line in unpaired:
        if not quiet:
            warn(f"unpaired: {line}")
    return pairs


def _read_pair(src_path: str, tgt_path: str, split: str, mt: Path | None) -> Pair:
    from translate.align.documents import Pair, check_languages, read_mt, read_side

    source = read_side(src_path, split)
    target = read_side(tgt_path, split)
    check_languages(source, target)
    lines = read_mt(mt, source, split) if mt is not None else None
    return Pair(source, target, lines, str(mt) if mt else "")


def _tm_path(tm: Path | None) -> Path:
    from translate.tm import default_tm_path

    return tm or default_tm_path()


def _summary(result: PairResult) -> str:
    beads = result.alignment.beads
    kinds: dict[str, int] = {}
    for bead in beads:
        kinds[bead.shape] = kinds.get(bead.shape, 0) + 1
    shapes = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
    low = sum(1 for b in beads if b.src and b.tgt and b.confidence < 0.5)
    return f"{len(beads)} beads ({shapes}); {low} low-confidence; {', '.join(result.notes)}"
