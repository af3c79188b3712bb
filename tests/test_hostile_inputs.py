"""Hostile and everyday-broken article files (tests/data/hostile/articles, made by
make_articles.py; FIFOs, devices, huge files and hostile names made here): each gives the right
text, or one `Error:` line naming the file, what is wrong and how to fix it, the rest of the
batch done; and nothing from a file reaches the terminal as an escape sequence."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.errors import InputError
from translate.reader import MAX_ARTICLE_BYTES, read_article

ARTICLES = Path(__file__).resolve().parent / "data" / "hostile" / "articles"
EN = "Minister says “growth” will return\nThe minister said in the café that growth would return.\n"
ZH = "东盟秘书长高金洪表示，数字经济将重塑东盟与中国关系的未来。\n双方应加强合作。\n"
ZH_HANT = "東盟秘書長高金洪表示，數字經濟將重塑東盟與中國關係的未來。\n雙方應加強合作。\n"
REPLACED = (
    "read as UTF-8 with U+FFFD (\ufffd) in their place: check the text there and re-save the "
)
runner = CliRunner()


def path_of(name: str) -> str:
    return str(ARTICLES / name)


@pytest.mark.parametrize(
    ("name", "encoding", "text", "warning"),
    [
        (
            "utf8-stray-byte.txt",
            "utf-8",
            EN.replace("would", "wo\ufffduld"),
            "1 byte that is not valid UTF-8, at line 2, byte offset 84 (0xff); ",
        ),
        (
            "utf8-truncated.txt",
            "utf-8",
            ZH[:-3] + "\ufffd",
            "2 bytes that are not valid UTF-8, at line 2, byte offset 106 (0xe4 0xbd); ",
        ),
        ("cp1252.txt", "cp1252", EN, ""),
        ("gb18030.txt", "gb18030", ZH, ""),
        ("big5.txt", "big5", ZH_HANT, ""),
        ("utf8-bom.txt", "utf-8-sig", EN, ""),
        ("doubled-bom.txt", "utf-8-sig", EN, ""),
        ("utf16le-bom.txt", "utf-16-le", ZH, ""),
        ("utf16be-bom.txt", "utf-16-be", EN, ""),
    ],
)
def test_encodings_decode_right_and_repairs_are_reported(
    name: str, encoding: str, text: str, warning: str
) -> None:
    warnings: list[str] = []
    article = read_article(path_of(name), warn=warnings.append)
    assert (article.text, article.encoding) == (text, encoding)
    if warning:
        assert warnings == [f"{path_of(name)}: {warning}{REPLACED}file as UTF-8"]
    else:
        assert warnings == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("utf16-no-bom.txt", "looks like UTF-16 without a byte-order mark; re-save it as UTF-8"),
        ("bom-then-invalid.txt", "starts with a UTF-8 byte-order mark but is not valid UTF-8"),
        ("nul-bytes.txt", "looks binary (contains NUL bytes), not text; re-save it as UTF-8"),
        ("control-chars.txt", "looks binary (8 control characters), not text; re-save it"),
        ("pdf-renamed.txt", "is a PDF document, not plain text; save the article as .txt"),
        ("whitespace-only.txt", "has no text, only whitespace; add the text or leave it out"),
        ("empty.txt", "file is empty; add the article text or leave it out"),
    ],
)
def test_unreadable_files_are_one_line_naming_the_file(name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_article(path_of(name))
    assert str(err.value).startswith(f"{path_of(name)}: {message}")
    assert "\n" not in str(err.value)


def test_stray_byte_warning_reaches_the_terminal_as_a_warning_line() -> None:
    result = runner.invoke(app, ["detect", path_of("utf8-stray-byte.txt")])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Warning: {path_of('utf8-stray-byte.txt')}: 1 byte that is not valid UTF-8, at line 2, "
        f"byte offset 84 (0xff); {REPLACED}file as UTF-8"
    ]
    assert result.stdout.startswith(f"{path_of('utf8-stray-byte.txt')}\ten\t")


# ---------------------------------------------------------------- special and huge files


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder of articles: one good, a named pipe, a device, a huge file, a broken one."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(EN, encoding="utf-8")
    os.mkfifo(folder / "b-pipe.txt")  # no writer: reading it would wait forever
    (folder / "c-zero.txt").symlink_to("/dev/zero")
    with open(folder / "d-huge.txt", "wb") as f:  # sparse: 17 MiB on paper, nothing on disk
        f.truncate(MAX_ARTICLE_BYTES + (1 << 20))
    (folder / "e-utf16.txt").write_bytes(EN.encode("utf-16-le"))
    return folder


def test_pipes_devices_and_huge_files_fail_alone_and_the_batch_goes_on(batch: Path) -> None:
    result = runner.invoke(app, ["detect", str(batch)])
    assert result.exit_code == 3, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{batch / 'a-good.txt'}\ten\t")
    fix = "pass article files (to read a pipe, use - and redirect it to stdin)"
    assert result.stderr.splitlines() == [
        f"Error: {batch / 'b-pipe.txt'}: is a named pipe (FIFO), not a regular file; {fix}",
        f"Error: {batch / 'c-zero.txt'}: is a device, not a regular file; {fix}",
        f"Error: {batch / 'd-huge.txt'}: is 17 MiB, larger than 16 MiB, the most an article may "
        "be; split it into articles, one file each",
        f"Error: {batch / 'e-utf16.txt'}: looks like UTF-16 without a byte-order mark; re-save "
        "it as UTF-8 in your editor",
    ]


def test_a_device_named_directly_is_refused_not_read() -> None:
    with pytest.raises(InputError, match=r"^/dev/zero: is a device, not a regular file; "):
        read_article("/dev/zero")


def test_standard_input_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 1001)))
    with pytest.raises(InputError) as err:
        read_article("-", max_bytes=1000)
    assert str(err.value) == (
        "-: is larger than 1000 bytes, the most an article may be; split it into articles, one "
        "file each"
    )


# ---------------------------------------------------------------- terminals


def test_detect_neutralises_escape_sequences_from_article_text() -> None:
    path = path_of("escape-sequences.txt")
    result = runner.invoke(app, ["detect", "--paragraphs", path])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("  0\ten\t")
    assert lines[1].endswith("\tHeadline \\x1b]0;pwned\\x07 here")
    assert lines[2].startswith("  1\ten\t")
    assert lines[2].endswith("\t\\x1b[2JBody text that clears the screen. The minister")


def test_detect_json_is_valid_and_escapes_every_control_character() -> None:
    result = runner.invoke(app, ["detect", "--json", path_of("escape-sequences.txt")])
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    row = json.loads(result.stdout)
    assert row["paragraphs"][0]["note"] == "short text"  # the text itself is not in the JSON
    assert row["path"] == path_of("escape-sequences.txt")


def test_hostile_file_names_are_neutralised_in_output_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "good\x1b]0;pwned\x07.txt"
    good.write_text(EN, encoding="utf-8")
    bad = tmp_path / "bad\x1b[2J\u202e.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["detect", str(good), str(bad)])
    assert result.exit_code == 3
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert result.stdout.startswith(f"{tmp_path}/good\\x1b]0;pwned\\x07.txt\ten\t")
    assert result.stderr.strip() == (
        f"Error: {tmp_path}/bad\\x1b[2J\\u202e.txt: file is empty; add the article text or "
        "leave it out"
    )


# ---------------------------------------------------------------- languages and scripts


def rows(stdout: str) -> list[tuple[str, str]]:
    """(tag, note or text) of each line of `translate detect --paragraphs`, confidence left out."""
    out = []
    for line in stdout.splitlines():
        cells = line.strip().split("\t")
        out.append((cells[1], cells[3] if len(cells) > 3 else ""))
    return out


def test_mixed_script_article_tags_each_paragraph_and_says_so() -> None:
    result = runner.invoke(app, ["detect", "--paragraphs", path_of("mixed-script.txt")])
    assert result.exit_code == 0
    assert rows(result.stdout) == [
        ("zh-Hans", "mixed script: also zh-Hant (42%)"),
        ("zh-Hans", "东盟秘书长高金洪表示，数字经济将重塑东盟与中国关系的未来。"),
        ("zh-Hant", "東盟秘書長高金洪表示，數字經濟將重塑東盟與中國關係的未來。"),
        ("en", "By John Tan, Singapore correspondent"),
    ]


def test_english_article_with_a_malay_quotation_keeps_both_languages() -> None:
    result = runner.invoke(app, ["detect", "--paragraphs", path_of("en-with-malay-quote.txt")])
    assert result.exit_code == 0
    assert [tag for tag, _ in rows(result.stdout)] == ["en", "en", "ms", "en"]
    assert rows(result.stdout)[0] == ("en", "mixed: also ms (48%)")
