"""The whole job over seeds/ with the bundled sample packages, through the CLI.

The sample packages are installed with the real install-from-file path into a temporary Argos
directory (conftest) and run with CTranslate2 + SentencePiece: nothing here is faked.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import regex
from typer.testing import CliRunner

from translate.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
HAN = regex.compile(r"\p{Han}")
runner = CliRunner()

pytestmark = pytest.mark.slow


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seeds_run(sample_models: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("aligned")
    result = runner.invoke(
        app, ["run", str(SEEDS), "-o", str(out), "--glossary", str(GLOSSARY), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "SAMPLE model" in result.stderr
    return out


def test_every_source_sentence_once_and_in_order(seeds_run: Path) -> None:
    golden = (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    sources = [r["source"] for f in sorted(seeds_run.glob("*.jsonl")) for r in rows(f)]
    assert sources == [line for line in golden if line.strip()]
    for f in seeds_run.glob("*.jsonl"):
        assert [r["segment"] for r in rows(f)] == list(range(len(rows(f))))


def test_chinese_column_is_chinese_and_back_filled(seeds_run: Path) -> None:
    for f in seeds_run.glob("*.jsonl"):
        for r in rows(f):
            if r["carried"]:
                assert r["target"] == r["source"] and r["chrf"] is None
                continue
            assert HAN.search(r["target"]), r
            assert r["back"].strip() and not HAN.search(r["back"]), r
            assert 0 <= r["chrf"] <= 100 and 0 <= r["bleu"] <= 100
            assert r["target_lang"] == "zh-Hans" and r["source_lang"] == "en"


def test_chinese_paragraphs_are_carried_not_translated(seeds_run: Path) -> None:
    carried = [r for f in seeds_run.glob("*.jsonl") for r in rows(f) if r["carried"]]
    assert {r["source"] for r in carried} == {"联合日报newsroom", "相关报道"}


def test_glossary_targets_present(seeds_run: Path) -> None:
    hits = [(r, t) for f in seeds_run.glob("*.jsonl") for r in rows(f) for t in r["terms"]]
    assert len(hits) >= 40
    for r, t in hits:
        if t["ok"]:
            assert t["target"] in r["target"], (t, r["target"])
    assert sum(t["ok"] for _, t in hits) / len(hits) >= 0.9
    assert {t["id"] for _, t in hits} >= {"kao-kim-hourn", "asean", "rcep", "nvidia", "ccpit"}
    assert all(t["target"] == "RCEP" for _, t in hits if t["id"] == "rcep")


def test_round_trip_scores_point_at_what_to_read(seeds_run: Path) -> None:
    scored = [r for f in seeds_run.glob("*.jsonl") for r in rows(f) if r["chrf"] is not None]
    # The sample model knows these articles: most sentences come back nearly verbatim.
    assert sum(r["chrf"] >= 80 for r in scored) / len(scored) >= 0.8


def test_run_json_is_complete(seeds_run: Path) -> None:
    run = json.loads((seeds_run / "run.json").read_text(encoding="utf-8"))
    text = json.dumps(run)
    sig = run["signature"]
    assert {m["from_code"] + m["to_code"] for m in sig["models"]} == {"enzh", "zhen"}
    assert all(m["sample"] for m in sig["models"])
    digest = hashlib.sha256(GLOSSARY.read_bytes()).hexdigest()
    assert digest in text
    assert sig["opencc_config"] is None and sig["variant"] == "zh-Hans"
    assert sig["detector_seed"] == 0 and sig["beam_size"] == 4
    assert "version:" in sig["chrf_signature"] and "tok:13a" in sig["bleu_signature"]
    assert sig["tool_version"] and sig["created"] and sig["timings"]
    assert any("SAMPLE" in n for n in sig["notes"])
    decoding = dict(sig["decoding"])
    assert set(decoding) == {"en_zh-sample@0.1-sample", "zh_en-sample@0.1-sample"}
    assert json.loads(decoding["en_zh-sample@0.1-sample"])["beam_size"] == 4
    assert "patience" in json.loads(decoding["en_zh-sample@0.1-sample"])  # the package's hint
    assert [lang for lang, _, _ in sig["score_signatures"]] == ["en"]
    for article in run["articles"]:
        assert article["terms"]["found"] >= article["terms"]["rendered"] > 0
    assert len(run["articles"]) == 2 and run["failures"] == []


def test_sample_warning_in_every_human_readable_output(seeds_run: Path) -> None:
    for ext in ("md", "html", "tmx", "xlf"):
        for f in seeds_run.glob(f"*.{ext}"):
            assert "SAMPLE" in f.read_text(encoding="utf-8"), f


def test_traditional_variant_uses_regional_glossary_forms(
    sample_models: list[Path], tmp_path: Path
) -> None:
    article = tmp_path / "tw.txt"
    article.write_text(
        "Kao Kim Hourn said that ASEAN has 480 million internet users, making it one of the "
        "fastest-growing digital markets in the world.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["run", str(article), "-o", str(out), "--variant", "zh-TW", "--format", "jsonl"]
    result = runner.invoke(app, [*args, "--glossary", str(GLOSSARY), "-q"])
    assert result.exit_code == 0, result.output
    (row,) = rows(out / "tw.jsonl")
    assert row["target_lang"] == "zh-TW"
    assert "東協" in row["target"] and "东盟" in row["target_hans"]
    assert "網" in row["target"]  # the rest was converted by OpenCC


def test_bad_inputs_fail_alone_and_the_batch_goes_on(
    sample_models: list[Path], tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-good.txt").write_text("China and ASEAN enjoy geographical proximity.\n")
    (inputs / "b-binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (inputs / "c-empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(inputs), "-o", str(out), "--no-glossary", "-q"])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2
    assert "b-binary.txt" in errors[0] and "c-empty.txt" in errors[1]
    assert (out / "a-good.jsonl").is_file() and not list(out.glob("b-*")) + list(out.glob("c-*"))
    assert not list(out.rglob("*.tmp"))  # no temp files left
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert len(run["failures"]) == 2


def test_glossary_with_errors_stops_the_run_before_model_work(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# newsroom-glossary v1\nid\ten\tzh-Hans\nx\tRCEP\n", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(SEEDS), "-o", str(tmp_path / "o"), "--glossary", str(bad)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:3: row has 2 cells but the header has 3")
    assert "translate glossary lint" in result.stderr
    assert not (tmp_path / "o").exists()


def test_paragraph_without_a_model_is_carried_and_flagged(
    sample_models: list[Path], tmp_path: Path
) -> None:
    article = tmp_path / "mixed.txt"
    article.write_text(
        "China and ASEAN enjoy geographical proximity, cultural affinity, and a long-standing "
        "friendship.\nChina has been ASEAN's largest trading partner for 16 consecutive years, "
        "while ASEAN has been China's largest trading partner for the past five years.\n"
        "Le président a rencontré les ministres à Paris hier soir.\n"
    )
    result = runner.invoke(app, ["run", str(article), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0, result.output
    en, _, fr = rows(tmp_path / "o" / "mixed.jsonl")
    assert not en["carried"] and HAN.search(en["target"])
    assert fr["carried"] and "no-model:fr->zh" in fr["flags"] and fr["target"] == fr["source"]


def test_installed_entry_point_runs(sample_models: list[Path], tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("translate")
    if not exe.exists():
        pytest.skip(f"entry point not installed next to {sys.executable}; pip install -e .")
    proc = subprocess.run(
        [str(exe), "detect", str(SEEDS), "--json"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    langs = [json.loads(line)["tag"] for line in proc.stdout.splitlines()]
    assert langs == ["en", "en"]


def test_article_without_a_model_fails_alone_naming_the_command(
    sample_models: list[Path], tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "en.txt").write_text("China and ASEAN enjoy geographical proximity.\n")
    (inputs / "fr.txt").write_text(
        "Le président a rencontré les ministres à Paris hier soir pour parler du commerce.\n"
    )
    result = runner.invoke(app, ["run", str(inputs), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 3, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {inputs / 'fr.txt'}: no fr->zh model installed; run `translate models install "
        "fr zh` (online) or `translate models install FILE.argosmodel` (offline)"
    )
    assert (tmp_path / "o" / "en.jsonl").is_file() and not (tmp_path / "o" / "fr.jsonl").exists()


def test_sample_model_is_named_in_tsv_jsonl_and_show(seeds_run: Path) -> None:
    from translate.writers.tsv import read_tsv

    for f in seeds_run.glob("*.jsonl"):
        translated = [r for r in rows(f) if not r["carried"]]
        assert translated and all(r["sample"] is True for r in translated)
        assert all(r["origin"] in ("mt", "tm-mt") for r in translated)
        tsv = read_tsv(f.with_suffix(".tsv"))
        assert {r["model"] for r in tsv if r["origin"] != "source"} == {"SAMPLE"}
        shown = runner.invoke(app, ["show", str(f)])
        assert shown.exit_code == 0 and "SAMPLE model" in shown.stdout


def test_carried_chinese_is_written_in_the_variant_asked_for(
    sample_models: list[Path], tmp_path: Path
) -> None:
    article = tmp_path / "mixed.txt"
    article.write_text(
        "China and ASEAN enjoy geographical proximity, cultural affinity, and a long-standing "
        "friendship.\n东盟秘书长高金洪表示，东盟与中国的合作发展迅速。\n"
        "東盟國家的網絡用戶增長很快。\n",
        encoding="utf-8",
    )
    glossary = ["--glossary", str(GLOSSARY), "--format", "jsonl", "-q"]
    tw = tmp_path / "tw"
    result = runner.invoke(
        app, ["run", str(article), "-o", str(tw), "--variant", "zh-TW", *glossary]
    )
    assert result.exit_code == 0, result.output
    en, hans, hant = rows(tw / "mixed.jsonl")
    assert hans["carried"] and hans["origin"] == "source"
    assert hans["target"].startswith(
        "東協秘書長高金洪"
    )  # Taiwan's form of the term, OpenCC's script
    assert "网" not in hant["target"] and "東協" in hant["target"]
    cn = tmp_path / "cn"
    result = runner.invoke(
        app, ["run", str(article), "-o", str(cn), "--variant", "zh-CN", *glossary]
    )
    assert result.exit_code == 0, result.output
    en, hans, hant = rows(cn / "mixed.jsonl")
    assert {r["target_lang"] for r in (en, hans, hant)} == {"zh-Hans"}
    assert hans["target"] == hans["source"]
    assert hant["target"] == "东盟国家的网络用户增长很快。"  # Traditional input, Simplified output


def test_a_long_quotation_in_another_language_does_not_refuse_the_article(
    sample_models: list[Path], tmp_path: Path
) -> None:
    malay = (
        "Menteri berkata bahawa kerajaan akan terus bekerjasama dengan negara-negara jiran "
        "kerana hubungan ekonomi yang kukuh adalah penting untuk rakyat dan perniagaan di "
        "seluruh rantau ini, terutamanya selepas pandemik yang menjejaskan banyak syarikat."
    )
    article = tmp_path / "quote.txt"
    article.write_text(
        f"China and ASEAN enjoy geographical proximity.\n{malay}\n{malay}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["run", str(article), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0, result.output
    en, ms1, _ = rows(tmp_path / "o" / "quote.jsonl")
    assert not en["carried"] and HAN.search(en["target"])
    assert ms1["carried"] and any(f.startswith("no-model:") for f in ms1["flags"])


def test_text_prints_only_the_translation(sample_models: list[Path], tmp_path: Path) -> None:
    tm = ["--tm", str(tmp_path / "tm.sqlite")]
    result = runner.invoke(
        app,
        ["text", "China and ASEAN enjoy geographical proximity.", "--glossary", str(GLOSSARY), *tm],
    )
    assert result.exit_code == 0, result.output
    assert HAN.search(result.stdout) and "东盟" in result.stdout
    assert result.stdout.count("\n") == 1 and "SAMPLE" in result.stderr
    piped = runner.invoke(app, ["text", "--to", "en", *tm], input="东盟与中国的合作发展迅速。\n")
    assert piped.exit_code == 0 and piped.stdout.strip() and not HAN.search(piped.stdout)
    empty = runner.invoke(app, ["text", *tm], input="")
    assert empty.exit_code == 1 and empty.stderr.startswith("Error: -: ")


def test_a_run_that_translates_nothing_says_which_direction_to_try(
    sample_models: list[Path], tmp_path: Path
) -> None:
    article = tmp_path / "zh.txt"
    article.write_text("东盟与中国的合作发展迅速。\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(article), "-o", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 0
    assert "every paragraph is already in zh" in result.stderr and "--to en" in result.stderr


def test_suggest_never_offers_page_furniture(sample_models: list[Path], tmp_path: Path) -> None:
    from translate.core import RunConfig
    from translate.review import suggest

    for n in range(2):
        (tmp_path / f"a{n}.txt").write_text(
            "Skip to Content Facebook Feature Image\n"
            "Share on Facebook\nThe MATRADE office said MATRADE would help exporters.\n",
            encoding="utf-8",
        )
    rows = suggest([str(tmp_path)], RunConfig(glossary_paths=(GLOSSARY,)), 1, 50)
    forms = [line.lstrip("# ").split("\t")[1] for line in rows.splitlines() if line.strip()]
    assert "MATRADE" in forms
    assert not [f for f in forms if {"Facebook", "Skip", "Content", "Share"} & set(f.split())]
