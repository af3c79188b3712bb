"""Protect, restore, verify: placeholders (with damage repair), inject, none."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.core import Term
from translate.errors import UsageError
from translate.glossary import (
    Glossary,
    deprecated_hits,
    load_glossaries,
    protect,
    restore,
    target_form,
)
from translate.glossary.match import Match
from translate.glossary.protect import label

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
SENTENCE = "ASEAN's Kao Kim Hourn met Nvidia CEO Jensen Huang on RCEP."


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossaries([NEWSROOM])


def problems(output: str, glossary: Glossary, variant: str = "zh-Hans") -> list[str]:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", variant)
    return [hit.problem for hit in restore(output, protected).hits]


def test_placeholders_in_order_of_appearance(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", "zh-Hans")
    assert protected.text == "ZXA's ZXB met ZXC CEO ZXD on ZXE."
    assert [slot.target for slot in protected.slots] == [
        "东盟",
        "高金洪",
        "英伟达",
        "黄仁勋",
        "RCEP",
    ]


def test_clean_restore(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", "zh-TW")
    restored = restore("ZXA的ZXB在ZXE问题上会见了ZXC首席执行官ZXD。", protected)
    assert restored.text == "東協的高金洪在RCEP问题上会见了輝達首席执行官黃仁勳。"
    assert restored.ok and restored.clean
    hit = restored.hits[0]
    assert (hit.term_id, hit.source_form, hit.start, hit.end) == ("asean", "ASEAN", 0, 5)
    assert (hit.target_form, hit.strategy, hit.problem) == ("東協", "placeholder", "")


def test_spaces_the_engine_put_between_chinese_characters_are_dropped(
    glossary: Glossary,
) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", "zh-Hans")
    restored = restore("ZXA 的 ZXB 会见了 ZXC CEO ZXD ，谈 ZXE 。", protected)
    assert restored.text == "东盟的高金洪会见了英伟达 CEO 黄仁勋，谈 RCEP 。"


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("ZX A ZXB ZXC ZXD ZXE", ["mangled", "", "", "", ""]),  # inner space
        ("zxa ZXB ZXC ZXD ZXE", ["mangled", "", "", "", ""]),  # case
        ("ZXA A ZXB ZXC ZXD ZXE", ["mangled", "", "", "", ""]),  # letter repeated
        ("ZXAA ZXB ZXC ZXD ZXE", ["mangled", "", "", "", ""]),
        ("ＺＸＡ ZXB ZXC ZXD ZXE", ["mangled", "", "", "", ""]),  # full width
        ("ZXB ZXC ZXD ZXE", ["lost", "", "", "", ""]),
        ("ZXA ZXA ZXB ZXC ZXD ZXE", ["duplicated", "", "", "", ""]),
    ],
)
def test_damage_is_repaired_or_reported(
    glossary: Glossary, output: str, expected: list[str]
) -> None:
    assert problems(output, glossary) == expected


def test_ok_reflects_lost_and_duplicated_but_not_repaired(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", "zh-Hans")
    repaired = restore("zx a ZXB ZXC ZXD ZXE", protected)
    assert repaired.ok and not repaired.clean
    assert repaired.text.startswith("东盟 高金洪")
    lost = restore("ZXB ZXC ZXD ZXE", protected)
    assert not lost.ok and not lost.hits[0].ok
    duplicated = restore("ZXA ZXA ZXB ZXC ZXD ZXE", protected)
    assert not duplicated.ok and duplicated.text.startswith("东盟 东盟")


def test_stray_placeholders_are_reported_and_left(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "placeholder", "zh-Hans")
    restored = restore("ZXA ZXB ZXC ZXD ZXE ZXQ", protected)
    assert restored.stray == ("ZXQ",) and not restored.ok
    assert restored.text.endswith("ZXQ")


def test_beyond_26_placeholders(glossary: Glossary) -> None:
    assert [label(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    text = " ".join(["ASEAN"] * 30)
    protected = protect(text, glossary.find(text, "en"), "placeholder", "zh-Hans")
    assert protected.text.split()[25:28] == ["ZXZ", "ZXAA", "ZXAB"]
    restored = restore(protected.text, protected)
    assert restored.ok and restored.text == " ".join(["东盟"] * 30)


def test_a_prefix_already_in_the_text_is_not_used(glossary: Glossary) -> None:
    text = "Model ZXA met ASEAN"
    protected = protect(text, glossary.find(text, "en"), "placeholder", "zh-Hans")
    assert protected.prefix != "ZX" and protected.text == f"Model ZXA met {protected.prefix}A"
    assert restore(protected.text, protected).text == "Model ZXA met 东盟"


def test_placeholders_are_kept_off_latin_letters(glossary: Glossary) -> None:
    text = "东盟A东盟说A"
    protected = protect(text, glossary.find(text, "zh"), "placeholder", "en")
    assert protected.text == "ZXA A ZXB说A"
    assert restore(protected.text, protected).text == "ASEAN A ASEAN说A"
    identity = protect(text, glossary.find(text, "zh"), "placeholder", "source")
    restored = restore(identity.text, identity)
    assert restored.text == text and restored.clean


def test_chinese_to_english(glossary: Glossary) -> None:
    source = "东盟秘书长高金洪与黄仁勋会面。"
    protected = protect(source, glossary.find(source, "zh"), "placeholder", "en")
    assert protected.text == "ZXA ZXB与ZXC会面。"
    restored = restore("ZXA ZXB met ZXC.", protected)
    assert restored.text == "ASEAN Secretary-General Kao Kim Hourn met Jensen Huang."
    assert restored.clean


def test_inject_and_verify(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "inject", "zh-Hans")
    assert protected.text == "东盟's 高金洪 met 英伟达 CEO 黄仁勋 on RCEP."
    good = restore("东盟的高金洪在RCEP问题上会见了英伟达首席执行官黄仁勋。", protected)
    assert good.ok and good.text.startswith("东盟的")
    bad = restore("东盟的高金洪会见了恩维迪亚的黄仁勋，东盟RCEP。", protected)
    assert [(h.term_id, h.ok, h.problem) for h in bad.hits] == [
        ("asean", False, "duplicated"),
        ("kao-kim-hourn", True, ""),
        ("nvidia", False, "lost"),
        ("jensen-huang", True, ""),
        ("rcep", True, ""),
    ]


def test_inject_counts_each_target_once_per_expected_occurrence(glossary: Glossary) -> None:
    text = "ASEAN and ASEAN"
    protected = protect(text, glossary.find(text, "en"), "inject", "zh-Hans")
    assert [h.ok for h in restore("东盟和东盟", protected).hits] == [True, True]
    assert [h.problem for h in restore("东盟", protected).hits] == ["", "lost"]


def test_verification_of_a_longer_target_does_not_count_its_parts(glossary: Glossary) -> None:
    text = "the ASEAN-China Free Trade Area"
    protected = protect(text, glossary.find(text, "en"), "none", "zh-Hans")
    restored = restore("中国—东盟自由贸易区", protected)
    assert [h.term_id for h in restored.hits] == ["acfta"] and restored.ok


def test_none_leaves_the_source_and_checks_anyway(glossary: Glossary) -> None:
    protected = protect(SENTENCE, glossary.find(SENTENCE, "en"), "none", "zh-Hans")
    assert protected.text == SENTENCE
    restored = restore("东盟的高金洪会见了英伟达CEO黄仁宏，RCEP。", protected)
    assert [h.ok for h in restored.hits] == [True, True, True, False, True]
    assert restored.hits[0].strategy == "none"


def test_english_targets_follow_case_rules_in_verification(glossary: Glossary) -> None:
    source = "自贸协定很重要"
    protected = protect(source, glossary.find(source, "zh"), "none", "en")
    assert restore("FTAs matter", protected).ok
    assert not restore("ftas matter", protected).ok


def test_deprecated_forms_in_output_become_hits(glossary: Glossary) -> None:
    [hit] = deprecated_hits("恩維迪亞首席执行官", glossary, "zh-TW")
    assert (hit.term_id, hit.source_form, hit.start, hit.end) == ("nvidia-old", "恩維迪亞", 0, 4)
    assert (hit.target_form, hit.ok, hit.problem, hit.status) == (
        "輝達",
        False,
        "deprecated",
        "deprecated",
    )
    assert deprecated_hits("英伟达", glossary, "zh-Hans") == ()


def test_target_forms() -> None:
    plain = Term(id="p", en="Bank Negara", zh_hans="国家银行", zh_hant="")
    assert target_form(plain, "zh-Hant") == "國家銀行"  # OpenCC, not Simplified characters
    assert target_form(plain, "zh-SG") == "国家银行"
    dnt = Term(id="d", en="RCEP", zh_hans="", zh_hant="", dnt=True)
    assert target_form(dnt, "zh-TW") == "RCEP"
    with pytest.raises(UsageError, match="unknown target variant 'zh-CN'"):
        target_form(plain, "zh-CN")


def test_bad_arguments(glossary: Glossary) -> None:
    matches = glossary.find(SENTENCE, "en")
    with pytest.raises(UsageError, match="unknown strategy 'mask'"):
        protect(SENTENCE, matches, "mask", "zh-Hans")
    overlapping = [*matches, Match(matches[0].term, 1, 4, "SEA")]
    with pytest.raises(ValueError, match="overlaps or is not in the text"):
        protect(SENTENCE, overlapping, "placeholder", "zh-Hans")


_FORMS = ["ASEAN", "RCEP", "Kao Kim Hourn", "FTAs", "Nvidia", "东盟", "高金洪", "RCEP"]
_FILLER = st.text(alphabet="abcxzXZQ A'.,\n的和ＺＸ", max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_FILLER, st.sampled_from(_FORMS)), max_size=8),
    st.sampled_from(["en", "zh"]),
    st.sampled_from(["placeholder", "inject", "none"]),
)
def test_identity_restore_gives_the_input_back(
    pieces: list[tuple[str, str]], lang: str, strategy: str
) -> None:
    glossary = load_glossaries([NEWSROOM])
    text = "".join(filler + form for filler, form in pieces)
    protected = protect(text, glossary.find(text, lang), strategy, "source")
    restored = restore(protected.text, protected)
    assert restored.text == text
    if strategy == "placeholder":
        assert restored.ok and restored.clean
