"""The case page's "The family's copy" part: the copies handed over so far, and one button
that makes a new one with progress and Stop, then links to download its video and open its
page to print.

Widgets at the edge: the making is :func:`vigkit.reports.keepsake.make_family_copy` (which
asks the access policy and records the handover in the audit trail); the list is read from
the audit trail (:func:`vigkit.core.keepsake.handovers`). :func:`handovers_html` also serves
the erasure panel, which says what the family keeps.
"""

from __future__ import annotations

import html
import logging
import os
import threading

import ipywidgets as w

from vigkit import paths
from vigkit.core.access import AccessRole, Principal
from vigkit.core.errors import VigkitError
from vigkit.core.keepsake import Handover, handovers
from vigkit.core.records import Case
from vigkit.i18n.interface import Interface
from vigkit.reports.keepsake import MP4_NAME, PAGE_NAME, Made, make_family_copy
from vigkit.store import Store
from vigkit.ui.runtime.links import keepsake_url_from_page
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.pagedata import acting_login, service_settings
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["KeepsakePart", "handed_over", "handover_line", "handovers_html"]

log = logging.getLogger("vigkit.ui.pages")

DOOR = "case page: the family's copy"


def handed_over(store: Store, code: str) -> list[Handover]:
    """The family's copies handed over for case ``code``, oldest first."""
    return handovers(store.audit.trail(ident=code), code)


def handover_line(handover: Handover, ui: Interface) -> str:
    """ "Family's copy made 07 Dec 2026 by jo, 3 clips" (plain text)."""
    day = ui.date(handover.at.date(), short=True)
    return ui.say("case.keepsake.handover", day=day, by=handover.by, clips=handover.clips)


def handovers_html(found: list[Handover], ui: Interface) -> str:
    """The copies handed over, as a list; a plain line when there is none."""
    if not found:
        return f'<p class="vk-help">{html.escape(ui.say("case.keepsake.none"))}</p>'
    items = "".join(f"<li>{html.escape(handover_line(h, ui))}</li>" for h in found)
    return f'<ul class="vk-handovers">{items}</ul>'


def _who(store: Store, case: Case) -> Principal:
    """The login as the access policy sees it; alone, the family's practitioner."""
    if paths.is_team_mode():
        return store.access.principal(os.environ.get("VIGKIT_USER", ""))
    return Principal(case.practitioner_id, frozenset({AccessRole.practitioner}))


class KeepsakePart:
    """The part; ``work`` runs the making off the kernel's event loop."""

    def __init__(self, store: Store, case: Case, ui: Interface) -> None:
        self.store, self.case, self.ui = store, case, ui
        say = ui.say
        self.listing = StaticHTML(handovers_html(handed_over(store, case.code), ui))
        self.button = w.Button(description=say("case.keepsake.make"), icon="gift")
        self.button.layout = w.Layout(width="auto")
        self.button.on_click(lambda _b: self.make())
        self.work = LongWork(ui)
        self.status = StaticHTML("")
        self.made: Made | None = None
        heading = html.escape(say("case.keepsake.heading"))
        helping = html.escape(say("case.keepsake.help"))
        self.widget = w.VBox(
            [
                StaticHTML(f'<h2>{heading}</h2><p class="vk-help">{helping}</p>'),
                self.listing,
                self.button,
                self.work.widget,
                self.status,
            ]
        )
        self.widget.add_class("vk-keepsake")

    def _make(self, progress: Progress, cancel: threading.Event) -> Made:
        return make_family_copy(
            self.store,
            paths.data_dir(),
            self.case.code,
            _who(self.store, self.case),
            by=acting_login(self.store),
            door=DOOR,
            progress=progress,
            cancel=cancel,
            ui=self.ui,
            review_template=service_settings().templates.shared_review,
        )

    def make(self) -> bool:
        """The button: made off the kernel's event loop, one at a time."""
        started = self.work.start(
            self.ui.say("case.keepsake.making"), self._make, self._done, self._failed
        )
        if started:
            self.button.disabled = True
            self.status.value = ""
        return started

    def _done(self, made: Made) -> None:
        self.made = made
        self.button.disabled = False
        say = self.ui.say
        code = self.case.code
        video = keepsake_url_from_page(code, made.made, MP4_NAME)
        page = keepsake_url_from_page(code, made.made, PAGE_NAME)
        self.status.value = message_html(
            say("case.keepsake.ready", clips=made.handover.clips, seconds=f"{made.seconds:.0f}"),
            "success",
        ) + (
            f'<p><a href="{html.escape(video, quote=True)}" download>'
            f"{html.escape(say('case.keepsake.video'))}</a> · "
            f'<a href="{html.escape(page, quote=True)}" target="_blank">'
            f"{html.escape(say('case.keepsake.print'))}</a></p>"
        )
        self.listing.value = handovers_html(handed_over(self.store, code), self.ui)

    def _failed(self, exc: BaseException) -> None:
        self.button.disabled = False
        if isinstance(exc, VigkitError | OSError):
            log.warning("family's copy not made for %s: %s", self.case.code, exc)
            text = self.ui.say("case.keepsake.failed", error=self.ui.error(exc))
        else:
            log.exception("family's copy not made for %s", self.case.code, exc_info=exc)
            text = self.ui.say("case.keepsake.failed.unexpected")
        self.status.value = message_html(text, "error")
