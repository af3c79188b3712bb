"""`translate align` through typer's CliRunner: outputs, folders, errors, MT files, --into-tm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    line.split("\t")
    for line in (ROOT / "sample_models" / "corpus" / "seed_pairs.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
][4:14]
EN = "\n".join(e for e, _ in PAIRS) + "\n"
ZH = "\n".join(z for _, z in PAIRS) + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def texts(tmp_path: Path) -> tuple[Path, Path, Path]:
    src = _write(tmp_path / "en", "story.txt", EN)
    tgt = _write(tmp_path / "zh", "story.txt", ZH)
    mt = _write(tmp_path, "story.mt", ZH)
    return src, tgt, mt


def test_align_writes_beads_and_side_by_side_files(
    texts: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    src, tgt, mt = texts
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["align", str(src), str(tgt), "--mt", str(mt), "-o", str(out), "--split", "lines"]
    )
    assert result.exit_code == 0, result.stderr
    beads = (out / "story.beads").read_text(encoding="utf-8")
    assert beads == "".join(f"[{k}]:[{k}]\n" for k in range(len(PAIRS)))
    for name in ("story.tsv", "story.jsonl", "story.md", "story.html", "story.tmx", "story.xlf"):
        assert (out / name).is_file(), name
    header = (out / "story.tsv").read_text(encoding="utf-8").split("\n")[0]
    assert header.startswith("source\ttarget\t") and header.endswith("\tconfidence")
    record = json.loads((out / "story.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert record["target"] == PAIRS[0][1]
    assert record["chrf"] == 100.0
    assert 0.5 < record["confidence"] <= 1.0
    assert "signals: mt-chrf, length" in result.stderr
    assert str(out / "story.beads") in result.stdout


def test_format_beads_writes_only_the_beads(texts: tuple[Path, Path, Path], tmp_path: Path) -> None:
    src, tgt, mt = texts
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "align",
            str(src),
            str(tgt),
            "--mt",
            str(mt),
            "-o",
            str(out),
            "--split",
            "lines",
            "--format",
            "beads",
            "--no-glossary",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["story.beads"]
    assert result.stderr == ""


def test_without_model_or_mt_the_model_free_signals_are_named(
    texts: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No package installed, whatever other tests of the session installed.
    from argostranslate import settings

    monkeypatch.setattr(settings, "package_dirs", [tmp_path / "no-packages"])
    monkeypatch.setattr(settings, "package_data_dir", tmp_path / "no-packages")
    src, tgt, _ = texts
    result = runner.invoke(
        app,
        [
            "align",
            str(src),
            str(tgt),
            "-o",
            str(tmp_path / "o"),
            "--split",
            "lines",
            "--no-glossary",
            "--format",
            "beads",
            "--tm",
            str(tmp_path / "tm.sqlite"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "aligned without MT" in result.stderr
    assert "signals: length, numbers, latin-names, quotes-brackets" in result.stderr
    beads = (tmp_path / "o" / "story.beads").read_text(encoding="utf-8").splitlines()
    assert len(beads) == len(PAIRS)


def test_same_language_on_both_sides_is_one_clear_error(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.txt", EN)
    b = _write(tmp_path, "b.txt", EN)
    result = runner.invoke(app, ["align", str(a), str(b), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {a} and {b} are both en; give an article and its translation "
        "(one English, one Chinese)"
    )


def test_mt_file_with_the_wrong_line_count_is_one_clear_error(
    texts: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    src, tgt, _ = texts
    bad = _write(tmp_path, "short.mt", "只有一行。\n")
    result = runner.invoke(
        app,
        [
            "align",
            str(src),
            str(tgt),
            "--mt",
            str(bad),
            "--split",
            "lines",
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {bad}: 1 lines, but {src} has {len(PAIRS)} sentences (--split lines); "
        "give one line of MT per source sentence, in order"
    )


def test_missing_mt_file_is_one_clear_error(texts: tuple[Path, Path, Path], tmp_path: Path) -> None:
    src, tgt, _ = texts
    result = runner.invoke(
        app,
        ["align", str(src), str(tgt), "--mt", str(tmp_path / "none.mt"), "-o", str(tmp_path / "o")],
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {tmp_path / 'none.mt'}: no such MT file; check the --mt path"
    )


def test_unknown_format_is_a_usage_error(texts: tuple[Path, Path, Path], tmp_path: Path) -> None:
    src, tgt, _ = texts
    result = runner.invoke(app, ["align", str(src), str(tgt), "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown format pdf; choose from beads, tsv, jsonl")


def test_folder_pairs_by_name_and_reports_the_unpaired(tmp_path: Path) -> None:
    _write(tmp_path / "en", "one.txt", EN)
    _write(tmp_path / "en", "two.txt", EN)
    _write(tmp_path / "en", "lonely.txt", EN)
    _write(tmp_path / "zh", "one.txt", ZH)
    _write(tmp_path / "zh", "two.md", ZH)
    _write(tmp_path / "zh", "extra.txt", ZH)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "align",
            str(tmp_path / "en"),
            str(tmp_path / "zh"),
            "-o",
            str(out),
            "--split",
            "lines",
            "--format",
            "beads,jsonl",
            "--no-glossary",
            "--tm",
            str(tmp_path / "tm.sqlite"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "one.beads",
        "one.jsonl",
        "run.json",
        "two.beads",
        "two.jsonl",
    ]
    assert f"Warning: unpaired: {tmp_path / 'en' / 'lonely.txt'}: no file of that name in " in (
        result.stderr
    )
    assert f"unpaired: {tmp_path / 'zh' / 'extra.txt'}: no file of that name in" in result.stderr


def test_folders_without_common_names_are_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "en", "one.txt", EN)
    _write(tmp_path / "zh", "two.txt", ZH)
    result = runner.invoke(app, ["align", str(tmp_path / "en"), str(tmp_path / "zh")])
    assert result.exit_code == 1
    assert "no file names in common" in result.stderr


def test_a_file_and_a_folder_do_not_pair(texts: tuple[Path, Path, Path], tmp_path: Path) -> None:
    src, _, _ = texts
    result = runner.invoke(app, ["align", str(src), str(tmp_path / "zh")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {src} and {tmp_path / 'zh'}: give two files or two folders, not one of each"
    )


def test_into_tm_stores_confident_one_to_one_pairs(
    texts: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from translate.tm import TranslationMemory

    src, tgt, mt = texts
    memory = tmp_path / "memory.sqlite"
    result = runner.invoke(
        app,
        [
            "align",
            str(src),
            str(tgt),
            "--mt",
            str(mt),
            "--split",
            "lines",
            "--into-tm",
            "--tm",
            str(memory),
            "--format",
            "beads",
            "-o",
            str(tmp_path / "o"),
            "--no-glossary",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert f"{len(PAIRS)} aligned pairs stored in the translation memory {memory}" in result.stderr
    with TranslationMemory(memory) as tm:
        found = tm.find_human("en", "zh-Hans", [PAIRS[1][0]])
    unit = found[PAIRS[1][0]]
    assert unit.target == PAIRS[1][1]
    assert unit.origin == "human"
    assert unit.note.startswith(f"aligned from {src} and {tgt}, confidence ")


@pytest.mark.slow
def test_engine_mt_from_the_sample_model(
    sample_models: list[Path], texts: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    src, tgt, _ = texts
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "align",
            str(src),
            str(tgt),
            "-o",
            str(out),
            "--split",
            "lines",
            "--format",
            "beads",
            "--no-glossary",
            "--tm",
            str(tmp_path / "tm.sqlite"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "SAMPLE model" in result.stderr
    assert "signals: mt-chrf" in result.stderr
    beads = (out / "story.beads").read_text(encoding="utf-8")
    assert beads == "".join(f"[{k}]:[{k}]\n" for k in range(len(PAIRS)))


def test_align_never_overwrites_the_index_page(tmp_path: Path) -> None:
    """An article named index would write index.html over the index page: refused before any
    file is written, with the file to rename."""
    src = _write(tmp_path / "en", "index.txt", EN)
    tgt = _write(tmp_path / "zh", "index.txt", ZH)
    out = tmp_path / "out"
    result = runner.invoke(app, ["align", str(src), str(tgt), "-o", str(out), "--format", "html"])
    assert result.exit_code == 1
    assert "index.html would overwrite the index page; rename the input file" in result.stderr
    assert not out.exists() or not any(out.iterdir())
