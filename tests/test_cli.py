"""The command line through typer's CliRunner: documentation, usage errors, detect, show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate import __version__
from translate.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()


def command_paths() -> list[list[str]]:
    """Every command and sub-command, discovered from the app itself."""
    paths = [[c.name or c.callback.__name__] for c in app.registered_commands]  # type: ignore[union-attr]
    for group in app.registered_groups:
        for c in group.typer_instance.registered_commands:
            paths.append([group.name, c.name or c.callback.__name__])  # type: ignore[list-item,union-attr]
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_is_documented(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    usage, _, rest = result.stdout.partition("\n\n")
    assert rest.strip(), f"{path} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"translate {' '.join(path)}" in readme or (
        len(path) == 2 and f"{path[1]} " in readme.split(f"translate {path[0]} ")[1][:400]
    ), f"README does not mention `translate {' '.join(path)}`"


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_help_shows_plain_metavars(path: list[str]) -> None:
    """`--beam N`, `-o DIR`, `PATH`: no Python type labels such as `<int range>`."""
    text = runner.invoke(app, [*path, "--help"], terminal_width=200).stdout
    label = re.compile(r"<(int|float|str|path|list|bool|file|text|choice|tuple|datetime)\b")
    assert not [line for line in text.splitlines() if label.search(line)]


def test_run_help_names_its_values() -> None:
    text = runner.invoke(app, ["run", "--help"], terminal_width=200).stdout
    for usage in ("-o, --output DIR", "--beam N", "--glossary FILE", "--executor local|ray"):
        assert usage in text
    assert " run [OPTIONS] {PATH}...\n" in text


def test_top_help_documents_exit_codes() -> None:
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    assert "Exit codes: 0 success; 1 error" in text
    assert "3 some inputs failed and the rest were done" in text


def test_unknown_variant_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path), "--variant", "zh-XX"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: unknown Chinese variant 'zh-XX'; choose one of zh-Hans, zh-SG, zh-Hant, "
        "zh-TW, zh-HK"
    )


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 2
    assert (
        "Error: unknown output format pdf; choose from tsv, jsonl, md, html, tmx, xliff"
        in result.stderr
    )


def test_only_missing_inputs_is_an_error_not_partial(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'nope.txt'}: no such file or folder")


def test_detect_table_and_json(tmp_path: Path) -> None:
    zh = tmp_path / "zh.txt"
    zh.write_text(
        "东盟秘书长高金洪表示，双方合作成果丰硕。\n\n習近平會見高金洪。\n", encoding="utf-8"
    )
    table = runner.invoke(app, ["detect", str(SEEDS), str(zh)])
    assert table.exit_code == 0
    langs = [line.split("\t")[1] for line in table.stdout.splitlines()]
    assert langs == ["en", "en", "zh-Hans"]
    js = runner.invoke(app, ["detect", str(zh), "--json"])
    row = json.loads(js.stdout)
    assert [p["tag"] for p in row["paragraphs"]] == ["zh-Hans", "zh-Hant"]


def test_detect_reads_stdin() -> None:
    result = runner.invoke(app, ["detect", "-"], input="ASEAN and China share a commitment.\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("-\ten\t")


def test_show_worst_lists_lowest_scores(sample_models: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "o"
    run = runner.invoke(app, ["run", str(SEEDS), "-o", str(out), "--format", "jsonl", "-q"])
    assert run.exit_code == 0, run.output
    jsonl = sorted(out.glob("*.jsonl"))[0]
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    lowest = min((r for r in rows if r["chrf"] is not None), key=lambda r: r["chrf"])
    shown = runner.invoke(app, ["show", str(jsonl), "--worst", "1"])
    assert shown.exit_code == 0
    assert (
        lowest["source"][:20]
        in shown.stdout.replace("\n", " ").replace("│", " ").replace("  ", " ")
        or f"{lowest['chrf']:.1f}" in shown.stdout
    )


def test_show_missing_file_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "x.jsonl" in result.stderr
    assert "Traceback" not in result.output


def test_version_and_short_help() -> None:
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == __version__
    short = runner.invoke(app, ["-h"])
    assert short.exit_code == 0 and "Exit codes" in short.stdout
    assert runner.invoke(app, ["run", "-h"]).exit_code == 0
