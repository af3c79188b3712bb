"""XLIFF 2.0: the core specification's required structure, state per segment, notes, and
export-then-import of any text, control characters included (as <cp hex=.../>)."""

from __future__ import annotations

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
from translate.writers.xliff import NS, WRITER, read_xliff, segment_state

RUN = sample_run()
XML = "{http://www.w3.org/XML/1998/namespace}"
# Core elements, the attributes the specification allows on them, and their children.
ALLOWED = {
    "xliff": ({"version", "srcLang", "trgLang", f"{XML}space"}, {"file"}),
    "file": (
        {"id", "canResegment", "original", "translate", "srcDir", "trgDir", f"{XML}space"},
        {"skeleton", "notes", "unit", "group"},
    ),
    "notes": (set(), {"note"}),
    "note": ({"id", "appliesTo", "category", "priority"}, set()),
    "unit": (
        {"id", "name", "canResegment", "translate", "srcDir", "trgDir", "type", f"{XML}space"},
        {"notes", "originalData", "segment", "ignorable"},
    ),
    "segment": ({"id", "canResegment", "state", "subState"}, {"source", "target"}),
    "source": ({f"{XML}lang", f"{XML}space"}, {"cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"}),
    "target": (
        {f"{XML}lang", f"{XML}space", "order"},
        {"cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"},
    ),
    "cp": ({"hex"}, set()),
}
XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def core_problems(root: etree._Element) -> list[str]:
    """Violations of XLIFF 2.0 core constraints among the features this writer uses."""
    problems = []
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0" or not root.get("srcLang"):
        problems.append("root must be xliff version 2.0 with srcLang")
    for element in root.iter():
        name = etree.QName(element).localname
        attrs, children = ALLOWED.get(name, (set(), set()))
        problems += [f"{name}: attribute {a}" for a in element.attrib if a not in attrs]
        problems += [
            f"{name}: child {etree.QName(c).localname}"
            for c in element
            if etree.QName(c).localname not in children
        ]
    for unit in root.iter(f"{{{NS}}}unit"):
        kids = [etree.QName(c).localname for c in unit]
        if kids.index("segment") < (kids.index("notes") if "notes" in kids else -1):
            problems.append("unit: notes must come before segments")
        for seg in unit.iter(f"{{{NS}}}segment"):
            if seg.get("state") not in ("initial", "translated", "reviewed", "final"):
                problems.append(f"segment: state {seg.get('state')}")
            if seg.get("subState") and not re.fullmatch(r"[^:]+:.+", seg.get("subState", "")):
                problems.append("segment: subState must be prefix:value")
            if [etree.QName(c).localname for c in seg][:1] != ["source"]:
                problems.append("segment: source must come first")
    for cp in root.iter(f"{{{NS}}}cp"):
        if not re.fullmatch(r"[0-9A-F]{4,6}", cp.get("hex", "")):
            problems.append(f"cp: hex {cp.get('hex')}")
        elif XML_CHAR.fullmatch(chr(int(cp.get("hex", "0"), 16))):
            problems.append("cp: used for a character XML can hold")
    ids = [u.get("id") for u in root.iter(f"{{{NS}}}unit")]
    if len(ids) != len(set(ids)) or None in ids:
        problems.append("unit ids must be present and unique")
    return problems


def _tree(index: int, flag_below: float = 40.0) -> etree._Element:
    text = WRITER.render(RUN.articles[index], RUN, WriteOptions(flag_below))
    return etree.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("index", [0, 1])
def test_meets_the_core_structure(index: int) -> None:
    assert core_problems(_tree(index)) == []


def test_root_file_and_one_unit_per_segment() -> None:
    root = _tree(0)
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "zh-Hans")
    (file,) = root.findall(f"{{{NS}}}file")
    assert file.get("original") == "seeds/asean-china.txt"
    units = file.findall(f"{{{NS}}}unit")
    assert [u.get("id") for u in units] == ["u1", "u2", "u3", "u4", "u5", "u6"]
    assert all(len(u.findall(f"{{{NS}}}segment")) == 1 for u in units)


def test_state_reflects_flags() -> None:
    states = [(s.get("state"), s.get("subState")) for s in _tree(0).iter(f"{{{NS}}}segment")]
    flagged = ("initial", "newsroom-translate:flagged")
    assert states == [("translated", None)] * 3 + [flagged, ("translated", None), ("final", None)]
    stricter = [s.get("state") for s in _tree(0, flag_below=60).iter(f"{{{NS}}}segment")]
    assert stricter[4] == "initial"  # 52.0 is under 60
    carried_unit = list(_tree(0).iter(f"{{{NS}}}unit"))[-1]
    assert carried_unit.get("translate") == "no"


def test_segment_state_rules() -> None:
    seg = RUN.articles[1].segments[0]
    assert segment_state(seg, 40) == ("translated", None)
    assert segment_state(replace(seg, flags=("term-lost",)), 40)[0] == "initial"
    assert segment_state(replace(seg, flags=("low-score",)), 40)[0] == "translated"  # 58 >= 40
    carried = replace(seg, carried=True, chrf=None, flags=("carried",))
    assert segment_state(carried, 40) == ("final", None)
    no_model = replace(carried, flags=("carried", "no-model:ms->zh"))
    assert segment_state(no_model, 40) == ("initial", "newsroom-translate:flagged")


def test_notes_carry_run_notes_scores_terms_and_back_translation() -> None:
    root = _tree(0)
    file_notes = [n.text for n in root.iterfind(f"{{{NS}}}file/{{{NS}}}notes/{{{NS}}}note")]
    assert SAMPLE_NOTE in file_notes
    unit = list(root.iter(f"{{{NS}}}unit"))[3]
    notes = {n.get("category"): n.text for n in unit.iter(f"{{{NS}}}note")}
    assert notes["score"] == "chrF 28.4; BLEU 9.8"
    assert notes["flags"] == "low-score, term-lost"
    assert notes["terms"] == "RCEP=RCEP\u2717(lost); Kao=高金洪\u2713"
    assert notes["back-translation"] == "The agreement took effect in 2022, Kao Kim Hourn said."
    assert notes["origin"] == "mt"
    assert notes["machine-translation"] == "该协定于2022年生效，高金洪说。"  # as delivered
    carried = list(root.iter(f"{{{NS}}}unit"))[-1]
    assert "machine-translation" not in {n.get("category") for n in carried.iter(f"{{{NS}}}note")}


def test_read_back_the_sample(tmp_path: Path) -> None:
    written = write_run(RUN, tmp_path, ["xliff"])
    assert [p.name for p in written[:2]] == ["asean-china.xlf", "nasty.xlf"]
    segments = read_xliff(tmp_path / "nasty.xlf")
    article = RUN.articles[1]
    assert [s.source for s in segments] == [s.segment.text for s in article.segments]
    assert [s.target for s in segments] == [s.target for s in article.segments]
    assert [s.state for s in segments] == ["translated", "translated", "initial", "translated"]
    assert segments[1].chrf == 63.5 and segments[1].back == article.segments[1].back


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
    assert core_problems(etree.fromstring(text.encode("utf-8"))) == []
    path = tmp_path_factory.getbasetemp() / "round-trip.xlf"
    path.write_bytes(text.encode("utf-8"))
    (segment,) = read_xliff(path)
    assert (segment.source, segment.target) == (source, target)


def test_control_characters_become_cp_elements() -> None:
    run = one_segment_run("a\x01b\uffff", "c")
    text = WRITER.render(run.articles[0], run, WriteOptions())
    assert '<source xml:space="preserve">a<cp hex="0001"/>b<cp hex="FFFF"/></source>' in text


def test_reads_xliff_21_and_inherited_translate_no(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(
        f"""<xliff version="2.1" xmlns="{NS}" srcLang="en" trgLang="zh-Hans">
        <file id="f1" translate="no"><unit id="u1"><segment state="final">
        <source>Hi</source><target>嗨</target></segment></unit></file></xliff>""",
        encoding="utf-8",
    )
    (segment,) = read_xliff(path)
    assert (segment.target, segment.state) == ("嗨", "final")
    assert ("translate", "no") in segment.annotations


def test_not_xliff_2_is_an_input_error(tmp_path: Path) -> None:
    old = tmp_path / "old.xlf"
    old.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>', encoding="utf-8"
    )
    with pytest.raises(InputError, match="not an XLIFF 2.0 document"):
        read_xliff(old)
