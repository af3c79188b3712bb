"""Exchange formats: TBX-Basic, cloud MT CSV, TMX 1.4b; export then import gives it back."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

from tests.glossary_strategies import glossary_terms
from translate.core import Term
from translate.errors import GlossaryError, UsageError
from translate.glossary import (
    export_csv,
    export_tbx,
    export_terms,
    export_tmx,
    format_of,
    import_csv,
    import_tbx,
    import_terms,
    import_tmx,
    load_glossaries,
)
from translate.glossary.tbx import export_tbx_v3

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
DATA = ROOT / "tests" / "data" / "glossary"
VARIANTS = ("en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-SG")


def _plain(terms: tuple[Term, ...] | list[Term]) -> list[Term]:
    return [dataclasses.replace(term, origin="") for term in terms]


@pytest.fixture(scope="module")
def newsroom() -> tuple[Term, ...]:
    return load_glossaries([NEWSROOM]).terms


@pytest.mark.parametrize(
    ("export", "reimport"),
    [(export_tbx, import_tbx), (export_tbx_v3, import_tbx), (export_tmx, import_tmx)],
)
def test_newsroom_round_trip(newsroom: tuple[Term, ...], export, reimport) -> None:  # type: ignore[no-untyped-def]
    assert _plain(reimport(export(newsroom), "x")) == _plain(newsroom)


# The TBX core structure (TBXcoreStructV02.dtd, ISO 30042:2008) for the elements the martif
# export writes, in the order the DTD requires, written out so the test needs no network.
MARTIF_DTD = etree.DTD(
    io.StringIO(
        """
<!ENTITY % auxInfo "(descrip|descripGrp|admin|adminGrp|transacGrp|note|ref|xref)*">
<!ELEMENT martif (martifHeader, text)>
<!ATTLIST martif type CDATA #REQUIRED xml:lang CDATA #REQUIRED>
<!ELEMENT martifHeader (fileDesc, encodingDesc?, revisionDesc?)>
<!ELEMENT fileDesc (sourceDesc*)>
<!ELEMENT sourceDesc (p+)>
<!ELEMENT p (#PCDATA)>
<!ELEMENT text (body)>
<!ELEMENT body (termEntry+)>
<!ELEMENT termEntry (%auxInfo;, langSet+)>
<!ATTLIST termEntry id ID #IMPLIED>
<!ELEMENT langSet (%auxInfo;, (tig|ntig)+)>
<!ATTLIST langSet xml:lang CDATA #REQUIRED>
<!ELEMENT tig (term, termNote*, %auxInfo;)>
<!ELEMENT term (#PCDATA)>
<!ELEMENT termNote (#PCDATA)>
<!ATTLIST termNote type CDATA #REQUIRED>
<!ELEMENT descrip (#PCDATA)>
<!ATTLIST descrip type CDATA #REQUIRED>
<!ELEMENT note (#PCDATA)>
"""
    )
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_tbx_basic_is_martif_by_default(newsroom: tuple[Term, ...]) -> None:
    root = etree.fromstring(export_tbx(newsroom))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"  # no namespace: TBX 2008
    assert MARTIF_DTD.validate(root), MARTIF_DTD.error_log.filter_from_errors()
    entry = root.find("text/body/termEntry[@id='asean']")
    assert entry is not None
    langs = [lang_set.get(XML_LANG) for lang_set in entry.findall("langSet")]
    assert langs == ["en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-SG", "zh"]
    statuses = [n.text for n in entry.findall("langSet[1]/tig/termNote")]
    assert statuses == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    assert [t.text for t in entry.findall("langSet[2]/tig/term")] == ["东盟"]
    old = root.find("text/body/termEntry[@id='nvidia-old']")
    assert old is not None
    assert {n.text for n in old.iter("termNote")} == {"deprecatedTerm-admn-sts"}
    assert export_terms(newsroom, "tbx") == export_tbx(newsroom)


def test_tbx_v3_structure(newsroom: tuple[Term, ...]) -> None:
    root = etree.fromstring(export_terms(newsroom, "tbx-v3"))
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic"
    entry = root.find("t:text/t:body/t:conceptEntry[@id='asean']", ns)
    assert entry is not None
    langs = [sec.get(XML_LANG) for sec in entry.findall("t:langSec", ns)]
    assert langs == ["en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-SG", "zh"]
    statuses = [n.text for n in entry.findall("t:langSec[1]/t:termSec/t:termNote", ns)]
    assert statuses == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    old = root.find("t:text/t:body/t:conceptEntry[@id='nvidia-old']", ns)
    assert old is not None
    assert {n.text for n in old.iter("{*}termNote")} == {"deprecatedTerm-admn-sts"}


def test_unknown_tbx_version_is_a_usage_error(newsroom: tuple[Term, ...]) -> None:
    with pytest.raises(UsageError, match="TBX version 'v4': choose basic or v3"):
        export_tbx(newsroom, "v4")


def test_tmx_structure(newsroom: tuple[Term, ...]) -> None:
    root = etree.fromstring(export_tmx(newsroom))
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attribute)
    unit = root.find("body/tu[@tuid='rcep']")
    assert unit is not None
    assert [(p.get("type"), p.text) for p in unit.findall("prop")][:4] == [
        ("x-case", "exact"),
        ("x-plural", "no"),
        ("x-dnt", "yes"),
        ("x-status", "approved"),
    ]


def test_csv_is_column_per_language(newsroom: tuple[Term, ...]) -> None:
    rows = list(csv.reader(io.StringIO(export_csv(newsroom))))
    assert rows[0] == ["en", "zh-Hans", "zh-Hant"]
    assert ["ASEAN", "东盟", "東盟"] in rows
    assert ["Association of Southeast Asian Nations", "东盟", "東盟"] in rows  # alias rows
    assert ["RCEP", "RCEP", "RCEP"] in rows
    assert not any("恩维迪亚" in row for row in rows)  # deprecated entries stay out
    wide = list(csv.reader(io.StringIO(export_csv(newsroom, ("en", "zh-TW", "zh-SG")))))
    assert ["ASEAN", "東協", "亚细安"] in wide and ["Xi Jinping", "習近平", "习近平"] in wide


def test_csv_round_trip_keeps_forms_and_targets(newsroom: tuple[Term, ...]) -> None:
    columns = ("en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-SG")
    back = {t.en: t for t in import_csv(export_csv(newsroom, columns))}
    for term in newsroom:
        if term.status == "deprecated":
            continue
        again = back[term.en]
        assert again.aliases == term.aliases
        assert [again.target(v) for v in VARIANTS] == [term.target(v) for v in VARIANTS]
        assert again.dnt == term.dnt


def test_old_martif_tbx() -> None:
    bri, timor, pg = import_terms(DATA / "martif.tbx")
    assert (bri.id, bri.en, bri.aliases, bri.zh_hans, bri.zh_hant, bri.domain) == (
        "c1",
        "Belt and Road Initiative",
        ("BRI",),
        "一带一路倡议",
        "一帶一路倡議",
        "trade",
    )
    assert (timor.en, timor.status, timor.zh_hans) == ("East Timor", "deprecated", "东帝汶")
    assert (pg.id, pg.en, pg.note, pg.case) == ("p-g", "P&G", "Procter & Gamble <P&G>", "exact")


def test_foreign_tmx_and_cloud_csv() -> None:
    xinhua, cmg = import_terms(DATA / "foreign.tmx")
    assert (xinhua.id, xinhua.zh_hans, xinhua.zh_hant) == ("xinhua-news-agency", "新华社", "新華社")
    assert (cmg.en, cmg.dnt) == ("CMG", True)
    asean, pg, rcep = import_terms(DATA / "cloud_aws.csv")
    assert (asean.en, asean.aliases, asean.zh_hans, asean.zh_hant) == (
        "ASEAN",
        ("Association of Southeast Asian Nations",),
        "东盟",
        "東協",
    )
    assert (pg.en, pg.regional) == ("Procter & Gamble, Inc.", ())
    assert pg.target("zh-TW") == "寶僑公司"
    assert rcep.dnt and rcep.case == "exact"


def test_entities_are_never_resolved() -> None:
    [term] = import_terms(DATA / "entities.tbx")
    assert "root:" not in term.en


def test_bad_files_raise_glossary_errors_with_location() -> None:
    with pytest.raises(GlossaryError) as caught:
        import_terms(DATA / "broken.tbx")
    assert caught.value.problems[0].startswith(f"{DATA / 'broken.tbx'}:4: not well-formed XML")
    with pytest.raises(GlossaryError) as caught:
        import_terms(DATA / "no_chinese.tbx")
    assert caught.value.problems == [
        f"{DATA / 'no_chinese.tbx'}:3: zh-Hans is empty; give the "
        "Simplified rendering, or set dnt to yes to keep the English "
        "form in Chinese"
    ]
    with pytest.raises(GlossaryError, match="no English column"):
        import_csv("zh,zh-TW\n东盟,東協\n", "cloud.csv")
    with pytest.raises(GlossaryError, match="cannot read the file"):
        import_terms(DATA / "missing.tbx")


def test_registry_by_extension_and_name(newsroom: tuple[Term, ...], tmp_path: Path) -> None:
    assert [format_of(f"g.{ext}") for ext in ("tsv", "csv", "tbx", "TMX")] == [
        "tsv",
        "csv",
        "tbx",
        "tmx",
    ]
    with pytest.raises(UsageError, match="cannot tell the glossary format of 'g.xlsx'"):
        format_of("g.xlsx")
    for fmt in ("tsv", "tbx", "tbx-v3", "tmx"):
        path = tmp_path / f"out.{fmt.removesuffix('-v3')}"
        path.write_bytes(export_terms(newsroom, fmt))
        assert _plain(import_terms(path)) == _plain(newsroom)


def test_control_characters_cannot_be_exported() -> None:
    bad = Term(id="x", en="Bell\x07", zh_hans="铃", zh_hant="鈴")
    with pytest.raises(GlossaryError, match="cannot be written to XML"):
        export_tbx([bad])


@settings(max_examples=60, deadline=None)
@given(glossary_terms(markup=True, indexed=True, max_terms=4))
def test_tbx_and_tmx_round_trip_anything(terms: list[Term]) -> None:
    assert _plain(import_tbx(export_tbx(terms))) == terms
    assert _plain(import_tbx(export_tbx_v3(terms))) == terms
    assert _plain(import_tmx(export_tmx(terms))) == terms


@settings(max_examples=60, deadline=None)
@given(glossary_terms(markup=True, indexed=True, max_terms=4))
def test_csv_round_trip_anything(terms: list[Term]) -> None:
    columns = ("en", "zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-SG")
    back = {t.en: t for t in import_csv(export_csv(terms, columns))}
    for term in terms:
        if term.status == "deprecated":
            assert term.en not in back
            continue
        again = back[term.en]
        assert again.aliases == term.aliases
        assert [again.target(v) for v in VARIANTS] == [term.target(v) for v in VARIANTS]
