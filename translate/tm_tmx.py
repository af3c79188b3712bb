"""TMX 1.4b in and out of the translation memory.

Export writes every unit as a `<tu>` with its origin (`x-origin`: human or mt) and note, so a
CAT tool can tell a human translation from MT. Import reads any TMX a CAT tool writes (inline
codes such as `<ph>`, `<bpt>` dropped, their surrounding text kept), streaming, so a memory of
millions of units does not need the memory of the machine. A unit without an `x-origin` prop
is a human translation: that is what a TMX from a translator holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from translate.errors import TranslateError
from translate.tm import Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # their content is native markup, not text


class TMXError(TranslateError):
    """A TMX file cannot be read."""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _seg_text(seg: Any) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if _local(child.tag) not in _INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(path: Path) -> Iterator[Unit]:
    """Units of a TMX file: for each `<tu>`, its source `<tuv>` (the header's srclang, else
    the first) paired with each other `<tuv>`."""
    from lxml import etree

    srclang = ""
    try:
        for event, element in etree.iterparse(
            str(path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        ):
            name = _local(element.tag)
            if event == "start":
                if name == "header":
                    srclang = element.get("srclang", "")
                continue
            if name != "tu":
                continue
            yield from _units_of(element, srclang, path)
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise TMXError(
            f"{path}:{exc.lineno}: not well-formed TMX ({exc.msg}); export it again from the "
            "CAT tool"
        ) from exc
    except OSError as exc:
        raise TMXError(f"{path}: cannot read ({exc.strerror or exc}); check the path") from exc


def _units_of(tu: Any, srclang: str, path: Path) -> Iterator[Unit]:
    origin, note = "human", ""
    variants: list[tuple[str, str]] = []
    for child in tu:
        name = _local(child.tag)
        if name == "prop" and child.get("type") == "x-origin":
            origin = "mt" if (child.text or "").strip() in ("mt", "tm-mt") else "human"
        elif name == "note":
            note = child.text or ""
        elif name == "tuv":
            lang = child.get(XML_LANG) or child.get("lang") or ""
            seg = next((c for c in child if _local(c.tag) == "seg"), None)
            if lang and seg is not None:
                variants.append((lang, _seg_text(seg)))
    if len(variants) < 2:
        return
    source_index = 0
    wanted = tu.get("srclang") or srclang
    if wanted and wanted != "*all*":
        for i, (lang, _) in enumerate(variants):
            if lang.lower() == wanted.lower():
                source_index = i
                break
    src_lang, src_text = variants[source_index]
    for i, (lang, text) in enumerate(variants):
        if i != source_index and text.strip() and src_text.strip():
            yield Unit(src_lang, lang, src_text, text, origin, note or f"imported from {path}")


def write_tmx(units: Iterable[Unit], path: Path) -> int:
    """Write units as TMX 1.4b (atomically); returns how many."""
    from lxml import etree

    from translate import __version__
    from translate.writers import atomic

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="newsroom-translate",
        creationtoolversion=__version__,
        segtype="sentence",
        adminlang="en",
        srclang="*all*",
        datatype="plaintext",
        **{"o-tmf": "newsroom-translate-tm"},
    )
    body = etree.SubElement(root, "body")
    count = 0
    for unit in units:
        try:
            attributes = {"srclang": unit.source_lang}
            if _tmx_date(unit.created):
                attributes["creationdate"] = _tmx_date(unit.created)
            tu = etree.SubElement(body, "tu", attributes)
            etree.SubElement(tu, "prop", type="x-origin").text = unit.origin
            if unit.note:
                etree.SubElement(tu, "note").text = unit.note
            for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                etree.SubElement(tuv, "seg").text = text
        except ValueError:  # a control character XML cannot hold: leave the unit out
            body.remove(tu)
            continue
        count += 1
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    atomic.write_bytes(path, data)
    return count


def _tmx_date(iso: str) -> str:
    """TMX's date form, 20261130T170000Z."""
    digits = iso.replace("-", "").replace(":", "").replace("+0000", "").replace("+00:00", "")
    return digits[:15] + "Z" if len(digits) >= 15 else ""
