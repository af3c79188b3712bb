"""translate_group on the sample packages, without the CLI or the writers: what is translated,
carried, flagged and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.core import RunConfig
from translate.engine.ctranslate import DecodeOptions
from translate.glossary import load_glossaries
from translate.pipeline import GroupResult, prepare, translate_group
from translate.reader import read_article
from translate.tm import TranslationMemory
from translate.translator import Translator

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossaries([ROOT / "glossaries" / "newsroom.tsv"])

pytestmark = pytest.mark.slow


def article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_group(paths: list[Path], config: RunConfig, tm: TranslationMemory) -> GroupResult:
    translator = Translator(GLOSSARY, DecodeOptions(beam_size=config.beam_size), tm)
    prepared = [prepare(read_article(str(p)), config) for p in paths]
    return translate_group(prepared, translator, config)


def test_a_group_translates_carries_and_counts(sample_models: list[Path], tmp_path: Path) -> None:
    a = article(
        tmp_path,
        "a.txt",
        "China and ASEAN enjoy geographical proximity.\n东盟秘书长高金洪发表讲话。\n",
    )
    b = article(tmp_path, "b.txt", "China and ASEAN enjoy geographical proximity.\n")
    config = RunConfig(glossary_paths=(ROOT / "glossaries" / "newsroom.tsv",))
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        result = run_group([a, b], config, tm)
        assert not result.failures
        first, second = result.articles
        en, zh = first.segments
        assert en.origin == "mt" and not en.carried and en.back and en.chrf is not None
        assert zh.carried and zh.origin == "source" and zh.flags == ("carried",)
        assert [h.term_id for h in en.terms] == ["asean"] and en.terms[0].back_ok is not None
        assert second.segments[0].target == en.target  # the same sentence, translated once
        assert result.segments_translated == 2
        again = run_group([b], config, tm)
        assert again.segments_translated == 0 and again.segments_from_tm == 1
        assert again.articles[0].segments[0].origin == "tm-mt"


def test_an_article_with_no_model_for_any_paragraph_fails_alone(
    sample_models: list[Path], tmp_path: Path
) -> None:
    fr = article(tmp_path, "fr.txt", "Le président a rencontré les ministres à Paris hier soir.\n")
    en = article(tmp_path, "en.txt", "China and ASEAN enjoy geographical proximity.\n")
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        result = run_group([fr, en], RunConfig(), tm)
    (failure,) = result.failures
    assert failure.path.endswith("fr.txt") and "translate models install" in failure.message
    assert [a.article.id for a in result.articles] == ["en"]


def test_without_back_translation_nothing_is_scored(
    sample_models: list[Path], tmp_path: Path
) -> None:
    a = article(tmp_path, "a.txt", "China and ASEAN enjoy geographical proximity.\n")
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        result = run_group([a], RunConfig(back_translate=False), tm)
    (seg,) = result.articles[0].segments
    assert seg.target and seg.back == "" and seg.chrf is None and "low-score" not in seg.flags
