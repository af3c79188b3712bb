"""Glossary enforcement around an engine: protect, restore, verify, retry, flag.

The engines here are test doubles with one scripted failure each (dropping or doubling a
placeholder); they exercise the retry logic. Real translation is tested in test_end_to_end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from translate import enforce
from translate.glossary import load_glossaries

GLOSSARY = load_glossaries([Path(__file__).resolve().parent.parent / "glossaries/newsroom.tsv"])
PLACEHOLDER = regex.compile(r"\b[A-Z]{2}[A-Z]\b")


@dataclass
class ScriptedEngine:
    """Applies `damage` to each input and records what it was sent."""

    damage: Callable[[str], str]
    calls: list[list[str]] = field(default_factory=list)

    def translate(self, texts: Sequence[str], strategies: Sequence[str] = ()) -> list[str]:
        self.calls.append(list(texts))
        return [self.damage(t) for t in texts]


def forward(texts: list[str], engine: ScriptedEngine) -> list[enforce.Translation]:
    return enforce.translate_terms(texts, "en", engine, GLOSSARY, "zh-Hans")


def drop_placeholders(text: str) -> str:
    return text.replace("ZXA", "").replace("ZXB", "")


def test_placeholder_kept_needs_no_retry() -> None:
    engine = ScriptedEngine(lambda t: t)
    (item,) = forward(["Kao Kim Hourn met RCEP staff."], engine)
    assert len(engine.calls) == 1 and "ZXA" in engine.calls[0][0]
    assert item.strategy == "placeholder" and item.flags == ()
    assert item.text == "高金洪 met RCEP staff."
    assert [(h.term_id, h.ok) for h in item.hits] == [("kao-kim-hourn", True), ("rcep", True)]


def test_lost_placeholder_is_retried_with_injection() -> None:
    engine = ScriptedEngine(drop_placeholders)
    (item,) = forward(["Kao Kim Hourn spoke."], engine)
    assert len(engine.calls) == 2
    assert engine.calls[1] == ["高金洪 spoke."]  # second try: target injected
    assert item.strategy == "inject" and item.hits[0].ok and item.flags == ()


def test_term_lost_by_every_strategy_is_flagged_not_dropped() -> None:
    engine = ScriptedEngine(lambda t: drop_placeholders(t).replace("高金洪", ""))
    (item,) = forward(["Kao Kim Hourn spoke."], engine)
    assert len(engine.calls) == 2
    (hit,) = item.hits
    assert not hit.ok and hit.problem
    assert any(f.startswith("term-") for f in item.flags)


def test_segments_without_terms_go_through_once() -> None:
    engine = ScriptedEngine(drop_placeholders)
    items = forward(["Second, look at investment.", "It's growing."], engine)
    assert len(engine.calls) == 1 and [i.strategy for i in items] == ["", ""]


def test_repetition_and_deprecated_terms_are_flagged() -> None:
    engine = ScriptedEngine(lambda t: "恩维迪亚的的的的的的芯片")
    (item,) = forward(["The chips sold well."], engine)
    assert "repetition" in item.flags and "deprecated-term" in item.flags


def test_back_translation_marks_survivors() -> None:
    fwd = ScriptedEngine(lambda t: t)
    (item,) = forward(["Kao Kim Hourn met RCEP staff."], fwd)
    # The back engine loses RCEP whatever the strategy; Kao Kim Hourn survives.
    back = ScriptedEngine(
        lambda t: t.replace("ZXB", "").replace("RCEP", "").replace(" met", " met the")
    )
    (returned,) = enforce.translate_terms([item.text], "zh", back, GLOSSARY, "en")
    assert returned.text.startswith("Kao Kim Hourn met the")
    hits = enforce.mark_survivors(item.hits, returned.text, GLOSSARY)
    assert {h.term_id: h.back_ok for h in hits} == {"kao-kim-hourn": True, "rcep": False}


def test_repetition_detector() -> None:
    assert enforce.has_repetition("合作合作合作合作合作")
    assert enforce.has_repetition("the the the the end")
    assert not enforce.has_repetition("US$1,000,000 and 2000000 people ... ———")
    assert not enforce.has_repetition("人文交流、人文合作")


def test_an_entry_echoed_in_brackets_is_written_once() -> None:
    engine = ScriptedEngine(lambda t: t.replace(" (", "（").replace(")", "）"))
    (item,) = forward(["free trade agreements (FTAs)"], engine)
    assert item.text == "自贸协定"
    assert [h.ok for h in item.hits] == [True, True]


def test_inputs_record_every_try_with_its_strategy() -> None:
    engine = ScriptedEngine(drop_placeholders)
    (item,) = forward(["Kao Kim Hourn spoke."], engine)
    assert [name for name, _ in item.inputs] == ["placeholder", "inject"]
    assert item.inputs[1] == ("inject", "高金洪 spoke.")


def test_a_human_translation_is_verified_not_changed() -> None:
    good = enforce.verify("Kao Kim Hourn spoke.", "高金洪发言。", "en", GLOSSARY, "zh-Hans")
    assert good.text == "高金洪发言。" and good.flags == () and good.hits[0].ok
    bad = enforce.verify("Kao Kim Hourn spoke.", "高先生发言。", "en", GLOSSARY, "zh-Hans")
    assert bad.text == "高先生发言。" and bad.flags == ("term-lost",)
