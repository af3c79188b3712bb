"""Shared pieces of the command line: the error console and the one place errors are caught."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import NoReturn

import typer
from rich.console import Console

from translate.errors import TranslateError


@cache
def console_err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    console_err().print(f"Error: {message}", style="red", highlight=False, markup=False)
    raise typer.Exit(code)


@contextmanager
def guard() -> Iterator[None]:
    """Turn the errors we foresee into one line and an exit code; no tracebacks."""
    try:
        yield
    except TranslateError as exc:
        fail(str(exc), code=exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; no output was left half-written", code=130)
