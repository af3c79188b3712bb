"""translate.ahead: work done in a thread ahead of its consumer, in order and bounded, or behind
it, one job at a time."""

from __future__ import annotations

import threading
import time

import pytest

from translate.ahead import Ahead, Behind


def test_results_come_in_order_and_work_runs_in_another_thread() -> None:
    threads = set()

    def work(n: int) -> int:
        threads.add(threading.current_thread().name)
        return n * n

    with Ahead(range(50), work, weight=lambda _: 1, limit=5, name="squares") as ahead:
        assert list(ahead) == [n * n for n in range(50)]
    assert threads == {"squares"}
    assert ahead.seconds > 0


def test_never_more_than_the_limit_ahead() -> None:
    produced: list[int] = []

    def work(n: int) -> int:
        produced.append(n)
        return n

    with Ahead(range(40), work, weight=lambda n: n % 3, limit=6) as ahead:
        consumed = 0
        for n in ahead:
            time.sleep(0.002)  # a slow consumer: the thread would run far ahead
            consumed += 1
            ahead_weight = sum(m % 3 for m in produced[consumed:])
            # at most the limit, plus the one item that crossed it
            assert ahead_weight <= 6 + 2, (n, ahead_weight)
    assert produced == list(range(40))


def test_an_error_in_the_work_is_raised_in_its_place() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("bad item 3")
        return n

    got = []
    with pytest.raises(ValueError, match="bad item 3"), Ahead(range(10), work, lambda _: 1, 4) as a:
        got.extend(a)
    assert got == [0, 1, 2]


def test_close_stops_a_thread_waiting_for_room_and_no_more_work_is_done() -> None:
    done: list[int] = []

    def work(n: int) -> int:
        done.append(n)
        return n

    ahead = Ahead(range(1000), work, weight=lambda _: 1, limit=3)
    first = next(iter(ahead))
    time.sleep(0.05)  # the thread fills its room and waits
    t0 = time.perf_counter()
    ahead.close()
    assert time.perf_counter() - t0 < 1.0
    assert first == 0 and len(done) <= 5


def test_behind_runs_one_job_in_a_thread_and_hands_back_its_result() -> None:
    behind: Behind[tuple[int, str]] = Behind(name="writer")
    started = threading.Event()
    release = threading.Event()

    def job() -> tuple[int, str]:
        started.set()
        release.wait(5)
        return 42, threading.current_thread().name

    assert behind.wait() is None  # nothing pending
    behind.submit(job)
    assert started.wait(5)  # runs while the caller goes on
    with pytest.raises(RuntimeError, match="pending"):
        behind.submit(job)  # one at a time: the caller must take the result first
    release.set()
    value, name = behind.wait() or (0, "")
    assert value == 42 and name.startswith("writer")
    assert behind.wait() is None
    behind.submit(lambda: (7, ""))
    behind.close()  # waits for the job...
    assert behind.wait() == (7, "")  # ...whose result is still handed back


def test_behind_raises_the_jobs_error_once() -> None:
    behind: Behind[int] = Behind()

    def job() -> int:
        raise OSError("disk full")

    behind.submit(job)
    with pytest.raises(OSError, match="disk full"):
        behind.wait()
    assert behind.wait() is None
    behind.close()


def test_behind_keeps_the_job_when_the_wait_is_interrupted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C while waiting: the job goes on and a second wait still gets its result."""
    import concurrent.futures

    behind: Behind[int] = Behind()
    release = threading.Event()
    behind.submit(lambda: 5 if release.wait(5) else 0)
    real_result = concurrent.futures.Future.result
    calls = []

    def interrupted(self: concurrent.futures.Future[int], timeout: float | None = None) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real_result(self, timeout)

    monkeypatch.setattr(concurrent.futures.Future, "result", interrupted)
    with pytest.raises(KeyboardInterrupt):
        behind.wait()
    release.set()
    assert behind.wait() == 5
    behind.close()
