"""A form's save, made once: the identity a form sends with every try of one save.

A form holds one :class:`Submission`. Every try of the save (a second click, a retry after a
reported failure, the same form reloaded from its draft) sends the same key, and the store
gives back what the first try stored (``vigkit/store/once.py``). When the person changes
something after a save went through, the next save is a new one with a new key.

Every button that saves what a person typed is wired with :func:`on_save`, so its save waits
for the last words to arrive (:class:`AfterTyping`).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import ipywidgets as w

__all__ = [
    "Submission",
    "new_key",
    "AfterTyping",
    "in_kernel",
    "on_save",
    "typing_fields",
    "HasWidget",
]

log = logging.getLogger(__name__)


def new_key() -> str:
    """A fresh save identity: 22 letters, digits, ``-`` and ``_`` (128 random bits)."""
    return secrets.token_urlsafe(16)


class Submission:
    """The identity of the save a form is on its way to."""

    def __init__(self, key: str | None = None) -> None:
        self.key = key or new_key()
        self.saved_id: int | None = None  # the record the save made, once it went through

    def went_through(self, record_id: int | None) -> bool:
        """Note that the save stored ``record_id``; True when an earlier try had already
        stored it (nothing new was stored this time)."""
        again = record_id is not None and record_id == self.saved_id
        self.saved_id = record_id
        return again

    def changed(self) -> None:
        """The person changed the form: after a save went through, the next is a new save."""
        if self.saved_id is not None:
            self.key, self.saved_id = new_key(), None


def in_kernel() -> bool:
    """Whether this runs in a Jupyter kernel (whose loop runs tasks between messages). A
    running loop alone is not enough: a test driving a browser has one that never runs ours."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    return getattr(get_ipython(), "kernel", None) is not None


class AfterTyping:
    """Runs a save once what the person typed has all arrived.

    ipywidgets sends a field's value keystroke by keystroke, but holds a field's next update
    until the kernel has answered its last one, while a click on Save goes at once. On a
    busy kernel the click arrived first: the record was saved without the last words, and
    the words that came after it were kept as a draft of the saved record ("Draft kept"
    where "Saved at" should be). So the save waits, in the kernel's loop, until no field
    has changed for ``quiet_s`` (at most ``most_s``). Outside a kernel (a test, a script)
    it runs at once: only a kernel's loop is sure to run the wait (``in_loop`` says whether
    to wait in the running loop anyway; None: only in a kernel)."""

    def __init__(
        self, quiet_s: float = 0.3, most_s: float = 3.0, *, in_loop: bool | None = None
    ) -> None:
        self.quiet_s = quiet_s
        self.most_s = most_s
        self.in_loop = in_kernel() if in_loop is None else in_loop
        self._last = 0.0
        self.task: asyncio.Task[None] | None = None

    def typed(self, _change: Any = None) -> None:
        self._last = time.monotonic()

    def run(self, action: Callable[[], object], within: Any = None) -> None:
        """Run ``action`` now, or (in a kernel) once no typing field in the widget ``within``
        (as it is at the click) has changed for ``quiet_s``."""
        try:
            loop = asyncio.get_running_loop() if self.in_loop else None
        except RuntimeError:
            loop = None
        if loop is None:
            action()
            return
        if self.task is not None and not self.task.done():
            return  # a second click while the first waits: one save
        fields = list(typing_fields(within))
        for field in fields:
            field.observe(self.typed, names="value")

        async def settled() -> None:
            began = time.monotonic()
            try:
                await asyncio.sleep(self.quiet_s)
                while time.monotonic() - self._last < self.quiet_s:
                    if time.monotonic() - began > self.most_s:
                        break
                    await asyncio.sleep(0.05)
            finally:
                for field in fields:
                    field.unobserve(self.typed, names="value")
            try:
                action()
            except Exception:  # noqa: BLE001 - a task's error would otherwise vanish
                log.exception("a save after typing failed")

        self.task = loop.create_task(settled())


#: Widgets with a value that the page, not the person, changes: never typing.
_SHOWN = (w.HTML, w.HTMLMath, w.Label, w.FloatProgress, w.IntProgress, w.Valid)


def typing_fields(within: Any) -> Iterator[Any]:
    """The widgets in ``within`` (a widget and its children, and theirs) a person changes."""
    if within is None:
        return
    if isinstance(within, w.Box):
        for child in within.children:
            yield from typing_fields(child)
    elif isinstance(within, w.ValueWidget) and not isinstance(within, _SHOWN):
        yield within


class HasWidget(Protocol):
    """A form or a part: what it shows is its ``widget``."""

    widget: Any


def on_save(
    button: w.Button, save: Callable[[], object], form: HasWidget | w.Widget
) -> AfterTyping:
    """Wire ``button`` to ``save`` once what was typed into ``form``'s fields has all
    arrived: every typing field in ``form.widget`` (or in ``form``, a bare box) as it is at
    the click (it may be laid out after its button). Every button that saves typed words is
    wired so, so a form cannot forget a field."""
    after = AfterTyping()
    button.on_click(lambda _b: after.run(save, form if isinstance(form, w.Widget) else form.widget))
    return after
