"""Which glossary strategy each model of a run gets, decided before the run's first group.

Glossary terms go to a model as placeholders first, and segments whose placeholders do not
come through are sent again with the target terms injected. A model that loses placeholders
in most segments would translate every segment with a term twice, so the run judges each
model on the first protected segments of the run (`Translator.probe`: forward on the source
segments, back on their translations) and, for such a model, injects at once for the rest of
the run; the memory keeps the choice for the next run, and run.json records it.

The segments judged are a function of the run's input alone (the first group's segments, in
input order), and the choice is made before any group is translated: every executor (local,
or each Ray actor) makes the same choice, so the outputs do not depend on the executor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from translate.core import RunConfig
from translate.enforce import GLOSSARY_LANGS
from translate.errors import ModelError
from translate.glossary import Glossary
from translate.lang import model_langs
from translate.pipeline import Prepared
from translate.translator import PROBE_SEGMENTS, MemoEngine, Translator

HasModel = Callable[[str, str], bool]  # (src, dst) -> a route is installed


def probe_texts(
    group: Iterable[Prepared], config: RunConfig, glossary: Glossary, has_model: HasModel
) -> dict[str, list[str]]:
    """Model source language -> the first PROBE_SEGMENTS segment texts of `group` (the run's
    first group) that need that model and hold a glossary term, in input order."""
    found: dict[str, list[str]] = {}
    for prepared in group:
        for seg in prepared.segments:
            if not prepared.needs_model(seg, config.to_lang):
                continue
            src = next((s for s in model_langs(seg.lang) if has_model(s, config.to_lang)), None)
            if src is None or src not in GLOSSARY_LANGS:
                continue
            texts = found.setdefault(src, [])
            if len(texts) < PROBE_SEGMENTS and glossary.find(seg.text, src):
                texts.append(seg.text)
    return {src: texts for src, texts in found.items() if texts}


def choose(translator: Translator, texts: dict[str, list[str]], config: RunConfig) -> None:
    """Judge every model the run will use on `probe_texts` (forward, then back on the forward
    translations), unless the memory remembers its choice."""
    for src, segments in texts.items():
        outputs = translator.probe(segments, src, config.to_lang)
        if config.back_translate and outputs:
            try:
                translator.probe([o for o in outputs if o], config.to_lang, src)
            except ModelError:  # no model back: every segment's flags will say so
                continue


def describe(memo: MemoEngine, src: str, dst: str) -> dict[str, Any]:
    """A route's strategy for run.json."""
    choice = memo.choice
    record: dict[str, Any] = {
        "route": f"{src}->{dst}",
        "models": [f"{m.name}@{m.version}" for m in memo.route.models],
        "strategy": choice.strategy if choice else "placeholder",
        "decided": "this run" if memo.chosen_here else "memory" if choice else "default",
    }
    if choice is not None:
        record["placeholders_tried"] = choice.tried
        record["placeholders_lost"] = choice.lost
    return record


def described(translator: Translator) -> list[dict[str, Any]]:
    return [describe(memo, *pair) for pair, memo in sorted(translator.engines.items())]


def merge(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per route (a route judged in this run wins over one read from memory)."""
    rank = {"this run": 0, "memory": 1, "default": 2}
    best: dict[str, dict[str, Any]] = {}
    for record in records:
        key = json.dumps([record["route"], record["models"]])
        if key not in best or rank[record["decided"]] < rank[best[key]["decided"]]:
            best[key] = record
    return [best[k] for k in sorted(best)]
