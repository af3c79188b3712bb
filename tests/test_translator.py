"""The one translate-these-texts entry point, on the real sample packages: the memory in front
of the engine, deduplication, keys, human translations, Traditional input."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.engine.ctranslate import DecodeOptions
from translate.glossary import load_glossaries
from translate.tm import TranslationMemory, Unit
from translate.translator import Translator

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossaries([ROOT / "glossaries" / "newsroom.tsv"])
SENTENCE = "China and ASEAN enjoy geographical proximity."
OTHER = "Kao Kim Hourn said the five strategic areas will reshape the future."

pytestmark = pytest.mark.slow


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory(tmp_path / "tm.sqlite")


def translator(memory: TranslationMemory, beam: int = 4) -> Translator:
    return Translator(GLOSSARY, DecodeOptions(beam_size=beam), memory)


def test_a_text_goes_to_the_model_once_in_a_call_and_never_again(
    sample_models: list[Path], memory: TranslationMemory
) -> None:
    first = translator(memory)
    out = first.translate([SENTENCE, OTHER, SENTENCE], "en", "zh")
    assert out[0] == out[2] and out[0].origin == "mt"
    # SENTENCE once (not twice), OTHER once with placeholders and at most once injected
    assert first.sent <= 3 and first.sent == len(first.engines[("en", "zh")].fresh)
    again = translator(memory)
    repeat = again.translate([SENTENCE, OTHER], "en", "zh")
    assert again.sent == 0
    assert [r.text for r in repeat] == [out[0].text, out[1].text]
    assert {r.origin for r in repeat} == {"tm-mt"}
    assert [r.hits for r in repeat] == [out[0].hits, out[1].hits]


def test_other_decoding_options_are_other_keys(
    sample_models: list[Path], memory: TranslationMemory
) -> None:
    translator(memory, beam=4).translate([SENTENCE], "en", "zh")
    greedy = translator(memory, beam=1)
    greedy.translate([SENTENCE], "en", "zh")
    assert greedy.sent > 0


def test_traditional_input_is_the_same_model_input_as_simplified(
    sample_models: list[Path], memory: TranslationMemory
) -> None:
    t = translator(memory)
    hans, hant = t.translate(
        ["东盟与中国的合作发展迅速。", "東盟與中國的合作發展迅速。"], "zh", "en"
    )
    assert hans.text == hant.text and t.sent == 1


def test_a_human_translation_goes_before_the_engine_and_is_checked(
    sample_models: list[Path], memory: TranslationMemory
) -> None:
    memory.add_units([Unit("en", "zh-TW", OTHER, "高金洪說五大戰略領域將重塑未來。")])
    t = translator(memory)
    human, engine = t.translate([OTHER, SENTENCE], "en", "zh", human=True)
    assert human.origin == "human" and human.text == "高金洪说五大战略领域将重塑未来。"
    assert [h.term_id for h in human.hits] == ["kao-kim-hourn"] and human.hits[0].ok
    assert engine.origin == "mt"
    plain = t.translate([OTHER], "en", "zh")[0]  # without human=True the engine answers
    assert plain.origin in ("mt", "tm-mt") and plain.text != human.text


def test_unaided_output_has_no_glossary(
    sample_models: list[Path], memory: TranslationMemory
) -> None:
    t = translator(memory)
    (raw,) = t.unaided([OTHER], "en", "zh")
    (enforced,) = t.translate([OTHER], "en", "zh")
    assert enforced.strategy in ("placeholder", "inject") and "高金洪" in enforced.text
    assert isinstance(raw, str) and raw
