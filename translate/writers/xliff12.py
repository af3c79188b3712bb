"""XLIFF 1.2: one `<file>` per article, one `<trans-unit>` per segment, for the CAT tools that
read only 1.2 (OmegaT's own XLIFF filter gives 0 segments for a 2.0 file, without an error).

Target state, as a CAT tool shows it:
- flagged for review (chrF under the threshold, a term lost, a repetition...):
  state="needs-review-translation" -- a draft the editor must check.
- translated and not flagged: state="translated".
- carried over (already in the target language): translate="no" on the unit, which OmegaT
  leaves out of the editor and other tools lock, and state="final" for tools that go by state.
  A flagged copy (a paragraph with no model for its language) is flagged as above instead.
`state-qualifier` says where the target came from: leveraged-mt (the engine, this run or an
earlier one through the memory) or leveraged-tm (a human translation from the memory).

The unit's notes are those of XLIFF 2.0 (see xliff.py) as `<note from="newsroom-translate">`
with the category as a label: "Score: chrF 28.4; BLEU 9.8", "Back-translation: ...", and
"Machine translation: ..." (the target as delivered). OmegaT shows them as the segment's
comments. Characters XML cannot hold are `<ph id="cN" ctype="x-ctrl">U+0001</ph>`.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from lxml import etree

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.errors import InputError
from translate.writers.base import WriteOptions, all_notes, is_flagged, source_lang
from translate.writers.xliff import unit_notes
from translate.writers.xmltext import (
    ExchangeSegment,
    get_mixed,
    parse,
    parse_score,
    plain,
    serialize,
    set_mixed,
)

NS = "urn:oasis:names:tc:xliff:document:1.2"
TOOL = "newsroom-translate"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CTRL_TYPE = "x-ctrl"
STATE_FLAGGED = "needs-review-translation"
# category (as in XLIFF 2.0) -> the label a 1.2 note starts with
LABELS = {
    "warning": "Note",
    "title": "Title",
    "score": "Score",
    "flags": "Flags",
    "terms": "Terms",
    "back-translation": "Back-translation",
    "simplified": "Simplified",
    "origin": "Origin",
    "machine-translation": "Machine translation",
}
_CATEGORIES = {label: category for category, label in LABELS.items()}
_QUALIFIERS = {"mt": "leveraged-mt", "tm-mt": "leveraged-mt", "human": "leveraged-tm"}
_CTRL_TEXT = re.compile(r"U\+([0-9A-F]{4,6})")
_CONTENT = frozenset({"source", "target", "note"})


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def target_state(seg: SegmentResult, flag_below: float) -> str:
    """The target's state; see the module docstring for why."""
    if is_flagged(seg, flag_below):  # before carried: "no-model" copies need a translator
        return STATE_FLAGGED
    return "final" if seg.carried else "translated"


def _ctrl_marker(parent: etree._Element, char: str) -> etree._Element:
    node = etree.SubElement(parent, _q("ph"), id=f"c{len(parent) + 1}", ctype=CTRL_TYPE)
    node.text = f"U+{ord(char):04X}"
    return node


def _ctrl_decode(node: etree._Element) -> str | None:
    match = _CTRL_TEXT.fullmatch(node.text or "")
    if node.tag == _q("ph") and node.get("ctype") == CTRL_TYPE and match:
        return chr(int(match[1], 16))
    return None


def _note(parent: etree._Element, category: str, text: str, annotates: str = "") -> None:
    note = etree.SubElement(parent, _q("note"), {"from": TOOL})
    if annotates:
        note.set("annotates", annotates)
    note.text = plain(f"{LABELS[category]}: {text}")


def _unit(body: etree._Element, seg: SegmentResult, target_lang: str, flag_below: float) -> None:
    number = seg.segment.index + 1
    attrs = {"id": f"u{number}", "resname": f"p{seg.segment.paragraph + 1}", XML_SPACE: "preserve"}
    state = target_state(seg, flag_below)
    if state == "final":  # carried over: already in the target language
        attrs["translate"] = "no"
    unit = etree.SubElement(body, _q("trans-unit"), attrs)
    set_mixed(
        etree.SubElement(unit, _q("source"), {XML_LANG: seg.segment.lang}),
        seg.segment.text,
        _ctrl_marker,
    )
    target = etree.SubElement(unit, _q("target"), {XML_LANG: target_lang, "state": state})
    if not seg.carried and seg.origin in _QUALIFIERS:
        target.set("state-qualifier", _QUALIFIERS[seg.origin])
    set_mixed(target, seg.target, _ctrl_marker)
    for category, text in unit_notes(seg, flag_below):
        _note(unit, category, text, "target")


def _date(iso: str) -> str | None:
    try:
        return datetime.fromisoformat(iso).isoformat()
    except ValueError:
        return None


class Xliff12Writer:
    extension = "xliff12.xlf"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        root = etree.Element(_q("xliff"), version="1.2", nsmap={None: NS})
        attrs = {
            "original": article.article.path,
            "source-language": source_lang(article),
            "target-language": article.target_lang,
            "datatype": "plaintext",
            "tool-id": TOOL,
        }
        date = _date(run.signature.created)
        if date:
            attrs["date"] = date
        file = etree.SubElement(root, _q("file"), attrs)
        header = etree.SubElement(file, _q("header"))
        etree.SubElement(
            header,
            _q("tool"),
            {"tool-id": TOOL, "tool-name": TOOL, "tool-version": run.signature.tool_version},
        )
        for note in all_notes(article, run):
            _note(header, "warning", note)
        _note(header, "title", article.article.title)
        body = etree.SubElement(file, _q("body"))
        for seg in article.segments:
            _unit(body, seg, article.target_lang, options.flag_below)
        return serialize(root, _CONTENT)


WRITER = Xliff12Writer()


def read_note(text: str) -> tuple[str, str]:
    """(category, text) of a note we wrote ("Score: chrF 28.4" -> ("score", "chrF 28.4")),
    or ("note", text) for anyone else's."""
    label, sep, rest = text.partition(": ")
    if sep and label in _CATEGORIES:
        return _CATEGORIES[label], rest
    return "note", text


def read_xliff12(path: Path) -> list[ExchangeSegment]:
    """The trans-units of an XLIFF 1.2 file in document order, as a CAT tool left them.

    A unit's text is its whole `<source>` and `<target>` (segment markers of tools that split
    units, `<mrk mtype="seg">`, are read through). `state` is the target's state; a unit's
    translate="no" and approved="yes" (its own or inherited) come as annotations.
    """
    try:
        root = parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(
            str(path), f"not a readable XLIFF file ({exc})", "pass a .xlf file"
        ) from exc
    if root.tag != _q("xliff") or not root.get("version", "").startswith("1."):
        raise InputError(str(path), "not an XLIFF 1.2 document", "export XLIFF 1.2")
    segments = []
    for file in root.iterfind(_q("file")):
        src, trg = file.get("source-language", ""), file.get("target-language", "")
        for unit in file.iter(_q("trans-unit")):
            segments.append(_read_unit(unit, src, trg))
    return segments


def _inherited(unit: etree._Element, attribute: str) -> str:
    node: etree._Element | None = unit
    while node is not None and node.tag != _q("file"):
        value = str(node.get(attribute, ""))
        if value:
            return value
        node = node.getparent()
    return ""


def _read_unit(unit: etree._Element, src: str, trg: str) -> ExchangeSegment:
    source = unit.find(_q("source"))
    target = unit.find(_q("target"))
    notes = tuple(read_note(n.text or "") for n in unit.iterfind(_q("note")))
    for attribute, value in (("translate", "no"), ("approved", "yes")):
        if _inherited(unit, attribute) == value:
            notes += ((attribute, value),)
    by_category = dict(notes)
    score = by_category.get("score", "").removeprefix("chrF ").split(";")[0]
    lang = target.get(XML_LANG) if target is not None else None
    return ExchangeSegment(
        id=unit.get("id", ""),
        source=get_mixed(source, _ctrl_decode) if source is not None else "",
        target=get_mixed(target, _ctrl_decode) if target is not None else "",
        source_lang=(source.get(XML_LANG) if source is not None else None) or src,
        target_lang=lang or trg,
        back=by_category.get("back-translation", ""),
        chrf=parse_score(score),
        state=(target.get("state") or "") if target is not None else "",
        annotations=notes,
    )
