"""Glossary strategy per model (translate.strategy, Translator.probe): a model that loses
placeholders is noticed on the run's first protected segments and gets its terms injected at
once for the rest of the run; the memory remembers the choice; run.json records it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import sentencepiece
from typer.testing import CliRunner

from translate import strategy
from translate.cli import app
from translate.core import RunConfig
from translate.engine.build import Shape, fixed_length_weights, write_model
from translate.engine.ctranslate import DecodeOptions, Route
from translate.engine.packages import InstalledPackage, validate_package_dir
from translate.glossary import load_glossaries
from translate.tm import StrategyChoice, TranslationMemory
from translate.translator import PROBE_SEGMENTS, MemoEngine, Translator

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
SEEDS = ROOT / "seeds"
runner = CliRunner()
OPTIONS = DecodeOptions(beam_size=2, threads=1)


@pytest.fixture(scope="module")
def loser(tmp_path_factory: pytest.TempPathFactory) -> InstalledPackage:
    """A tiny en->zh package (the sample's vocabulary, random weights) that writes the same
    twelve Chinese characters whatever it is given: every placeholder is lost."""
    root = tmp_path_factory.mktemp("loser")
    with zipfile.ZipFile(ROOT / "translate/sample_models/en_zh-sample.argosmodel") as z:
        z.extract("en_zh-sample/sentencepiece.model", root)
    pkg = root / "en_zh-loser"
    pkg.mkdir()
    (root / "en_zh-sample/sentencepiece.model").rename(pkg / "sentencepiece.model")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    chinese = [i for i, p in enumerate(pieces) if len(p) == 1 and "\u4e00" <= p <= "\u9fff"]
    shape = Shape(1, 1, 64, 2, 128, len(pieces))
    write_model(fixed_length_weights(shape, chinese[:12], seed=7), shape, pieces, pkg / "model")
    meta = {"package_version": "1", "from_code": "en", "to_code": "zh", "argos_version": "1.9"}
    (pkg / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return validate_package_dir(pkg)


def protected_sentences() -> list[str]:
    glossary = load_glossaries([GLOSSARY])
    lines = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    found = [t for t in lines if t.isascii() and len(t) > 30 and glossary.find(t, "en")]
    return list(dict.fromkeys(found))


def translator_with(pkg: InstalledPackage, tm: TranslationMemory) -> Translator:
    translator = Translator(load_glossaries([GLOSSARY]), OPTIONS, tm)
    translator.engines[("en", "zh")] = MemoEngine(Route([pkg], OPTIONS), tm)
    return translator


def test_a_model_that_loses_placeholders_gets_terms_injected_once(
    loser: InstalledPackage, tmp_path: Path
) -> None:
    texts = protected_sentences()
    assert len(texts) > PROBE_SEGMENTS + 4
    config = RunConfig(back_translate=False)
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        translator = translator_with(loser, tm)
        memo = translator.engines[("en", "zh")]
        strategy.choose(translator, {"en": texts[:PROBE_SEGMENTS]}, config)
        assert memo.choice is not None
        assert (memo.choice.strategy, memo.choice.tried, memo.choice.lost) == (
            "inject",
            PROBE_SEGMENTS,
            PROBE_SEGMENTS,
        )
        probe_sent = memo.sent
        assert probe_sent == 2 * PROBE_SEGMENTS  # judged as any run would: both strategies
        results = translator.translate(texts, "en", "zh")
        # The probe's injected inputs come from the memory; every other text goes once.
        assert memo.sent - probe_sent == len(texts) - PROBE_SEGMENTS
        assert {r.strategy for r in results} == {"inject"}
        assert all(any(f.startswith("term-") for f in r.flags) for r in results)
        record = strategy.describe(memo, "en", "zh")
        assert record["strategy"] == "inject" and record["decided"] == "this run"

        again = translator_with(loser, tm).engines[("en", "zh")]
        assert again.choice is not None and again.choice.strategy == "inject"
        assert not again.chosen_here
        assert strategy.describe(again, "en", "zh")["decided"] == "memory"


def test_without_a_choice_every_failed_text_goes_twice(
    loser: InstalledPackage, tmp_path: Path
) -> None:
    texts = protected_sentences()
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        translator = translator_with(loser, tm)
        translator.translate(texts, "en", "zh")
        assert translator.engines[("en", "zh")].sent == 2 * len(texts)


def test_too_few_protected_segments_decide_nothing(loser: InstalledPackage, tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        translator = translator_with(loser, tm)
        assert translator.probe(protected_sentences()[:3], "en", "zh") == []
        assert translator.engines[("en", "zh")].choice is None
        assert tm.get_strategy(translator.engines[("en", "zh")].route_id) is None


def test_memory_keeps_choices_and_clearing_mt_forgets_them(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.put_strategy("route-a", StrategyChoice("inject", 16, 15))
        got = tm.get_strategy("route-a")
        assert got is not None and (got.strategy, got.tried, got.lost) == ("inject", 16, 15)
        assert got.created
        tm.clear("mt")
        assert tm.get_strategy("route-a") is None


@pytest.mark.slow
def test_run_json_records_each_models_strategy_and_the_memory_remembers_it(
    sample_models: list[Path], tmp_path: Path
) -> None:
    args = [str(SEEDS), "--glossary", str(GLOSSARY), "--tm", str(tmp_path / "tm.sqlite")]
    args += ["--format", "jsonl", "-q"]
    for n, decided in enumerate(("this run", "memory")):
        out = tmp_path / f"out{n}"
        result = runner.invoke(app, ["run", *args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        sig = json.loads((out / "run.json").read_text(encoding="utf-8"))["signature"]
        assert sig["executor"] == {"name": "local"}
        by_route = {r["route"]: r for r in sig["glossary_strategies"]}
        assert set(by_route) == {"en->zh", "zh->en"}
        for record in by_route.values():
            # The sample models were trained to carry placeholders through.
            assert record["strategy"] == "placeholder" and record["decided"] == decided
            assert record["placeholders_lost"] * 2 <= record["placeholders_tried"]
            assert record["models"][0].endswith("-sample@0.1-sample")
