"""The translation memory: keys, human units, concurrency, TMX round trip, the `tm` commands."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from translate.cli import app
from translate.tm import MTKey, TMError, TranslationMemory, Unit
from translate.tm_tmx import TMXError, read_tmx, write_tmx

runner = CliRunner()


def key(text: str = "Hello ZXA.", **changes: str) -> MTKey:
    fields = {"route": "en-zh@1.9", "options": '{"beam_size": 4}', "strategy": "placeholder"}
    fields.update(changes)
    return MTKey(text=text, **fields)


def test_an_output_is_found_only_under_its_whole_key(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.put_mt([(key(), "你好ZXA。")])
        assert tm.get_mt([key()]) == {key().digest: "你好ZXA。"}
        for other in (
            key("Hello ZXA!"),
            key(route="en-zh@1.8"),
            key(options='{"beam_size": 1}'),
            key(strategy="inject"),
        ):
            assert other.digest != key().digest
            assert tm.get_mt([other]) == {}


def test_outputs_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationMemory(path) as tm:
        tm.put_mt([(key(f"s{i}"), f"t{i}") for i in range(1200)])  # more than one IN chunk
    with TranslationMemory(path) as tm:
        found = tm.get_mt([key(f"s{i}") for i in range(1200)])
        assert len(found) == 1200 and found[key("s7").digest] == "t7"


def test_human_units_match_on_normalised_source_and_target_language(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        generation = tm.human_generation()
        stored = tm.add_units(
            [
                Unit("en", "zh-TW", "ASEAN  met\nin Jakarta.", "東協在雅加達開會。"),
                Unit("en", "zh-Hans", "", "empty sources are skipped"),
            ]
        )
        assert stored == 1 and tm.human_generation() == generation + 1
        found = tm.find_human("en", "zh-Hans", ["ASEAN met in Jakarta.", "Other."])
        assert list(found) == ["ASEAN met in Jakarta."]
        assert found["ASEAN met in Jakarta."].target == "東協在雅加達開會。"
        assert tm.find_human("en", "en", ["ASEAN met in Jakarta."]) == {}
        assert tm.find_human("zh", "zh", ["ASEAN met in Jakarta."]) == {}
        tm.add_units([Unit("en", "zh-Hans", "ASEAN met in Jakarta.", "MT", origin="mt")])
        assert tm.find_human("en", "zh", ["ASEAN met in Jakarta."])["ASEAN met in Jakarta."].target
        assert tm.stats().human_units == 1 and tm.stats().mt_units == 1


def test_clear_removes_what_is_asked(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.put_mt([(key(), "x")])
        tm.add_units([Unit("en", "zh", "a", "甲"), Unit("en", "zh", "b", "乙", origin="mt")])
        tm.clear("mt")
        s = tm.stats()
        assert (s.mt_outputs, s.human_units, s.mt_units) == (0, 1, 0)
        tm.clear("all")
        assert tm.stats().human_units == 0


def test_a_file_that_is_not_a_memory_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "tm.sqlite"
    bad.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(TMError, match=r"tm\.sqlite: cannot open the translation memory .*--no-tm"):
        TranslationMemory(bad)


def _writer(path: str, start: int, count: int) -> None:
    with TranslationMemory(path) as tm:
        for i in range(start, start + count):
            tm.put_mt([(key(f"s{i}"), f"t{i}")])
            tm.add_units([Unit("en", "zh", f"s{i}", f"t{i}", origin="mt")])
            tm.get_mt([key(f"s{i - 1}")])


def test_two_processes_share_one_memory_at_the_same_time(tmp_path: Path) -> None:
    path = str(tmp_path / "tm.sqlite")
    TranslationMemory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, n * 300, 300)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with TranslationMemory(path) as tm:
        assert len(tm.get_mt([key(f"s{i}") for i in range(600)])) == 600
        assert tm.stats().mt_units == 600


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


@given(st.lists(st.tuples(text, text, st.sampled_from(["human", "mt"])), max_size=8))
def test_tmx_export_then_import_gives_the_same_units(
    rows: list[tuple[str, str, str]],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with TranslationMemory(folder / "a.sqlite") as a:
            a.add_units(Unit("en", "zh-Hans", s, t, origin=o) for s, t, o in rows)
            before = [(u.source, u.target, u.origin, u.target_lang) for u in a.units()]
            write_tmx(a.units(), folder / "x.tmx")
        with TranslationMemory(folder / "b.sqlite") as b:
            b.add_units(read_tmx(folder / "x.tmx"))
            after = [(u.source, u.target, u.origin, u.target_lang) for u in b.units()]
        assert after == before


def test_a_cat_tool_tmx_is_read_as_human_translations(tmp_path: Path) -> None:
    tmx = tmp_path / "omegat.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="EN-US" '
        'adminlang="en" segtype="sentence" o-tmf="OmegaT" creationtool="OmegaT" '
        'creationtoolversion="6" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="ZH-CN"><seg>东盟会议。</seg></tuv>'
        '<tuv xml:lang="EN-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>ASEAN<ept i="1">&lt;/b&gt;'
        "</ept> meeting.</seg></tuv></tu>"
        '<tu><tuv xml:lang="EN-US"><seg>Lonely.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    (unit,) = list(read_tmx(tmx))
    assert (unit.source_lang, unit.target_lang) == ("EN-US", "ZH-CN")
    assert (unit.source, unit.target, unit.origin) == ("The ASEAN meeting.", "东盟会议。", "human")


def test_a_broken_tmx_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(TMXError, match=r"bad\.tmx:\d+: not well-formed TMX"):
        list(read_tmx(bad))


def test_tm_commands(tmp_path: Path) -> None:
    tm = str(tmp_path / "tm.sqlite")
    tmx = tmp_path / "in.tmx"
    with TranslationMemory(tmp_path / "src.sqlite") as src:
        src.add_units([Unit("en", "zh-Hans", "Hello.", "你好。")])
        write_tmx(src.units(), tmx)
    result = runner.invoke(app, ["tm", "import", str(tmx), "--tm", tm])
    assert result.exit_code == 0 and "imported 1 units" in result.stderr
    result = runner.invoke(app, ["tm", "stats", "--tm", tm, "--json"])
    assert result.exit_code == 0 and '"human_units": 1' in result.stdout
    out = tmp_path / "out.tmx"
    result = runner.invoke(app, ["tm", "export", str(out), "--tm", tm])
    assert result.exit_code == 0 and "你好。" in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["tm", "import", str(tmp_path / "missing.tmx"), "--tm", tm])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "missing.tmx: no such file" in result.stderr
    result = runner.invoke(app, ["tm", "clear", "--tm", tm, "--yes"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["tm", "stats", "--tm", tm])
    assert "human translations\t0" in result.stdout
