"""Shared pieces of the command line: terminal-safe text, the error console and the one place
errors are caught.

Anything printed from user data (article text, file and folder names, glossary cells, package
metadata) goes through `safe()` first: a hostile article or file name must not be able to
retitle the window, clear the screen, move the cursor or reorder what is shown.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, NoReturn

import regex
import typer
from rich.console import Console
from typer.core import TyperGroup

from translate.errors import TranslateError

# Control characters (C0, DEL, C1: ESC and CSI start terminal commands), bidirectional
# overrides and isolates (they reorder what the reader sees: "Trojan Source"), and the Unicode
# line and paragraph separators (a second line forged inside one message).
_UNSAFE = regex.compile(r"[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# The same, but keeping the newline and tab of multi-line text (a Markdown report, TSV rows).
_UNSAFE_KEEP_LINES = regex.compile(
    r"[^\P{Cc}\n\t]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """`text` as one terminal-safe line: control and bidi characters shown as \\x1b, \\u202e."""
    return str(_UNSAFE.sub(_escape, str(text)))


def safe_lines(text: str) -> str:
    """Like `safe`, but newlines and tabs are kept (multi-line reports and TSV on stdout)."""
    return str(_UNSAFE_KEEP_LINES.sub(_escape, text))


def _json_escape(match: regex.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_json(value: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII kept readable (one line unless `indent`). json.dumps already escapes
    C0 controls; DEL, C1 and bidi controls are escaped too (\\u009b is still the same string
    to a JSON reader). Outside strings JSON has only spaces and newlines, which stay."""
    # JSON escapes newlines and tabs inside strings: a raw one is layout, and stays.
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return str(_UNSAFE_KEEP_LINES.sub(_json_escape, text))


@cache
def console_err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def note(message: str) -> None:
    """A `Note: ...` line on stderr, made safe."""
    console_err().print(f"Note: {safe(message)}", style="yellow", highlight=False, markup=False)


def warn(message: str) -> None:
    """A `Warning: ...` line on stderr, made safe: something was done, but check it."""
    console_err().print(f"Warning: {safe(message)}", style="yellow", highlight=False, markup=False)


def error(message: str) -> None:
    """An `Error: ...` line on stderr, made safe, without exiting (one input of a batch)."""
    console_err().print(f"Error: {safe(message)}", style="red", highlight=False, markup=False)


def fail(message: str, code: int = 1) -> NoReturn:
    error(message)
    raise typer.Exit(code)


class _WarningLines(logging.Handler):
    """The library's warnings (a file read with bad bytes replaced, a broken package skipped)
    as `Warning: ...` lines, made safe: they name files and quote their text."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            warn(record.getMessage())
        except Exception:  # a warning must never break the command
            self.handleError(record)


@contextmanager
def library_warnings() -> Iterator[None]:
    """Show the `translate` library's warnings on stderr while the block runs (once, even
    when nested), instead of the unsanitised root handler."""
    logger = logging.getLogger("translate")
    if any(isinstance(h, _WarningLines) for h in logger.handlers):
        yield
        return
    handler = _WarningLines(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@contextmanager
def guard() -> Iterator[None]:
    """Turn the errors we foresee into one line and an exit code, no tracebacks; show the
    library's warnings as they come. `ErrorBoundary` puts every command inside it."""
    try:
        with library_warnings():
            yield
    except TranslateError as exc:
        fail(str(exc), code=exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; no output was left half-written", code=130)


# Metavars by parameter name, the same for every command; a parameter's own `metavar=` wins.
_METAVARS = {
    "paths": "PATH",
    "files": "FILE",
    "glossary": "FILE",
    "tm": "FILE",
    "mt": "FILE",
    "out": "FILE",
    "output": "FILE",
    "fmt": "FORMAT",
    "to": "LANG",
    "words": "TEXT",
    "beam": "N",
    "threads": "N",
    "seed": "N",
    "worst": "N",
    "limit": "N",
    "min_articles": "N",
    "group_segments": "N",
    "flag_below": "CHRF",
    "tm_threshold": "CONFIDENCE",
    "timeout": "SECONDS",
    "ray_address": "ADDRESS",
}


def _plain_metavars(command: Any) -> None:
    """Help that reads like a Unix tool's: `--beam N`, `--output DIR`, `PATH`, not typer's
    Python type labels (`<int range>`, `<list[str]>`). Ranges, choices and defaults stay in
    each parameter's help text."""
    for param in command.params:
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.metavar is None:
            name = param.name or "value"
            param.metavar = _METAVARS.get(name, name.upper().replace("_", "-"))
        if param.param_type_name == "argument":
            # typer prints an argument's type after its name even with a metavar
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


class ErrorBoundary(TyperGroup):
    """The command line's one error boundary: every command (and sub-command) runs inside
    `guard()`, so a `TranslateError` from the library becomes `Error: ...` and its exit code,
    wherever it is raised. Its help shows plain metavars (`_plain_metavars`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_metavars(self)

    def invoke(self, ctx: Any) -> Any:
        with guard():
            return super().invoke(ctx)
