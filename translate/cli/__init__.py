"""Command line: a thin layer over the library. Data goes to stdout, messages to stderr.

Exit codes: 0 success; 1 error; 2 usage error; 3 some inputs failed and the rest were done.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from translate import __version__
from translate.cli.align import align
from translate.cli.glossary import glossary_app
from translate.cli.importing import import_files
from translate.cli.models import models_app
from translate.cli.tm import tm_app
from translate.cli.util import ErrorBoundary, console_err, error, fail, note, safe, safe_json
from translate.core import VARIANT_ALIASES, VARIANTS, RunConfig
from translate.errors import EXIT_ERROR, EXIT_PARTIAL
from translate.glossary import default_glossary_paths

HELP = f"""Offline English/Chinese translation and alignment for newsrooms (version {__version__}).

Translates articles with installed Argos Translate packages (run by CTranslate2), keeps glossary
terms consistent, translates back, scores the round trip and writes side-by-side output.

Exit codes: 0 success; 1 error (nothing usable done); 2 usage error; 3 some inputs failed
and the rest were done.
"""

app = typer.Typer(
    cls=ErrorBoundary,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=HELP,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
)
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")
app.add_typer(tm_app, name="tm")
app.command("align")(align)
app.command("import")(import_files)


def _formats(value: str) -> tuple[str, ...]:
    """--format's comma list, checked by the writers' registry (a UsageError: exit 2)."""
    return tuple(v.strip() for v in value.split(",") if v.strip())


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """One bar over the whole batch: articles finished of the total, with the time left."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console_err(),
        transient=True,
    )
    task = bar.add_task("articles", total=None)

    def report(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield report


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job) stops the run as Ctrl-C does: finished
    articles kept, the summary files written."""
    import signal

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (a test runner): nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def open_tm(tm: Path | None, no_tm: bool) -> Any:
    """The translation memory asked for: --no-tm uses a scratch one for this run only
    (repeated sentences still go to the model once; nothing is reused or kept)."""
    from translate.tm import TranslationMemory, default_tm_path

    return TranslationMemory.scratch() if no_tm else TranslationMemory(tm or default_tm_path())


TM_HELP = (
    "Translation memory file (SQLite). Default: $TRANSLATE_TM, else "
    "$XDG_DATA_HOME/newsroom-translate/tm.sqlite (~/.local/share/...)."
)


@app.command()
def run(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (*.txt, *.md); - for stdin.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Output folder.")
    ] = Path("aligned"),
    to: Annotated[str, typer.Option(help="Target language: zh, or en for Chinese input.")] = "zh",
    variant: Annotated[
        str,
        typer.Option(
            help=f"Chinese variant: {', '.join(VARIANTS)} (zh-CN = zh-Hans, zh-MY = zh-SG)."
        ),
    ] = "zh-Hans",
    glossary: Annotated[
        list[Path] | None,
        typer.Option(help="Glossary TSV (repeatable; later files win). Default: glossaries/*.tsv"),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Use no glossary.")] = False,
    beam: Annotated[int, typer.Option(min=1, max=16, help="Beam size (1 = greedy, fastest).")] = 4,
    threads: Annotated[int, typer.Option(min=0, help="Translation workers; 0 = one per core.")] = 0,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="Comma list of tsv,jsonl,md,html,tmx,xliff,xliff12,txt, or all.",
        ),
    ] = "all",
    flag_below: Annotated[
        float, typer.Option(min=0, max=100, help="Flag segments whose round-trip chrF is below.")
    ] = RunConfig.flag_below,
    back: Annotated[
        bool, typer.Option("--back/--no-back", help="Translate back and score.")
    ] = True,
    tm: Annotated[Path | None, typer.Option("--tm", help=TM_HELP)] = None,
    no_tm: Annotated[
        bool, typer.Option("--no-tm", help="No translation memory file: nothing reused or kept.")
    ] = False,
    group_segments: Annotated[
        int,
        typer.Option(
            min=1, help="Segments per batched group of articles (memory stays flat as it grows)."
        ),
    ] = RunConfig.group_segments,
    executor: Annotated[
        str,
        typer.Option(
            metavar="local|ray",
            help="Where to translate: local (this process) or ray (a Ray cluster; needs the "
            "ray extra). Same outputs either way.",
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            help="With --executor ray: the cluster to join (auto, HOST:6379). Default: "
            "$RAY_ADDRESS, else a Ray instance on this machine for this run."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Translate articles and write aligned side-by-side output (one file set per article).

    Articles are written as they are finished. Re-running the same command skips articles
    whose outputs are current and resumes an interrupted run (Ctrl-C keeps what is done).
    """
    from translate.batch import run_batch
    from translate.executors import EXECUTORS, Executor

    if executor not in EXECUTORS:
        fail(f"--executor {executor}: choose {' or '.join(EXECUTORS)}", code=2)
    if ray_address and executor != "ray":
        fail("--ray-address needs --executor ray", code=2)
    if to not in ("zh", "en"):
        fail(f"--to {to}: this tool translates into zh or en", code=2)
    glossaries = () if no_glossary else tuple(glossary or default_glossary_paths())
    config = RunConfig(
        to_lang=to,
        variant=VARIANT_ALIASES.get(variant, variant),
        glossary_paths=glossaries,
        beam_size=beam,
        threads=threads,
        back_translate=back,
        formats=_formats(fmt),
        flag_below=flag_below,
        use_human=not no_tm,
        group_segments=group_segments,
    )
    memory = open_tm(tm, no_tm)
    try:
        show_bar = not quiet and sys.stderr.isatty()
        with _sigterm_as_interrupt(), _progress(show_bar) as report:
            result = run_batch(
                paths, config, output, memory, report, Executor(executor, ray_address)
            )
    finally:
        memory.close()
    for message in result.notes:
        note(message)
    for failure in result.failures:
        error(failure.message)
    s = result.stats
    if as_json:
        typer.echo(safe_json(_summary(result), indent=2))
    else:
        for path in result.written:
            typer.echo(safe(path))
    if not quiet or result.interrupted:
        console_err().print(_summary_line(result), highlight=False, markup=False)
    if s.articles_done and not (s.segments_translated or s.segments_from_tm):
        other = "en" if to == "zh" else "zh"
        note(
            f"nothing was translated: every paragraph is already in {to} and was carried over. "
            f"To translate into {other}, add --to {other}."
        )
    if result.interrupted:
        done = s.articles_done + s.articles_up_to_date
        note(
            f"interrupted: {done} of {s.articles_total} articles are done and kept in "
            f"{output}; run the same command again to resume"
        )
        raise typer.Exit(130)
    if result.failures:
        raise typer.Exit(EXIT_PARTIAL if s.articles_done + s.articles_up_to_date else EXIT_ERROR)


def _summary_line(result: Any) -> str:
    s = result.stats
    return (
        f"{s.articles_done} articles translated, {s.articles_up_to_date} up to date, "
        f"{s.articles_failed} failed; {s.segments_translated} segments sent to a model, "
        f"{s.segments_from_tm} from the translation memory; {s.segments_flagged} flagged"
    )


def _summary(result: Any) -> dict[str, Any]:
    return {
        "articles": [
            {
                "id": a["id"],
                "path": a["path"],
                "language": a["language"]["tag"],
                "segments": a["segments"],
                "chrf": a["chrf"],
                "bleu": a["bleu"],
                "terms": {k: a["terms"][k] for k in ("found", "rendered", "survived")},
            }
            for a in result.articles
        ],
        "stats": result.stats.as_dict(),
        "failures": [asdict(f) for f in result.failures],
        "notes": list(result.notes),
        "interrupted": result.interrupted,
        "written": [str(p) for p in result.written],
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
            typer.echo(safe_json(row))
            continue
        line = f"{safe(article.path)}\t{det.tag}\t{det.confidence:.2f}\t{safe(det.note)}"
        typer.echo(line.rstrip())
        if paragraphs:
            for para, pdet in zip(article.paragraphs, paras, strict=True):
                snippet = safe(para.text[:50].replace("\t", " "))
                typer.echo(f"  {para.index}\t{pdet.tag}\t{pdet.confidence:.2f}\t{snippet}")
    for failure in failures:
        error(failure.message)
    if failures:
        raise typer.Exit(EXIT_PARTIAL if articles else EXIT_ERROR)


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="An aligned/<article>.jsonl file.")],
    worst: Annotated[
        int | None, typer.Option(min=1, help="Only the N lowest-scoring segments.")
    ] = None,
    flag_below: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            help="Flag threshold (chrF). Default: the run's, from run.json beside the file.",
        ),
    ] = None,
) -> None:
    """Side-by-side view of an aligned article in the terminal."""
    from rich.console import Console

    from translate.cli.show import render, run_threshold
    from translate.writers.jsonl import load_jsonl

    rows = load_jsonl(path)
    threshold = flag_below if flag_below is not None else run_threshold(path.parent)
    render(rows, Console(), worst=worst, flag_below=threshold)


@app.command()
def text(
    words: Annotated[
        list[str] | None, typer.Argument(help="Text to translate; standard input when absent.")
    ] = None,
    to: Annotated[str, typer.Option(help="Target language: zh, or en for Chinese input.")] = "zh",
    variant: Annotated[str, typer.Option(help="Chinese variant (see translate run).")] = "zh-Hans",
    glossary: Annotated[
        list[Path] | None, typer.Option(help="Glossary TSV (repeatable). Default: glossaries/*.tsv")
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Use no glossary.")] = False,
    beam: Annotated[int, typer.Option(min=1, max=16, help="Beam size (1 = greedy).")] = 4,
    tm: Annotated[Path | None, typer.Option("--tm", help=TM_HELP)] = None,
    no_tm: Annotated[bool, typer.Option("--no-tm", help="No translation memory.")] = False,
) -> None:
    """Print only the translation of TEXT (or of standard input): paragraphs in order, with the
    glossary and the translation memory as in `translate run`, nothing else on stdout."""
    from translate.text import translate_text

    if to not in ("zh", "en"):
        fail(f"--to {to}: this tool translates into zh or en", code=2)
    source = " ".join(words) if words else sys.stdin.read()
    config = RunConfig(
        to_lang=to,
        variant=VARIANT_ALIASES.get(variant, variant),
        glossary_paths=() if no_glossary else tuple(glossary or default_glossary_paths()),
        beam_size=beam,
        back_translate=False,
        use_human=not no_tm,
    )
    memory = open_tm(tm, no_tm)
    try:
        result = translate_text(source, config, memory)
    finally:
        memory.close()
    for message in result.notes:
        note(message)
    typer.echo(result.text, nl=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options of the command itself (--version)."""


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
