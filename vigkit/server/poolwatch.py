"""Keep Voilà's preheated kernels alive: a dead one is dropped from its pool and replaced.

Voilà (0.5) keeps, per notebook, a list of asyncio tasks in its kernel manager's private
``_pools``; each task, once done, holds the dict ``{"kernel_id", "renderer", "task"}``.
A pool kernel that died (out of memory, killed) would hang or break the next visitor it is
handed to. jupyter_client restarts a dead kernel under the same id, but the notebook it had
run is lost, so a restarted pool kernel is as bad as a dead one.

Two callers look: a periodic watch, and the hand-out just before a visitor is given a
kernel. They share one lock, so a dead task is removed, shut down and replaced once.
``tests/test_poolwatch.py`` checks that the installed Voilà still has what this relies on.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from jupyter_core.utils import ensure_async

__all__ = ["PoolWatch"]

log = logging.getLogger(__name__)


class PoolWatch:
    """Finds and replaces dead kernels in a Voilà kernel manager's preheated pools."""

    def __init__(self, manager: Any) -> None:
        self.manager = manager
        self._lock = asyncio.Lock()
        self._restarted: set[str] = set()
        self._watched: set[str] = set()
        self._stopping: set[asyncio.Future[None]] = set()

    def _pools(self, only: str | None) -> list[tuple[str, list[Any]]]:
        pools: dict[str, list[Any]] = getattr(self.manager, "_pools", {})
        if only is not None:
            return [(only, pools[only])] if only in pools else []
        return list(pools.items())

    async def _healthy(self, task: Any) -> tuple[bool, str | None]:
        """Whether a finished pool task holds a live, never restarted kernel (and its id)."""
        if task.cancelled() or task.exception() is not None:
            return False, None
        kernel_id = task.result().get("kernel_id")
        if kernel_id not in self.manager or kernel_id in self._restarted:
            return False, kernel_id
        kernel = self.manager.get_kernel(kernel_id)
        if kernel_id not in self._watched:
            self._watched.add(kernel_id)
            kernel.add_restart_callback(lambda k=kernel_id: self._restarted.add(k), "restart")
        return bool(await ensure_async(kernel.is_alive())), kernel_id

    async def _shut_down(self, kernel_id: str) -> None:
        try:
            await ensure_async(self.manager.shutdown_kernel(kernel_id, now=True))
        except (KeyError, RuntimeError):  # already gone: nothing left to stop
            log.info("kernel %s was already gone", kernel_id)

    async def settle(self) -> None:
        """Wait until the dead kernels found so far have been stopped."""
        while self._stopping:
            await asyncio.gather(*self._stopping)

    async def replace_dead(self, only: str | None = None) -> int:
        """Drop every dead kernel from the pools (or from one notebook's) and refill them.

        Returns how many were replaced. Safe to call from several coroutines at once."""
        async with self._lock:
            replaced = 0
            for notebook, pool in self._pools(only):
                dead = False
                for task in list(pool):
                    if not task.done():
                        continue
                    healthy, kernel_id = await self._healthy(task)
                    if healthy or task not in pool:
                        continue
                    pool.remove(task)
                    dead = True
                    replaced += 1
                    log.warning(
                        "preheated kernel %s for %s died; starting another", kernel_id, notebook
                    )
                    if kernel_id is not None and kernel_id in self.manager:
                        # In the background: stopping a process takes a while, and the
                        # visitor waiting for a kernel should not wait for it.
                        stopping = asyncio.ensure_future(self._shut_down(kernel_id))
                        self._stopping.add(stopping)
                        stopping.add_done_callback(self._stopping.discard)
                if dead:
                    self.manager.fill_if_needed(delay=0, notebook_name=notebook)
            return replaced

    def guard_handout(self) -> None:
        """Look again just before a visitor is handed a preheated kernel: the periodic
        watch alone leaves a window between its looks."""
        handout = self.manager.get_rendered_notebook

        async def checked_handout(notebook_name: str, *args: Any, **kwargs: Any) -> Any:
            await self.replace_dead(only=notebook_name)
            return await handout(notebook_name, *args, **kwargs)

        self.manager.get_rendered_notebook = checked_handout
