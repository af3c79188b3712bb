"""TBX-Basic export and import, in both forms of ISO 30042.

- TBX-Basic as ISO 30042:2008 (TBX 2) wrote it, the default: `<martif type="TBX-Basic">` >
  termEntry > langSet > tig > term + termNote, in no namespace. Every CAT tool reads this one:
  OmegaT's TBX reader unmarshals `martif` only, and translate-toolkit's tbx reads only it.
- TBX v3 (ISO 30042:2019, DCA style): `<tbx xmlns="urn:iso:std:iso:30042:ed-2">` >
  conceptEntry > langSec > termSec, for tools that want the current standard (`--tbx v3`).

Both carry the same data, and import reads both (and ntig/termGrp).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from translate.core import Term
from translate.errors import UsageError
from translate.glossary.exchange import FLAGS, build_term, finish, language, slug, zh_cells
from translate.glossary.format import term_cells
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

TBX_NS = "urn:iso:std:iso:30042:ed-2"
VERSIONS = ("basic", "v3")  # the martif form of TBX-Basic, and TBX v3
MACHINE_NOTE = "newsroom-glossary:"  # a note carrying the fields TBX-Basic has no place for
_STATUS_TO_TBX = {
    "approved": "preferredTerm-admn-sts",
    "proposed": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}


def _machine_note(term: Term) -> str:
    cells = term_cells(term)
    return MACHINE_NOTE + " " + "; ".join(f"{flag}={cells[flag]}" for flag in FLAGS)


def _read_machine_note(text: str) -> dict[str, str] | None:
    if not text.startswith(MACHINE_NOTE):
        return None
    pairs = (part.partition("=") for part in text[len(MACHINE_NOTE) :].split(";"))
    return {key.strip(): value.strip() for key, _, value in pairs if key.strip() in FLAGS}


# The element names of each form: entry, language section, term section.
_NAMES = {"basic": ("termEntry", "langSet", "tig"), "v3": ("conceptEntry", "langSec", "termSec")}


def _lang_sec(
    entry: Any, names: tuple[str, str, str], code: str, forms: Iterable[str], status: str
) -> None:
    kept = [form for form in forms if form]
    if not kept:
        return
    lang_sec = sub(entry, names[1], **{XML_LANG: code})
    for index, form in enumerate(kept):
        term_sec = sub(lang_sec, names[2])
        sub(term_sec, "term", form)
        admitted = index > 0 and status != "deprecated"  # aliases are admitted terms
        value = _STATUS_TO_TBX["proposed" if admitted else status]
        sub(term_sec, "termNote", value, type="administrativeStatus")


def _concept(body: Any, term: Term, names: tuple[str, str, str]) -> None:
    entry = sub(body, names[0], id=term.id)
    if term.domain:
        sub(entry, "descrip", term.domain, type="subjectField")
    sub(entry, "note", _machine_note(term))  # first, so a user note may say anything
    if term.note:
        sub(entry, "note", term.note)
    _lang_sec(entry, names, "en", (term.en, *term.aliases), term.status)
    _lang_sec(entry, names, "zh-Hans", [term.zh_hans], term.status)
    _lang_sec(entry, names, "zh-Hant", [term.zh_hant], term.status)
    for code, form in term.regional:
        _lang_sec(entry, names, code, [form], term.status)
    _lang_sec(entry, names, "zh", term.zh_aliases, term.status)  # plain "zh": any script


def export_tbx(terms: Iterable[Term], version: str = "basic") -> bytes:
    """TBX-Basic, by default as `martif` (ISO 30042:2008), with version="v3" as TBX v3
    (ISO 30042:2019, DCA style). Aliases are admitted terms; the fields TBX-Basic lacks (case,
    plural, dnt, status) travel in a note starting 'newsroom-glossary:'."""
    if version == "v3":
        root = etree().Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
        root.attrib.update({"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
        header = sub(root, "tbxHeader")
    elif version == "basic":
        root = etree().Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
        header = sub(root, "martifHeader")
    else:
        raise UsageError(f"TBX version {version!r}: choose {' or '.join(VERSIONS)}")
    sub(sub(sub(header, "fileDesc"), "sourceDesc"), "p", "newsroom glossary")
    body = sub(sub(root, "text"), "body")
    for term in terms:
        _concept(body, term, _NAMES[version])
    if version == "v3":
        for element in root.iter():  # children were made with plain names: put them in TBX's
            if "}" not in element.tag:
                element.tag = f"{{{TBX_NS}}}{element.tag}"
    return serialise(root)


def export_tbx_v3(terms: Iterable[Term]) -> bytes:
    """TBX v3 (ISO 30042:2019): `glossary export --tbx v3`."""
    return export_tbx(terms, "v3")


def _terms_in(lang_sec: Any) -> list[tuple[str, str]]:
    """(term, administrative status) in a langSec/langSet: termSec, tig or ntig/termGrp."""
    found = []
    for holder in children(lang_sec, "termSec", "tig", "ntig"):
        group = (children(holder, "termGrp") or [holder])[0]
        terms = children(group, "term")
        if not terms:
            continue
        notes = [
            note
            for note in group.iter()
            if local(note) == "termNote" and note.get("type") == "administrativeStatus"
        ]
        found.append((text_of(terms[0]), (notes[0].text or "") if notes else ""))
    return found


def _forms(entry: Any, own: bool) -> tuple[dict[str, list[str]], str]:
    """Language column -> forms, and the status the English terms imply."""
    forms: dict[str, list[str]] = {}
    status = "approved"
    for lang_sec in children(entry, "langSec", "langSet"):
        code = lang_attribute(lang_sec)
        column = "zh-aliases" if own and code == "zh" else language(code)
        for text, admin in _terms_in(lang_sec):
            if column:
                forms.setdefault(column, []).append(text)
            if column == "en" and admin.startswith(("deprecated", "superseded")):
                status = "deprecated"
    return forms, status


def _entry(entry: Any, path: str, taken: set[str], errors: list[str]) -> Term | None:
    notes = [(note.text or "") for note in children(entry, "note")]
    flags = _read_machine_note(notes[0]) if notes else None
    if flags is not None:
        notes = notes[1:]
    forms, status = _forms(entry, flags is not None)
    english = forms.get("en", [])
    domains = [d.text or "" for d in children(entry, "descrip") if d.get("type") == "subjectField"]
    cells = {
        "en": english[0] if english else "",
        "en_aliases": "|".join(english[1:]),
        "note": notes[0] if notes else "",
        "domain": "".join(domains),
        "status": status,
        **zh_cells(forms, flags is not None),
        **(flags or {}),
    }
    cells["id"] = slug(cells["en"], taken, entry.get("id") or "")
    if flags is None:
        cells["dnt"] = "yes" if cells.get("zh-Hans") == cells["en"] else "no"
    return build_term(cells, f"{path}:{entry.sourceline}", errors)


def import_tbx(data: bytes, path: str = "<tbx>") -> list[Term]:
    """Entries of a TBX file (conceptEntry/langSec/termSec or termEntry/langSet/tig)."""
    root = parse_xml(data, path)
    entries = [e for e in root.iter() if local(e) in ("conceptEntry", "termEntry")]
    taken: set[str] = set()
    errors: list[str] = []
    return finish([_entry(e, path, taken, errors) for e in entries], errors)
