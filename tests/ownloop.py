"""Run a coroutine on an event loop of its own, in a thread: another test may have left a
loop running in the main thread (asyncio.run would refuse)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


def run_on_own_loop(scenario: Callable[[], Awaitable[T]], timeout: float = 60) -> T:
    """``scenario()`` run to the end on a new loop in a new thread; its exception re-raised."""
    result: dict[str, Any] = {}

    async def main() -> T:
        return await scenario()

    def target() -> None:
        try:
            result["value"] = asyncio.run(main())
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    if "error" in result:
        raise result["error"]
    if "value" not in result:
        raise TimeoutError(f"the scenario did not finish within {timeout} s")
    return result["value"]  # type: ignore[no-any-return]
