"""TMX 1.4b translation memories: `<article>.tmx` and `<article>.review.tmx`.

CAT tools treat a TMX unit as an approved translation (OmegaT inserts whatever is in tm/auto/
into the document; Trados and memoQ offer it as a 100% match), so a segment flagged for review
must not be in the memory an editor loads: `<article>.tmx` holds the unflagged translations,
`<article>.review.tmx` the flagged ones, for a human to check first.

The header carries every attribute TMX 1.4b requires, the run and article notes as `<note>`s
and article facts as `<prop type="x-...">`. Each `<tu>` has a human-readable `<note>` (score,
flags, terms, origin) and machine-readable props: x-chrf, x-bleu, x-flagged, x-flags, x-terms,
x-back (the back-translation), x-target-hans, x-origin (mt, tm-mt or human), x-paragraph,
x-segment. Paragraphs that were already in the target language are carried over untranslated
and left out: a memory holds translations, and a pair of two identical texts labelled as two
languages would mislead it. Characters XML cannot hold are written as
`<ph type="x-ctrl">U+0001</ph>` (see xmltext).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from translate.core import ArticleResult, RunResult, SegmentResult
from translate.errors import InputError
from translate.writers.base import (
    WriteOptions,
    all_notes,
    display_flags,
    fmt_ratio,
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

CREATION_TOOL = "newsroom-translate"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CTRL_TYPE = "x-ctrl"
_CTRL_TEXT = re.compile(r"U\+([0-9A-F]{4,6})")
_CONTENT = frozenset({"seg", "note", "prop"})


def tmx_date(iso: str) -> str | None:
    """TMX's date form (YYYYMMDDThhmmssZ, UTC) of an ISO 8601 time, or None if unreadable."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ctrl_marker(parent: etree._Element, char: str) -> etree._Element:
    node = etree.SubElement(parent, "ph", type=CTRL_TYPE)
    node.text = f"U+{ord(char):04X}"
    return node


def _ctrl_decode(node: etree._Element) -> str | None:
    match = _CTRL_TEXT.fullmatch(node.text or "")
    if node.tag == "ph" and node.get("type") == CTRL_TYPE and match:
        return chr(int(match[1], 16))
    return None


def _add(parent: etree._Element, tag: str, text: str, **attrs: str) -> None:
    etree.SubElement(parent, tag, attrs).text = plain(text)


def _header(
    root: etree._Element, article: ArticleResult, run: RunResult, review: bool, flagged: int
) -> None:
    sig = run.signature
    attrs = {
        "creationtool": CREATION_TOOL,
        "creationtoolversion": sig.tool_version,
        "segtype": "sentence",
        "o-tmf": CREATION_TOOL,
        "adminlang": "en",
        "srclang": source_lang(article),
        "datatype": "plaintext",
    }
    created = tmx_date(sig.created)
    if created:
        attrs["creationdate"] = created
    header = etree.SubElement(root, "header", attrs)
    for note in all_notes(article, run):
        _add(header, "note", note)
    if review:
        _add(
            header,
            "note",
            "Segments flagged for review: check them before a CAT tool may use them; "
            "never put this file where a tool inserts matches automatically (OmegaT tm/auto/).",
        )
    elif flagged:
        _add(
            header,
            "note",
            f"{flagged} segment(s) flagged for review are not in this memory; they are in "
            f"{article.article.id}.review.tmx.",
        )
    carried = sum(s.carried for s in article.segments)
    if carried and not review:
        _add(
            header,
            "note",
            f"{carried} segment(s) already in the target language were carried "
            "over untranslated and are not in this memory.",
        )
    for kind, value in (
        ("x-article", article.article.id),
        ("x-article-path", article.article.path),
        ("x-title", article.article.title),
        ("x-target-lang", article.target_lang),
        ("x-chrf", fmt_score(article.chrf)),
        ("x-bleu", fmt_score(article.bleu)),
        ("x-term-accuracy", fmt_ratio(article.terms.accuracy)),
        ("x-chrf-signature", sig.chrf_signature),
    ):
        _add(header, "prop", value, type=kind)


def _tu(
    body: etree._Element, article: ArticleResult, seg: SegmentResult, flag_below: float
) -> None:
    header_lang = source_lang(article)
    tu = etree.SubElement(body, "tu", tuid=f"{article.article.id}:{seg.segment.index + 1}")
    if seg.segment.lang != header_lang:
        tu.set("srclang", seg.segment.lang)
    flags = display_flags(seg, flag_below)
    summary = f"chrF {fmt_score(seg.chrf) or 'n/a'}"
    summary += f"; flagged: {', '.join(flags)}" if is_flagged(seg, flag_below) else ""
    summary += f"; terms: {terms_summary(seg)}" if seg.terms else ""
    summary += f"; origin: {seg.origin}"
    _add(tu, "note", summary)
    for kind, value in (
        ("x-chrf", fmt_score(seg.chrf)),
        ("x-bleu", fmt_score(seg.bleu)),
        ("x-flagged", "yes" if is_flagged(seg, flag_below) else "no"),
        ("x-flags", ", ".join(flags)),
        ("x-terms", terms_summary(seg)),
        ("x-back", seg.back),
        ("x-target-hans", seg.target_hans),
        ("x-origin", seg.origin),
        ("x-paragraph", str(seg.segment.paragraph)),
        ("x-segment", str(seg.segment.index)),
    ):
        if value:
            _add(tu, "prop", value, type=kind)
    for lang, text in ((seg.segment.lang, seg.segment.text), (article.target_lang, seg.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        set_mixed(etree.SubElement(tuv, "seg"), text, _ctrl_marker)


class TmxWriter:
    """The unflagged translations (`review=False`) or the flagged ones (`review=True`)."""

    def __init__(self, review: bool) -> None:
        self.review = review
        self.extension = "review.tmx" if review else "tmx"

    def render(self, article: ArticleResult, run: RunResult, options: WriteOptions) -> str:
        translated = [seg for seg in article.segments if not seg.carried]
        flagged = sum(is_flagged(seg, options.flag_below) for seg in translated)
        root = etree.Element("tmx", version="1.4")
        _header(root, article, run, self.review, flagged)
        body = etree.SubElement(root, "body")
        for seg in translated:
            if is_flagged(seg, options.flag_below) == self.review:
                _tu(body, article, seg, options.flag_below)
        return serialize(root, _CONTENT)


WRITER = TmxWriter(review=False)
REVIEW_WRITER = TmxWriter(review=True)


def read_tmx(path: Path) -> list[ExchangeSegment]:
    """The translation units of a TMX file, source and target text exactly as written."""
    try:
        root = parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"not a readable TMX file ({exc})", "pass a .tmx file") from exc
    header = root.find("header")
    if root.tag != "tmx" or header is None or root.find("body") is None:
        raise InputError(str(path), "no <tmx> with <header> and <body>", "pass a TMX 1.4 file")
    return [_read_tu(tu, header.get("srclang", "")) for tu in root.iterfind("body/tu")]


def _read_tu(tu: etree._Element, header_lang: str) -> ExchangeSegment:
    src_lang = tu.get("srclang", header_lang)
    variants = [
        (tuv.get(XML_LANG, tuv.get("lang", "")), tuv.find("seg")) for tuv in tu.iterfind("tuv")
    ]
    texts = [
        (lang, get_mixed(seg, _ctrl_decode) if seg is not None else "") for lang, seg in variants
    ]
    source = next(
        (t for t in texts if t[0].lower() == src_lang.lower()), texts[0] if texts else ("", "")
    )
    target = next((t for t in texts if t is not source), ("", ""))
    annotations = tuple((p.get("type", ""), p.text or "") for p in tu.iterfind("prop"))
    annotations += tuple(("note", n.text or "") for n in tu.iterfind("note"))
    props = dict(annotations)
    return ExchangeSegment(
        id=tu.get("tuid", ""),
        source=source[1],
        target=target[1],
        source_lang=source[0],
        target_lang=target[0],
        back=props.get("x-back", ""),
        chrf=parse_score(props.get("x-chrf", "")),
        annotations=annotations,
    )
