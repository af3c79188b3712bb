"""write_run, the format registry, and atomic writes."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.writers_sample import sample_run
from translate.errors import OutputError, UsageError
from translate.writers import (
    FORMATS,
    atomic,
    get_writer,
    get_writers,
    resolve_formats,
    write_run,
)


def test_formats_are_the_documented_ones() -> None:
    assert FORMATS == ("tsv", "jsonl", "md", "html", "tmx", "xliff", "xliff12", "txt")


def test_all_means_every_format_and_order_is_fixed() -> None:
    assert resolve_formats(["all"]) == FORMATS
    assert resolve_formats(["xliff", "md", "md"]) == ("md", "xliff")


def test_unknown_format_names_the_valid_ones() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_formats(["md", "docx", "pdf"])
    assert str(caught.value) == (
        "unknown output format docx, pdf; choose from tsv, jsonl, md, html, tmx, xliff, "
        "xliff12, txt or all"
    )
    with pytest.raises(UsageError):
        get_writer("docx")


def test_writers_are_imported_lazily() -> None:
    import subprocess

    code = (
        "import sys, translate.writers as w; "
        "assert 'translate.writers.html' not in sys.modules; "
        "assert 'lxml' not in sys.modules; "
        "w.get_writer('tsv'); assert 'translate.writers.xliff' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


def test_write_run_writes_each_article_in_each_format(tmp_path: Path) -> None:
    written = write_run(sample_run(), tmp_path / "out", ["all"])
    names = [p.name for p in written]
    exts = ("tsv", "jsonl", "md", "html", "tmx", "review.tmx", "xlf", "xliff12.xlf")
    expected = [
        f"{a}.{e}"
        for a, lang in (("asean-china", "zh-Hans"), ("nasty", "zh-TW"))
        for e in (*exts, f"{lang}.txt")
    ]
    assert names == [*expected, "index.html", "run.json"]
    assert all(p.parent == tmp_path / "out" and p.is_file() for p in written)
    assert sorted(os.listdir(tmp_path / "out")) == sorted(names)  # no temporary files left


def test_run_json_always_and_index_only_with_html(tmp_path: Path) -> None:
    written = write_run(sample_run(), tmp_path, ["tsv"])
    assert [p.name for p in written] == ["asean-china.tsv", "nasty.tsv", "run.json"]
    summary = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert summary["articles"][0]["outputs"] == ["asean-china.tsv"]


def test_a_format_may_have_several_writers_and_name_the_target_language(
    tmp_path: Path,
) -> None:
    written = write_run(sample_run(), tmp_path, ["txt", "tmx"])
    assert [p.name for p in written] == [
        "asean-china.tmx",
        "asean-china.review.tmx",
        "asean-china.zh-Hans.txt",
        "nasty.tmx",
        "nasty.review.tmx",
        "nasty.zh-TW.txt",
        "run.json",
    ]
    assert [w.extension for w in get_writers("tmx")] == ["tmx", "review.tmx"]
    assert get_writer("tmx") is get_writers("tmx")[0]


def test_two_outputs_with_one_name_are_refused_before_writing(tmp_path: Path) -> None:
    run = sample_run()
    # an input named asean-china.review.txt next to asean-china.txt
    article = replace(run.articles[1].article, id="asean-china.review")
    clash = replace(run.articles[1], article=article)
    with pytest.raises(OutputError) as caught:
        write_run(replace(run, articles=(run.articles[0], clash)), tmp_path, ["tmx"])
    assert str(caught.value) == (
        "seeds/nasty.txt: asean-china.review.tmx would overwrite the output of "
        "seeds/asean-china.txt; rename the input file"
    )
    assert not list(tmp_path.iterdir())


def test_article_id_that_is_not_a_file_name_is_refused(tmp_path: Path) -> None:
    run = sample_run()
    bad = replace(run.articles[0], article=replace(run.articles[0].article, id="../x"))
    with pytest.raises(OutputError, match=r"article id '\.\./x' cannot be a file name"):
        write_run(replace(run, articles=(bad,)), tmp_path, ["md"])
    assert not list(tmp_path.iterdir())


def test_article_named_index_would_overwrite_the_index(tmp_path: Path) -> None:
    run = sample_run()
    clash = replace(run.articles[0], article=replace(run.articles[0].article, id="index"))
    with pytest.raises(OutputError) as caught:
        write_run(replace(run, articles=(clash,)), tmp_path, ["html"])
    assert str(caught.value) == (
        "seeds/asean-china.txt: index.html would overwrite the index page; rename the input file"
    )
    assert not list(tmp_path.iterdir())  # checked before anything is written
    write_run(replace(run, articles=(clash,)), tmp_path, ["md"])  # no index page, no clash


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    atomic.write_text(target, "new 中文\n")
    assert target.read_text(encoding="utf-8") == "new 中文\n"
    assert os.listdir(tmp_path) == ["a.md"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OutputError) as caught:
        atomic.write_text(target, "new")
    assert str(caught.value) == (
        f"{target}: cannot write (No space left on device); "
        "check that the folder is writable and the disk has space"
    )
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["a.md"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            atomic.write_text(tmp_path / "a.md", "x")
    finally:
        tmp_path.chmod(0o700)


def test_output_folder_that_is_a_file_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        write_run(sample_run(), blocker, ["md"])
