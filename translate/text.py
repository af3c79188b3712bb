"""Translate one piece of text and give back only the translation (`translate text`): the
same path as a run (detect, segment, glossary, memory, engine, variant), no files, no
back-translation."""

from __future__ import annotations

from dataclasses import dataclass

from translate.core import RunConfig
from translate.engine.ctranslate import DecodeOptions
from translate.errors import ModelError
from translate.glossary import load_glossaries
from translate.lang import opencc_config
from translate.pipeline import prepare, translate_group
from translate.tm import TranslationMemory
from translate.translator import Translator


@dataclass(frozen=True)
class TextResult:
    text: str  # the translated paragraphs in order, a blank line between them
    notes: tuple[str, ...] = ()


def translate_text(source: str, config: RunConfig, tm: TranslationMemory) -> TextResult:
    """Raises InputError for empty or undecodable text, ModelError when no model applies."""
    from translate.reader import read_article
    from translate.writers.text import article_text

    opencc_config(config.variant)  # a bad variant is a usage error before any work
    glossary = load_glossaries(list(config.glossary_paths))
    translator = Translator(glossary, DecodeOptions.from_config(config), tm)
    article = read_article("-", source.encode("utf-8"))
    result = translate_group([prepare(article, config)], translator, config)
    if result.failures:
        raise ModelError(result.failures[0].message.removeprefix("-: "))
    (done,) = result.articles
    return TextResult(article_text(done), done.notes)
