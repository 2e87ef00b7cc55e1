"""Deciding off the event loop, within limits: a fixed pool of worker threads, a bounded queue and a time limit.

A request's work (deciding, replaying, pricing a draft) runs in a worker thread so the server keeps answering
while it runs.  When every worker is busy and the queue is full the request is refused at once (``server-busy``,
503).  When the work takes longer than the time limit the client gets ``request-timeout`` (503) and nothing is
sent or written; the worker finishes the bounded work in the background (a thread cannot be killed safely), and the
queue bound keeps such leftovers from piling up.  Every input the API accepts is bounded (sizes, members, years),
so every piece of work ends.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

from ..core.errors import InputError, make_problem

T = TypeVar("T")


class Runner:
    def __init__(self, workers: int = 4, queue: int = 32, time_limit: float = 60.0):
        self.workers = workers
        self.queue = queue
        self.time_limit = time_limit
        self._pool: ThreadPoolExecutor | None = None
        self._pending = 0
        self._lock = threading.Lock()

    def _done(self, _: Any) -> None:
        with self._lock:
            self._pending -= 1

    async def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._pending >= self.workers + self.queue:
                raise InputError([make_problem("server-busy", value=self._pending)])
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="swf-web")
            fut = self._pool.submit(fn, *args)
            self._pending += 1
        fut.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), self.time_limit)
        except asyncio.TimeoutError:
            raise InputError([make_problem("request-timeout", limit=self.time_limit)]) from None

    def close(self) -> None:
        """Stop the workers (at the server's shutdown); a later call starts new ones."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


__all__ = ["Runner"]
