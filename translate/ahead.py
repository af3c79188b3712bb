"""Work done ahead of, or behind, the models in a thread: a batch reads and prepares the next
group of articles (`Ahead`) and scores and writes the previous one (`Behind`) while the current
group is in the models.

Decoding runs in CTranslate2's own threads without the GIL, and the caller mostly waits for
it, so the Python work of reading, detecting and segmenting the next articles (a few
milliseconds an article) fits beside it instead of between groups. Results come back in input
order; the thread stays at most `limit` (by `weight`) ahead of the consumer, so memory is
bounded the way the groups bound it. `Behind` runs one job at a time and hands its result back
to the caller, who does the bookkeeping in its own thread.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

In = TypeVar("In")
T = TypeVar("T")
_WAIT = 0.1  # seconds between looks at the stop flag while blocked


class _Done:
    pass


class Ahead(Generic[In, T]):
    """`work(item)` for every item, in a thread, consumed in order by iterating.

    Close it (a `with` block) before the process may exit: `close` stops the thread after the
    item in hand. An exception in `work` is raised by the iteration, in its place.
    """

    def __init__(
        self,
        items: Iterable[In],
        work: Callable[[In], T],
        weight: Callable[[T], int],
        limit: int,
        name: str = "ahead",
    ) -> None:
        self._results: queue.SimpleQueue[T | BaseException | _Done] = queue.SimpleQueue()
        self._room = threading.Condition()
        self._ahead = 0  # weight produced and not yet consumed
        self._limit = limit
        self._weight = weight
        self._stop = threading.Event()
        self.seconds = 0.0  # time spent in `work`
        self._thread = threading.Thread(
            target=self._run, args=(items, work), name=name, daemon=True
        )
        self._thread.start()

    def _run(self, items: Iterable[In], work: Callable[[In], T]) -> None:
        try:
            for item in items:
                with self._room:
                    while self._ahead >= self._limit and not self._stop.is_set():
                        self._room.wait(_WAIT)
                if self._stop.is_set():
                    return
                t0 = time.perf_counter()
                result = work(item)
                self.seconds += time.perf_counter() - t0
                with self._room:
                    self._ahead += self._weight(result)
                self._results.put(result)
        except BaseException as exc:  # handed to the consumer, raised there
            self._results.put(exc)
        finally:
            self._results.put(_Done())

    def __iter__(self) -> Iterator[T]:
        while True:
            try:
                result = self._results.get(timeout=_WAIT)  # a timeout: Ctrl-C is seen at once
            except queue.Empty:
                continue
            if isinstance(result, _Done):
                return
            if isinstance(result, BaseException):
                raise result
            with self._room:
                self._ahead -= self._weight(result)
                self._room.notify()
            yield result

    def close(self) -> None:
        self._stop.set()
        with self._room:
            self._room.notify()
        self._thread.join()

    def __enter__(self) -> Ahead[In, T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Behind(Generic[T]):
    """One job at a time in a thread, behind the caller.

    `wait` returns the job's result (or raises its exception) once it is done; a job is
    started only when none is pending (`submit` refuses otherwise), so at most one result is
    held. Interrupted while waiting (Ctrl-C), the job stays pending and `wait` can be called
    again: a job once started is always finished.
    """

    def __init__(self, name: str = "behind") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending: Future[T] | None = None

    def submit(self, job: Callable[[], T]) -> None:
        if self._pending is not None:
            raise RuntimeError("a job is pending: wait for it first")
        self._pending = self._pool.submit(job)

    def wait(self) -> T | None:
        """The pending job's result, None when there is none."""
        pending = self._pending
        if pending is None:
            return None
        try:
            return pending.result()
        finally:
            if pending.done():
                self._pending = None

    def close(self) -> None:
        """Wait for the pending job, if any, and stop the thread."""
        self._pool.shutdown(wait=True)
