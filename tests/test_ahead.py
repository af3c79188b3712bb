"""translate.ahead: work done in a thread ahead of its consumer, in order and bounded."""

from __future__ import annotations

import threading
import time

import pytest

from translate.ahead import Ahead


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
