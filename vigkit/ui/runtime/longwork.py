"""Long work off the kernel's event loop: a worker thread, a progress bar and a Stop
button, one piece of work at a time.

A button callback that reads a whole film (its fingerprint) would hold the kernel's event
loop for seconds on a large film, and the page — its drafts, a live board sharing the
kernel — would stop answering meanwhile. :class:`LongWork` runs the work in a thread; the
page keeps answering, a second click while it runs starts nothing, Stop asks the work to
end (it checks the event it is given), and a failure reaches ``failed`` in plain words.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w

from vigkit.i18n.interface import Interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["LongWork"]

log = logging.getLogger("vigkit.ui.pages")

T = TypeVar("T")
Progress = Callable[[float], None]


class LongWork:
    """A progress bar with a Stop button, shown while work runs in a thread."""

    def __init__(self, ui: Interface, *, stoppable: bool = True) -> None:
        """``stoppable=False``: work that cannot stop half-way (a document) has no Stop."""
        self._cancel = threading.Event()
        self.bar = w.FloatProgress(value=0.0, min=0.0, max=1.0)
        self.label = StaticHTML("")
        self.stop_button = w.Button(description=ui.say("film.work.stop"), icon="stop")
        self.stop_button.on_click(lambda _b: self._cancel.set())
        parts = [self.label, self.bar] + ([self.stop_button] if stoppable else [])
        self.widget = w.HBox(parts)
        self.widget.layout.display = "none"
        self._thread: threading.Thread | None = None
        self._next: list[
            tuple[str, Callable[..., Any], Callable[..., Any], Callable[..., Any]]
        ] = []
        self._shown = 0.0

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def show_progress(self, share: float) -> None:
        """Move the bar to ``share`` (0 to 1); small steps are not sent to the page."""
        if share - self._shown >= 0.01 or share >= 1.0:  # about a hundred updates at most
            self._shown = share
            self.bar.value = min(1.0, max(0.0, share))

    def start(
        self,
        what: str,
        work: Callable[[Progress, threading.Event], T],
        done: Callable[[T], Any],
        failed: Callable[[BaseException], Any],
    ) -> bool:
        """Run ``work(progress, cancel)`` in a thread, then ``done(result)`` or
        ``failed(exc)``; False (nothing started) while earlier work still runs.

        Called from ``done`` or ``failed`` themselves, the new work follows in the same
        thread (a film logged, then its playback copy made), with the bar shown again."""
        job = (what, work, done, failed)
        if self.busy:
            if threading.current_thread() is not self._thread:
                return False
            self._next.append(job)
            return True
        self._next = [job]
        self._thread = threading.Thread(target=self._run, name="vigkit-long-work", daemon=True)
        self._thread.start()
        return True

    def _show(self, what: str) -> None:
        self._cancel = threading.Event()
        self._shown = 0.0
        self.bar.value = 0.0
        self.label.value = html.escape(what)
        self.widget.layout.display = "flex"

    def _run(self) -> None:
        try:
            while self._next:
                what, work, done, failed = self._next.pop(0)
                self._show(what)
                try:
                    result = work(self.show_progress, self._cancel)
                except Exception as exc:  # noqa: BLE001 - every failure is said in the page
                    try:
                        failed(exc)
                    except Exception:  # noqa: BLE001
                        log.exception("long work: the failure could not be shown")
                else:
                    try:
                        done(result)
                    except Exception:  # noqa: BLE001
                        log.exception("long work: its result could not be shown")
        finally:
            self.widget.layout.display = "none"

    def wait(self, timeout: float | None = None) -> None:
        """Until the work in hand ends (for tests and for a page closing)."""
        if self._thread is not None:
            self._thread.join(timeout)
