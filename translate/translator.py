"""The one "translate these texts" entry point: glossary enforcement around the engine, with
the translation memory in front of it. `translate run`, `glossary review`, `glossary suggest`
and `align` all call it, so they cannot disagree on what a text translates to.

A text goes to a model only when the memory has no output for exactly that model input
(same text, route of packages, decoding options, glossary strategy); identical inputs in one
call go once. Human translations in the memory are used before the engine when asked.

A model that loses placeholders gets its glossary terms injected at once instead of sent with
placeholders first (`Translator.probe`, run by `translate.strategy`); the choice is remembered
with the model in the memory.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from translate import enforce
from translate.core import ModelInfo, TermHit
from translate.engine import packages
from translate.engine.ctranslate import DecodeOptions, Route
from translate.glossary import Glossary
from translate.lang import base_lang, text_tag, to_simplified
from translate.tm import Memory, MTKey, StrategyChoice

# A model's placeholders are judged on this many protected segments (at least MIN_PROBE); when
# more than half lose them, the model gets its terms injected from then on.
PROBE_SEGMENTS = 16
MIN_PROBE = 8


@dataclass(frozen=True)
class Translated:
    """A text's translation and where it came from."""

    text: str
    hits: tuple[TermHit, ...] = ()
    strategy: str = ""
    flags: tuple[str, ...] = ()
    origin: str = "mt"  # mt (a model, this run) | tm-mt (a model, earlier) | human


class MemoEngine:
    """A route with the memory in front: answers `enforce.Engine` calls."""

    def __init__(self, route: Route, tm: Memory) -> None:
        self.route = route
        self.tm = tm
        self.route_id = "|".join(json.dumps(step.identity, sort_keys=True) for step in route.steps)
        self.options = json.dumps([step.output_options for step in route.steps], sort_keys=True)
        self.fresh: set[tuple[str, str]] = set()  # (strategy, input) sent to a model here
        self.sent = 0  # model inputs sent
        self.choice: StrategyChoice | None = tm.get_strategy(self.route_id)
        self.chosen_here = False  # the choice was made in this process (not remembered)

    @property
    def strategies(self) -> tuple[str, ...]:
        """The glossary strategies to try, in order."""
        if self.choice is not None and self.choice.strategy == "inject":
            return ("inject",)
        return enforce.STRATEGIES

    def translate(self, texts: Sequence[str], strategies: Sequence[str]) -> list[str]:
        keys = [
            MTKey(self.route_id, self.options, s, t) for t, s in zip(texts, strategies, strict=True)
        ]
        known = self.tm.get_mt(keys)
        missing: dict[str, MTKey] = {}
        for key in keys:
            if key.digest not in known and key.text.strip():
                missing.setdefault(key.digest, key)
        if missing:
            todo = list(missing.values())
            outputs = self.route.translate([k.text for k in todo])
            self.tm.put_mt(zip(todo, outputs, strict=True))
            known.update((k.digest, out) for k, out in zip(todo, outputs, strict=True))
            self.fresh.update((k.strategy, k.text) for k in todo)
            self.sent += len(todo)
        return [known.get(k.digest, "") for k in keys]


@dataclass
class Translator:
    """Holds the glossary, the memory and the loaded routes of one run (or command)."""

    glossary: Glossary
    options: DecodeOptions
    tm: Memory
    engines: dict[tuple[str, str], MemoEngine] = field(default_factory=dict)

    def engine(self, src: str, dst: str) -> MemoEngine:
        """The route from `src` to `dst` (loaded once); raises ModelError when none is
        installed."""
        key = (base_lang(src), base_lang(dst))
        if key not in self.engines:
            route = Route(packages.find_route(*key), self.options)
            self.engines[key] = MemoEngine(route, self.tm)
        return self.engines[key]

    @property
    def models(self) -> tuple[ModelInfo, ...]:
        seen: dict[str, ModelInfo] = {}
        for memo in self.engines.values():
            for m in memo.route.models:
                seen[m.path] = m
        return tuple(seen.values())

    @property
    def sent(self) -> int:
        return sum(m.sent for m in self.engines.values())

    def translate(
        self, texts: Sequence[str], src: str, dst: str, *, human: bool = False
    ) -> list[Translated]:
        """Translate `texts` (in `src`) into `dst` with the glossary enforced. Chinese input is
        normalised to Simplified first (what the models are trained on). With `human`, a
        human translation in the memory is used instead of the engine."""
        src, target = base_lang(src), text_tag(dst)
        inputs = [_model_input(t, src) for t in texts]
        out: list[Translated | None] = [None] * len(texts)
        if human:
            found = self.tm.find_human(src, dst, list(texts))
            for i, text in enumerate(texts):
                unit = found.get(text)
                if unit is not None:
                    done = enforce.verify(
                        inputs[i],
                        _model_input(unit.target, base_lang(dst)),
                        src,
                        self.glossary,
                        target,
                    )
                    out[i] = Translated(done.text, done.hits, "", done.flags, "human")
        todo = [i for i, t in enumerate(out) if t is None]
        if todo:
            memo = self.engine(src, dst)
            done_list = enforce.translate_terms(
                [inputs[i] for i in todo], src, memo, self.glossary, target, memo.strategies
            )
            for i, done in zip(todo, done_list, strict=True):
                fresh = any(step in memo.fresh for step in done.inputs)
                out[i] = Translated(
                    done.text, done.hits, done.strategy, done.flags, "mt" if fresh else "tm-mt"
                )
        return [t for t in out if t is not None]

    def probe(self, texts: Sequence[str], src: str, dst: str) -> list[str]:
        """Judge the `src`->`dst` model's placeholders on the first PROBE_SEGMENTS of `texts`
        that hold glossary terms (sent with placeholders, then injected where they fail, as
        any run would), unless the memory already remembers a choice for the model. More than
        half lost: inject at once from now on. The choice goes to the memory. Returns the
        translations of the texts judged (empty when nothing was judged)."""
        memo = self.engine(src, dst)
        lang = base_lang(src)
        if memo.choice is not None or lang not in enforce.GLOSSARY_LANGS:
            return []
        inputs = [_model_input(t, lang) for t in texts]
        inputs = [t for t in inputs if self.glossary.find(t, lang)][:PROBE_SEGMENTS]
        if len(inputs) < MIN_PROBE:
            return []
        done = enforce.translate_terms(
            inputs, lang, memo, self.glossary, text_tag(dst), enforce.STRATEGIES
        )
        lost = sum(1 for d in done if len(d.inputs) > 1)  # placeholders failed: injected too
        strategy = "inject" if 2 * lost > len(done) else "placeholder"
        memo.choice = StrategyChoice(strategy, len(done), lost)
        memo.chosen_here = True
        self.tm.put_strategy(memo.route_id, memo.choice)
        return [d.text for d in done]

    def unaided(self, texts: Sequence[str], src: str, dst: str) -> list[str]:
        """The engine's own output, no glossary (what `glossary review` compares with)."""
        inputs = [_model_input(t, base_lang(src)) for t in texts]
        return self.engine(src, dst).translate(inputs, [""] * len(inputs))


def _model_input(text: str, lang: str) -> str:
    if lang == "zh":
        return to_simplified(text)
    return text
