"""The newsroom glossary: format, matching, protection, lint, exchange and suggestions.

Nothing happens at import: OpenCC converters, compiled patterns and lxml are built on first use.
See docs/glossary.md for the file format, the matching rules and the lint checks.
"""

from translate.glossary.exchange import (
    FORMATS,
    export_csv,
    export_terms,
    format_of,
    import_csv,
    import_terms,
)
from translate.glossary.format import (
    COLUMNS,
    VERSION,
    VERSION_LINE,
    ParsedFile,
    Problem,
    dump_tsv,
    parse_file,
    parse_text,
    write_glossary,
)
from translate.glossary.lint import exit_code, lint
from translate.glossary.match import Match, Matcher, source_forms
from translate.glossary.model import Glossary, default_glossary_paths, load_glossaries
from translate.glossary.protect import (
    STRATEGIES,
    Protected,
    Restored,
    deprecated_hits,
    protect,
    restore,
    target_form,
)
from translate.glossary.suggest import Candidate, extract_candidates, suggest_rows
from translate.glossary.tbx import export_tbx, import_tbx
from translate.glossary.tmx import export_tmx, import_tmx

__all__ = [
    "COLUMNS",
    "FORMATS",
    "STRATEGIES",
    "VERSION",
    "VERSION_LINE",
    "Candidate",
    "Glossary",
    "Match",
    "Matcher",
    "ParsedFile",
    "Problem",
    "Protected",
    "Restored",
    "deprecated_hits",
    "default_glossary_paths",
    "deprecated_in",
    "dump_tsv",
    "exit_code",
    "export_csv",
    "export_tbx",
    "export_terms",
    "export_tmx",
    "extract_candidates",
    "format_of",
    "import_csv",
    "import_tbx",
    "import_terms",
    "import_tmx",
    "lint",
    "load_glossaries",
    "parse_file",
    "parse_text",
    "protect",
    "restore",
    "source_forms",
    "suggest_rows",
    "target_form",
    "write_glossary",
]


def deprecated_in(output: str, glossary: Glossary, lang: str) -> list[Match]:
    """Forms of deprecated entries found in an output of language `lang` ("en" or "zh")."""
    return glossary.deprecated_in(output, lang)
