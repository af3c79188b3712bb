"""Matching rules, each with its hard case (tests/data/glossary/hard_cases_*.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate import lang as zh_module
from translate.core import Term
from translate.glossary import Glossary, Matcher, deprecated_in, load_glossaries
from translate.glossary.match import FormSpec, at_sentence_start
from translate.glossary.match import glossary_lang as base_lang

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
DATA = ROOT / "tests" / "data" / "glossary"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossaries([NEWSROOM, DATA / "rules.tsv"])


def found(glossary: Glossary, text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(m.form, m.term.id) for m in glossary.find(text, lang)]


EXPECTED_EN = [
    ("ASEAN", "asean"),  # possessive: 's left outside
    ("Nvidia", "nvidia"),  # curly apostrophe possessive
    ("NVIDIA", "nvidia"),  # case insensitive entry
    ("nvidia", "nvidia"),
    ("RCEP", "rcep"),  # only pre-RCEP: never RCEPX, MegaRCEP, RCEPs
    ("Free trade agreements", "fta"),  # smart: capital at sentence start, plural
    ("FTAs", "fta"),  # acronym plural
    ("FTA", "fta"),  # not "Free Trade Agreement" mid-sentence, not "fta"
    ("Kao  Kim   Hourn", "kao-kim-hourn"),  # any run of spaces; never KAO KIM HOURN
    ("ASEAN", "asean"),  # ASEAN-China
    ("ASEAN", "asean"),  # ASEAN/China
    ("ASEAN", "asean"),  # China-ASEAN
    ("ASEAN", "asean"),
    ("ASEAN-China Free Trade Area 3.0", "acfta-3"),  # longest wins
    ("ASEAN\u2013China Free Trade Area", "acfta"),  # en dash for hyphen
    ("ASEAN Secretary-General", "asean-secretary-general"),
    ("Kao Kim Hourn", "kao-kim-hourn"),  # lower-case secretary-general is not the title
    ("Regional Comprehensive\nEconomic Partnership", "rcep-full"),  # line break
    ("Timor-\nLeste", "timor-leste"),  # hyphenated at a line end
    ("Huang", "jensen-huang"),  # a blank line is never bridged
    ("Chinese President Xi Jinping", "chinese-president-xi-jinping"),
    ("President Xi Jinping", "president-xi-jinping"),
    ("President Xi", "president-xi"),
    ("People\u2019s Daily", "peoples-daily"),  # either apostrophe inside a form
    ("free trade agencies", "trade-agency"),  # y -> ies
    ("free trade agency", "trade-agency"),
    ("Neill", "neill"),  # but not inside O'Neill
    ("DIGITAL ECONOMY", "digital-economy"),
    ("Digital Economy", "digital-economy"),
    ("H20", "h20"),  # never inside H200
    ("H200", "h200"),
    ("Free trade agreements", "fta"),  # after an opening quote at a line start
    ("Free trade agreements", "fta"),  # after ". ("
]


def test_english_hard_cases_article(glossary: Glossary) -> None:
    text = (DATA / "hard_cases_en.txt").read_text(encoding="utf-8")
    matches = glossary.find(text, "en")
    assert [(m.form, m.term.id) for m in matches] == EXPECTED_EN
    assert all(text[m.start : m.end] == m.form for m in matches)
    assert [m.start for m in matches] == sorted(m.start for m in matches)


EXPECTED_ZH = [
    ("東協秘書長", "asean-secretary-general"),  # zh-TW form, Traditional
    ("高金洪", "kao-kim-hourn"),
    ("中國—東盟自由貿易區3.0版", "acfta-3"),  # Traditional matches after t2s
    ("中国—东盟自由贸易区3.0版", "acfta-3"),
    ("中国-东盟自贸区3.0版", "acfta-3"),  # zh alias, hyphen for dash
    ("RCEP", "rcep"),  # dnt: the English form inside Chinese text
    ("RCEP", "rcep"),  # 说RCEP的: Han characters are not word characters; RCEPX is skipped
    ("亚细安", "asean"),
    ("东盟\n秘书长", "asean-secretary-general"),  # across a line break
    ("东盟", "asean"),  # never across a blank line
    ("秘书长", "secretary-general"),
    ("ＲＣＥＰ", "rcep"),  # full-width Latin
    ("新华社", "xinhua"),
    ("習近平主席", "president-xi-jinping"),
    ("黃仁勳", "jensen-huang"),
    ("英偉達", "nvidia"),
    ("輝達", "nvidia"),  # regional form
    ("区域全面经济伙伴关系协定", "rcep-full"),
]


def test_chinese_hard_cases_article(glossary: Glossary) -> None:
    text = (DATA / "hard_cases_zh.txt").read_text(encoding="utf-8")
    matches = glossary.find(text, "zh")
    assert [(m.form, m.term.id) for m in matches] == EXPECTED_ZH
    assert all(text[m.start : m.end] == m.form for m in matches)
    assert glossary.find(text, "zh-Hant") == matches


def test_whole_words_only(glossary: Glossary) -> None:
    assert found(glossary, "RCEPX MegaRCEP RCEPs xRCEP RCEP_1 RCEP2") == []
    assert found(glossary, "(RCEP), RCEP. RCEP") == [("RCEP", "rcep")] * 3


def test_possessive_is_left_outside_the_span(glossary: Glossary) -> None:
    [match] = glossary.find("It is ASEAN's call.", "en")
    assert (match.start, match.end, match.form) == (6, 11, "ASEAN")
    assert found(glossary, "the FTAs' terms") == [("FTAs", "fta")]


def test_smart_case(glossary: Glossary) -> None:
    assert found(glossary, "They signed a free trade agreement.") == [
        ("free trade agreement", "fta")
    ]
    assert found(glossary, "Free trade agreement signed") == [("Free trade agreement", "fta")]
    assert found(glossary, "A big Free trade agreement") == []
    assert found(glossary, "Trade pact.\nFree trade agreement") == [("Free trade agreement", "fta")]
    assert found(glossary, "fta Fta FTA") == [("FTA", "fta")]  # acronyms stay exact


def test_exact_case(glossary: Glossary) -> None:
    assert found(glossary, "Xi Jinping, XI JINPING, xi jinping") == [("Xi Jinping", "xi-jinping")]


def test_slash_and_hyphen_compounds(glossary: Glossary) -> None:
    assert found(glossary, "ASEAN/China and EU-ASEAN") == [("ASEAN", "asean"), ("ASEAN", "asean")]
    assert found(glossary, "the China-ASEAN Free Trade Area 3.0") == [
        ("China-ASEAN Free Trade Area 3.0", "acfta-3")
    ]


def test_longest_wins_and_contained_terms_still_match_alone(glossary: Glossary) -> None:
    text = "ASEAN Secretary-General and the Secretary-General of ASEAN"
    assert found(glossary, text) == [
        ("ASEAN Secretary-General", "asean-secretary-general"),
        ("Secretary-General", "secretary-general"),
        ("ASEAN", "asean"),
    ]


def test_alias_matches_and_reports_the_entry_form(glossary: Glossary) -> None:
    [match] = glossary.find("Dr. Kao Kim Hourn arrived", "en")
    assert (match.term.id, match.entry_form) == ("kao-kim-hourn", "Dr. Kao Kim Hourn")


def test_deprecated_entries_are_never_found_but_flagged_in_output(glossary: Glossary) -> None:
    assert found(glossary, "恩維迪亞和恩维迪亚", "zh") == []
    flagged = deprecated_in("英伟达，旧称恩維迪亞，也写作恩维迪亚。", glossary, "zh")
    assert [(m.form, m.term.id) for m in flagged] == [
        ("恩維迪亞", "nvidia-old"),
        ("恩维迪亚", "nvidia-old"),
    ]
    assert deprecated_in("Nvidia said", glossary, "en") == []  # en form shared with nvidia
    old = glossary.by_id("nvidia-old")
    assert old is not None and glossary.replacement(old) == glossary.by_id("nvidia")


def test_proposed_entries_can_be_left_out(glossary: Glossary) -> None:
    text = "President Xi Jinping spoke"
    assert found(glossary, text) == [("President Xi Jinping", "president-xi-jinping")]
    approved = glossary.find(text, "en", include_proposed=False)
    assert [(m.form, m.term.id) for m in approved] == [("President Xi", "president-xi")]


def test_equal_spans_go_to_approved_then_the_later_entry() -> None:
    first = Term(id="a", en="Acme", zh_hans="甲", zh_hant="甲", case="exact")
    second = Term(id="b", en="Acme", zh_hans="乙", zh_hant="乙", case="exact")
    proposed = Term(id="c", en="Acme", zh_hans="丙", zh_hant="丙", status="proposed")
    assert Glossary((first, second)).find("Acme", "en")[0].term.id == "b"
    assert Glossary((first, second, proposed)).find("Acme", "en")[0].term.id == "b"


def test_offsets_survive_a_length_changing_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(text: str, config: str) -> str:  # pretend 東 converts to two characters
        return text.replace("東", "东东") if config == "t2s" else text

    monkeypatch.setattr(zh_module, "convert", fake)
    zh_module._t2s_char.cache_clear()
    try:
        term = Term(id="x", en="X", zh_hans="东东盟", zh_hant="")
        text = "在東盟和東盟"
        matches = Matcher([FormSpec(term, "东东盟")], "zh").find(text)
        assert [(m.start, m.end, m.form) for m in matches] == [(1, 3, "東盟"), (4, 6, "東盟")]
    finally:
        zh_module._t2s_char.cache_clear()


def test_language_names() -> None:
    assert base_lang("en-GB") == "en" and base_lang("zh-TW") == "zh"
    with pytest.raises(ValueError, match="unsupported language 'ms'"):
        base_lang("ms")


def test_sentence_start() -> None:
    text = 'One. "Two" three\nFour'
    assert at_sentence_start(text, 0)
    assert at_sentence_start(text, 6)
    assert not at_sentence_start(text, 11)
    assert at_sentence_start(text, 17)


_FILLER = st.text(alphabet="abc XYZ-'.,\n东盟的", max_size=8)
_FORMS = ["ASEAN", "RCEP", "Kao Kim Hourn", "FTAs", "ASEAN-China Free Trade Area 3.0"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_FILLER, st.sampled_from(_FORMS))))
def test_matches_are_sorted_disjoint_and_slices_of_the_text(
    pieces: list[tuple[str, str]],
) -> None:
    glossary = load_glossaries([NEWSROOM])
    text = " ".join(f"{filler} {form}" for filler, form in pieces)
    matches = glossary.find(text, "en")
    for before, after in zip(matches, matches[1:], strict=False):
        assert before.end <= after.start
    assert all(text[m.start : m.end] == m.form for m in matches)
