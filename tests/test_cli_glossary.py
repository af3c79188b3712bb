"""`translate glossary ...` through typer's CliRunner."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.glossary import load_glossaries

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = ROOT / "glossaries" / "newsroom.tsv"
DATA = ROOT / "tests" / "data" / "glossary"
runner = CliRunner()


def test_lint_clean_glossary_exits_0() -> None:
    result = runner.invoke(app, ["glossary", "lint", str(NEWSROOM)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == "0 error(s), 0 warning(s)"


def test_lint_malformed_rows_each_with_file_and_line() -> None:
    bad = DATA / "malformed.tsv"
    result = runner.invoke(app, ["glossary", "lint", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{bad}:4: error: row has 9 cells but the header has 10 columns; separate cells with "
        "exactly one tab and keep empty cells (an editor that strips trailing whitespace removes "
        "the tab before an empty last cell)"
    )
    assert f"{bad}:6: error: case is 'Exact-ish' (did you mean 'exact'?)" in result.stdout
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert result.stderr.strip() == f"{len(lines)} error(s), 0 warning(s)"


def test_lint_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "lint", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2
    assert "none.tsv: no such file" in result.stderr


def test_export_import_round_trip_through_the_cli(tmp_path: Path) -> None:
    for ext in ("tbx", "tmx", "csv"):
        exported = tmp_path / f"g.{ext}"
        back = tmp_path / f"g-{ext}.tsv"
        assert (
            runner.invoke(app, ["glossary", "export", str(exported), str(NEWSROOM)]).exit_code == 0
        )
        result = runner.invoke(app, ["glossary", "import", str(exported), str(back)])
        assert result.exit_code == 0, result.output
        original = load_glossaries([NEWSROOM]).terms
        if ext == "csv":  # a cloud MT glossary gets the terms to use, not deprecated ones
            original = tuple(t for t in original if t.status != "deprecated")
        again = load_glossaries([back]).terms
        assert [t.en for t in again] == [t.en for t in original]
        assert [t.zh_hans for t in again] == [t.zh_hans for t in original]
        if ext != "csv":  # the cloud CSV carries only the language columns
            assert [t.status for t in again] == [t.status for t in original]


def test_tbx_export_is_tbx_basic_martif_unless_v3_is_asked_for(tmp_path: Path) -> None:
    basic, v3 = tmp_path / "basic.tbx", tmp_path / "v3.tbx"
    assert runner.invoke(app, ["glossary", "export", str(basic), str(NEWSROOM)]).exit_code == 0
    args = ["glossary", "export", str(v3), str(NEWSROOM), "--tbx", "v3"]
    assert runner.invoke(app, args).exit_code == 0
    assert b"<martif " in basic.read_bytes() and b"urn:iso:std:iso:30042" not in basic.read_bytes()
    assert b'<tbx xmlns="urn:iso:std:iso:30042:ed-2"' in v3.read_bytes()
    for exported in (basic, v3):  # import reads both forms
        back = tmp_path / f"{exported.stem}.tsv"
        result = runner.invoke(app, ["glossary", "import", str(exported), str(back)])
        assert result.exit_code == 0, result.output
        again, original = load_glossaries([back]).terms, load_glossaries([NEWSROOM]).terms
        assert [replace(t, origin="") for t in again] == [replace(t, origin="") for t in original]
    wrong = runner.invoke(app, ["glossary", "export", str(v3), str(NEWSROOM), "--tbx", "v4"])
    assert wrong.exit_code == 2
    assert "Error: --tbx v4: choose basic or v3" in wrong.stderr


def test_review_reports_each_term_with_and_without_glossary(
    sample_models: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "review.jsonl"
    args = ["glossary", "review", str(ROOT / "seeds"), "--glossary", str(NEWSROOM)]
    result = runner.invoke(app, [*args, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kao = [r for r in rows if r["term"] == "kao-kim-hourn"]
    assert len(kao) >= 10 and {r["article"] for r in kao} == {
        "asean-china-partnership-and-nvidia-2025-03-22",
        "asean-sg-five-strategic-areas-2025-06-20",
    }
    assert all(r["ok"] == (r["target"] in r["with_glossary"]) for r in rows)
    md = runner.invoke(app, args)
    assert "## Kao Kim Hourn → 高金洪 (`kao-kim-hourn`, approved)" in md.stdout


def test_suggest_gives_pasteable_proposed_rows(sample_models: list[Path]) -> None:
    args = ["glossary", "suggest", str(ROOT / "seeds"), "--glossary", str(NEWSROOM)]
    result = runner.invoke(app, [*args, "--limit", "5"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("# ")]
    assert rows and len(rows) <= 5
    for row in rows:
        cells = row.split("\t")
        assert len(cells) == 15 and cells[12] == "proposed"
    known = {t.en for t in load_glossaries([NEWSROOM]).terms}
    assert not {row.split("\t")[1] for row in rows} & known
