"""Terminal view: rendered with a recording rich Console and checked as text and styles."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tests.writers_sample import sample_run
from translate.cli.show import render, worst_rows
from translate.writers import write_run
from translate.writers.jsonl import load_jsonl


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("aligned")
    write_run(sample_run(), out, ["jsonl"])
    return load_jsonl(out)


def _show(rows: list[dict[str, Any]], width: int = 160, **options: Any) -> tuple[str, str]:
    console = Console(
        record=True, width=width, color_system="truecolor", force_terminal=True, file=io.StringIO()
    )
    render(rows, console, **options)
    return console.export_text(clear=False), console.export_text(styles=True)


def test_side_by_side_with_scores_and_flags(rows: list[dict[str, Any]]) -> None:
    text, _ = _show(rows)
    assert "asean-china" in text and "nasty" in text
    header = next(line for line in text.splitlines() if "Source" in line)
    for column in ("#", "Source", "Chinese", "Back-translation", "chrF"):
        assert column in header
    assert "该协定于2022年生效" in text and "The agreement took effect" in text
    assert "28.4" in text and "term-lost" in text and "carried" in text


def test_low_scores_red_near_ones_yellow(rows: list[dict[str, Any]]) -> None:
    _, styled = _show(rows[:6])
    assert re.search(r"\x1b\[1;31m *28\.4", styled)  # bold red: under the threshold
    assert re.search(r"\x1b\[33m *52\.0", styled)  # yellow: within 15 points above it
    assert re.search(r"\x1b\[32m *74\.6", styled)  # green


def test_terms_coloured_on_both_sides(rows: list[dict[str, Any]]) -> None:
    _, styled = _show(rows[3:4])
    assert "\x1b[1;4;31mRCEP" in styled  # lost: red, underlined
    assert "\x1b[1;32mKao" in styled
    assert "\x1b[1;32m高金洪" in styled


def test_worst_lists_the_lowest_of_the_run(rows: list[dict[str, Any]]) -> None:
    text, _ = _show(rows, worst=2)
    assert "2 lowest-scoring segment(s) of 10" in text
    assert text.index("22.0") < text.index("28.4")
    assert "74.6" not in text and "100.0" not in text
    assert [r["chrf"] for r in worst_rows(rows, 3)] == [22.0, 28.4, 52.0]
    assert len(worst_rows(rows, 100)) == 9  # the carried segment has no score


def test_article_text_is_not_markup_and_controls_are_visible() -> None:
    row = {
        "article": "a",
        "segment": 0,
        "source": "[bold red]x[/] esc\x1b[2J bell\x07",
        "target": "y",
        "back": "",
        "chrf": 50.0,
        "flags": [],
        "terms": [],
    }
    text, styled = _show([row])
    assert "[bold red]x[/]" in text
    assert "esc^[[2J bell^G" in text
    assert "\x1b[2J" not in styled and "\x07" not in styled


def test_narrow_terminal_wraps_instead_of_cutting(rows: list[dict[str, Any]]) -> None:
    text, _ = _show(rows[1:2], width=70)
    assert max(len(line) for line in text.splitlines()) <= 70
    words = set(text.replace("│", " ").split())
    assert {"China", "Media", "Group", "(CMG).", "interview"} <= words


def test_empty_and_unscored(rows: list[dict[str, Any]]) -> None:
    assert _show([])[0].strip() == "No segments."
    unscored = [dict(rows[0], chrf=None)]
    assert "No scored segments" in _show(unscored, worst=3)[0]


def test_rows_from_a_hand_written_file(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"source": "Hello", "target": "你好"}) + "\n", encoding="utf-8")
    text, _ = _show(load_jsonl(path))
    assert "Hello" in text and "你好" in text


def test_show_uses_the_runs_threshold(tmp_path: Path) -> None:
    from translate.cli.show import run_threshold

    assert run_threshold(tmp_path) == 40.0
    (tmp_path / "run.json").write_text('{"review": {"flag_below": 55}}', encoding="utf-8")
    assert run_threshold(tmp_path) == 55.0
    (tmp_path / "run.json").write_text("not json", encoding="utf-8")
    assert run_threshold(tmp_path) == 40.0
