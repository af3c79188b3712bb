"""XLIFF 2.0: one `<file>` per article, one `<unit>` (holding one `<segment>`) per segment.

Segment state, as a CAT tool shows it (no human has reviewed anything yet, so nothing is
"reviewed"):
- flagged for review (chrF under the threshold, or a term lost, a repetition...):
  state="initial" subState="newsroom-translate:flagged" -- an unconfirmed draft the editor
  must work on; many tools import "translated" as already confirmed.
- translated and not flagged: state="translated".
- carried over (already in the target language, copied, not translated): state="final" and
  the unit is translate="no" -- unless flagged (a "no-model" copy), then as flagged above.
Scores, flags, terms, the back-translation and where the target came from are unit `<note>`s
(category score, flags, terms, back-translation, simplified, origin), and so is the machine
translation as delivered (category machine-translation), so that `translate import` can tell
what an editor changed; run and article notes are file `<note>`s. Characters XML cannot hold
are XLIFF's own `<cp hex="0001"/>`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.errors import InputError
from translate.writers.base import (
    WriteOptions,
    all_notes,
    display_flags,
    fmt_score,
    is_flagged,
    source_lang,
    terms_summary,
)
from translate.writers.xmltext import (
    ExchangeSegment,
    get_mixed,
    parse,
    parse_score,
    plain,
    serialize,
    set_mixed,
)

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SUBSTATE_FLAGGED = "newsroom-translate:flagged"
STATES = ("initial", "translated", "reviewed", "final")
_CONTENT = frozenset({"source", "target", "note"})


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def segment_state(seg: SegmentResult, flag_below: float) -> tuple[str, str | None]:
    """(state, subState) for a segment; see the module docstring for why."""
    if is_flagged(seg, flag_below):  # before carried: "no-model" copies need a translator
        return "initial", SUBSTATE_FLAGGED
    if seg.carried:
        return "final", None
    return "translated", None


def _cp_marker(parent: etree._Element, char: str) -> etree._Element:
    return etree.SubElement(parent, _q("cp"), hex=f"{ord(char):04X}")


def _cp_decode(node: etree._Element) -> str | None:
    if node.tag == _q("cp"):
        try:
            return chr(int(node.get("hex", ""), 16))
        except ValueError:
            return None
    return None


def _notes(parent: etree._Element, notes: list[tuple[str, str]]) -> None:
    if not notes:
        return
    holder = etree.SubElement(parent, _q("notes"))
    for category, text in notes:
        etree.SubElement(holder, _q("note"), category=category).text = plain(text)


def unit_notes(seg: SegmentResult, flag_below: float) -> list[tuple[str, str]]:
    """(category, text) of a segment's notes, the same in XLIFF 2.0 and 1.2."""
    score = f"chrF {fmt_score(seg.chrf) or 'n/a'}; BLEU {fmt_score(seg.bleu) or 'n/a'}"
    notes = [("score", score)]
    flags = display_flags(seg, flag_below)
    for category, text in (
        ("flags", ", ".join(flags)),
        ("terms", terms_summary(seg)),
        ("back-translation", seg.back),
        ("simplified", seg.target_hans),
        ("origin", seg.origin),
        ("machine-translation", "" if seg.carried else seg.target),
    ):
        if text:
            notes.append((category, text))
    return notes


def _unit(file: etree._Element, seg: SegmentResult, flag_below: float) -> None:
    number = seg.segment.index + 1
    unit = etree.SubElement(file, _q("unit"), id=f"u{number}", name=f"p{seg.segment.paragraph + 1}")
    state, sub_state = segment_state(seg, flag_below)
    if state == "final":  # carried over: already in the target language
        unit.set("translate", "no")
    _notes(unit, unit_notes(seg, flag_below))
    segment = etree.SubElement(unit, _q("segment"), id=f"s{number}", state=state)
    if sub_state:
        segment.set("subState", sub_state)
    for tag, text in (("source", seg.segment.text), ("target", seg.target)):
        element = etree.SubElement(segment, _q(tag), {XML_SPACE: "preserve"})
        set_mixed(element, text, _cp_marker)


class XliffWriter:
    extension = "xlf"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        root = etree.Element(
            _q("xliff"),
            {"version": "2.0", "srcLang": source_lang(article), "trgLang": article.target_lang},
            nsmap={None: NS},
        )
        file = etree.SubElement(root, _q("file"), id="f1", original=article.article.path)
        notes = [("warning", note) for note in all_notes(article, run)]
        notes.append(("title", article.article.title))
        _notes(file, notes)
        for seg in article.segments:
            _unit(file, seg, options.flag_below)
        return serialize(root, _CONTENT)


WRITER = XliffWriter()


def read_xliff(path: Path) -> list[ExchangeSegment]:
    """The segments of an XLIFF 2.0 file in document order, text exactly as written."""
    try:
        root = parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(
            str(path), f"not a readable XLIFF file ({exc})", "pass a .xlf file"
        ) from exc
    if root.tag != _q("xliff") or not root.get("version", "").startswith("2."):
        raise InputError(str(path), "not an XLIFF 2.0 document", "export XLIFF 2.0, not 1.2")
    src, trg = root.get("srcLang", ""), root.get("trgLang", "")
    segments = []
    for unit in root.iter(_q("unit")):
        notes = tuple(
            (n.get("category", ""), n.text or "")
            for n in unit.iterfind(f"{_q('notes')}/{_q('note')}")
        )
        if _translate_no(unit):
            notes += (("translate", "no"),)
        for index, segment in enumerate(unit.iterfind(_q("segment"))):
            segments.append(_read_segment(unit, segment, index, notes, src, trg))
    return segments


def _translate_no(unit: etree._Element) -> bool:
    """Whether the unit, or a group or file around it, says translate="no"."""
    node: etree._Element | None = unit
    while node is not None:
        value = str(node.get("translate", ""))
        if value in ("no", "yes"):
            return value == "no"
        node = node.getparent()
    return False


def _read_segment(
    unit: etree._Element,
    segment: etree._Element,
    index: int,
    notes: tuple[tuple[str, str], ...],
    src: str,
    trg: str,
) -> ExchangeSegment:
    source = segment.find(_q("source"))
    target = segment.find(_q("target"))
    by_category = dict(notes)
    score = by_category.get("score", "").removeprefix("chrF ").split(";")[0]
    return ExchangeSegment(
        id=segment.get("id") or f"{unit.get('id', '')}#{index}",
        source=get_mixed(source, _cp_decode) if source is not None else "",
        target=get_mixed(target, _cp_decode) if target is not None else "",
        source_lang=src,
        target_lang=trg,
        back=by_category.get("back-translation", ""),
        chrf=parse_score(score),
        state=segment.get("state", "initial"),
        annotations=notes,
    )
