"""Erasing a family's records from the case page: a closed panel at the foot of the page,
a reason from a fixed list (the audit line never holds anyone's words), and the case code
typed to confirm. The work is :func:`vigkit.media.governance.erase`: files, then rows, then
one audit line. In a team the access policy decides (the case's practitioner or an admin).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import ipywidgets as w

from vigkit import paths
from vigkit.core.access import Action, CaseRef
from vigkit.core.errors import VigkitError
from vigkit.core.records import Case
from vigkit.i18n.interface import Interface
from vigkit.media.governance import Erasure, erase
from vigkit.store import Store
from vigkit.store.erasure import ERASURE_REASONS
from vigkit.ui.parts.keepsake import handed_over, handover_line
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["ErasePanel"]

log = logging.getLogger("vigkit.ui.pages")


class ErasePanel:
    """The panel; ``on_erased`` gets the message to show once the case is gone."""

    def __init__(
        self, store: Store, case: Case, ui: Interface, on_erased: Callable[[str], None]
    ) -> None:
        self.store = store
        self.case = case
        self.ui = ui
        self.on_erased = on_erased
        say = ui.say
        self.reason = labelled_input(
            w.Dropdown,
            options=[(say(f"governance.erase.reason.{r}"), r) for r in ERASURE_REASONS],
            value=ERASURE_REASONS[0],
            description=say("governance.erase.reason"),
        )
        self.confirm = labelled_input(
            w.Text, description=say("governance.erase.confirm", code=case.code)
        )
        self.button = w.Button(
            description=say("governance.erase.button", code=case.code),
            button_style="danger",
            icon="trash",
            disabled=True,
        )
        self.message = StaticHTML("")
        self.confirm.observe(self._typed, names="value")
        self.button.on_click(lambda _b: self.erase())
        intro = html.escape(say("governance.erase.intro", code=case.code))
        self.handed = self._handed_over()
        kept = f"<p>{html.escape(self.handed)}</p>" if self.handed else ""
        body = w.VBox(
            [
                StaticHTML(f"<p>{intro}</p>{kept}"),
                self.reason,
                self.confirm,
                self.button,
                self.message,
            ]
        )
        self.widget = w.Accordion(children=[body], selected_index=None)
        self.widget.set_title(0, say("governance.erase.title"))
        self.widget.add_class("vk-erase")

    def _handed_over(self) -> str:
        """What the family was handed (their copies): theirs to keep, beyond vigkit's reach;
        "" when nothing was."""
        found = handed_over(self.store, self.case.code)
        if not found:
            return ""
        listing = "; ".join(handover_line(h, self.ui) for h in found)
        return self.ui.say("case.keepsake.handed_over", list=listing)

    def _matches(self) -> bool:
        return bool(str(self.confirm.value).strip().upper() == self.case.code)

    def _typed(self, _change: object) -> None:
        self.button.disabled = not self._matches()

    def erase(self) -> Erasure | None:
        """Erase the case if the code typed is its own; a refusal or failure is a message."""
        say = self.ui.say
        if not self._matches():
            self.message.value = message_html(
                say("governance.erase.mismatch", code=self.case.code), "error"
            )
            return None
        resource = CaseRef(self.case.code, self.case.practitioner_id)
        try:
            pagedata.refuse_unless(self.store, Action.erase, resource, "error.access.erase")
            by = pagedata.acting_login(self.store)
            done = erase(
                self.store, paths.data_dir(), self.case.code, by=by, reason=self.reason.value
            )
        except (VigkitError, OSError) as exc:
            log.exception("case not erased")
            self.message.value = message_html(
                say("governance.erase.failed", error=self.ui.error(exc)), "error"
            )
            return None
        rows = sum(done.erased.rows.values())
        text = message_html(
            say(
                "governance.erase.done",
                code=self.case.code,
                rows=rows,
                files=len(done.files.removed),
            ),
            "success",
        )
        if self.handed:
            text += message_html(self.handed, "info")
        for path in done.files.elsewhere:
            text += message_html(say("governance.erase.elsewhere", path=str(path)), "warning")
        self.on_erased(text)
        return done
