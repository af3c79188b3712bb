"""`translate import FILE.xlf|FILE.tmx ...`: an editor's work back into the translation memory."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from translate.cli.util import console_err, error, fail, safe, safe_json
from translate.errors import EXIT_ERROR, EXIT_PARTIAL, TranslateError

if TYPE_CHECKING:
    from translate.cat_import import EditedFile, Machine
    from translate.tm import TranslationMemory

TM_HELP = (
    "Translation memory file. Default: $TRANSLATE_TM, else "
    "$XDG_DATA_HOME/newsroom-translate/tm.sqlite (~/.local/share/...)."
)


def _machine(memory: TranslationMemory) -> Machine:
    """What earlier runs translated, for files that do not carry it (TMX, rewritten XLIFF)."""
    from translate.cat_import import machine_lookup

    return machine_lookup({u.source: u.target for u in memory.units("mt")})


def _summary(edited: EditedFile) -> str:
    counts = [
        f"{edited.count(status)} {status}"
        for status in ("edited", "confirmed", "unchanged", "unconfirmed", "machine", "locked")
        if edited.count(status)
    ]
    languages = f"{edited.source_lang} -> {edited.target_lang}"
    return (
        f"{safe(edited.path)}\t{edited.kind}\t{languages}\t"
        f"{len(edited.segments)} segments: {', '.join(counts) or 'none'}"
    )


def _report(edited: EditedFile) -> None:
    typer.echo(_summary(edited))
    for seg in edited.segments:
        if not seg.human:
            continue
        change = (
            f"{safe(seg.machine)} => {safe(seg.target)}"
            if seg.status == "edited" and seg.machine is not None
            else safe(seg.target)
        )
        line = f"  {safe(seg.id)}\t{seg.status}\t{change}"
        if seg.terms_fixed:
            line += f"\tterms now right: {safe(', '.join(seg.terms_fixed))}"
        if seg.terms_lost:
            line += f"\tterms now missing: {safe(', '.join(seg.terms_lost))}"
        typer.echo(line)


def _as_json(edited: EditedFile) -> str:
    row: dict[str, Any] = asdict(edited)
    for seg, data in zip(edited.segments, row["segments"], strict=True):
        data.update(human=seg.human, terms_fixed=seg.terms_fixed, terms_lost=seg.terms_lost)
    return safe_json(row)


def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="XLIFF (1.2 or 2) or TMX files as the CAT tool saved them."
        ),
    ],
    tm: Annotated[Path | None, typer.Option("--tm", help=TM_HELP)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; store nothing.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file instead of text.")
    ] = False,
) -> None:
    """Read an editor's file back: store the translations the editor made or confirmed as
    human translations in the translation memory (the next `translate run` uses them before
    the engine), and report what changed against the machine output.

    A target the editor changed is stored whatever its state; an unchanged one when the
    editor confirmed it (signed-off, final, approved, reviewed; or translated where we had
    flagged it). Locked (translate="no") and empty units are left alone. Exit 3 when some
    files could not be read.
    """
    from translate.cat_import import read_edited
    from translate.glossary.exchange import language
    from translate.tm import TranslationMemory, Unit, default_tm_path

    failed = stored = 0
    with TranslationMemory(tm or default_tm_path()) as memory:
        machine = _machine(memory)
        for path in files:
            if not path.is_file():
                error(f"{path}: no such file; check the path")
                failed += 1
                continue
            try:
                edited = read_edited(path, machine)
            except TranslateError as exc:
                error(str(exc))
                failed += 1
                continue
            if as_json:
                typer.echo(_as_json(edited))
            else:
                _report(edited)
            target = language(edited.target_lang) or edited.target_lang
            units = [
                Unit(edited.source_lang, target, s.source, s.target, "human", f"{path.name} {s.id}")
                for s in edited.human
            ]
            stored += len(units) if dry_run else memory.add_units(units)
        where = memory.path
    verb = "would store" if dry_run else "stored"
    console_err().print(
        f"{verb} {stored} human translation(s) in {safe(where)}", highlight=False, markup=False
    )
    if failed:
        if failed == len(files):
            fail("no file could be read", code=EXIT_ERROR)
        raise typer.Exit(EXIT_PARTIAL)
