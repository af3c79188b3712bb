"""`translate tm ...`: look after the translation memory (stats, export, import, clear)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli.util import console_err, fail, safe

if TYPE_CHECKING:
    from translate.tm import TranslationMemory

tm_app = typer.Typer(
    no_args_is_help=True,
    help="The translation memory: engine outputs reused by later runs, and human translations "
    "used before the engine.",
    rich_markup_mode=None,
)

TM_OPTION = typer.Option(
    "--tm",
    help="Translation memory file. Default: $TRANSLATE_TM, else "
    "$XDG_DATA_HOME/newsroom-translate/tm.sqlite (~/.local/share/...).",
)


def _open(tm: Path | None) -> TranslationMemory:
    from translate.tm import TranslationMemory, default_tm_path

    return TranslationMemory(tm or default_tm_path())


@tm_app.command()
def stats(
    tm: Annotated[Path | None, TM_OPTION] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
) -> None:
    """How much the memory holds."""
    with _open(tm) as memory:
        figures = memory.stats()
    if as_json:
        typer.echo(json.dumps(figures.as_dict(), ensure_ascii=False))
        return
    typer.echo(f"file\t{safe(figures.path)}")
    typer.echo(f"human translations\t{figures.human_units}")
    typer.echo(f"machine translations\t{figures.mt_units}")
    typer.echo(f"engine outputs\t{figures.mt_outputs}")
    typer.echo(f"size\t{figures.size_bytes / 1e6:.1f} MB")


@tm_app.command("export")
def export_tmx(
    out: Annotated[Path, typer.Argument(help="TMX file to write.")],
    tm: Annotated[Path | None, TM_OPTION] = None,
    human_only: Annotated[
        bool, typer.Option("--human-only", help="Only human translations, no MT.")
    ] = False,
) -> None:
    """Write the memory's translations as TMX 1.4b (origin human or mt in each unit's
    x-origin prop)."""
    from translate.tm_tmx import write_tmx

    with _open(tm) as memory:
        count = write_tmx(memory.units("human" if human_only else None), out)
    console_err().print(f"wrote {count} units to {safe(out)}", highlight=False, markup=False)


@tm_app.command("import")
def import_tmx(
    files: Annotated[list[Path], typer.Argument(help="TMX files (human translations).")],
    tm: Annotated[Path | None, TM_OPTION] = None,
) -> None:
    """Store the units of TMX files as human translations: `translate run` uses them before
    the engine and marks such segments origin=human. A unit whose x-origin prop says mt
    (as `tm export` writes it) stays MT."""
    from translate.tm_tmx import read_tmx

    with _open(tm) as memory:
        for path in files:
            if not path.is_file():
                fail(f"{path}: no such file; check the path")
            count = 0
            batch = []
            for unit in read_tmx(path):
                batch.append(unit)
                if len(batch) >= 5000:
                    count += memory.add_units(batch)
                    batch = []
            count += memory.add_units(batch)
            console_err().print(
                f"imported {count} units from {safe(path)}", highlight=False, markup=False
            )


@tm_app.command()
def clear(
    tm: Annotated[Path | None, TM_OPTION] = None,
    what: Annotated[
        str,
        typer.Option(
            metavar="all|mt|human", help="all, mt (engine outputs and MT units) or human."
        ),
    ] = "all",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove what the memory holds (all, or only MT, or only human translations)."""
    if what not in ("all", "mt", "human"):
        fail(f"--what {what}: choose all, mt or human", code=2)
    with _open(tm) as memory:
        if not yes:
            if not typer.confirm(f"Remove {what} from {memory.path}?", err=True):
                raise typer.Exit(1)
        removed = memory.clear(what)
    console_err().print(f"removed {removed} entries", highlight=False, markup=False)
