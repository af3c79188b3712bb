"""run.json: the signature, per-article summaries, term stats, failures and notes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.writers_sample import SAMPLE_NOTE, sample_run
from translate.writers import write_run


def _summary(tmp_path: Path, flag_below: float = 40.0) -> dict:  # type: ignore[type-arg]
    write_run(sample_run(), tmp_path, ["md", "html"], flag_below=flag_below)
    return json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_signature_is_complete(tmp_path: Path) -> None:
    sig = _summary(tmp_path)["signature"]
    assert sig["tool_version"] == "0.1.0"
    assert [m["name"] for m in sig["models"]] == [
        "translate-en_zh-sample",
        "translate-zh_en-sample",
    ]
    assert sig["models"][0] == {
        "name": "translate-en_zh-sample",
        "from_code": "en",
        "to_code": "zh",
        "version": "0.1.0",
        "path": "/models/en_zh",
        "sample": True,
    }
    assert sig["glossaries"] == [{"path": "glossaries/newsroom.tsv", "sha256": "0f" * 32}]
    assert sig["opencc_config"] == "s2twp" and sig["detector_seed"] == 0
    assert sig["chrf_signature"].startswith("nrefs:1|") and sig["bleu_signature"]
    assert sig["timings"] == {"read": 0.01, "translate": 1.25, "score": 0.05}
    assert sig["notes"] == [SAMPLE_NOTE]


def test_article_summaries(tmp_path: Path) -> None:
    summary = _summary(tmp_path)
    first, second = summary["articles"]
    assert first["id"] == "asean-china" and first["path"] == "seeds/asean-china.txt"
    assert first["title"].startswith("ASEAN, China share")
    assert first["language"]["tag"] == "en" and first["language"]["confidence"] == 0.99
    assert [p["tag"] for p in first["paragraphs"]] == ["en", "en", "en", "zh-Hans"]
    assert first["segments"] == 6 and first["carried"] == 1 and first["flagged"] == 1
    assert first["chrf_min"] == 28.4 and round(first["chrf_mean"], 2) == 59.04
    assert first["terms"] == {"found": 9, "rendered": 8, "survived": 8, "accuracy": 8 / 9}
    assert first["outputs"] == ["asean-china.md", "asean-china.html"]
    assert second["notes"] == ["Paragraph 3 holds control characters; they are shown as symbols."]
    assert second["target_lang"] == "zh-TW"


def test_run_level_terms_failures_notes_and_threshold(tmp_path: Path) -> None:
    summary = _summary(tmp_path, flag_below=60)
    assert summary["format"] == "newsroom-translate/run" and summary["format_version"] == 1
    assert summary["terms"] == {"found": 13, "rendered": 12, "survived": 11, "accuracy": 12 / 13}
    assert summary["failures"] == [
        {"path": "seeds/broken.bin", "message": "seeds/broken.bin: binary file; pass a text file"}
    ]
    assert summary["notes"] == [SAMPLE_NOTE]
    assert summary["review"] == {"flag_below": 60}
    assert summary["articles"][0]["flagged"] == 2
