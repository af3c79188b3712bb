"""JSONL writer: the schema, one record per line, and load_jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.writers_sample import assert_golden, sample_run
from translate.errors import InputError
from translate.writers import WriteOptions, write_run
from translate.writers.jsonl import WRITER, dump_line, load_jsonl

RUN = sample_run()
KEYS = [
    "article",
    "paragraph",
    "segment",
    "source_lang",
    "target_lang",
    "source",
    "target",
    "target_hans",
    "back",
    "chrf",
    "bleu",
    "flags",
    "carried",
    "strategy",
    "origin",
    "sample",
    "start",
    "end",
    "terms",
]
TERM_KEYS = [
    "id",
    "source",
    "target",
    "ok",
    "back_ok",
    "problem",
    "status",
    "strategy",
    "start",
    "end",
]


def test_matches_golden() -> None:
    article = RUN.articles[1]
    assert_golden(WRITER.render(article, RUN, WriteOptions()), "nasty.jsonl")


def test_one_segment_per_line_with_the_documented_keys() -> None:
    for article in RUN.articles:
        lines = WRITER.render(article, RUN, WriteOptions()).splitlines()
        assert len(lines) == len(article.segments)  # no header line
        for line, seg in zip(lines, article.segments, strict=True):
            record = json.loads(line)
            assert list(record) == KEYS
            assert record["source"] == seg.segment.text
            assert record["article"] == article.article.id
            assert all(list(term) == TERM_KEYS for term in record["terms"])


def test_term_record_says_what_became_of_it() -> None:
    line = WRITER.render(RUN.articles[0], RUN, WriteOptions()).splitlines()[3]
    record = json.loads(line)
    assert record["flags"] == ["term-lost", "low-score"]
    assert record["terms"][0] == {
        "id": "rcep",
        "source": "RCEP",
        "target": "RCEP",
        "ok": False,
        "back_ok": False,
        "problem": "lost",
        "status": "approved",
        "strategy": "placeholder",
        "start": 49,
        "end": 53,
    }
    text = record["source"]
    assert text[49:53] == "RCEP"


def test_carried_segment_has_no_scores() -> None:
    record = json.loads(WRITER.render(RUN.articles[0], RUN, WriteOptions()).splitlines()[-1])
    assert record["carried"] is True
    assert record["chrf"] is None and record["bleu"] is None
    assert record["source_lang"] == "zh-Hans" and record["target"] == record["source"]


@given(st.text())
def test_any_text_stays_on_one_line(text: str) -> None:
    line = dump_line({"source": text})
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == {"source": text}


def test_load_jsonl_reads_a_file_or_a_folder(tmp_path: Path) -> None:
    write_run(RUN, tmp_path, ["jsonl"])
    one = load_jsonl(tmp_path / "nasty.jsonl")
    assert [r["segment"] for r in one] == [0, 1, 2, 3]
    both = load_jsonl(tmp_path)
    assert [r["article"] for r in both] == ["asean-china"] * 6 + ["nasty"] * 4


def test_load_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a", "target": "b"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_jsonl(bad)
    assert str(caught.value).startswith(f"{bad}:2: not JSON (")
    with pytest.raises(InputError, match="no such file"):
        load_jsonl(tmp_path / "missing.jsonl")
    (tmp_path / "x.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a segment record"):
        load_jsonl(tmp_path / "x.jsonl")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .jsonl files"):
        load_jsonl(empty)
