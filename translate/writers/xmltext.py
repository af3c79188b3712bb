"""Text in XML exchange files (TMX, XLIFF), including characters XML 1.0 cannot hold.

XML 1.0 allows tab, line feed, carriage return, and code points from U+0020 up, except the
surrogates and U+FFFE/U+FFFF. Segment text with any other character (C0 controls such as
U+0001, or U+FFFF) is written reversibly with an inline marker element that each format
defines for the purpose: TMX `<ph type="x-ctrl">U+0001</ph>`, XLIFF 2.0 `<cp hex="0001"/>`.
Notes and properties are annotations for people and hold plain text only: there such a
character becomes U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

# Everything outside XML 1.0's Char production.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class ExchangeSegment:
    """One segment as read back from a TMX or XLIFF file."""

    id: str
    source: str
    target: str
    source_lang: str
    target_lang: str
    back: str = ""
    chrf: float | None = None
    state: str = ""  # XLIFF segment state; "" for TMX
    annotations: tuple[tuple[str, str], ...] = ()  # (prop type or note category, text)


def plain(text: str) -> str:
    """Text for a note or property: characters XML cannot hold become U+FFFD."""
    return INVALID_XML.sub("\ufffd", text)


def set_mixed(
    element: etree._Element, text: str, marker: Callable[[etree._Element, str], etree._Element]
) -> None:
    """Fill `element` with `text`, each character XML cannot hold replaced by `marker(parent, ch)`.

    `marker` must append its marker element to the parent and return it.
    """
    pieces = INVALID_XML.split(text)
    invalid = INVALID_XML.findall(text)
    element.text = pieces[0]
    for char, following in zip(invalid, pieces[1:], strict=True):
        node = marker(element, char)
        node.tail = following


def get_mixed(element: etree._Element, decode: Callable[[etree._Element], str | None]) -> str:
    """Inverse of `set_mixed`: the text of `element` with markers decoded.

    `decode` returns the character a marker stands for, or None for an element that is not one
    of ours (its own text is then kept, as other tools put native codes there).
    """
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            char = decode(child)
            parts.append(char if char is not None else "".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def parse(path: str) -> etree._ElementTree:
    """Parse an exchange file safely: no entity expansion, no network, no DTD loading."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False
    )
    return etree.parse(path, parser)


def serialize(root: etree._Element, content: frozenset[str]) -> str:
    """The document as text, indented everywhere except inside `content` elements.

    lxml's pretty printer would indent a segment that holds only markers, and the added
    whitespace would become part of the text on the way back.
    """
    _indent(root, content, 0)
    body: str = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _indent(element: etree._Element, content: frozenset[str], level: int) -> None:
    if etree.QName(element).localname in content or len(element) == 0:
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, content, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def parse_score(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
