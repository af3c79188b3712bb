"""One exception tree. The CLI catches `TranslateError` in one place and prints `Error: <message>`.

Every message says what went wrong, where (file, line) and how to fix it, in one line.
"""

from __future__ import annotations

# Exit codes, documented in the README and in `translate --help`.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # some inputs failed, the rest were done


class TranslateError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = EXIT_ERROR


class UsageError(TranslateError):
    """The command line asked for something impossible (unknown variant, no input...)."""

    exit_code = EXIT_USAGE


class InputError(TranslateError):
    """One input file cannot be read as an article (binary, empty, undecodable, missing)."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}; {fix}")


class GlossaryError(TranslateError):
    """A glossary file has errors. `problems` holds one line per error (file:line: ...)."""

    def __init__(self, problems: list[str], hint: str = "") -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "glossary error"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more + (f"; {hint}" if hint else ""))


class ModelError(TranslateError):
    """No usable model package: missing, broken, or the index cannot be reached."""


class OutputError(TranslateError):
    """Output could not be written (permissions, disk full...)."""
