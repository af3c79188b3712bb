"""`translate run --executor ray` on a local Ray instance (one for the whole session, two CPUs)
gives the same outputs as the local executor: same segments, targets, back-translations,
scores, terms and flags, on seeds/ and on a folder of fifty articles.

Only `origin` may differ: a sentence repeated in two articles may be translated by the model
in both (two actors at once) where the local run found the first translation in the memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.tm import TranslationMemory, Unit

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
LINES = [
    line
    for line in (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and line.isascii() and len(line) > 40
]
runner = CliRunner()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray"),
]


@pytest.fixture(scope="session")
def ray_instance(sample_models: list[Path]) -> Iterator[None]:
    """One local Ray instance for every test here (starting one costs seconds). Started after
    conftest pointed ARGOS_PACKAGES_DIR at the test packages: the workers inherit it."""
    ray = pytest.importorskip(
        "ray", reason="Ray is not installed: scripts/setup.sh installs it (the ray extra)"
    )
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
        configure_logging=False,
    )
    yield
    ray.shutdown()


def run(args: list[str], out: Path, executor: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["run", *args, "-o", str(out), "-q", "--format", "jsonl,tsv", "--executor", executor]
    )
    assert result.exit_code in (0, 3), result.output
    return json.loads((out / "run.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def outputs(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every article's segments as written, `origin` left out (see the module docstring)."""
    found = {}
    for path in sorted(out.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            row.pop("origin")
        found[path.stem] = rows
    return found


def articles(folder: Path, count: int) -> Path:
    """`count` small articles: three sentences each, several of them in more than one."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [LINES[(n * 3 + k) % len(LINES)] for k in range(3)]
        (folder / f"article-{n:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_seeds_same_outputs_as_local(ray_instance: None, tmp_path: Path) -> None:
    args = [str(SEEDS), "--glossary", str(GLOSSARY), "--no-tm"]
    local = run(args, tmp_path / "local", "local")
    on_ray = run(args, tmp_path / "ray", "ray")
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert len(outputs(tmp_path / "local")) == 2
    for name in ("asean-sg-five-strategic-areas-2025-06-20.tsv",):
        ray_tsv = (tmp_path / "ray" / name).read_text(encoding="utf-8")
        local_tsv = (tmp_path / "local" / name).read_text(encoding="utf-8")
        assert [r.split("\t")[:6] for r in ray_tsv.splitlines()] == [
            r.split("\t")[:6] for r in local_tsv.splitlines()
        ]
    sig = on_ray["signature"]
    assert sig["executor"]["name"] == "ray" and sig["executor"]["actors"] == 1
    assert sig["executor"]["cpus_per_actor"] == 2
    assert local["signature"]["executor"] == {"name": "local"}
    assert sig["glossary_strategies"] == local["signature"]["glossary_strategies"]
    assert {m["name"] for m in sig["models"]} == {"en_zh-sample", "zh_en-sample"}
    assert on_ray["stats"] == local["stats"] and on_ray["terms"] == local["terms"]
    assert [a["models"] for a in on_ray["articles"]] == [a["models"] for a in local["articles"]]


def test_fifty_articles_same_outputs_as_local_then_resume(
    ray_instance: None, tmp_path: Path
) -> None:
    folder = articles(tmp_path / "in", 50)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)
    args = [str(folder), "--no-glossary", "--group-segments", "40"]
    args_ray = [*args, "--tm", str(tmp_path / "tm.sqlite")]
    local = run([*args, "--tm", str(tmp_path / "tm-local.sqlite")], tmp_path / "local", "local")
    on_ray = run(args_ray, tmp_path / "ray", "ray")
    assert len(outputs(tmp_path / "ray")) == 50
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert on_ray["failures"] == local["failures"] and len(local["failures"]) == 1
    assert on_ray["stats"]["articles_done"] == 50
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:  # the driver wrote the memory
        assert tm.stats().mt_outputs >= len(set(LINES[:150]))
        assert tm.stats().mt_units > 0

    (folder / "article-007.txt").write_text(LINES[0] + "\n", encoding="utf-8")
    again = run(args_ray, tmp_path / "ray", "ray")
    assert again["stats"]["articles_up_to_date"] == 49
    assert again["stats"]["articles_done"] == 1
    assert again["stats"]["segments_translated"] == 0  # its sentence is in the memory
    assert again["stats"]["segments_from_tm"] == 1


def test_actors_use_the_drivers_human_translations(ray_instance: None, tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", 2)
    human = "这是编辑审定的译文。"
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.add_units([Unit("en", "zh-Hans", LINES[2], human, "human", "test")])
    run([str(folder), "--no-glossary", "--tm", str(tmp_path / "tm.sqlite")], tmp_path / "o", "ray")
    rows = [
        json.loads(line)
        for line in (tmp_path / "o/article-000.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert rows[2]["source"] == LINES[2]
    assert rows[2]["target"] == human and rows[2]["origin"] == "human"
    assert rows[0]["origin"] == rows[1]["origin"] == "mt"


def test_ray_address_needs_the_ray_executor(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(SEEDS), "-o", str(tmp_path), "--ray-address", "auto", "--no-tm"]
    )
    assert result.exit_code == 2
    assert "--ray-address needs --executor ray" in result.stderr


def test_ray_client_addresses_are_refused(tmp_path: Path) -> None:
    args = ["run", str(SEEDS), "-o", str(tmp_path), "--no-tm", "--executor", "ray"]
    result = runner.invoke(app, [*args, "--ray-address", "ray://head:10001"])
    assert result.exit_code == 2
    assert "Ray Client is not supported" in result.stderr


def test_ctrl_c_stops_a_ray_run_and_keeps_finished_articles(
    ray_instance: None, tmp_path: Path, sigint_reaches_children: None
) -> None:
    """The driver joins the session's Ray instance ($RAY_ADDRESS), as on a cluster."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import ray

    folder = articles(tmp_path / "in", 400)  # more than the run can finish before the signal
    out = tmp_path / "out"
    env = {**os.environ, "RAY_ADDRESS": ray.get_runtime_context().gcs_address}
    args = [str(folder), "-o", str(out), "--no-glossary", "--no-tm", "-q", "--format", "jsonl"]
    args += ["--group-segments", "8"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "translate", "run", *args, "--executor", "ray"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(out.glob("*.jsonl"))) >= 2:
            break
        time.sleep(0.02)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    message = stderr.decode()
    assert proc.returncode == 130, message
    assert time.monotonic() - sent < 15
    assert "run the same command again to resume" in message
    assert "Traceback" not in message
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert 2 <= len(summary["articles"]) < 400
    assert summary["signature"]["executor"]["address"] == env["RAY_ADDRESS"]
