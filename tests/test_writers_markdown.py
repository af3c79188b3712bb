"""Markdown writer: golden files and escaping."""

from __future__ import annotations

import pytest

from tests.writers_sample import SAMPLE_NOTE, assert_golden, sample_run
from translate.writers import WriteOptions
from translate.writers.markdown import WRITER, escape

RUN = sample_run()


@pytest.mark.parametrize("index", [0, 1])
def test_matches_golden(index: int) -> None:
    article = RUN.articles[index]
    assert_golden(WRITER.render(article, RUN, WriteOptions()), f"{article.article.id}.md")


def test_heading_has_facts_and_every_note() -> None:
    text = WRITER.render(RUN.articles[1], RUN, WriteOptions())
    assert text.startswith("# Quotes \"\\&\" \\<b\\>tags\\</b\\> \\& 'apostrophes'\n")
    assert f"> **Note:** {escape(SAMPLE_NOTE)}" in text
    assert "> **Note:** Paragraph 3 holds control characters" in text
    assert "- Target: Chinese (Traditional, Taiwan) (zh-TW)" in text
    assert "accuracy 100%" in text


def test_table_rows_have_one_cell_per_column() -> None:
    for article in RUN.articles:
        lines = WRITER.render(article, RUN, WriteOptions()).splitlines()
        table = [line for line in lines if line.startswith("|")]
        assert len(table) == 2 + len(article.segments)
        widths = {len(line.replace("\\|", "").split("|")) for line in table}
        assert len(widths) == 1


def test_simplified_column_only_when_produced() -> None:
    simplified = WRITER.render(RUN.articles[1], RUN, WriteOptions())
    assert "| # | Source | Chinese | Simplified | Back-translation | chrF | Terms |" in simplified
    plain = WRITER.render(RUN.articles[0], RUN, WriteOptions())
    assert "| # | Source | Chinese | Back-translation | chrF | Terms |" in plain


def test_escape() -> None:
    assert escape("a|b\nc") == "a\\|b<br>c"
    assert escape("<script>&") == "\\<script\\>\\&"
    assert escape("*x* [y](z) `c` \\") == "\\*x\\* \\[y\\](z) \\`c\\` \\\\"
    assert escape("bell\x07") == "bell\u2407"


def test_flagged_score_is_bold_with_its_flags() -> None:
    lines = WRITER.render(RUN.articles[0], RUN, WriteOptions()).splitlines()
    row = next(line for line in lines if line.startswith("| 4 |"))
    assert "| **28.4** \u26a0<br>low-score, term-lost |" in row
    carried = next(line for line in lines if line.startswith("| 6 |"))
    assert carried.endswith("|  | carried |  |")
