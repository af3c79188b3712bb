"""XLIFF 1.2: the schema's content model, target states, notes, locked carried units, and
export-then-import of any text, control characters included (as <ph ctype="x-ctrl">).

No package on PyPI ships OASIS's xliff-core-1.2-strict.xsd, so the content models and
attribute values of the elements this writer emits are written out here from that schema
(elements in the order the schema requires, every #REQUIRED attribute, the enumerations).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.writers_sample import SAMPLE_NOTE, one_segment_run, sample_run
from translate.errors import InputError
from translate.writers import WriteOptions, write_run
from translate.writers.xliff12 import NS, WRITER, read_note, read_xliff12, target_state

STATES = (
    "final needs-adaptation needs-l10n needs-review-adaptation needs-review-l10n "
    "needs-review-translation needs-translation new signed-off translated"
).split()
QUALIFIERS = (
    "exact-match fuzzy-match id-match leveraged-glossary leveraged-inherited leveraged-mt "
    "leveraged-repository leveraged-tm mt-suggestion rejected-grammar rejected-inaccurate "
    "rejected-length rejected-spelling tm-suggestion"
).split()
XLIFF12_DTD = f"""
<!ELEMENT xliff (file+)>
<!ATTLIST xliff version (1.2|1.1|1.0) #REQUIRED xml:lang CDATA #IMPLIED
  xmlns CDATA #FIXED "{NS}">
<!ELEMENT file (header?, body)>
<!ATTLIST file original CDATA #REQUIRED source-language CDATA #REQUIRED
  datatype CDATA #REQUIRED target-language CDATA #IMPLIED tool-id CDATA #IMPLIED
  date CDATA #IMPLIED xml:space (default|preserve) #IMPLIED category CDATA #IMPLIED>
<!ELEMENT header (note|tool)*>
<!ELEMENT tool (#PCDATA)>
<!ATTLIST tool tool-id CDATA #REQUIRED tool-name CDATA #REQUIRED
  tool-version CDATA #IMPLIED tool-company CDATA #IMPLIED>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note xml:lang CDATA #IMPLIED priority (1|2|3|4|5|6|7|8|9|10) "1"
  from CDATA #IMPLIED annotates (source|target|general) "general">
<!ELEMENT body (trans-unit)*>
<!ELEMENT trans-unit (source, target?, note*)>
<!ATTLIST trans-unit id CDATA #REQUIRED approved (yes|no) #IMPLIED
  translate (yes|no) "yes" resname CDATA #IMPLIED xml:space (default|preserve) "default">
<!ELEMENT source (#PCDATA|ph)*>
<!ATTLIST source xml:lang CDATA #IMPLIED>
<!ELEMENT target (#PCDATA|ph)*>
<!ATTLIST target state ({"|".join(STATES)}) #IMPLIED
  state-qualifier ({"|".join(QUALIFIERS)}) #IMPLIED xml:lang CDATA #IMPLIED>
<!ELEMENT ph (#PCDATA)>
<!ATTLIST ph id CDATA #REQUIRED ctype CDATA #IMPLIED>
"""
DTD = etree.DTD(io.StringIO(XLIFF12_DTD))
LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")  # xsd:language
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
RUN = sample_run()


def schema_problems(root: etree._Element) -> list[str]:
    """What the DTD cannot say: attribute value types, unique unit ids, x- ctypes."""
    problems = [] if DTD.validate(root) else [str(DTD.error_log.filter_from_errors())]
    for element in root.iter():
        for name, value in element.attrib.items():
            lang = name in ("source-language", "target-language") or name.endswith("}lang")
            if lang and not LANGUAGE.fullmatch(value):
                problems.append(f"{name}={value!r} is not an xsd:language")
    for file in root.iter(f"{{{NS}}}file"):
        if file.get("date") and not DATE_TIME.fullmatch(file.get("date", "")):
            problems.append(f"date {file.get('date')!r} is not an xsd:dateTime")
        ids = [u.get("id") for u in file.iter(f"{{{NS}}}trans-unit")]
        if len(ids) != len(set(ids)):
            problems.append("trans-unit ids must be unique in a file")
    for ph in root.iter(f"{{{NS}}}ph"):
        if not (ph.get("ctype") or "x-").startswith("x-"):
            problems.append(f"ph ctype {ph.get('ctype')}: an extension value needs x-")
    return problems


def _tree(index: int, flag_below: float = 40.0) -> etree._Element:
    text = WRITER.render(RUN.articles[index], RUN, WriteOptions(flag_below))
    return etree.fromstring(text.encode("utf-8"))


def _units(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{{{NS}}}trans-unit"))


def _notes(unit: etree._Element) -> dict[str, str]:
    return dict(read_note(n.text or "") for n in unit.iterfind(f"{{{NS}}}note"))


@pytest.mark.parametrize("index", [0, 1])
def test_valid_against_the_xliff_12_content_model(index: int) -> None:
    assert schema_problems(_tree(index)) == []


def test_file_attributes_and_one_unit_per_segment() -> None:
    root = _tree(0)
    assert root.get("version") == "1.2"
    (file,) = root.findall(f"{{{NS}}}file")
    assert file.get("original") == "seeds/asean-china.txt"
    assert (file.get("source-language"), file.get("target-language")) == ("en", "zh-Hans")
    assert file.get("datatype") == "plaintext"
    units = _units(root)
    assert [u.get("id") for u in units] == ["u1", "u2", "u3", "u4", "u5", "u6"]
    assert [u.get("resname") for u in units] == ["p1", "p2", "p2", "p3", "p3", "p4"]
    sources = [u.findtext(f"{{{NS}}}source") for u in units]
    assert sources == [s.segment.text for s in RUN.articles[0].segments]


def test_states_flagged_translated_and_carried_locked() -> None:
    units = _units(_tree(0))
    states = [u.find(f"{{{NS}}}target").get("state") for u in units]
    assert states == ["translated"] * 3 + [
        "needs-review-translation",
        "translated",
        "final",
    ]
    assert [u.get("translate") for u in units] == [None] * 5 + ["no"]
    qualifiers = [u.find(f"{{{NS}}}target").get("state-qualifier") for u in units]
    assert qualifiers == ["leveraged-mt"] * 5 + [None]
    stricter = _units(_tree(0, flag_below=60))
    assert stricter[4].find(f"{{{NS}}}target").get("state") == "needs-review-translation"


def test_target_state_rules() -> None:
    seg = RUN.articles[1].segments[0]
    assert target_state(seg, 40) == "translated"
    assert target_state(replace(seg, flags=("term-lost",)), 40) == "needs-review-translation"
    carried = replace(seg, carried=True, chrf=None, flags=("carried",))
    assert target_state(carried, 40) == "final"
    no_model = replace(carried, flags=("carried", "no-model:ms->zh"))
    assert target_state(no_model, 40) == "needs-review-translation"


def test_notes_carry_scores_flags_terms_back_translation_origin_and_the_delivered_target() -> None:
    root = _tree(0)
    header_notes = [
        n.text for n in root.iter(f"{{{NS}}}note") if n.getparent().tag.endswith("header")
    ]
    assert f"Note: {SAMPLE_NOTE}" in header_notes
    assert header_notes[-1].startswith("Title: ASEAN, China share")
    notes = _notes(_units(root)[3])
    assert notes == {
        "score": "chrF 28.4; BLEU 9.8",
        "flags": "low-score, term-lost",
        "terms": "RCEP=RCEP\u2717(lost); Kao=高金洪\u2713",
        "back-translation": "The agreement took effect in 2022, Kao Kim Hourn said.",
        "origin": "mt",
        "machine-translation": "该协定于2022年生效，高金洪说。",
    }
    unit = _units(root)[3]
    assert {n.get("from") for n in unit.iterfind(f"{{{NS}}}note")} == {"newsroom-translate"}


def test_human_translation_from_the_memory_is_marked() -> None:
    seg = replace(RUN.articles[0].segments[1], origin="human")
    run = replace(RUN, articles=(replace(RUN.articles[0], segments=(seg,)),))
    root = etree.fromstring(WRITER.render(run.articles[0], run, WriteOptions()).encode("utf-8"))
    (unit,) = _units(root)
    assert unit.find(f"{{{NS}}}target").get("state-qualifier") == "leveraged-tm"
    assert _notes(unit)["origin"] == "human"


def test_read_back_the_sample(tmp_path: Path) -> None:
    written = write_run(RUN, tmp_path, ["xliff12"])
    assert [p.name for p in written[:2]] == ["asean-china.xliff12.xlf", "nasty.xliff12.xlf"]
    segments = read_xliff12(tmp_path / "nasty.xliff12.xlf")
    article = RUN.articles[1]
    assert [s.source for s in segments] == [s.segment.text for s in article.segments]
    assert [s.target for s in segments] == [s.target for s in article.segments]
    assert [s.state for s in segments] == [
        "translated",
        "translated",
        "needs-review-translation",
        "translated",
    ]
    assert segments[1].chrf == 63.5 and segments[1].back == article.segments[1].back
    assert (segments[0].source_lang, segments[0].target_lang) == ("en", "zh-TW")
    carried = read_xliff12(tmp_path / "asean-china.xliff12.xlf")[-1]
    assert ("translate", "no") in carried.annotations


def test_reads_a_cat_tools_file_with_groups_segment_marks_and_inherited_attributes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(
        f"""<xliff version="1.2" xmlns="{NS}"><file original="a" source-language="en-US"
        target-language="zh-CN" datatype="x-undefined"><body>
        <group translate="no"><trans-unit id="1"><source>Hi</source><target>嗨</target>
        </trans-unit></group>
        <group approved="yes"><trans-unit id="2"><source>A. B.</source>
        <seg-source><mrk mtype="seg" mid="1">A.</mrk> <mrk mtype="seg" mid="2">B.</mrk></seg-source>
        <target state="signed-off"><mrk mtype="seg" mid="1">甲。</mrk><mrk mtype="seg"
        mid="2">乙。</mrk></target>
        <note>Editor: fixed</note></trans-unit></group></body></file></xliff>""",
        encoding="utf-8",
    )
    first, second = read_xliff12(path)
    assert ("translate", "no") in first.annotations
    assert (second.source, second.target, second.state) == ("A. B.", "甲。乙。", "signed-off")
    assert ("approved", "yes") in second.annotations
    assert ("note", "Editor: fixed") in second.annotations
    assert (second.source_lang, second.target_lang) == ("en-US", "zh-CN")


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
    assert schema_problems(etree.fromstring(text.encode("utf-8"))) == []
    path = tmp_path_factory.getbasetemp() / "round-trip.xliff12.xlf"
    path.write_bytes(text.encode("utf-8"))
    (segment,) = read_xliff12(path)
    assert (segment.source, segment.target) == (source, target)


def test_control_characters_become_ph_elements() -> None:
    run = one_segment_run("a\x01b\uffff", "c")
    text = WRITER.render(run.articles[0], run, WriteOptions())
    assert (
        '<source xml:lang="en">a<ph id="c1" ctype="x-ctrl">U+0001</ph>b'
        '<ph id="c2" ctype="x-ctrl">U+FFFF</ph></source>'
    ) in text


def test_not_xliff_12_is_an_input_error(tmp_path: Path) -> None:
    new = tmp_path / "new.xlf"
    new.write_text(
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>', encoding="utf-8"
    )
    with pytest.raises(InputError, match="not an XLIFF 1.2 document"):
        read_xliff12(new)
    new.write_text("<xliff", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable XLIFF file"):
        read_xliff12(new)
