"""`translate glossary ...`: lint, review, suggest, import, export."""

from __future__ import annotations

import typer

glossary_app = typer.Typer(
    no_args_is_help=True,
    help="Check, review and exchange glossaries.",
    rich_markup_mode=None,
)
