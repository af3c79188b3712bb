"""TMX 1.4b: required structure (checked with a DTD of the elements we write), notes and
props, flagged segments kept out of the article's memory (in <article>.review.tmx instead),
and export-then-import of any text, control characters included."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.writers_sample import SAMPLE_NOTE, one_segment_run, sample_run
from translate.errors import InputError
from translate.writers import WriteOptions, write_run
from translate.writers.tmx import REVIEW_WRITER, WRITER, read_tmx, tmx_date

# The TMX 1.4b content model for the elements this writer emits, with every attribute the
# specification marks #REQUIRED, written out here so the test needs no network.
TMX_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  creationdate CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED>
<!ELEMENT ude ANY>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA|bpt|ept|ph|it|hi|ut)*>
<!ELEMENT ph (#PCDATA)>
<!ATTLIST ph x CDATA #IMPLIED assoc CDATA #IMPLIED type CDATA #IMPLIED>
"""
DTD = etree.DTD(io.StringIO(TMX_DTD))
RUN = sample_run()


def _tree(index: int, review: bool = False, flag_below: float = 40.0) -> etree._Element:
    writer = REVIEW_WRITER if review else WRITER
    text = writer.render(RUN.articles[index], RUN, WriteOptions(flag_below))
    return etree.fromstring(text.encode("utf-8"))


def _tuids(root: etree._Element) -> list[str | None]:
    return [tu.get("tuid") for tu in root.iterfind("body/tu")]


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("review", [False, True])
def test_valid_against_the_tmx_content_model(index: int, review: bool) -> None:
    root = _tree(index, review)
    assert DTD.validate(root), DTD.error_log.filter_from_errors()


def test_header_has_the_required_attributes_and_notes() -> None:
    header = _tree(1).find("header")
    assert header is not None
    assert dict(header.attrib) == {
        "creationtool": "newsroom-translate",
        "creationtoolversion": "0.1.0",
        "segtype": "sentence",
        "o-tmf": "newsroom-translate",
        "adminlang": "en",
        "srclang": "en",
        "datatype": "plaintext",
        "creationdate": "20250620T083000Z",
    }
    notes = [n.text for n in header.iterfind("note")]
    assert notes[:2] == [
        SAMPLE_NOTE,
        "Paragraph 3 holds control characters; they are shown as symbols.",
    ]


def test_flagged_segments_go_to_the_review_memory_only() -> None:
    root, review = _tree(0), _tree(0, review=True)
    # the carried Chinese paragraph (6) is not a translation; 4 is flagged
    assert _tuids(root) == ["asean-china:1", "asean-china:2", "asean-china:3", "asean-china:5"]
    assert _tuids(review) == ["asean-china:4"]
    notes = [n.text or "" for n in root.findall("header/note")]
    assert (
        "1 segment(s) flagged for review are not in this memory; they are in "
        "asean-china.review.tmx." in notes
    )
    assert any("carried over untranslated" in n for n in notes)
    review_notes = [n.text or "" for n in review.findall("header/note")]
    assert any("OmegaT tm/auto/" in n for n in review_notes)
    assert [p.text for p in review.findall("header/prop") if p.get("type") == "x-article"] == [
        "asean-china"
    ]
    # the threshold decides, as everywhere: 52.0 is flagged under 60
    assert _tuids(_tree(0, review=True, flag_below=60)) == ["asean-china:4", "asean-china:5"]


def test_tu_langs_scores_term_flags_and_origin() -> None:
    lost = _tree(0, review=True).findall("body/tu")[0]
    props = {p.get("type"): p.text for p in lost.iterfind("prop")}
    assert props["x-chrf"] == "28.4" and props["x-flagged"] == "yes"
    assert props["x-terms"] == "RCEP=RCEP\u2717(lost); Kao=高金洪\u2713"
    assert props["x-flags"] == "low-score, term-lost"
    assert props["x-origin"] == "mt"
    assert lost.findtext("note") == (
        "chrF 28.4; flagged: low-score, term-lost; terms: RCEP=RCEP\u2717(lost); Kao=高金洪\u2713; "
        "origin: mt"
    )
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [t.get(xml_lang) for t in lost.iterfind("tuv")] == ["en", "zh-Hans"]
    ok = _tree(0).findall("body/tu")[0]
    assert {p.get("type"): p.text for p in ok.iterfind("prop")}["x-flagged"] == "no"


def test_read_back_the_sample(tmp_path: Path) -> None:
    write_run(RUN, tmp_path, ["tmx"])
    segments = read_tmx(tmp_path / "nasty.tmx") + read_tmx(tmp_path / "nasty.review.tmx")
    segments.sort(key=lambda s: int(s.id.split(":")[1]))
    article = RUN.articles[1]
    assert [s.source for s in segments] == [s.segment.text for s in article.segments]
    assert [s.target for s in segments] == [s.target for s in article.segments]
    assert [s.id for s in segments] == ["nasty:1", "nasty:2", "nasty:3", "nasty:4"]
    assert segments[1].back == article.segments[1].back and segments[1].chrf == 63.5
    assert (segments[0].source_lang, segments[0].target_lang) == ("en", "zh-TW")


NASTY = st.text(
    alphabet=st.sampled_from(list("<>&\"'\t\n\r \x00\x01\x07\x1b\x7f\x85\ufffe\uffff]]>a中"))
)


@settings(max_examples=150, deadline=None)
@given(source=st.one_of(st.text(), NASTY), target=st.one_of(st.text(), NASTY))
def test_export_then_import_gives_back_the_same_text(
    tmp_path_factory: pytest.TempPathFactory, source: str, target: str
) -> None:
    run = one_segment_run(source, target)
    text = WRITER.render(run.articles[0], run, WriteOptions())
    root = etree.fromstring(text.encode("utf-8"))
    assert DTD.validate(root), DTD.error_log.filter_from_errors()
    path = tmp_path_factory.getbasetemp() / "round-trip.tmx"
    path.write_bytes(text.encode("utf-8"))
    (segment,) = read_tmx(path)
    assert (segment.source, segment.target) == (source, target)


def test_control_characters_become_ph_elements() -> None:
    run = one_segment_run("a\x01b", "c")
    text = WRITER.render(run.articles[0], run, WriteOptions())
    assert '<seg>a<ph type="x-ctrl">U+0001</ph>b</seg>' in text


def test_tmx_date() -> None:
    assert tmx_date("2025-06-20T08:30:00Z") == "20250620T083000Z"
    assert tmx_date("2025-06-20T16:30:00+08:00") == "20250620T083000Z"
    assert tmx_date("yesterday") is None


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.tmx"
    bad.write_text("<tmx", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable TMX file"):
        read_tmx(bad)
    bad.write_text("<xliff/>", encoding="utf-8")
    with pytest.raises(InputError, match="no <tmx> with <header> and <body>"):
        read_tmx(bad)
