"""TMX 1.4b export and import: one <tu> per entry, one <tuv> per language, the rest in props."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from translate.core import Term
from translate.glossary.exchange import FLAGS, build_term, finish, language, slug, zh_cells
from translate.glossary.format import REGIONAL, term_cells
from translate.glossary.xmlutil import (
    XML_LANG,
    children,
    etree,
    lang_attribute,
    local,
    parse_xml,
    serialise,
    sub,
    text_of,
)

_PROPS = (*FLAGS, "domain")


def _unit(body: Any, term: Term) -> None:
    unit = sub(body, "tu", tuid=term.id)
    if term.note:
        sub(unit, "note", term.note)
    cells = term_cells(term)
    for flag in _PROPS:
        sub(unit, "prop", cells[flag], type=f"x-{flag}")
    for alias in term.aliases:
        sub(unit, "prop", alias, type="x-en-alias")
    for alias in term.zh_aliases:
        sub(unit, "prop", alias, type="x-zh-alias")
    for column in ("en", "zh-Hans", "zh-Hant", *REGIONAL):
        if cells[column]:
            sub(sub(unit, "tuv", **{XML_LANG: column}), "seg", cells[column])


def export_tmx(terms: Iterable[Term]) -> bytes:
    """TMX 1.4b; our fields travel in x- props (x-case, x-status, x-en-alias...)."""
    from translate import __version__

    root = etree().Element("tmx", version="1.4")
    header = {
        "creationtool": "newsroom-translate",
        "creationtoolversion": __version__,
        "segtype": "phrase",
        "o-tmf": "newsroom-glossary",
        "adminlang": "en",
        "srclang": "en",
        "datatype": "plaintext",
    }
    sub(root, "header", **header)
    body = sub(root, "body")
    for term in terms:
        _unit(body, term)
    return serialise(root)


def _read_unit(unit: Any, path: str, taken: set[str], errors: list[str]) -> Term | None:
    props: dict[str, list[str]] = {}
    for prop in children(unit, "prop"):
        props.setdefault(prop.get("type", ""), []).append(prop.text or "")
    forms: dict[str, list[str]] = {}
    for tuv in children(unit, "tuv"):
        column = language(lang_attribute(tuv))
        segs = children(tuv, "seg")
        if column and segs:
            forms.setdefault(column, []).append(text_of(segs[0]))
    own = "x-status" in props
    forms["zh-aliases"] = props.get("x-zh-alias", [])
    english = forms.get("en", [])
    cells = {
        "en": english[0] if english else "",
        "en_aliases": "|".join(english[1:] + props.get("x-en-alias", [])),
        "note": "".join(note.text or "" for note in children(unit, "note")),
        **zh_cells(forms, own),
    }
    cells.update({flag: props[f"x-{flag}"][0] for flag in _PROPS if props.get(f"x-{flag}")})
    if not own:
        cells["dnt"] = "yes" if cells.get("zh-Hans") == cells["en"] else "no"
    cells["id"] = slug(cells["en"], taken, unit.get("tuid") or "")
    return build_term(cells, f"{path}:{unit.sourceline}", errors)


def import_tmx(data: bytes, path: str = "<tmx>") -> list[Term]:
    """Entries of a TMX file; a foreign translation memory gives one entry per <tu>."""
    root = parse_xml(data, path)
    taken: set[str] = set()
    errors: list[str] = []
    units = [node for node in root.iter() if local(node) == "tu"]
    return finish([_read_unit(u, path, taken, errors) for u in units], errors)
