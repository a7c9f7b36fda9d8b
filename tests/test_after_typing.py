"""A save waits until what the person typed has arrived (ipywidgets holds a field's next
update until its last one is answered, while the click on Save goes at once)."""

from __future__ import annotations

import asyncio

import ipywidgets as w

from vigkit.ui.runtime.submission import AfterTyping


def test_without_a_running_loop_the_save_runs_at_once() -> None:
    saved: list[str] = []
    AfterTyping().run(lambda: saved.append("now"))
    assert ["now"] == saved


def test_the_save_waits_for_the_last_words_and_runs_once() -> None:
    box = w.Textarea(value="The baby tur")
    after = AfterTyping(quiet_s=0.1, most_s=2.0)
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

    asyncio.run(person())
    assert ["The baby turns and smiles"] == saved


def test_a_field_that_never_stops_changing_does_not_hold_the_save_for_ever() -> None:
    box = w.Text()
    after = AfterTyping(quiet_s=0.1, most_s=0.4)
    after.watch([box])
    saved: list[str] = []

    async def busy() -> None:
        after.run(lambda: saved.append(box.value))
        for i in range(40):
            box.value = str(i)
            await asyncio.sleep(0.02)
            if saved:
                return

    asyncio.run(busy())
    assert saved and int(saved[0]) < 39
