"""`translate glossary ...`: lint, review, suggest, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate.cli.util import console_err, fail, safe, safe_json, safe_lines
from translate.core import RunConfig

glossary_app = typer.Typer(
    no_args_is_help=True,
    help="Check, review and exchange glossaries (format: docs/glossary.md).",
    rich_markup_mode=None,
)

FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Glossary TSV files, later ones layered over earlier ones. Default: glossaries/*.tsv"
    ),
]


def _files(files: list[Path] | None) -> list[Path]:
    from translate.glossary import default_glossary_paths

    chosen = list(files or default_glossary_paths())
    if not chosen:
        fail("no glossary files given and no glossaries/*.tsv here", code=2)
    missing = [str(f) for f in chosen if not f.is_file()]
    if missing:
        fail(f"{', '.join(missing)}: no such file; give existing glossary TSV files", code=2)
    return chosen


@glossary_app.command()
def lint(files: FilesArg = None) -> None:
    """Check glossaries: malformed rows, duplicates, conflicts, shadowed entries, scripts.

    Prints one `file:line: severity: message` line per problem. Exit 1 when there are errors,
    0 when there are only warnings (or nothing).
    """
    from translate.glossary import exit_code
    from translate.glossary import lint as lint_files

    problems = lint_files(_files(files))
    for problem in problems:
        typer.echo(safe(problem))
    errors = sum(p.severity == "error" for p in problems)
    console_err().print(
        f"{errors} error(s), {len(problems) - errors} warning(s)", highlight=False, markup=False
    )
    raise typer.Exit(exit_code(problems))


@glossary_app.command("export")
def export_(
    output: Annotated[
        Path, typer.Argument(metavar="OUTPUT", help="Output file: .tbx, .tmx, .csv or .tsv.")
    ],
    files: FilesArg = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="tbx, tmx, csv or tsv (default: by extension).")
    ] = None,
    tbx: Annotated[
        str,
        typer.Option(
            metavar="basic|v3",
            help="TBX form: basic (TBX-Basic as <martif>, which OmegaT and most CAT tools read) "
            "or v3 (ISO 30042:2019 <tbx>).",
        ),
    ] = "basic",
) -> None:
    """Export the (layered) glossary for CAT tools and cloud MT glossaries."""
    from translate.glossary import export_terms, format_of, load_glossaries
    from translate.writers.atomic import write_bytes

    if tbx not in ("basic", "v3"):
        fail(f"--tbx {tbx}: choose basic or v3", code=2)
    glossary = load_glossaries(_files(files))
    name = format_of(output, fmt)
    data = export_terms(glossary.terms, "tbx-v3" if name == "tbx" and tbx == "v3" else name)
    write_bytes(output, data)
    typer.echo(f"{safe(output)}\t{len(glossary.terms)} entries")


@glossary_app.command("import")
def import_(
    source: Annotated[
        Path, typer.Argument(help="A .tbx (TBX-Basic martif or TBX v3), .tmx, .csv or .tsv file.")
    ],
    output: Annotated[Path, typer.Argument(help="Glossary TSV to write.")],
    fmt: Annotated[str | None, typer.Option("--format", help="tbx, tmx, csv or tsv.")] = None,
) -> None:
    """Convert a TBX / TMX / CSV glossary into the newsroom TSV format."""
    from translate.glossary import import_terms, write_glossary

    terms = import_terms(source, fmt)
    write_glossary(output, terms)
    typer.echo(f"{safe(output)}\t{len(terms)} entries")


@glossary_app.command()
def review(
    paths: Annotated[list[str], typer.Argument(help="Articles (files or folders).")],
    glossary: Annotated[list[Path] | None, typer.Option(help="Glossary TSV (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, tsv or json.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", help="Write here, not stdout.")] = None,
) -> None:
    """Per term: where it occurs, what the engine produces with and without the glossary."""
    from translate.review import render_review, review_rows, review_terms

    if fmt not in ("md", "tsv", "json"):
        fail(f"--format {fmt}: choose md, tsv or json", code=2)
    reviews = review_terms(paths, RunConfig(glossary_paths=tuple(_files(glossary))))
    if fmt == "json":
        text = "".join(safe_json(row) + "\n" for row in review_rows(reviews))
    else:
        text = render_review(reviews, fmt)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(safe_lines(text), nl=False)  # on a terminal: no escape sequences
        return
    from translate.writers.atomic import write_text

    write_text(output, text)
    typer.echo(safe(output))


@glossary_app.command()
def suggest(
    paths: Annotated[list[str], typer.Argument(help="Articles (files or folders).")],
    glossary: Annotated[list[Path] | None, typer.Option(help="Glossary TSV (repeatable).")] = None,
    min_articles: Annotated[int, typer.Option(min=1, help="Seen in at least N articles.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="At most N candidates.")] = 50,
    output: Annotated[Path | None, typer.Option("-o", help="Write here, not stdout.")] = None,
) -> None:
    """Candidate terms not yet in the glossary, as ready-to-paste rows marked proposed."""
    from translate.review import suggest as suggest_rows

    rows = suggest_rows(
        paths, RunConfig(glossary_paths=tuple(_files(glossary))), min_articles, limit
    )
    _emit(rows, output)
