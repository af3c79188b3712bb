"""The glossary TSV format: parsing, validation with file:line messages, layering, writing."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.glossary_strategies import glossary_terms
from translate.core import Term
from translate.errors import GlossaryError
from translate.glossary import (
    COLUMNS,
    VERSION_LINE,
    dump_tsv,
    load_glossaries,
    parse_file,
    parse_text,
    write_glossary,
)

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
DATA = ROOT / "tests" / "data" / "glossary"

# A model is being trained on these: ids and zh-Hans forms must not change.
FROZEN_ZH_HANS = {
    "asean": "东盟", "asean-secretary-general": "东盟秘书长", "kao-kim-hourn": "高金洪",
    "acfta-3": "中国—东盟自由贸易区3.0版", "acfta": "中国—东盟自由贸易区", "rcep": "RCEP",
    "rcep-full": "区域全面经济伙伴关系协定", "bri": "一带一路倡议", "cmg": "中央广播电视总台",
    "cmg-acronym": "CMG", "ccpit-full": "中国国际贸易促进委员会", "ccpit": "中国贸促会",
    "xi-jinping": "习近平", "president-xi": "习主席", "jensen-huang": "黄仁勋",
    "nvidia": "英伟达", "nvidia-old": "恩维迪亚", "h20": "H20", "xinhua": "新华社",
    "ren-hongbin": "任鸿斌", "jakarta-forum": "东盟—中国关系雅加达论坛", "timor-leste": "东帝汶",
    "trump": "特朗普", "fta": "自贸协定", "secretary-general": "秘书长",
}  # fmt: skip


def _plain(terms: tuple[Term, ...] | list[Term]) -> list[Term]:
    return [dataclasses.replace(term, origin="") for term in terms]


def test_newsroom_glossary_loads_with_stable_ids_and_simplified_forms() -> None:
    glossary = load_glossaries([NEWSROOM])
    by_id = {term.id: term.zh_hans for term in glossary.terms}
    assert {k: by_id.get(k) for k in FROZEN_ZH_HANS} == FROZEN_ZH_HANS


def test_newsroom_entry_fields() -> None:
    asean = load_glossaries([NEWSROOM]).by_id("asean")
    assert asean is not None
    assert asean.aliases == ("Association of Southeast Asian Nations",)
    assert asean.regional == (("zh-TW", "東協"), ("zh-HK", "東盟"), ("zh-SG", "亚细安"))
    assert asean.zh_aliases == ("亚细安", "東協")
    assert (asean.case, asean.plural, asean.dnt, asean.status) == (
        "exact",
        False,
        False,
        "approved",
    )
    assert asean.origin == f"{NEWSROOM}:3"
    assert asean.target("zh-TW") == "東協"


def test_files_record_path_and_sha256_of_bytes() -> None:
    glossary = load_glossaries([NEWSROOM])
    assert glossary.files == ((str(NEWSROOM), hashlib.sha256(NEWSROOM.read_bytes()).hexdigest()),)
    assert len(glossary.sha256) == 64
    assert glossary.by_id("no-such-id") is None


def test_malformed_rows_are_all_reported_with_line_what_and_fix() -> None:
    path = DATA / "malformed.tsv"
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([path])
    problems = caught.value.problems
    expected = {
        4: "row has 9 cells but the header has 10 columns",
        5: "row has 11 cells",
        6: "case is 'Exact-ish' (did you mean 'exact'?)",
        7: "status is 'approve' (did you mean 'approved'?)",
        8: "en is empty",
        9: "zh-Hans is empty; give the Simplified rendering, or set dnt to yes",
        11: "plural is 'maybe'; write yes or no",
        12: "duplicate id 'good' (first at line 3)",
        13: "id '9lives' is not valid",
        14: "en contains the control character U+0001",
    }
    assert len(problems) == len(expected)
    for problem, (line, text) in zip(problems, expected.items(), strict=True):
        assert problem.startswith(f"{path}:{line}: ")
        assert text in problem
        assert ";" in problem  # what is wrong; how to fix
    assert str(caught.value).startswith(problems[0])
    assert "(and 9 more)" in str(caught.value)
    assert "translate glossary lint" in str(caught.value)


def test_problems_from_every_file_are_collected() -> None:
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([DATA / "malformed.tsv", DATA / "no_version.tsv", DATA / "v2.tsv"])
    text = "\n".join(caught.value.problems)
    assert f"{DATA / 'no_version.tsv'}:1: missing version line" in text
    assert f"{DATA / 'v2.tsv'}:1: unsupported format version v2; this tool reads v1" in text


def test_header_problems() -> None:
    problems = [p.text for p in parse_file(DATA / "bad_header.tsv").problems]
    path = DATA / "bad_header.tsv"
    assert f"{path}:2: column 'note' appears twice; delete one" in problems
    assert any("unknown column 'EN'; rename it to 'en'" in p for p in problems)
    assert any("unknown column 'zh_Hans'; rename it to 'zh-Hans'" in p for p in problems)
    assert any("unknown column 'colour'; delete it" in p for p in problems)
    assert f"{path}:2: required column 'zh-Hans' is missing; add it to the header row" in problems


def test_unknown_column_is_an_error_even_when_rows_are_fine() -> None:
    text = f"{VERSION_LINE}\nid\ten\tzh-Hans\tcomment\nx\tX Corp\tX公司\thello\n"
    parsed = parse_text(text, "desk.tsv")
    assert [p.text for p in parsed.problems] == [
        "desk.tsv:2: unknown column 'comment'; delete it (known columns: "
        + ", ".join(COLUMNS)
        + ")"
    ]


def test_no_header_row() -> None:
    parsed = parse_text(f"{VERSION_LINE}\n# only comments\n", "empty.tsv")
    assert "no header row" in parsed.problems[0].message


def test_unreadable_and_non_utf8_files() -> None:
    missing = DATA / "does-not-exist.tsv"
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([missing])
    assert caught.value.problems[0].startswith(f"{missing}:0: cannot read the file (")
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([DATA / "gbk.tsv"])
    assert caught.value.problems == [
        f"{DATA / 'gbk.tsv'}:3: not UTF-8 (byte 0xb6); save the file as UTF-8"
    ]


def test_bom_crlf_comments_and_column_order_are_tolerated() -> None:
    glossary = load_glossaries([DATA / "bom.tsv", DATA / "crlf.tsv", DATA / "rules.tsv"])
    assert [t.id for t in glossary.terms][:2] == ["bom", "crlf"]
    crlf = glossary.by_id("crlf")
    assert crlf is not None and crlf.zh_hans == "回车" and crlf.case == "smart"
    daily = glossary.by_id("peoples-daily")
    assert daily is not None and daily.en == "People's Daily" and daily.zh_hant == "人民日報"


def test_defaults_for_empty_and_missing_cells() -> None:
    term = parse_text(f"{VERSION_LINE}\nid\ten\tzh-Hans\nx\tX Corp\tX公司\n").terms[0]
    assert (term.case, term.plural, term.dnt, term.status) == ("smart", False, False, "approved")
    assert term.aliases == term.zh_aliases == ()
    assert term.regional == ()


def test_layering_later_files_win_for_the_same_id() -> None:
    glossary = load_glossaries([NEWSROOM, DATA / "desk_sg.tsv"])
    asean = glossary.by_id("asean")
    assert asean is not None
    assert asean.zh_hans == "亚细安"  # the whole row is replaced, not merged
    assert asean.regional == (("zh-SG", "亚细安"),)
    assert asean.origin == f"{DATA / 'desk_sg.tsv'}:4"
    ids = [term.id for term in glossary.terms]
    assert ids.count("asean") == 1
    assert ids[-2:] == ["asean", "sg-mti"]  # the override sits in the later file
    assert len(glossary.files) == 2
    reverse = load_glossaries([DATA / "desk_sg.tsv", NEWSROOM]).by_id("asean")
    assert reverse is not None and reverse.zh_hans == "东盟"


def test_dump_then_parse_gives_the_newsroom_glossary_back(tmp_path: Path) -> None:
    glossary = load_glossaries([NEWSROOM])
    out = tmp_path / "copy.tsv"
    write_glossary(out, glossary.terms)
    assert _plain(load_glossaries([out]).terms) == _plain(glossary.terms)
    assert out.read_text(encoding="utf-8").splitlines()[:2] == [VERSION_LINE, "\t".join(COLUMNS)]


def test_dump_refuses_cells_that_would_break_the_file() -> None:
    bad = Term(id="x", en="a\tb", zh_hans="乙", zh_hant="", aliases=("p|q",))
    with pytest.raises(GlossaryError) as caught:
        dump_tsv([bad])
    assert len(caught.value.problems) == 2


@settings(max_examples=60, deadline=None)
@given(glossary_terms())
def test_dump_parse_round_trip(entries: list[Term]) -> None:
    parsed = parse_text(dump_tsv(entries), "generated.tsv")
    assert parsed.problems == ()
    assert _plain(parsed.terms) == entries
