"""Small lxml helpers shared by the TBX and TMX readers and writers (lxml imported on use)."""

from __future__ import annotations

from typing import Any

from translate.errors import GlossaryError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def etree() -> Any:
    from lxml import etree as module

    return module


def parse_xml(data: bytes, path: str) -> Any:
    """Parse without entity expansion, DTD loading or network access."""
    module = etree()
    parser = module.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return module.fromstring(data, parser)
    except module.XMLSyntaxError as error:
        raise GlossaryError(
            [
                f"{path}:{error.lineno}: not well-formed XML ({error.msg}); fix the "
                "file or export it again"
            ]
        ) from error


def local(element: Any) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if local(child) in names]


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def lang_attribute(element: Any) -> str:
    return str(element.get(XML_LANG) or element.get("lang") or "")


def sub(parent: Any, tag: str, text: str = "", **attributes: str) -> Any:
    child = etree().SubElement(parent, tag, attributes)
    if text:
        try:
            child.text = text
        except ValueError as error:
            raise GlossaryError(
                [
                    f"{text!r} cannot be written to XML ({error}); remove the "
                    "control character from the glossary"
                ]
            ) from error
    return child


def serialise(root: Any) -> bytes:
    data: bytes = etree().tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
