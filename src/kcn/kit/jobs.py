"""Long work off the event loop: a bounded thread pool that runs callables and tells a store
how far they got.

The kit knows nothing of what a job does or where its state lives. A caller submits
``work(progress) -> result`` under an id; the runner calls the :class:`JobStore` it was given
(the jobs domain persists to the ``job`` table) when the work starts, as it progresses (at most
every ``min_interval`` seconds, and always at the end), and when it succeeds or fails. ``work``
raises :class:`JobFailed` to end with a result that is a failure (an import report with errors),
any other exception to end with an error.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TextIO

log = logging.getLogger("kcn.jobs")

Progress = Callable[[int, int], None]
Result = dict[str, Any]
Work = Callable[[Progress], Result]


class JobFailed(Exception):
    """The work ended and its result says it failed."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__("job failed")


class JobStore(Protocol):
    def started(self, job_id: str) -> None: ...

    def progressed(self, job_id: str, done: int, total: int) -> None: ...

    def succeeded(self, job_id: str, result: Result) -> None: ...

    def failed(self, job_id: str, result: Result | None, error: BaseException | None) -> None: ...


class JobRunner:
    """Runs submitted work on at most ``workers`` threads; more waits in a queue."""

    def __init__(self, workers: int, store: JobStore, min_interval: float = 0.5) -> None:
        self.store = store
        self.min_interval = min_interval
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kcn-job")
        self._lock = threading.Lock()
        self._futures: dict[str, Future[None]] = {}

    def submit(self, job_id: str, work: Work) -> Future[None]:
        future = self._pool.submit(self._run, job_id, work)
        with self._lock:
            self._futures[job_id] = future
        future.add_done_callback(lambda _f: self._forget(job_id))
        return future

    def running(self, job_id: str) -> bool:
        """Whether this process still has the job queued or running."""
        with self._lock:
            return job_id in self._futures

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout)

    def shutdown(self, wait: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def _forget(self, job_id: str) -> None:
        with self._lock:
            self._futures.pop(job_id, None)

    def _run(self, job_id: str, work: Work) -> None:
        self._safely(self.store.started, job_id)
        progress = self._throttled(job_id)
        try:
            result = work(progress)
        except JobFailed as exc:
            self._safely(self.store.failed, job_id, exc.result, None)
        except Exception as exc:
            self._safely(self.store.failed, job_id, None, exc)
        else:
            self._safely(self.store.succeeded, job_id, result)

    def _throttled(self, job_id: str) -> Progress:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= self.min_interval:
                last[0] = now
                self._safely(self.store.progressed, job_id, done, total)

        return progress

    @staticmethod
    def _safely(call: Callable[..., None], *args: Any) -> None:
        # Progress is best effort: a busy database must not kill the work it reports on.
        try:
            call(*args)
        except Exception:
            log.exception("job store: %s failed", getattr(call, "__name__", call))


def progress_line(done: int, total: int, width: int = 30) -> str:
    """``[#########.....................]  30 %  300/1000`` for a terminal."""
    share = done / total if total > 0 else 0.0
    filled = round(width * min(share, 1.0))
    return f"[{'#' * filled}{'.' * (width - filled)}] {share:4.0%}  {done}/{total}"


def terminal_progress(stream: TextIO | None = None) -> Progress:
    """A progress callback that redraws one line on ``stream`` (stderr), ending it at 100 %."""
    out = stream or sys.stderr

    def show(done: int, total: int) -> None:
        out.write("\r" + progress_line(done, total))
        if total and done >= total:
            out.write("\n")
        out.flush()

    return show
