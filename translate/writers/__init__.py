"""Output writers, chosen by name from a lazy registry.

`write_run` writes, for each article, `<article.id>.<ext>` for each writer of each chosen format,
then `run.json` (always) and `index.html` (with html). Every file is written atomically.
A format may have several writers (tmx: the article's memory and its review memory), and an
extension may name the article's target language as `{lang}` (txt: `<id>.zh-Hans.txt`).
A writer module is imported the first time its format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from translate.core import DEFAULT_FLAG_BELOW, ArticleResult, RunResult
from translate.errors import OutputError, UsageError
from translate.writers.base import WriteOptions, Writer

# name -> (module, writer attributes); the order is the order files are written in.
_REGISTRY: dict[str, tuple[str, tuple[str, ...]]] = {
    "tsv": ("translate.writers.tsv", ("WRITER",)),
    "jsonl": ("translate.writers.jsonl", ("WRITER",)),
    "md": ("translate.writers.markdown", ("WRITER",)),
    "html": ("translate.writers.html", ("WRITER",)),
    "tmx": ("translate.writers.tmx", ("WRITER", "REVIEW_WRITER")),
    "xliff": ("translate.writers.xliff", ("WRITER",)),
    "xliff12": ("translate.writers.xliff12", ("WRITER",)),
    "txt": ("translate.writers.text", ("WRITER",)),
}

FORMATS: tuple[str, ...] = tuple(_REGISTRY)

__all__ = [
    "FORMATS",
    "WriteOptions",
    "Writer",
    "file_name",
    "get_writer",
    "get_writers",
    "resolve_formats",
    "write_articles",
    "write_run",
]


def resolve_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Validate format names ("all" means every one); keep registry order, drop repeats."""
    names = set(formats)
    if "all" in names:
        return FORMATS
    unknown = sorted(names - set(FORMATS))
    if unknown:
        raise UsageError(
            f"unknown output format {', '.join(unknown)}; choose from {', '.join(FORMATS)} or all"
        )
    return tuple(name for name in FORMATS if name in names)


def get_writers(name: str) -> tuple[Writer, ...]:
    """Every writer of a format, the main one first."""
    try:
        module_name, attributes = _REGISTRY[name]
    except KeyError:
        resolve_formats([name])  # raises the UsageError naming the valid formats
        raise
    module = importlib.import_module(module_name)
    return tuple(cast(Writer, getattr(module, attribute)) for attribute in attributes)


def get_writer(name: str) -> Writer:
    """The main writer of a format."""
    return get_writers(name)[0]


def file_name(writer: Writer, article: ArticleResult) -> str:
    """`<article id>.<extension>`, with `{lang}` in the extension the article's target tag."""
    return f"{article.article.id}.{writer.extension.format(lang=article.target_lang)}"


def write_run(
    run: RunResult,
    out_dir: Path,
    formats: Sequence[str],
    *,
    flag_below: float = DEFAULT_FLAG_BELOW,
) -> list[Path]:
    """Write every article in every chosen format, then run.json (and index.html).

    Returns the paths written, in order. Raises UsageError for an unknown format and
    OutputError when a file cannot be written or two outputs would share a name.
    """
    names = resolve_formats(formats)
    writers = [writer for name in names for writer in get_writers(name)]
    return write_articles(
        run, out_dir, writers, WriteOptions(flag_below=flag_below), with_index="html" in names
    )


def write_articles(
    run: RunResult,
    out_dir: Path,
    writers: Sequence[Writer],
    options: WriteOptions,
    *,
    with_index: bool,
    with_summary: bool = True,
    extra: Callable[[ArticleResult], Sequence[tuple[str, str]]] = lambda article: (),
) -> list[Path]:
    """The one loop that writes a run's files (translate run's writers, align's): every name
    planned and checked first, so a collision writes nothing; then, per article, its `extra`
    files (name, text) and each writer's file, atomically; then index.html and run.json."""
    planned = _plan(run, writers, extra, with_index)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{out_dir}: cannot create the output folder ({exc.strerror or exc}); "
            "choose another with -o"
        ) from exc
    from translate.writers import atomic, runjson

    written: list[Path] = []
    outputs: dict[str, list[str]] = {}
    for article in run.articles:
        names = planned[article.article.id]
        files = [*extra(article), *((n, w.render(article, run, options)) for n, w in names)]
        for name, text in files:
            written.append(atomic.write_text(out_dir / name, text))
            outputs.setdefault(article.article.id, []).append(name)
    if with_index:
        from translate.writers import html

        index = out_dir / "index.html"
        written.append(atomic.write_text(index, html.render_index(run, options)))
    if with_summary:
        summary = runjson.render_run(run, options, outputs)
        written.append(atomic.write_text(out_dir / "run.json", summary))
    return written


def _plan(
    run: RunResult,
    writers: Sequence[Writer],
    extra: Callable[[ArticleResult], Sequence[tuple[str, str]]],
    with_index: bool,
) -> dict[str, list[tuple[str, Writer]]]:
    """Every article's output file names (its writers' with each writer), checked before
    anything is written."""
    taken = {"run.json": "the run summary"}
    if with_index:
        taken["index.html"] = "the index page"
    planned: dict[str, list[tuple[str, Writer]]] = {}
    for article in run.articles:
        article_id = article.article.id
        if not article_id or Path(article_id).name != article_id or article_id.startswith("."):
            raise OutputError(
                f"{article.article.path}: article id {article_id!r} cannot be a file name; "
                "rename the input file"
            )
        planned[article_id] = [(file_name(writer, article), writer) for writer in writers]
        for name in [name for name, _ in extra(article)] + [n for n, _ in planned[article_id]]:
            if name in taken:
                raise OutputError(
                    f"{article.article.path}: {name} would overwrite {taken[name]}; "
                    "rename the input file"
                )
            taken[name] = f"the output of {article.article.path}"
    return planned
