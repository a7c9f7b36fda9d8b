"""The trainer's preview: a question set as practitioners will see it, following the file.

The form is the very :class:`~vigkit.ui.forms.questionset.ReflectionForm` the reflection page shows, on
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
from pathlib import Path
from typing import Any

import ipywidgets as w
from traitlets import TraitError

from vigkit.core import clock
from vigkit.core.records import Practitioner
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.store import Store
from vigkit.templates.previewfiles import (
    WHERE_WORDS,
    Folder,
    PreviewNotFound,
    TemplateFile,
    find_preview_file,
    load_for_preview,
    stamp,
    template_files,
)
from vigkit.templates.principles import Principles
from vigkit.ui.forms.questionset import ReflectionForm
from vigkit.ui.runtime.pagedata import (
    current_practitioner,
    page_store,
    principles_template,
    question_set_dirs,
)
from vigkit.ui.runtime.pagehtml import link, message_html, nav_html, say_html
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = [
    "TemplatePreview",
    "example_clips",
    "preview_page",
    "template_folders",
    "templates_list_html",
    "trainer_interface",
]

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
AUTHOR = "trainer-preview"
# Example clips, so a clip_picker shows its drop-downs as it does on a real cycle.
_EXAMPLES = [
    (1, "0:12.0–0:18.5 · Being attentive"),
    (2, "1:03.0–1:09.0 · Encouraging initiatives"),
]
NOT_SAVED = ENGLISH["home.preview.not_saved"]


def example_clips(ui: Interface | None = None) -> list[tuple[int, str]]:
    """The example clips a clip_picker offers in the preview, marked as examples."""
    mark = (ui or Interface()).say("home.preview.example_clip")
    return [(ident, f"{label} · {mark}") for ident, label in _EXAMPLES]


EXAMPLE_CLIPS = example_clips()


def where_words(where: str, ui: Interface, *, heading: bool = False) -> str:
    """A template folder in a few words (``own``, ``shipped``), as a heading or in a sentence."""
    key = f"home.preview.{'heading' if heading else 'where'}.{where}"
    if key in ENGLISH:
        return ui.say(key)
    words = WHERE_WORDS.get(where, where)
    return words[0].upper() + words[1:] if heading else words


def template_folders() -> list[Folder]:
    """The service's own question sets first, then the shipped ones (as every page finds them)."""
    own, shipped = question_set_dirs()
    return [Folder("own", own), Folder("shipped", shipped)]


def _now() -> str:
    return f"{clock.local_now():%H:%M:%S}"


_SPARE: list[Store] = []


def warm_up() -> None:
    """Make the preview's scratch store (an in-memory database, migrated: a quarter of a
    second) while a preheated kernel waits for its visitor."""
    if not _SPARE:
        _SPARE.append(Store.in_memory())


def _scratch_store() -> Store:
    """A fresh in-memory store: the one made while the kernel waited, else a new one."""
    return _SPARE.pop() if _SPARE else Store.in_memory()


class TemplatePreview:
    """One template file shown as its form, replaced whenever the file is saved."""

    def __init__(
        self,
        path: Path,
        where: str = "own",
        principles: Principles | None = None,
        store: Store | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.path = path
        self.where = where
        self.ui = ui or Interface()
        self.principles = principles
        self.store = store or _scratch_store()
        if not self.store.list_practitioners():
            self.store.add_practitioner(Practitioner(id=AUTHOR, display_name="Trainer (preview)"))
        self.form: ReflectionForm | None = None
        self.problems: list[str] = []
        self.shown_at = ""
        self._stamp: tuple[int, int] | None = None
        self._task: asyncio.Task[None] | None = None
        self.status = StaticHTML("")
        self.problem_box = StaticHTML("")
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
                problems = [
                    self.ui.say(
                        "home.preview.not_built", file=self.path.name, error=self.ui.error(exc)
                    )
                ]
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
            qset,
            self.store,
            author_id=AUTHOR,
            principles=self.principles,
            clips=example_clips(self.ui),
            ui=self.ui,
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
        ui = self.ui
        where = {
            "file": f"<code>{html.escape(self.path.name)}</code>",
            "folder": html.escape(where_words(self.where, ui)),
            "path": f"<code>{html.escape(str(self.path.parent))}</code>",
        }
        if self.form is not None:
            qset = self.form.qset
            status = say_html(
                ui,
                "home.preview.status_of",
                title=f"<strong>{html.escape(qset.title)}</strong>",
                id=f"<code>{html.escape(qset.id)}</code>",
                version=html.escape(qset.version),
                **where,
            )
        else:
            status = say_html(ui, "home.preview.status", **where)
        self.status.value = (
            f'<p class="vk-preview-status">{status}'
            + (
                " " + html.escape(ui.say("home.preview.shown_at", time=self.shown_at))
                if self.shown_at
                else ""
            )
            + "</p>"
        )
        if not self.problems:
            self.problem_box.value = ""
            return
        count = len(self.problems)
        head = (
            ui.say(
                "home.preview.problems.one" if count == 1 else "home.preview.problems.many",
                file=self.path.name,
                count=count,
                time=_now(),
            )
            + " "
            + (
                ui.say("home.preview.last_good", time=self.shown_at)
                if self.form is not None
                else ui.say("home.preview.nothing")
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


def templates_list_html(
    files: list[TemplateFile], current: Path | None = None, ui: Interface | None = None
) -> str:
    """The templates found, by folder, each linking to its preview."""
    ui = ui or Interface()
    parts: list[str] = []
    for where in WHERE_WORDS:
        items = []
        for f in (f for f in files if f.where == where):
            if f.problems:
                key = f"home.preview.file_problems.{'one' if f.problems == 1 else 'many'}"
                about = " — " + ui.say(key, count=f.problems)
                label = f.path.name
            else:
                about = " — " + ui.say(
                    "home.preview.file_about", id=f.id, version=f.version, file=f.path.name
                )
                label = f.title or f.path.name
            mark = (
                " " + ui.say("home.preview.shown_above")
                if current is not None and f.path == current
                else ""
            )
            items.append(f"<li>{link(f.href, label)}{html.escape(about + mark)}</li>")
        body = (
            f"<ul class='vk-list'>{''.join(items)}</ul>"
            if items
            else f"<p>{html.escape(ui.say('home.preview.none_yet'), quote=False)}</p>"
        )
        parts.append(f"<h3>{html.escape(where_words(where, ui, heading=True))}</h3>{body}")
    return "".join(parts)


def _header(ui: Interface) -> w.HTML:
    title = html.escape(ui.say("home.preview.title"), quote=False)
    return StaticHTML(nav_html(ui, ("preview.ipynb", "home.nav.preview")) + f"<h1>{title}</h1>")


def trainer_interface() -> Interface:
    """The interface in the language of whoever uses the workbook (see :mod:`pagelanguage`)."""
    store = page_store()
    return page_interface(store, current_practitioner(store))


def preview_page(
    model: str = "",
    file: str = "",
    where: str = "",
    *,
    folders: list[Folder] | None = None,
    watch: bool = True,
    principles_of: Callable[[], Principles] = principles_template,
    ui: Interface | None = None,
) -> w.Widget:
    """A question set as practitioners will see it, refreshed when its file is saved.

    Opened with ``?model=ID`` or ``?file=NAME.yaml`` (and ``&where=own|shipped``); with
    neither, the list of templates to choose from. The page's words are in the trainer's
    language; with ``folders`` given (tests, tools) and no ``ui``, in English.
    """
    if ui is None:
        ui = trainer_interface() if folders is None else Interface()
    folders = folders if folders is not None else template_folders()
    principles = principles_of()
    children: list[w.Widget] = [_header(ui)]
    preview: TemplatePreview | None = None
    current: Path | None = None
    if model or file:
        try:
            current, found_in = find_preview_file(folders, principles, model, file, where)
        except PreviewNotFound as exc:
            children.append(StaticHTML(message_html(ui.error(exc), "error")))
        else:
            preview = TemplatePreview(current, found_in, principles, ui=ui)
            children += [
                StaticHTML(message_html(ui.say("home.preview.not_saved"), "info")),
                preview.widget,
            ]
            following = watch and preview.start_watching()
            children.append(
                StaticHTML(
                    '<p class="vk-help">'
                    + html.escape(
                        ui.say("home.preview.follows" if following else "home.preview.reload"),
                        quote=False,
                    )
                    + "</p>"
                )
            )
    else:
        children.append(
            StaticHTML(f"<p>{html.escape(ui.say('home.preview.choose'), quote=False)}</p>")
        )
    files = template_files(folders, principles)
    found = html.escape(ui.say("home.preview.found"), quote=False)
    children.append(StaticHTML(f"<h2>{found}</h2>" + templates_list_html(files, current, ui)))
    own = next((f.path for f in folders if f.where == "own"), None)
    if own is not None:
        children.append(
            StaticHTML(
                '<p class="vk-help">'
                + say_html(
                    ui,
                    "home.preview.own_go",
                    folder=f"<code>{html.escape(str(own))}</code>",
                    command="<code>vigkit templates new</code>",
                )
                + "</p>"
            )
        )
    page = w.VBox(children)
    page.add_class("vk-page")
    page.preview = preview  # tests reach the preview here
    return page
