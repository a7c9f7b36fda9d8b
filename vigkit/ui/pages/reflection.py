"""The reflection page: a reflective log entry written with a chosen model, the clips of a
cycle to point at, and the practitioner's saved reflections."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

import ipywidgets as w

from vigkit.core.access import Action, CaseRef, ReflectionRef
from vigkit.core.errors import TemplateNotFound
from vigkit.core.records import Practitioner, Reflection
from vigkit.core.settings import ServiceSettings
from vigkit.core.supervisionrules import supervisor_only
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.templates import QuestionSet
from vigkit.ui.forms.questionset import ReflectionForm
from vigkit.ui.parts.lists import reflection_list
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagedata import (
    current_practitioner,
    find_template,
    is_review,
    page_store,
    principles_template,
    reflection_models,
    refuse_unless,
    service_settings,
)
from vigkit.ui.runtime.pagehtml import link, message_html, page_header, say_html, say_text
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["reflection_page", "cycle_clips", "template_for_record"]


def cycle_clips(
    store: Store, case_code: str, cycle: int, ui: Interface | None = None
) -> list[tuple[int, str]]:
    """The clips of a cycle's films, as a clip picker offers them: id and a short label."""
    ui = ui or Interface()
    principles = principles_template()
    out: list[tuple[int, str]] = []
    for film in store.films.list(case_code):
        if film.cycle_number != cycle:
            continue
        for clip in store.films.list_clips(film_id=film.id):
            headings: list[str] = []
            for pid in clip.principle_ids:
                try:
                    headings.append(principles.heading_of(pid).heading)
                except KeyError:  # a principle a trainer has since removed: show its id
                    headings.append(pid)
            seen = clip.what_i_see.strip().splitlines()[0][:60] if clip.what_i_see.strip() else ""
            parts = [
                ui.say("film.clips.span", start=clip_time(clip.start_s), end=clip_time(clip.end_s)),
                ", ".join(dict.fromkeys(headings)),
                seen,
            ]
            out.append((clip.id or 0, " · ".join(p for p in parts if p)))
    return out


def template_for_record(
    store: Store, record: Reflection, language: str | None = None, ui: Interface | None = None
) -> tuple[QuestionSet, str]:
    """The question set a saved record was answered under, and a note when it is not current.

    The store's copy of the record's version is used when the template has changed since
    (or is gone); without a copy, the current version opens and the form keeps the answers
    it does not ask for.
    """
    ui = ui or Interface()
    try:
        current: QuestionSet | None = find_template(record.template_id, language)
    except TemplateNotFound:
        current = None
    if current is not None and current.version == record.template_version:
        return current, ""
    body = store.templates.body(record.template_id, record.template_version)
    if body is not None:
        kept = QuestionSet.model_validate(body)
        now_is = (
            ui.say("home.version.current_is", version=current.version)
            if current
            else ui.say("home.version.gone")
        )
        note = ui.say("home.version.kept", kept=kept.version, now_is=now_is)
        return kept, message_html(note, "info")
    if current is None:
        raise TemplateNotFound(record.template_id)
    note = ui.say(
        "home.version.newer",
        old=record.template_version,
        new=current.version,
    )
    return current, message_html(note, "info")


@dataclass(eq=False)
class ReflectionPage(Page):
    """The reflection page; ``form``: the reflection's form (None when the page shows only a
    message)."""

    form: ReflectionForm | None = None


def _intro(
    qset: QuestionSet,
    case_code: str | None,
    settings: ServiceSettings,
    version_note: str,
    ui: Interface,
) -> w.HTML:
    """What the page holds: the case, links to the other models, the note on an older version
    of the model, and help. The model's title is the form's heading, shown once: not here."""
    others = " · ".join(
        link(
            f"reflection.ipynb?model={quote(q.id)}"
            + (f"&case={quote(case_code)}" if case_code else ""),
            q.title,
        )
        for q in reflection_models(settings, ui.language)
        if q.id != qset.id
    )
    about = [say_html(ui, "home.reflection.case", case=html.escape(case_code))] if case_code else []
    if others:
        about.append(say_html(ui, "home.reflection.others", links=others))
    return StaticHTML(
        (f"<p>{' '.join(about)}</p>" if about else "")
        + version_note
        + f'<p class="vk-help">{say_text(ui, "home.reflection.help")}</p>'
    )


def _form(
    store: Store,
    who: Practitioner,
    qset: QuestionSet,
    case_code: str | None,
    cycle: str,
    existing: Reflection | None,
    saved_list: w.HTML,
    ui: Interface,
    most_clips: int,
) -> ReflectionForm:
    """The reflection's form, with the cycle's clips to pick from; saving refreshes
    ``saved_list``."""
    clips = cycle_clips(store, case_code, int(cycle), ui) if case_code and cycle else []
    return ReflectionForm(
        qset,
        store,
        author_id=who.id,
        principles=principles_template(),
        case_code=case_code,
        cycle_number=int(cycle) if cycle else None,
        reflection=existing,
        on_saved=lambda _r: setattr(
            saved_list, "value", reflection_list(store, who, case_code, ui)
        ),
        clips=clips,
        ui=ui,
        most_clips=most_clips,
    )


def _said(ui: Interface, key: str, kind: str = "error", **values: object) -> ReflectionPage:
    """A page that only says why there is no form (in plain words)."""
    return ReflectionPage(StaticHTML(message_html(ui.say(key, **values), kind)))


def _rescale(
    store: Store, qset: QuestionSet, case_code: str | None, settings: ServiceSettings, ui: Interface
) -> list[w.Widget]:
    """On a shared review of a case, the family's helping questions to rate again."""
    if not (is_review(qset, settings) and case_code):
        return []
    from vigkit.ui.forms.case import HelpingQuestionsForm

    return [
        StaticHTML(
            f"<h2>{say_text(ui, 'home.reflection.rescale')}</h2>"
            f'<p class="vk-help">{say_text(ui, "home.reflection.rescale.help")}</p>'
        ),
        HelpingQuestionsForm(store, case_code, ui=ui).widget,
    ]


def reflection_page(
    model: str = "", case: str = "", reflection: str = "", cycle: str = ""
) -> ReflectionPage:
    """A reflective log entry with a chosen model; drafts come back when the page reopens.

    The model's template id comes as ``?model=``: Voilà keeps ``?template=`` for its own use.
    """
    store = page_store()
    who = current_practitioner(store)
    ui = page_interface(store, who)
    if who is None:
        return _said(ui, "home.reflection.who_first", "info")
    existing: Reflection | None = None
    if reflection:
        if not reflection.isdigit():
            return _said(ui, "home.reflection.not_number", given=repr(reflection))
        existing = store.reflections.get(int(reflection))
        refuse_unless(
            store, Action.view, ReflectionRef(existing.author_id), "error.access.reflection"
        )
        model, case = existing.template_id, existing.case_code or ""
        cycle = str(existing.cycle_number or "")
    if cycle and not cycle.isdigit():
        return _said(ui, "home.reflection.not_cycle", given=repr(cycle))
    settings = service_settings()
    version_note = ""
    if existing is not None:
        qset, version_note = template_for_record(store, existing, ui.language, ui)
    else:
        qset = find_template(model or settings.templates.reflection, ui.language)
    if supervisor_only(qset):
        # A supervision record (its observations are the supervisor's) is kept on the
        # Supervision page, which knows who may write what: never as a reflection.
        return _said(ui, "home.reflection.supervision_record", model=qset.id)
    case_code = case.upper() if case else None
    if case_code:
        linked = store.cases.get(case_code)  # a clear "no such case" rather than an orphan
        refuse_unless(
            store, Action.view, CaseRef(linked.code, linked.practitioner_id), "error.access.case"
        )
    saved_list = StaticHTML(reflection_list(store, who, case_code, ui))
    most_clips = settings.max_clips_per_film
    form = _form(store, who, qset, case_code, cycle, existing, saved_list, ui, most_clips)
    page = page_box(
        [
            page_header(ui.say("home.reflection.title"), who, ui),
            _intro(qset, case_code, settings, version_note, ui),
            form.widget,
            *_rescale(store, qset, case_code, settings, ui),
            StaticHTML(f"<h2>{say_text(ui, 'home.reflection.saved')}</h2>"),
            saved_list,
        ]
    )
    return ReflectionPage(page, form)
