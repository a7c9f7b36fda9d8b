"""A save waits until what the person typed has arrived (ipywidgets holds a field's next
update until its last one is answered, while the click on Save goes at once)."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

import vigkit.ui
from vigkit.core.records import Practitioner
from vigkit.store import Store
from vigkit.ui.forms.case import CaseDetailsForm
from vigkit.ui.runtime import submission
from vigkit.ui.runtime.submission import AfterTyping, typing_fields

UI = Path(vigkit.ui.__file__).parent


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
    saved: list[str] = []

    async def person() -> None:
        after.run(lambda: saved.append(box.value), box)  # the click arrives first
        after.run(lambda: saved.append("twice"), box)  # a second click while it waits
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
    saved: list[str] = []

    async def busy() -> None:
        after.run(lambda: saved.append(box.value), box)
        for i in range(40):
            box.value = str(i)
            await asyncio.sleep(0.02)
            if saved:
                return

    _run(busy)
    assert saved and int(saved[0]) < 39


def test_the_typing_fields_are_the_inputs_in_a_form_not_what_the_page_shows() -> None:
    text, area, box = w.Text(), w.Textarea(), w.Checkbox()
    shown = [w.HTML("Saved."), w.Label("Code"), w.FloatProgress()]
    form = w.VBox([shown[0], w.HBox([text, shown[1]]), w.Accordion([w.VBox([area, box])])])
    form.children += (shown[2],)
    assert [text, area, box] == list(typing_fields(form))
    assert [] == list(typing_fields(None))


@pytest.mark.sqlite_only
def test_a_form_that_saved_at_once_now_waits_for_the_last_words(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case details' Save went at once even in a kernel: a reason typed fast was saved
    without its last words. Wired with on_save, it waits for them as the reflections do."""
    monkeypatch.setattr(submission, "in_kernel", lambda: True)
    store.people.add(Practitioner(id="p1", display_name="Test Guider"))
    form = CaseDetailsForm(store, "p1")
    form.code.input.value = "F017"
    form.reason.input.value = "Feeding is h"

    async def person() -> None:
        form.save_button.click()  # the click arrives before the last words
        for tail in ("ar", "d at night"):
            await asyncio.sleep(0.06)
            form.reason.input.value += tail
        assert [] == store.cases.list()  # not saved yet: the words are still arriving
        for _ in range(100):
            await asyncio.sleep(0.05)
            if store.cases.list():
                return

    _run(person)
    assert "Feeding is hard at night" == store.cases.get("F017").referral_reason


#: Saves of ticks alone (attendance, a calibration's tags): nothing typed to wait for.
TICKS_ONLY = {"pages/group.py: self.save", "parts/sessionview.py: self.save_tags"}


def test_every_button_that_saves_typed_words_waits_for_them() -> None:
    """A save wired straight to a click would not wait: every one goes through on_save."""
    straight = re.compile(r"on_click\(\s*lambda _b: (self\.(save|sign|keep|post)\w*)\(")
    found = {
        f"{path.relative_to(UI).as_posix()}: {m.group(1)}"
        for path in sorted(UI.rglob("*.py"))
        for m in straight.finditer(path.read_text("utf-8"))
    }
    assert TICKS_ONLY == found
