"""`translate models ...`: list, install (Argos index or file), remove."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.util import console_err, error, fail, note, safe, safe_json
from translate.engine import packages
from translate.errors import EXIT_ERROR, EXIT_PARTIAL, ModelError

models_app = typer.Typer(
    no_args_is_help=True,
    help="Manage translation packages (Argos Translate .argosmodel files).",
    rich_markup_mode=None,
)


@models_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
) -> None:
    """List installed packages (real packages are used before sample ones)."""
    found = packages.list_installed()
    for pkg in found:
        if as_json:
            typer.echo(safe_json({**asdict(pkg), "path": str(pkg.path)}))
        else:
            kind = "sample" if pkg.sample else "argos"
            cells = (pkg.from_code, pkg.to_code, pkg.version, kind, str(pkg.path))
            typer.echo("\t".join(safe(c) for c in cells))
    if not found and not as_json:
        console_err().print(
            "No packages installed. Run `translate models install en zh` (online) or "
            "`translate models install FILE.argosmodel` (offline).",
            highlight=False,
        )


def _describe(verb: str, pkg: packages.InstalledPackage) -> str:
    version = "SAMPLE" if pkg.sample and verb == "installed" else pkg.version
    return safe(f"{verb} {pkg.from_code}->{pkg.to_code} {version} {pkg.path}")


def _install_pair(from_code: str, to_code: str, timeout: float, or_sample: bool) -> None:
    err = console_err()
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    bar = Progress(
        *Progress.get_default_columns(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # a bar only where someone watches it
    )
    with bar:
        task = bar.add_task(f"{from_code}->{to_code}", total=None)
        done = packages.install_pair(
            from_code,
            to_code,
            timeout=timeout,
            or_sample=or_sample,
            progress=lambda got, total: bar.update(task, completed=got, total=total),
        )
    pkg = done.package
    if done.fallback and not pkg.sample:
        typer.echo(_describe("kept", pkg) + " (real package)")
        return
    typer.echo(_describe("installed", pkg))
    if done.fallback:
        note(
            f"{done.fallback}, so the bundled {from_code}->{to_code} SAMPLE package was "
            "installed. It knows only the sample articles. For real translation run "
            f"`translate models install {from_code} {to_code}` online, or `translate models "
            "install FILE.argosmodel` with a package downloaded elsewhere."
        )


def _install_files(files: list[str]) -> None:
    """Each file on its own: one that fails is one Error line, the others are installed."""
    failed = 0
    for f in files:
        try:
            pkg = packages.install_file(Path(f))
        except ModelError as exc:
            if len(files) == 1:
                raise
            error(str(exc))
            failed += 1
            continue
        typer.echo(_describe("installed", pkg))
    if failed:
        raise typer.Exit(EXIT_PARTIAL if failed < len(files) else EXIT_ERROR)


@models_app.command()
def install(
    what: Annotated[
        list[str], typer.Argument(help="FROM TO (from the Argos index) or FILE.argosmodel ...")
    ],
    both_ways: Annotated[
        bool, typer.Option("--both-ways", help="Also install TO -> FROM.")
    ] = False,
    or_sample: Annotated[
        bool,
        typer.Option(
            "--or-sample",
            help="When the index is unreachable, install the bundled "
            "sample package for the pair instead (it knows only the sample articles).",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Network timeout in seconds: give up when nothing arrives."),
    ] = 10.0,
) -> None:
    """Install packages from the Argos index (online) or from .argosmodel files (offline).

    A package is unpacked into a hidden folder, checked and made to translate a test sentence
    before it replaces the installed package of its pair; a package that fails changes nothing.
    Exit codes: 0 installed; 1 error; 2 usage error; 3 some files failed, the rest installed.
    """
    files = [w for w in what if w.endswith(".argosmodel") or Path(w).is_file()]
    if files:
        _install_files(files)
        return
    if len(what) != 2:
        fail("give FROM TO language codes (e.g. `en zh`) or .argosmodel files", code=2)
    bad = [c for c in what if not packages.LANG_CODE.fullmatch(c)]
    if bad:
        fail(f"{bad[0]!r} is not a language code; give codes such as en, zh, ms", code=2)
    pairs = [(what[0], what[1])] + ([(what[1], what[0])] if both_ways else [])
    for from_code, to_code in pairs:
        _install_pair(from_code, to_code, timeout, or_sample)


@models_app.command()
def remove(
    which: Annotated[list[str], typer.Argument(help="FROM TO, or a package directory name.")],
) -> None:
    """Remove installed packages."""
    for pkg in packages.remove(" ".join(which)):
        typer.echo(_describe("removed", pkg))
