"""`translate import`: an editor's XLIFF / TMX back into the translation memory, through the CLI,
and end to end: run, edit as a CAT tool would, import, run again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.writers_sample import sample_run
from translate.cli import app
from translate.tm import TranslationMemory, Unit
from translate.writers import write_run
from translate.writers.xliff import NS as NS2
from translate.writers.xliff12 import NS as NS12

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
FIXED = "《区域全面经济伙伴关系协定》（RCEP）于2022年生效，高金洪说。"


def _human(tm: Path) -> dict[str, str]:
    with TranslationMemory(tm) as memory:
        return {u.source: u.target for u in memory.units("human")}


def _edit_xliff12(path: Path, edits: dict[str, tuple[str | None, str | None]]) -> None:
    """Change targets and states as OmegaT, Trados or memoQ would: unit id -> (text, state)."""
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{{{NS12}}}trans-unit"):
        if unit.get("id") in edits:
            text, state = edits[unit.get("id", "")]
            target = unit.find(f"{{{NS12}}}target")
            assert target is not None
            if text is not None:
                target.text = text
            if state is not None:
                target.set("state", state)
    tree.write(str(path), encoding="utf-8", xml_declaration=True)


@pytest.fixture
def delivered(tmp_path: Path) -> Path:
    out = tmp_path / "aligned"
    write_run(sample_run(), out, ["xliff", "xliff12", "tmx"])
    return out


def test_edited_and_confirmed_units_are_stored_as_human(delivered: Path, tmp_path: Path) -> None:
    xlf, tm = delivered / "asean-china.xliff12.xlf", tmp_path / "tm.sqlite"
    # u4 was flagged (RCEP lost): the editor fixes it and, as in OmegaT, leaves the state;
    # u2 is signed off unchanged; u5 is left as delivered; u6 is locked (carried over).
    _edit_xliff12(xlf, {"u4": (FIXED, None), "u2": (None, "signed-off")})
    result = runner.invoke(app, ["import", str(xlf), "--tm", str(tm)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{xlf}\tXLIFF 1.2\ten -> zh-Hans\t6 segments: 1 edited, 1 confirmed, 3 unchanged, 1 locked"
    )
    assert lines[1].startswith("  u2\tconfirmed\t东盟秘书长高金洪")
    assert lines[2] == (
        f"  u4\tedited\t该协定于2022年生效，高金洪说。 => {FIXED}\tterms now right: RCEP"
    )
    assert len(lines) == 3
    assert result.stderr.strip() == f"stored 2 human translation(s) in {tm}"
    article = sample_run().articles[0]
    assert _human(tm) == {
        article.segments[3].segment.text: FIXED,
        article.segments[1].segment.text: article.segments[1].target,
    }
    with TranslationMemory(tm) as memory:
        (unit,) = [u for u in memory.units("human") if u.target == FIXED]
    assert (unit.source_lang, unit.target_lang) == ("en", "zh-Hans")
    assert unit.note == "asean-china.xliff12.xlf u4"


def test_a_flagged_unit_confirmed_unchanged_counts_and_an_edit_that_loses_a_term_is_reported(
    delivered: Path, tmp_path: Path
) -> None:
    xlf, tm = delivered / "asean-china.xlf", tmp_path / "tm.sqlite"
    tree = etree.parse(str(xlf))
    segments = {s.get("id"): s for s in tree.iter(f"{{{NS2}}}segment")}
    segments["s4"].set("state", "translated")  # delivered "initial" (flagged), now confirmed
    target = segments["s5"].find(f"{{{NS2}}}target")
    assert target is not None
    target.text = "投资很重要。"  # 东盟 (ASEAN) dropped
    tree.write(str(xlf), encoding="utf-8", xml_declaration=True)
    result = runner.invoke(app, ["import", str(xlf), "--tm", str(tm), "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["kind"] == "XLIFF 2"
    by_id = {s["id"]: s for s in row["segments"]}
    assert (by_id["s4"]["status"], by_id["s4"]["human"]) == ("confirmed", True)
    assert by_id["s5"]["status"] == "edited" and by_id["s5"]["terms_lost"] == ["ASEAN"]
    assert by_id["s6"]["status"] == "locked" and not by_id["s6"]["human"]
    assert len(_human(tm)) == 2


def test_a_foreign_xliff_counts_done_states(tmp_path: Path) -> None:
    xlf, tm = tmp_path / "trados.xlf", tmp_path / "tm.sqlite"
    xlf.write_text(
        f"""<?xml version="1.0"?><xliff version="1.2" xmlns="{NS12}">
        <file original="a.docx" source-language="en-US" target-language="zh-CN" datatype="x">
        <body><group>
        <trans-unit id="1"><source>Good morning.</source>
        <target state="translated">早上好。</target></trans-unit>
        <trans-unit id="2"><source>Bye.</source><target state="needs-translation"/></trans-unit>
        <trans-unit id="3" approved="yes"><source>Hi.</source><target>嗨。</target></trans-unit>
        <trans-unit id="4"><source>Later.</source><target state="new">回头见。</target>
        </trans-unit></group></body></file></xliff>""",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(xlf), "--tm", str(tm)])
    assert result.exit_code == 0, result.output
    assert "4 segments: 2 confirmed, 1 unconfirmed" in result.stdout.splitlines()[0]
    assert _human(tm) == {"Good morning.": "早上好。", "Hi.": "嗨。"}
    with TranslationMemory(tm) as memory:
        assert {u.target_lang for u in memory.units("human")} == {"zh-Hans"}  # from zh-CN


def test_a_cat_tools_tmx_is_human_and_is_compared_with_the_memory(tmp_path: Path) -> None:
    tm, tmx = tmp_path / "tm.sqlite", tmp_path / "project_save.tmx"
    with TranslationMemory(tm) as memory:  # what an earlier run translated
        memory.add_units(
            [
                Unit("en", "zh-Hans", "Good  morning.", "早安。", "mt", "a.txt"),
                Unit("en", "zh-Hans", "Thanks.", "谢谢。", "mt", "a.txt"),
            ]
        )
    tmx.write_text(
        """<?xml version="1.0"?><tmx version="1.4"><header creationtool="OmegaT"
        creationtoolversion="3.6" segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US"
        srclang="EN" datatype="plaintext"/><body>
        <tu><tuv lang="EN"><seg>Good morning.</seg></tuv><tuv lang="ZH-CN"><seg>早上好。</seg>
        </tuv></tu>
        <tu><tuv lang="EN"><seg>Bye.</seg></tuv><tuv lang="ZH-CN"><seg>再见。</seg></tuv></tu>
        <tu><tuv lang="EN"><seg>Thanks.</seg></tuv><tuv lang="ZH-CN"><seg>谢谢。</seg></tuv></tu>
        </body></tmx>""",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(tmx), "--tm", str(tm)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Thanks. is the machine translation, as OmegaT keeps what tm/auto/ inserted
    assert lines[0].endswith("3 segments: 1 edited, 1 confirmed, 1 unchanged")
    assert "早安。 => 早上好。" in lines[1]
    assert _human(tm) == {"Good morning.": "早上好。", "Bye.": "再见。"}


def test_our_own_article_memory_is_machine_translation(delivered: Path, tmp_path: Path) -> None:
    tm = tmp_path / "tm.sqlite"
    result = runner.invoke(app, ["import", str(delivered / "asean-china.tmx"), "--tm", str(tm)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("4 segments: 4 machine")
    assert _human(tm) == {}


def test_dry_run_stores_nothing(delivered: Path, tmp_path: Path) -> None:
    xlf, tm = delivered / "asean-china.xliff12.xlf", tmp_path / "tm.sqlite"
    _edit_xliff12(xlf, {"u4": (FIXED, None)})
    result = runner.invoke(app, ["import", str(xlf), "--tm", str(tm), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"would store 1 human translation(s) in {tm}"
    assert _human(tm) == {}


def test_unreadable_files_are_reported_and_the_rest_imported(
    delivered: Path, tmp_path: Path
) -> None:
    tm, html = tmp_path / "tm.sqlite", tmp_path / "page.xml"
    html.write_text("<html/>", encoding="utf-8")
    good = delivered / "asean-china.xliff12.xlf"
    _edit_xliff12(good, {"u4": (FIXED, None)})
    result = runner.invoke(
        app, ["import", str(tmp_path / "none.xlf"), str(html), str(good), "--tm", str(tm)]
    )
    assert result.exit_code == 3
    assert f"Error: {tmp_path / 'none.xlf'}: no such file; check the path" in result.stderr
    assert (
        f"Error: {html}: <html> is neither XLIFF nor TMX; pass the XLIFF or TMX file the CAT "
        "tool saved" in result.stderr
    )
    assert len(_human(tm)) == 1
    alone = runner.invoke(app, ["import", str(html), "--tm", str(tm)])
    assert alone.exit_code == 1 and "Error: no file could be read" in alone.stderr


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    xlf, tm = tmp_path / "x.xlf", tmp_path / "tm.sqlite"
    xlf.write_text(
        f"""<xliff version="1.2" xmlns="{NS12}"><file original="a" source-language="en"
        datatype="plaintext" target-language="zh-Hans"><body><trans-unit id="1">
        <source>Hi</source><target state="final">嗨&#x85;<ph id="1" ctype="x-ctrl"
        >U+001B</ph>[2J</target></trans-unit></body></file></xliff>""",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(xlf), "--tm", str(tm)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x85" not in result.stdout
    assert "嗨\\x85\\x1b[2J" in result.stdout


@pytest.mark.slow
def test_the_next_run_uses_the_editors_translation(
    sample_models: list[Path], tmp_path: Path
) -> None:
    article = tmp_path / "asean.txt"
    article.write_text(
        (ROOT / "seeds" / "asean-sg-five-strategic-areas-2025-06-20.txt").read_text("utf-8"),
        encoding="utf-8",
    )
    tm, out = tmp_path / "tm.sqlite", tmp_path / "out"
    glossary = ["--glossary", str(ROOT / "glossaries" / "newsroom.tsv")]
    args = ["run", str(article), "-o", str(out), "--tm", str(tm), *glossary, "-q"]
    first = runner.invoke(app, [*args, "--format", "xliff12,jsonl"])
    assert first.exit_code == 0, first.output
    xlf = out / "asean.xliff12.xlf"
    edited = "东盟秘书长高金洪：五大战略领域将重塑东盟与中国关系的未来（编辑译文）"
    _edit_xliff12(xlf, {"u1": (edited, "translated")})
    imported = runner.invoke(app, ["import", str(xlf), "--tm", str(tm)])
    assert imported.exit_code == 0, imported.output
    assert re.search(r"\bu1\tedited\t", imported.stdout)
    again = runner.invoke(app, [*args, "--format", "jsonl", "-o", str(tmp_path / "again")])
    assert again.exit_code == 0, again.output
    rows = [
        json.loads(line)
        for line in (tmp_path / "again" / "asean.jsonl").read_text("utf-8").splitlines()
    ]
    title = next(r for r in rows if r["segment"] == 0)  # u1
    assert (title["target"], title["origin"]) == (edited, "human")
    assert all(r["origin"] != "human" for r in rows if r["segment"] != 0)
