"""Terminal-safe text: nothing from user data reaches a terminal as a control sequence."""

from __future__ import annotations

import json
import logging

import pytest
import regex
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.cli.util import guard, safe, safe_json, safe_lines

UNSAFE = regex.compile(r"[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("title \x1b]0;pwned\x07 here", "title \\x1b]0;pwned\\x07 here"),
        ("clear \x1b[2J screen", "clear \\x1b[2J screen"),
        ("C1 CSI \x9b2J", "C1 CSI \\x9b2J"),
        ("one\nline\r\n\ttab", "one\\x0aline\\x0d\\x0a\\x09tab"),
        ("file\u202etxt.exe", "file\\u202etxt.exe"),
        ("forged\u2028line", "forged\\u2028line"),
        ("东盟 café 👩‍💻 ﻿", "东盟 café 👩‍💻 ﻿"),  # ordinary text, ZWJ emoji, BOM: unchanged
    ],
)
def test_safe_neutralises_control_and_bidi_characters(text: str, shown: str) -> None:
    assert safe(text) == shown


def test_safe_lines_keeps_newlines_and_tabs_only() -> None:
    assert safe_lines("a\tb\nc\x1b[31md\re") == "a\tb\nc\\x1b[31md\\x0de"


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_safe_json_is_the_same_json_with_nothing_unsafe(value: object) -> None:
    for indent in (None, 2):
        text = safe_json(value, indent=indent)
        assert json.loads(text) == value
        assert not UNSAFE.search(text.replace("\n", ""))  # newlines only as layout


def test_library_warnings_are_shown_once_as_safe_warning_lines() -> None:
    app = typer.Typer()

    @app.command()
    def main() -> None:
        with guard(), guard():  # nested: still one line per warning
            logging.getLogger("translate.reader").warning("bad\x1b[2J.txt: check it")

    result = CliRunner().invoke(app, [])
    assert result.exit_code == 0
    assert result.stderr == "Warning: bad\\x1b[2J.txt: check it\n"
    assert not logging.getLogger("translate").handlers  # removed afterwards
