"""A save waits until what the person typed has arrived (ipywidgets holds a field's next
update until its last one is answered, while the click on Save goes at once)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import ipywidgets as w

from vigkit.ui.runtime.submission import AfterTyping


def _run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``main`` in a loop of its own, in a thread of its own: the test process may
    already have a running loop in its main thread (the browser tests' Playwright)."""
    failed: list[BaseException] = []

    def thread() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failed.append(exc)

    runner = threading.Thread(target=thread)
    runner.start()
    runner.join(timeout=30)
    if failed:
        raise failed[0]


def test_outside_a_kernel_the_save_runs_at_once_even_with_a_running_loop() -> None:
    """A test or a script (a browser-driving test has a running loop that never runs our
    tasks): the save is made at once."""
    saved: list[str] = []
    AfterTyping().run(lambda: saved.append("now"))
    assert ["now"] == saved

    async def in_a_loop() -> None:
        AfterTyping().run(lambda: saved.append("in a loop"))
        assert ["now", "in a loop"] == saved

    _run(in_a_loop)


def test_the_save_waits_for_the_last_words_and_runs_once() -> None:
    box = w.Textarea(value="The baby tur")
    after = AfterTyping(quiet_s=0.1, most_s=2.0, in_loop=True)
    after.watch([box])
    saved: list[str] = []

    async def person() -> None:
        after.run(lambda: saved.append(box.value))  # the click arrives first
        after.run(lambda: saved.append("twice"))  # a second click while it waits
        for tail in ("ns", " and smiles"):  # the held-back words arrive after it
            await asyncio.sleep(0.06)
            box.value += tail
        assert [] == saved
        assert after.task is not None
        await after.task

    _run(person)
    assert ["The baby turns and smiles"] == saved


def test_a_field_that_never_stops_changing_does_not_hold_the_save_for_ever() -> None:
    box = w.Text()
    after = AfterTyping(quiet_s=0.1, most_s=0.4, in_loop=True)
    after.watch([box])
    saved: list[str] = []

    async def busy() -> None:
        after.run(lambda: saved.append(box.value))
        for i in range(40):
            box.value = str(i)
            await asyncio.sleep(0.02)
            if saved:
                return

    _run(busy)
    assert saved and int(saved[0]) < 39
