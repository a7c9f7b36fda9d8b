"""The trainer's preview: a question set as practitioners will see it, following the file.

The form is the very :class:`~vigkit.forms.ReflectionForm` the reflection page shows, on
a store in memory, so whatever the trainer types is never saved into real records. While
the page is open an asyncio task on the kernel's own event loop looks at the file every
second; when it is saved, the file is checked again and the form replaced. A file saved
with a mistake keeps the last good preview on the page, with ``templates check``'s
problems (file:line:col, what is wrong and how to fix it) above it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w
from traitlets import TraitError

from .forms import ReflectionForm, message_html
from .pages import link, principles_template, question_set_dirs
from .previewfiles import (
    WHERE_WORDS,
    Folder,
    PreviewNotFound,
    TemplateFile,
    find_preview_file,
    load_for_preview,
    stamp,
    template_files,
)
from .principles import Principles
from .records import Practitioner
from .store import Store

__all__ = ["TemplatePreview", "preview_page", "template_folders", "templates_list_html"]

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
AUTHOR = "trainer-preview"
# Example clips, so a clip_picker shows its drop-downs as it does on a real cycle.
EXAMPLE_CLIPS = [
    (1, "0:12.0–0:18.5 · Being attentive · (an example clip)"),
    (2, "1:03.0–1:09.0 · Encouraging initiatives · (an example clip)"),
]
NOT_SAVED = (
    "This is a preview. Nothing typed here is saved to any record: answers stay in this "
    "page only, and are gone when it closes. Save checks the answers as it would for a "
    "practitioner."
)


def template_folders() -> list[Folder]:
    """The service's own question sets first, then the shipped ones (as every page finds them)."""
    own, shipped = question_set_dirs()
    return [Folder("own", own), Folder("shipped", shipped)]


def _now() -> str:
    return f"{datetime.now():%H:%M:%S}"


class TemplatePreview:
    """One template file shown as its form, replaced whenever the file is saved."""

    def __init__(
        self,
        path: Path,
        where: str = "own",
        principles: Principles | None = None,
        store: Store | None = None,
    ) -> None:
        self.path = path
        self.where = where
        self.principles = principles
        self.store = store or Store.in_memory()
        if not self.store.list_practitioners():
            self.store.add_practitioner(Practitioner(id=AUTHOR, display_name="Trainer (preview)"))
        self.form: ReflectionForm | None = None
        self.problems: list[str] = []
        self.shown_at = ""
        self._stamp: tuple[int, int] | None = None
        self._task: asyncio.Task[None] | None = None
        self.status = w.HTML("")
        self.problem_box = w.HTML("")
        self.holder = w.VBox([])
        self.holder.add_class("vk-preview-form")
        self.widget = w.VBox([self.status, self.problem_box, self.holder])
        self.refresh()

    # -- what the page shows ---------------------------------------------------------
    def refresh(self) -> bool:
        """Read and check the file again; True when the form was replaced."""
        self._stamp = stamp(self.path)
        loaded = load_for_preview(self.path, self.principles)
        replaced = False
        problems = loaded.problems
        if loaded.qset is not None:
            try:
                self._show(self._build(loaded.qset))
                replaced = True
            except Exception as exc:  # noqa: BLE001 - keep the last good preview, say why
                log.exception("preview of %s could not be built", self.path)
                problems = [f"{self.path.name}: the form could not be built ({exc})"]
        self.problems = problems
        self._say()
        return replaced

    def _build(self, qset: Any) -> ReflectionForm:
        before = self.form
        kept: dict[str, Any] = {}
        if before is not None:
            # What the trainer typed stays in questions that are still there, of the same kind.
            kinds = {q.id: q.kind for q in qset.questions()}
            kept = {
                qid: value
                for qid, value in before.values().items()
                if kinds.get(qid) == before.fields[qid].question.kind
            }
            self.store.delete_draft(before.draft_key)
        form = ReflectionForm(
            qset, self.store, author_id=AUTHOR, principles=self.principles, clips=EXAMPLE_CLIPS
        )
        if kept:
            with contextlib.suppress(ValueError, TypeError, TraitError):
                form.set_values(kept)
        return form

    def _show(self, form: ReflectionForm) -> None:
        self.form = form
        self.shown_at = _now()
        self.holder.children = [form.widget]

    def _say(self) -> None:
        folder = WHERE_WORDS.get(self.where, self.where)
        if self.form is not None:
            qset = self.form.qset
            what = (
                f"<strong>{html.escape(qset.title)}</strong> (id <code>{html.escape(qset.id)}"
                f"</code>, version {html.escape(qset.version)}) from "
            )
        else:
            what = ""
        self.status.value = (
            f'<p class="vk-preview-status">Previewing {what}<code>{html.escape(self.path.name)}'
            f"</code> in {html.escape(folder)} (<code>{html.escape(str(self.path.parent))}</code>)."
            + (f" Shown as saved at {self.shown_at}." if self.shown_at else "")
            + "</p>"
        )
        if not self.problems:
            self.problem_box.value = ""
            return
        count = len(self.problems)
        head = (
            f"{self.path.name} has {count} problem{'s' if count != 1 else ''} "
            f"(checked {_now()}). Fix {'them' if count != 1 else 'it'} and save again."
            + (
                f" Below is the last preview that worked, from {self.shown_at}."
                if self.form is not None
                else " There is nothing to preview until the file is valid."
            )
        )
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        self.problem_box.value = (
            f'<div class="vk-msg vk-msg-error vk-preview-problems" role="alert">'
            f"{html.escape(head)}<ul>{items}</ul></div>"
        )

    # -- following the file ------------------------------------------------------------
    def poll(self) -> bool:
        """Refresh when the file was saved (or removed) since it was last read."""
        if stamp(self.path) == self._stamp:
            return False
        self.refresh()
        return True

    async def watch(self, interval: float = POLL_SECONDS) -> None:
        """Poll the file every ``interval`` seconds until :meth:`stop`."""
        while True:
            await asyncio.sleep(interval)
            try:
                self.poll()
            except Exception:  # noqa: BLE001 - a failed look must not end the watch
                log.exception("preview could not re-read %s", self.path)

    def start_watching(self, interval: float = POLL_SECONDS) -> bool:
        """Start polling on the running event loop (the kernel's); False when there is none."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._task = loop.create_task(self.watch(interval))
        return True

    def stop(self) -> None:
        """Stop polling."""
        if self._task is not None:
            self._task.cancel()
            self._task = None


def templates_list_html(files: list[TemplateFile], current: Path | None = None) -> str:
    """The templates found, by folder, each linking to its preview."""
    parts: list[str] = []
    for where, words in WHERE_WORDS.items():
        items = []
        for f in (f for f in files if f.where == where):
            if f.problems:
                about = f" — ⚠ {f.problems} problem{'s' if f.problems != 1 else ''}: open it to see"
                label = f.path.name
            else:
                about = f" — id {f.id}, version {f.version} ({f.path.name})"
                label = f.title or f.path.name
            mark = " (shown above)" if current is not None and f.path == current else ""
            items.append(f"<li>{link(f.href, label)}{html.escape(about + mark)}</li>")
        body = f"<ul class='vk-list'>{''.join(items)}</ul>" if items else "<p>None yet.</p>"
        parts.append(f"<h3>{html.escape(words[0].upper() + words[1:])}</h3>{body}")
    return "".join(parts)


def _header() -> w.HTML:
    return w.HTML(
        f'<nav class="vk-nav" aria-label="Workbooks">{link("home.ipynb", "Home")} · '
        f"{link('reflection.ipynb', 'Reflection')} · {link('preview.ipynb', 'Template preview')}"
        "</nav><h1>Template preview</h1>"
    )


def preview_page(
    model: str = "",
    file: str = "",
    where: str = "",
    *,
    folders: list[Folder] | None = None,
    watch: bool = True,
    principles_of: Callable[[], Principles] = principles_template,
) -> w.Widget:
    """A question set as practitioners will see it, refreshed when its file is saved.

    Opened with ``?model=ID`` or ``?file=NAME.yaml`` (and ``&where=own|shipped``); with
    neither, the list of templates to choose from.
    """
    folders = folders if folders is not None else template_folders()
    principles = principles_of()
    children: list[w.Widget] = [_header()]
    preview: TemplatePreview | None = None
    current: Path | None = None
    if model or file:
        try:
            current, found_in = find_preview_file(folders, principles, model, file, where)
        except PreviewNotFound as exc:
            children.append(w.HTML(message_html(str(exc), "error")))
        else:
            preview = TemplatePreview(current, found_in, principles)
            children += [w.HTML(message_html(NOT_SAVED, "info")), preview.widget]
            following = watch and preview.start_watching()
            children.append(
                w.HTML(
                    '<p class="vk-help">'
                    + (
                        "Edit the file in a text editor or JupyterLab and save it: this "
                        "preview follows within a second or two."
                        if following
                        else "Reload this page to see the file as it is now."
                    )
                    + "</p>"
                )
            )
    else:
        children.append(
            w.HTML(
                "<p>Choose a question set to see it as practitioners will. Edit its file and "
                "save: the preview follows, and says what to fix if the file has a mistake.</p>"
            )
        )
    files = template_files(folders, principles)
    children.append(w.HTML("<h2>Templates found</h2>" + templates_list_html(files, current)))
    own = next((f.path for f in folders if f.where == "own"), None)
    if own is not None:
        children.append(
            w.HTML(
                '<p class="vk-help">Your own templates go in '
                f"<code>{html.escape(str(own))}</code>; "
                "<code>vigkit templates new</code> copies a shipped one there to adapt.</p>"
            )
        )
    page = w.VBox(children)
    page.add_class("vk-page")
    page.preview = preview  # type: ignore[attr-defined]  # tests reach the preview here
    return page
