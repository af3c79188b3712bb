"""translate.engine.ctranslate: the one decoding loop (batches queued asynchronously on every
CTranslate2 worker) with the bundled sample packages."""

from __future__ import annotations

import dataclasses
import signal
import time
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.engine import packages
from translate.engine.ctranslate import DecodeOptions, PackageTranslator, split_batches

ROOT = Path(__file__).resolve().parent.parent
LINES = [
    line
    for line in (ROOT / "tests/data/seed_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and line.isascii() and len(line) > 40
]


@given(st.integers(0, 300), st.integers(1, 64), st.integers(1, 8))
def test_batches_cover_the_order_once_and_end_together(n: int, size: int, workers: int) -> None:
    order = list(range(n))[::-1]
    batches = split_batches(order, size, workers)
    assert [k for b in batches for k in b] == order
    assert all(0 < len(b) <= size for b in batches)
    if n >= workers:
        assert len(batches) % workers == 0 or len(batches) == n  # or one text a batch
    if batches:
        assert max(map(len, batches)) - min(map(len, batches)) <= 1


@pytest.fixture(scope="module")
def en_zh(sample_models: list[Path]) -> packages.InstalledPackage:
    return packages.find_route("en", "zh")[0]


def test_outputs_do_not_depend_on_workers_batches_or_order(
    en_zh: packages.InstalledPackage,
) -> None:
    texts = [*LINES, "", "   ", *LINES[:3]]
    one = PackageTranslator(en_zh, DecodeOptions(threads=1)).translate(texts)
    many = PackageTranslator(en_zh, DecodeOptions(threads=2, max_batch_size=3))
    seen: list[tuple[int, int]] = []
    assert many.translate(texts, lambda d, t: seen.append((d, t))) == one
    assert one[len(LINES)] == one[len(LINES) + 1] == ""
    assert seen[-1] == (len(texts) - 2, len(texts) - 2)
    alone = [many.translate([t])[0] for t in LINES[:5]]
    assert alone == one[:5]
    assert many.translate(texts[::-1]) == one[::-1]


def test_ctrl_c_is_raised_while_batches_decode(en_zh: packages.InstalledPackage) -> None:
    """The caller polls its queued batches, so SIGINT interrupts within milliseconds, not at
    the end of a call that may take minutes."""
    engine = PackageTranslator(en_zh, DecodeOptions(threads=1, max_batch_size=2))
    texts = [f"{line} ({n})" for n in range(40) for line in LINES]
    sent = 0.0

    def interrupt(signum: int, frame: FrameType | None) -> None:
        nonlocal sent
        sent = time.perf_counter()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(KeyboardInterrupt):
            engine.translate(texts)
        assert time.perf_counter() - sent < 0.25
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_preload_loads_once_in_the_background(en_zh: packages.InstalledPackage) -> None:
    """A preloaded package is the one `load` returns (not a second copy); a broken package
    is not reported by the preload but by the load that needs it."""
    from translate.engine.ctranslate import load, preload
    from translate.errors import ModelError

    opts = DecodeOptions(beam_size=3, threads=1)  # a key no other test loads
    preload([en_zh], opts).join(timeout=60)
    first = load(en_zh, opts)
    assert load(en_zh, opts) is first
    assert first.translate([LINES[0]])[0]
    broken = dataclasses.replace(en_zh, path=en_zh.path.parent / "missing-package")
    preload([broken], opts).join(timeout=60)  # no exception escapes the thread
    with pytest.raises(ModelError, match="missing-package"):
        load(broken, opts)


def test_decode_options_from_a_run_config() -> None:
    from translate.core import RunConfig
    from translate.engine.ctranslate import DecodeOptions

    config = RunConfig(beam_size=2, threads=3)
    assert DecodeOptions.from_config(config) == DecodeOptions(beam_size=2, threads=3)
    assert DecodeOptions.from_config(config, threads=1) == DecodeOptions(beam_size=2, threads=1)
