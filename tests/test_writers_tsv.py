"""TSV writer: golden files, escaping, and reading back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.writers_sample import assert_golden, nasty_article, sample_run
from translate.writers import WriteOptions, write_run
from translate.writers.tsv import COLUMNS, WRITER, escape, read_tsv, unescape

RUN = sample_run()


@pytest.mark.parametrize("index", [0, 1])
def test_matches_golden(index: int) -> None:
    article = RUN.articles[index]
    assert_golden(WRITER.render(article, RUN, WriteOptions()), f"{article.article.id}.tsv")


def test_header_then_one_line_per_segment_of_nine_fields() -> None:
    article = nasty_article()
    lines = WRITER.render(article, RUN, WriteOptions()).split("\n")
    assert lines[0].split("\t") == list(COLUMNS)
    assert lines[-1] == ""
    assert len(lines) == 1 + len(article.segments) + 1
    assert all(len(line.split("\t")) == 9 for line in lines[:-1])


def test_terms_are_compact_and_flags_follow_the_threshold() -> None:
    article = RUN.articles[0]
    rows = [line.split("\t") for line in WRITER.render(article, RUN, WriteOptions()).splitlines()]
    assert rows[4][5] == "RCEP=RCEP\u2717(lost); Kao=高金洪\u2713"
    assert rows[4][6] == "low-score, term-lost"
    assert rows[5][6] == ""  # 52.0 is above the default 40
    strict = [
        line.split("\t") for line in WRITER.render(article, RUN, WriteOptions(60)).splitlines()
    ]
    assert strict[5][6] == "low-score"
    assert rows[6][3:7] == ["", "", "", "carried"]


def test_written_file_reads_back_exactly(tmp_path: Path) -> None:
    write_run(RUN, tmp_path, ["tsv"])
    rows = read_tsv(tmp_path / "nasty.tsv")
    article = nasty_article()
    assert [r["source"] for r in rows] == [s.segment.text for s in article.segments]
    assert [r["target"] for r in rows] == [s.target for s in article.segments]
    assert [r["back"] for r in rows] == [s.back for s in article.segments]


@given(st.text())
def test_escape_round_trips_and_keeps_one_line(text: str) -> None:
    escaped = escape(text)
    assert not set(escaped) & {"\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}
    assert unescape(escaped) == text


def test_escape_examples() -> None:
    assert escape("a\tb\nc\\d\x07") == "a\\tb\\nc\\\\d\\x07"
    assert unescape("\\\\n") == "\\n"
