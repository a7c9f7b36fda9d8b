"""Work a page's first screen can do without, done just after the page is shown.

A page is built in its kernel while the visitor's browser waits for the page's HTML; what
the build draws (a matplotlib plot: 0.2-0.4 s each the first time its data is seen) the
visitor waits for before seeing anything. :func:`after_shown` runs such work once the
build has returned (the kernel's loop runs it after the page's cell, while the browser
loads its scripts), so the page comes first and the plot follows. Outside a kernel (a
test, a printed page) the work runs at once.
"""

from __future__ import annotations

import asyncio
import base64
import html
import logging
from collections.abc import Callable, Iterable

import ipywidgets as w

from vigkit.i18n.interface import Interface
from vigkit.media.plotcache import cached_png, kept_png
from vigkit.ui.runtime.pagehtml import say_text
from vigkit.ui.runtime.submission import in_kernel
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["after_shown", "AFTER_S", "LatePlots", "plot_img", "shown_then_drawn"]

log = logging.getLogger(__name__)

#: Seconds after the page's cell: long enough for the cell to finish and be sent.
AFTER_S = 0.05


def after_shown(job: Callable[[], object], *, in_loop: bool | None = None) -> None:
    """Run ``job`` after the page being built is shown (in a kernel), or now (elsewhere).

    ``in_loop``: run it later in the running loop anyway (tests); None: only in a kernel.
    A failure is logged, never raised into the page."""

    def run() -> None:
        try:
            job()
        except Exception:  # noqa: BLE001 - the page is shown already: log it, keep it
            log.exception("work after the page was shown failed")

    later = in_kernel() if in_loop is None else in_loop
    if later:
        try:
            asyncio.get_running_loop().call_later(AFTER_S, run)
            return
        except RuntimeError:  # no loop runs here after all: do it now
            pass
    run()


class LatePlots:
    """Plots for a page's HTML: each read from the plot cache, and drawn only when
    ``draw`` (else left out, and :attr:`waiting` says so)."""

    def __init__(self, *, draw: bool) -> None:
        self.draw = draw
        self.waiting = False

    def png(
        self, parts: Iterable[str], draw: Callable[[], bytes], *, case_code: str | None = None
    ) -> bytes | None:
        """The plot ``draw`` makes for ``parts`` (kept under ``case_code``'s plots), or None
        when it is not drawn yet and this is the page's first showing."""
        if self.draw:
            return cached_png(parts, draw, case_code=case_code)
        kept = kept_png(parts, case_code=case_code)
        self.waiting = self.waiting or kept is None
        return kept


def shown_then_drawn(
    make_html: Callable[[LatePlots], str], *, in_loop: bool | None = None
) -> w.HTML:
    """The HTML ``make_html`` makes, shown at once with the plots already kept; the plots
    still to draw are drawn just after the page is shown, and the HTML is made again with
    them (in place: the visitor sees "Drawing the plot…" turn into the plot)."""
    first = LatePlots(draw=False)
    widget = StaticHTML(make_html(first))
    if first.waiting:

        def draw() -> None:
            widget.value = make_html(LatePlots(draw=True))

        after_shown(draw, in_loop=in_loop)
    return widget


def plot_img(png: bytes | None, alt: str, ui: Interface) -> str:
    """A plot with its alt text; while it is drawn, a line saying what it will show."""
    if png is None:
        return (
            f'<p class="vk-plot-wait" role="status">{say_text(ui, "case.progress.drawing")} '
            f"{html.escape(alt)}</p>"
        )
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img class="vk-plot" alt="{html.escape(alt, quote=True)}" '
        f'src="data:image/png;base64,{data}">'
    )
