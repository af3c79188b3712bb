"""Command line: a thin layer over the library. Data goes to stdout, messages to stderr.

Exit codes: 0 success; 1 error; 2 usage error; 3 some inputs failed and the rest were done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from translate import __version__
from translate.cli_glossary import glossary_app
from translate.cli_models import models_app
from translate.cli_util import console_err, fail, guard
from translate.core import VARIANTS, RunConfig
from translate.errors import EXIT_ERROR, EXIT_PARTIAL

HELP = f"""Offline English/Chinese translation and alignment for newsrooms (version {__version__}).

Translates articles with installed Argos Translate packages (run by CTranslate2), keeps glossary
terms consistent, translates back, scores the round trip and writes side-by-side output.

Exit codes: 0 success; 1 error (nothing usable done); 2 usage error; 3 some inputs failed
and the rest were done.
"""

app = typer.Typer(
    no_args_is_help=True,
    help=HELP,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
)
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")

DEFAULT_GLOSSARY_DIR = Path("glossaries")


def default_glossaries() -> tuple[Path, ...]:
    """glossaries/*.tsv under the current directory, in name order (later files win)."""
    if DEFAULT_GLOSSARY_DIR.is_dir():
        return tuple(sorted(DEFAULT_GLOSSARY_DIR.glob("*.tsv")))
    return ()


def _formats(value: str) -> tuple[str, ...]:
    from translate.writers import FORMATS

    names = tuple(FORMATS) if value == "all" else tuple(v.strip() for v in value.split(",") if v)
    bad = [n for n in names if n not in FORMATS]
    if bad:
        fail(f"unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)} or all", code=2)
    return names


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console_err(),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield report


@app.command()
def run(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (*.txt, *.md); - for stdin.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = Path(
        "aligned"
    ),
    to: Annotated[str, typer.Option(help="Target language: zh, or en for Chinese input.")] = "zh",
    variant: Annotated[
        str, typer.Option(help=f"Chinese variant: {', '.join(VARIANTS)}.")
    ] = "zh-Hans",
    glossary: Annotated[
        list[Path] | None,
        typer.Option(help="Glossary TSV (repeatable; later files win). Default: glossaries/*.tsv"),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Use no glossary.")] = False,
    beam: Annotated[int, typer.Option(min=1, max=16, help="Beam size (1 = greedy, fastest).")] = 4,
    threads: Annotated[int, typer.Option(min=0, help="Translation workers; 0 = one per core.")] = 0,
    fmt: Annotated[
        str, typer.Option("--format", help="Comma list of tsv,jsonl,md,html,tmx,xliff or all.")
    ] = "all",
    flag_below: Annotated[
        float, typer.Option(min=0, max=100, help="Flag segments whose round-trip chrF is below.")
    ] = 40.0,
    back: Annotated[
        bool, typer.Option("--back/--no-back", help="Translate back and score.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Translate articles and write aligned side-by-side output (one file set per article)."""
    from translate.pipeline import run as run_pipeline
    from translate.writers import write_run

    glossaries = () if no_glossary else tuple(glossary or default_glossaries())
    config = RunConfig(
        to_lang=to,
        variant=variant,
        glossary_paths=glossaries,
        beam_size=beam,
        threads=threads,
        back_translate=back,
        formats=_formats(fmt),
        flag_below=flag_below,
    )
    if to not in ("zh", "en"):
        fail(f"--to {to}: this tool translates into zh or en", code=2)
    with guard():
        show_bar = not quiet and sys.stderr.isatty()
        with _progress(show_bar) as report:
            result = run_pipeline(paths, config, progress=report)
        written = write_run(result, output, config.formats, flag_below=flag_below)
    for note in result.signature.notes:
        console_err().print(f"Note: {note}", style="yellow", highlight=False, markup=False)
    for failure in result.failures:
        console_err().print(f"Error: {failure.message}", style="red", highlight=False, markup=False)
    if as_json:
        typer.echo(json.dumps(_summary(result, written), ensure_ascii=False, indent=2))
    else:
        for path in written:
            typer.echo(str(path))
    if result.failures:
        raise typer.Exit(EXIT_PARTIAL if result.articles else EXIT_ERROR)


def _summary(result: Any, written: list[Path]) -> dict[str, Any]:
    return {
        "articles": [
            {
                "id": a.article.id,
                "path": a.article.path,
                "language": a.detection.tag,
                "segments": len(a.segments),
                "chrf": a.chrf,
                "bleu": a.bleu,
                "terms": asdict(a.terms),
            }
            for a in result.articles
        ],
        "failures": [asdict(f) for f in result.failures],
        "notes": list(result.signature.notes),
        "written": [str(p) for p in written],
    }


@app.command()
def detect(
    paths: Annotated[list[str], typer.Argument(help="Files or folders; - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    paragraphs: Annotated[bool, typer.Option(help="Also list each paragraph.")] = False,
    seed: Annotated[int, typer.Option(help="langdetect seed (results are deterministic).")] = 0,
) -> None:
    """Detect the language of each article and of each paragraph."""
    from translate.detect import detect_article
    from translate.pipeline import read_inputs

    with guard():
        articles, failures = read_inputs(paths)
    for article in articles:
        det, paras = detect_article(article, seed=seed)
        if as_json:
            row = {
                "path": article.path,
                "id": article.id,
                **asdict(det),
                "tag": det.tag,
                "paragraphs": [{**asdict(p), "tag": p.tag} for p in paras],
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
            continue
        typer.echo(f"{article.path}\t{det.tag}\t{det.confidence:.2f}\t{det.note}".rstrip())
        if paragraphs:
            for para, pdet in zip(article.paragraphs, paras, strict=True):
                snippet = para.text[:50].replace("\t", " ")
                typer.echo(f"  {para.index}\t{pdet.tag}\t{pdet.confidence:.2f}\t{snippet}")
    for failure in failures:
        console_err().print(f"Error: {failure.message}", style="red", highlight=False, markup=False)
    if failures:
        raise typer.Exit(EXIT_PARTIAL if articles else EXIT_ERROR)


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="An aligned/<article>.jsonl file.")],
    worst: Annotated[
        int | None, typer.Option(min=1, help="Only the N lowest-scoring segments.")
    ] = None,
) -> None:
    """Side-by-side view of an aligned article in the terminal."""
    from rich.console import Console

    from translate.show import render
    from translate.writers.jsonl import load_jsonl

    with guard():
        rows = load_jsonl(path)
    render(rows, Console(), worst=worst)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # argostranslate logs tuples of its arguments on network errors; we report those ourselves.
    argos_log = logging.getLogger("argostranslate")
    argos_log.addHandler(logging.NullHandler())
    argos_log.propagate = False
    app()
