"""Micro-batching: concurrent requests share one forward pass.

A transformer on CPU scores 32 short comments in little more time than one, so requests
that arrive together are queued and flushed as one batch when `max_batch` texts are
waiting or `max_wait_ms` has passed since the first one, whichever comes first. The forward
pass runs in a worker thread so the event loop keeps collecting the next batch meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class MicroBatcher(Generic[T]):
    def __init__(self, fn: Callable[[list[str]], Sequence[T]], max_batch: int, max_wait_ms: float) -> None:
        self.fn = fn
        self.max_batch = max(1, max_batch)
        self.max_wait = max(0.0, max_wait_ms) / 1000.0
        self.batches_run = 0  # forward passes so far (observable, for tests and metrics)
        self.items_run = 0
        self._queue: asyncio.Queue[tuple[list[str], asyncio.Future[list[T]]]] | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._run(), name="micro-batcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def submit(self, texts: list[str]) -> list[T]:
        """Score `texts` as part of whatever batch is forming; results keep their order."""
        if self._queue is None:
            raise RuntimeError("MicroBatcher.start() was not awaited")
        if not texts:
            return []
        future: asyncio.Future[list[T]] = asyncio.get_running_loop().create_future()
        await self._queue.put((list(texts), future))
        return await future

    async def _collect(self) -> list[tuple[list[str], asyncio.Future[list[T]]]]:
        assert self._queue is not None
        pending = [await self._queue.get()]
        size = len(pending[0][0])
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait
        while size < self.max_batch:
            if self._queue.empty():
                timeout = deadline - loop.time()
                if timeout <= 0:
                    break
                try:
                    item = await asyncio.wait_for(self._queue.get(), timeout)
                except TimeoutError:
                    break
            else:
                item = self._queue.get_nowait()
            pending.append(item)
            size += len(item[0])
        return pending

    async def _run(self) -> None:
        while True:
            pending = await self._collect()
            texts = [t for chunk, _ in pending for t in chunk]
            try:
                results = await asyncio.to_thread(self.fn, texts)
            except Exception as exc:  # the failure belongs to the callers, not to the loop
                for _, future in pending:
                    if not future.done():
                        future.set_exception(exc)
                continue
            self.batches_run += 1
            self.items_run += len(texts)
            offset = 0
            for chunk, future in pending:
                if not future.done():  # a caller may have gone away (cancelled)
                    future.set_result(list(results[offset : offset + len(chunk)]))
                offset += len(chunk)
