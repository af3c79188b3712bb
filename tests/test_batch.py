"""Durable batch runs with the sample packages: resume, skip, signals, collisions, shared
folders, the translation memory in a run (origin), statistics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.outdir import RECORDS
from translate.tm import TranslationMemory, Unit

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = [
    line
    for line in (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and line.isascii() and len(line) > 40
]
EXTENSIONS = ("tsv", "jsonl", "md", "html", "tmx", "review.tmx", "xlf", "xliff12.xlf")
runner = CliRunner()

pytestmark = pytest.mark.slow


def make_articles(folder: Path, count: int, per_article: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        lines = [SENTENCES[(n * per_article + k) % len(SENTENCES)] for k in range(per_article)]
        path = folder / f"article-{n:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def run_cli(*args: str) -> Any:
    return runner.invoke(app, ["run", *args, "--no-glossary"])


def run_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def assert_complete(out: Path, ids: list[str]) -> None:
    for aid in ids:
        for ext in EXTENSIONS:
            assert (out / f"{aid}.{ext}").is_file(), f"{aid}.{ext} missing"
        assert (out / RECORDS / f"{aid}.json").is_file()
    assert not list(out.rglob("*.tmp")), "temporary files left"
    listed = {a["id"] for a in run_json(out)["articles"]}
    assert listed >= set(ids)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{aid}.html"' in index for aid in ids)


def test_unchanged_rerun_translates_nothing_and_a_changed_article_is_redone(
    sample_models: list[Path], tmp_path: Path
) -> None:
    make_articles(tmp_path / "in", 3)
    tm = str(tmp_path / "tm.sqlite")
    out = tmp_path / "out"
    first = run_cli(str(tmp_path / "in"), "-o", str(out), "--tm", tm, "--json")
    assert first.exit_code == 0, first.output
    stats = run_json(out)["stats"]
    assert stats["articles_done"] == 3 and stats["segments_translated"] > 0
    again = run_cli(str(tmp_path / "in"), "-o", str(out), "--tm", tm)
    assert again.exit_code == 0, again.output
    assert run_json(out)["stats"] == {
        "articles_done": 0,
        "articles_up_to_date": 3,
        "articles_failed": 0,
        "segments_translated": 0,
        "segments_from_tm": 0,
        "segments_flagged": 0,
    }
    assert "0 articles translated, 3 up to date" in again.stderr
    assert len(run_json(out)["articles"]) == 3
    changed = tmp_path / "in" / "article-001.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + SENTENCES[0] + "\n", "utf-8")
    (out / "article-002.md").unlink()  # a missing output is redone too
    third = run_cli(str(tmp_path / "in"), "-o", str(out), "--tm", tm)
    stats = run_json(out)["stats"]
    assert third.exit_code == 0
    assert (stats["articles_done"], stats["articles_up_to_date"]) == (2, 1)
    assert stats["segments_translated"] == 0  # every sentence was in the memory already
    assert stats["segments_from_tm"] == 9
    assert_complete(out, ["article-000", "article-001", "article-002"])


def test_origin_says_where_each_target_came_from(sample_models: list[Path], tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    article = tmp_path / "in" / "a.txt"
    article.write_text(f"{SENTENCES[3]}\n{SENTENCES[4]}\n", encoding="utf-8")
    tm = tmp_path / "tm.sqlite"
    out = tmp_path / "out"
    assert run_cli(str(article), "-o", str(out), "--tm", str(tm), "-q").exit_code == 0
    first = [json.loads(line) for line in (out / "a.jsonl").read_text("utf-8").splitlines()]
    assert [r["origin"] for r in first] == ["mt", "mt"]
    with TranslationMemory(tm) as memory:
        memory.add_units([Unit("en", "zh-TW", SENTENCES[4], "編輯的譯文。", note="editor")])
    # The article is unchanged, but a human translation arrived: it is redone, from memory.
    result = run_cli(str(article), "-o", str(out), "--tm", str(tm), "-q")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in (out / "a.jsonl").read_text("utf-8").splitlines()]
    assert [r["origin"] for r in rows] == ["tm-mt", "human"]
    assert rows[0]["target"] == first[0]["target"]
    assert rows[1]["target"] == "编辑的译文。"  # in the variant asked for (zh-Hans)
    assert run_json(out)["stats"]["segments_from_tm"] == 2
    no_tm = run_cli(str(article), "-o", str(tmp_path / "out2"), "--no-tm", "-q")
    assert no_tm.exit_code == 0
    rows = [json.loads(x) for x in (tmp_path / "out2/a.jsonl").read_text("utf-8").splitlines()]
    assert [r["origin"] for r in rows] == ["mt", "mt"]


def test_repeated_sentences_go_to_the_model_once(sample_models: list[Path], tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.txt").write_text(
            f"{SENTENCES[5]}\n{SENTENCES[5]}\n", encoding="utf-8"
        )
    tm = tmp_path / "tm.sqlite"
    out = tmp_path / "out"
    result = run_cli(str(tmp_path / "in"), "-o", str(out), "--tm", str(tm), "--group-segments", "2")
    assert result.exit_code == 0, result.output
    with TranslationMemory(tm) as memory:
        # one forward and one back output (no glossary: one model input each way)
        assert memory.stats().mt_outputs == 2


def test_output_names_never_collide(sample_models: list[Path], tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(SENTENCES[1] + "\n", encoding="utf-8")
    (tmp_path / "one" / "index.txt").write_text(SENTENCES[2] + "\n", encoding="utf-8")
    (tmp_path / "one" / "run.txt").write_text(SENTENCES[2] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(str(tmp_path / "one"), str(tmp_path / "two"), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    ids = sorted(a["id"] for a in run_json(out)["articles"])
    assert ids == ["index-2", "run", "story", "story-2"]
    assert "Translation review" in (out / "index.html").read_text(encoding="utf-8")
    # a later run over the second folder alone keeps its article's name
    again = run_cli(str(tmp_path / "two"), "-o", str(out), "-q")
    assert again.exit_code == 0
    assert run_json(out)["stats"]["articles_up_to_date"] == 1
    assert {a["path"] for a in run_json(out)["articles"] if a["id"] == "story-2"} == {
        str(tmp_path / "two" / "story.txt")
    }


def test_two_runs_into_one_folder_list_both(sample_models: list[Path], tmp_path: Path) -> None:
    make_articles(tmp_path / "a", 1)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "other.txt").write_text(SENTENCES[6] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(str(tmp_path / "a"), "-o", str(out), "-q").exit_code == 0
    assert run_cli(str(tmp_path / "b"), "-o", str(out), "-q").exit_code == 0
    assert_complete(out, ["article-000", "other"])


def test_an_unwritable_output_fails_before_any_model_work(
    sample_models: list[Path], tmp_path: Path
) -> None:
    make_articles(tmp_path / "in", 2)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    tm = tmp_path / "tm.sqlite"
    result = run_cli(str(tmp_path / "in"), "-o", str(blocker / "out"), "--tm", str(tm))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "cannot write the output folder" in result.stderr
    assert "choose another with -o" in result.stderr
    with TranslationMemory(tm) as memory:
        assert memory.stats().mt_outputs == 0


def test_stale_temporary_files_are_removed_and_live_ones_kept(
    sample_models: list[Path], tmp_path: Path
) -> None:
    make_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    (out / RECORDS).mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    stale = [
        out / f".x.html.{dead}.abc123.tmp",
        out / RECORDS / f".y.json.{dead}.q1.tmp",
        out / ".old-format.abc.tmp",
    ]
    live = out / f".z.html.{os.getppid()}.zz9.tmp"
    for path in [*stale, live]:
        path.write_text("half")
    assert run_cli(str(tmp_path / "in"), "-o", str(out), "-q").exit_code == 0
    assert not any(p.exists() for p in stale) and live.exists()


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "translate", "run", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TRANSLATE_TM"] = str(tmp_path / "tm.sqlite")
    return env


def _wait_for_records(out: Path, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / RECORDS).glob("*.json"))) >= count:
            return
        time.sleep(0.02)


def test_unchanged_rerun_exits_cleanly_as_a_process(
    sample_models: list[Path], tmp_path: Path
) -> None:
    """A process that has nothing to translate exits 0 at once: no model is loaded in the
    background (CTranslate2 aborts a process that exits while it starts a model's threads)."""
    make_articles(tmp_path / "in", 3)
    args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-glossary", "-q", "--json"]
    env = _env(tmp_path)
    for expected in ("articles_done", "articles_up_to_date", "articles_up_to_date"):
        proc = subprocess.run(
            [sys.executable, "-m", "translate", "run", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["stats"][expected] == 3


def test_models_preload_only_when_there_is_work_and_are_waited_for(
    sample_models: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import translate.batch
    from translate.engine.ctranslate import preload

    started: list[threading.Thread] = []

    def spy(*args: Any) -> threading.Thread:
        started.append(preload(*args))
        return started[-1]

    monkeypatch.setattr(translate.batch, "preload", spy)
    make_articles(tmp_path / "in", 3)
    args = (str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-glossary", "-q")
    assert run_cli(*args).exit_code == 0
    assert len(started) == 1 and not started[0].is_alive()  # joined before the run returned
    assert run_cli(*args).exit_code == 0  # unchanged: nothing to load
    assert len(started) == 1


def test_the_next_group_is_read_while_one_is_translated(
    sample_models: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles are read and prepared in a thread a group ahead: when a group goes to the
    models, the next group is being (or has been) prepared, and not further."""
    import threading

    import translate.batch

    prepared: list[tuple[str, str]] = []  # (article id, thread name)
    at_group: list[tuple[int, int]] = []  # (articles in the group, articles prepared by then)
    real_prepare, real_decode = translate.batch.prepare, translate.batch.decode_group

    def spy_prepare(article: Any, config: Any) -> Any:
        prepared.append((article.id, threading.current_thread().name))
        return real_prepare(article, config)

    def spy_decode(group: Any, *args: Any) -> Any:
        time.sleep(0.3)  # models at work: the reader thread goes on meanwhile
        at_group.append((len(group), len(prepared)))
        return real_decode(group, *args)

    monkeypatch.setattr(translate.batch, "prepare", spy_prepare)
    monkeypatch.setattr(translate.batch, "decode_group", spy_decode)
    make_articles(tmp_path / "in", 12)  # 4 segments each: groups of 3 articles below
    args = (str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--group-segments", "12", "-q")
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert {name for _, name in prepared} == {"read-ahead"}
    assert [size for size, _ in at_group] == [3, 3, 3, 3]
    first_size, ready_at_first = at_group[0]
    assert ready_at_first == 2 * first_size  # the next group, and no more
    assert json.loads((tmp_path / "out/run.json").read_text())["stats"]["articles_done"] == 12
    # the reading time, spent in the thread, is in the timings written with every article
    assert "read+detect+segment" in (tmp_path / "out/article-000.html").read_text()


def test_a_group_is_scored_and_written_while_the_next_is_decoded(
    sample_models: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring and writing run in a thread behind the models: a group is finished (scored)
    and written in the write-behind thread while the next group is in the models, and is
    recorded before the group after that is handed over; nothing is lost at the end."""
    import threading

    import translate.batch
    from translate.pipeline import Decoded

    events: list[tuple[str, int, str]] = []  # (what, group number, thread name)
    decoded_groups: list[tuple[str, ...]] = []
    real_decode, real_finish = translate.batch.decode_group, Decoded.finish

    def spy_decode(group: Any, *args: Any) -> Any:
        number = len(decoded_groups)
        events.append(("decode", number, threading.current_thread().name))
        time.sleep(0.3)  # models at work: the group before is finished meanwhile
        events.append(("decoded", number, threading.current_thread().name))
        result = real_decode(group, *args)
        decoded_groups.append(result.ids)
        return result

    def spy_finish(self: Decoded) -> Any:
        number = decoded_groups.index(self.ids)
        events.append(("finish", number, threading.current_thread().name))
        return real_finish(self)

    monkeypatch.setattr(translate.batch, "decode_group", spy_decode)
    monkeypatch.setattr(Decoded, "finish", spy_finish)
    make_articles(tmp_path / "in", 9)  # 4 segments each: groups of 3 articles below
    out = tmp_path / "out"
    args = (str(tmp_path / "in"), "-o", str(out), "--group-segments", "12", "-q")
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert all(name.startswith("write-behind") for what, _, name in events if what == "finish")
    assert {name for what, _, name in events if what != "finish"} == {"MainThread"}
    order = [(what, number) for what, number, _ in events]
    assert order.index(("finish", 0)) < order.index(("decoded", 1))  # behind, not after
    assert order.index(("finish", 1)) < order.index(("decoded", 2))
    assert sorted(number for what, number in order if what == "finish") == [0, 1, 2]
    summary = json.loads((out / "run.json").read_text())
    assert summary["stats"]["articles_done"] == 9
    assert len(summary["articles"]) == 9
    assert len(list((out / RECORDS).glob("*.json"))) == 9


@pytest.mark.parametrize("after", [0, 1, 7])
def test_sigkill_at_any_point_then_the_same_command_completes(
    sample_models: list[Path], tmp_path: Path, after: int
) -> None:
    make_articles(tmp_path / "in", 30)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out), "--no-glossary", "-q", "--group-segments", "8"]
    env = _env(tmp_path)
    proc = _spawn(args, env)
    _wait_for_records(out, after, proc)
    proc.kill()
    proc.wait()
    done_before = len(list((out / RECORDS).glob("*.json"))) if out.exists() else 0
    second = subprocess.run(
        [sys.executable, "-m", "translate", "run", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    stats = json.loads(second.stdout)["stats"]
    assert stats["articles_up_to_date"] == done_before
    assert stats["articles_done"] == 30 - done_before
    assert_complete(out, [f"article-{n:03d}" for n in range(30)])


def test_ctrl_c_keeps_finished_articles_and_says_how_to_resume(
    sample_models: list[Path], tmp_path: Path, sigint_reaches_children: None
) -> None:
    make_articles(tmp_path / "in", 400)  # more than the run can finish before the signal
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out), "--no-glossary", "-q", "--group-segments", "8"]
    proc = _spawn(args, _env(tmp_path))
    _wait_for_records(out, 2, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    message = stderr.decode()
    assert proc.returncode == 130, message
    assert "run the same command again to resume" in message
    assert "Traceback" not in message
    summary = run_json(out)
    finished = len(list((out / RECORDS).glob("*.json")))
    assert 2 <= finished < 400 and len(summary["articles"]) == finished
    assert not list(out.rglob("*.tmp"))
