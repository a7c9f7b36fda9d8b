"""The case workbook page: a family's case, its progress, and the forms to keep it up to date."""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass
from urllib.parse import quote

import ipywidgets as w

from vigkit import paths
from vigkit.core import clock
from vigkit.core.access import Action, CaseRef
from vigkit.core.errors import VigkitError
from vigkit.core.records import Case, Clip, Consent, Film, HelpingQuestion
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import (
    CaseSnapshot,
    deletion_date,
)
from vigkit.i18n.interface import Interface, clip_time
from vigkit.i18n.words.film import CONTEXT_KEYS
from vigkit.store import Store
from vigkit.store.snapshot import snapshot_from_store, snapshots_from_store
from vigkit.templates.principles import Principles
from vigkit.ui.forms.case import CaseDetailsForm, HelpingQuestionsForm, status_label
from vigkit.ui.forms.consent import ConsentForm
from vigkit.ui.forms.helpingquestions import say_html
from vigkit.ui.parts.caseprogress import progress_html
from vigkit.ui.parts.erasure import ErasePanel
from vigkit.ui.parts.keepsake import KeepsakePart
from vigkit.ui.parts.lists import caseload_html, reflection_list
from vigkit.ui.parts.measures import MeasuresForm
from vigkit.ui.runtime.folds import LazyFolds, lazy_folds
from vigkit.ui.runtime.later import shown_then_drawn
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagedata import (
    current_practitioner,
    page_store,
    principles_template,
    refuse_unless,
    service_settings,
)
from vigkit.ui.runtime.pagehtml import link, message_html, page_header
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["case_page"]

log = logging.getLogger(__name__)


def _h(ui: Interface, tag: str, key: str, **values: object) -> str:
    """An element holding the words of ``key``, escaped."""
    return f"<{tag}>{html.escape(ui.say(key, **values), quote=False)}</{tag}>"


def _new_case(who_id: str, ui: Interface | None = None) -> w.Widget:
    """The caseload's "new case" form; once saved, a link to the new case."""
    ui = ui or Interface()
    done = StaticHTML("")

    def saved(case: Case) -> None:
        opened = link(
            "case.ipynb?case=" + quote(case.code), ui.say("case.new.open", code=case.code)
        )
        done.value = message_html(ui.say("case.new.saved", code=case.code), "success") + (
            f"<p>{opened}: {say_html(ui, 'case.new.next')}</p>"
        )

    form = CaseDetailsForm(page_store(), who_id, on_saved=saved, ui=ui)
    return w.VBox([StaticHTML(_h(ui, "h2", "case.new.heading")), form.widget, done])


def footage_html(snap: CaseSnapshot, settings: ServiceSettings, ui: Interface | None = None) -> str:
    """Where the footage stands: kept while involvement goes on, else the day it must go."""
    ui = ui or Interface()
    due = deletion_date(snap, settings, say=ui.say)
    if due is None:
        return ""
    day, why = due
    return message_html(
        ui.say("case.footage", code=snap.case.code, day=ui.date(day), why=why),
        "warning" if day <= clock.today() else "info",
    )


def _groups_line(store: Store, code: str, ui: Interface | None = None) -> str:
    """The group VIG groups a family belongs to, linked; nothing when none."""
    groups = store.groups.list(case_code=code)
    if not groups:
        return ""
    links = ", ".join(
        link(f"group.ipynb?group={quote(g.code)}", f"{g.code} ({g.title})") for g in groups
    )
    return f"<p>{say_html(ui or Interface(), 'case.page.groups', links=links)}</p>"


def _case_forms(case: Case, ui: Interface, snap: CaseSnapshot) -> tuple[w.Widget, LazyFolds]:
    """Details, consent and helping questions, each in a fold the practitioner opens."""
    store = page_store()
    footage = StaticHTML(footage_html(snap, service_settings(), ui))
    footage.add_class("vk-footage")

    def refresh(_saved: object) -> None:
        footage.value = footage_html(snapshot_from_store(store, case.code), service_settings(), ui)

    def details() -> w.Widget:
        form = CaseDetailsForm(store, case.practitioner_id, case, ui=ui)
        form.on_saved = refresh
        return form.widget

    say = ui.say
    folds = lazy_folds(
        [
            (say("case.forms.details"), details),
            (
                say("case.forms.consent"),
                lambda: (
                    ConsentForm(
                        store, case.code, service_settings(), on_saved=refresh, ui=ui
                    ).widget
                ),
            ),
            (
                say("case.forms.helping_questions"),
                lambda: HelpingQuestionsForm(store, case.code, ui=ui).widget,
            ),
            (
                say("measures.fold"),
                lambda: MeasuresForm(store, case, service_settings(), ui).widget,
            ),
        ]
    )
    box = w.VBox([StaticHTML(_h(ui, "h2", "case.forms.heading")), footage, folds.widget])
    return box, folds


def _strengths_maker(case: Case, ui: Interface | None = None) -> tuple[w.Widget, LongWork]:
    """One click: the family's record of strengths, to open, print or download."""
    from vigkit.reports.strengths import DOCX_NAME, HTML_NAME, PDF_NAME, write_record_of_strengths
    from vigkit.ui.runtime.links import export_url_from_page

    ui = ui or Interface()
    button = w.Button(description=ui.say("case.strengths.make"), icon="file")
    button.tooltip = ui.say("case.strengths.make.tooltip")
    status = StaticHTML("")

    work = LongWork(ui, stoppable=False)

    def write(_progress: Progress, _cancel: threading.Event) -> None:
        data = paths.data_dir()
        write_record_of_strengths(
            page_store(), case.code, data / "exports" / case.code, data, ui=ui
        )

    def failed(exc: BaseException) -> None:
        button.disabled = False
        log.exception("record of strengths not made for %s", case.code, exc_info=exc)
        if isinstance(exc, VigkitError | OSError):
            status.value = message_html(
                ui.say("case.strengths.failed", error=ui.error(exc)), "error"
            )
        else:  # never "Making…" for ever: say it, detail in the log
            status.value = message_html(ui.say("case.strengths.failed.unexpected"), "error")

    def done(_written: None) -> None:
        button.disabled = False
        html_link = export_url_from_page(case.code, HTML_NAME)
        docx_link = export_url_from_page(case.code, DOCX_NAME)
        pdf_link = export_url_from_page(case.code, PDF_NAME)
        status.value = message_html(ui.say("case.strengths.ready"), "success") + (
            f'<p><a href="{html.escape(html_link, quote=True)}" target="_blank">'
            f"{say_html(ui, 'case.strengths.print')}</a> · "
            f'<a href="{html.escape(docx_link, quote=True)}" download>'
            f"{say_html(ui, 'case.strengths.word')}</a> · "
            f'<a href="{html.escape(pdf_link, quote=True)}" download>'
            f"{say_html(ui, 'case.strengths.pdf')}</a></p>"
        )

    def make(_b: w.Button) -> None:
        """Written off the kernel's event loop: the page keeps answering; one at a time."""
        if work.start(ui.say("case.strengths.making"), write, done, failed):
            button.disabled = True
            status.value = ""

    button.on_click(make)
    box = w.VBox([StaticHTML(_h(ui, "h2", "case.strengths.heading")), button, work.widget, status])
    return box, work


def _consent_html(consent: Consent | None, ui: Interface) -> str:
    """The case's current consent, each use yes or no, and its withdrawal."""
    if consent is None:
        return message_html(ui.say("case.page.consent.none"), "error")
    uses = {
        "filming": consent.filming,
        "supervisor_viewing": consent.supervisor_viewing,
        "intervision": consent.intervision,
        "training_events": consent.training_events,
        "group_viewing": consent.group_viewing,
        "family_copy": consent.family_copy,
    }
    yes, no = say_html(ui, "case.yes"), say_html(ui, "case.no")
    items = "".join(
        "<li>"
        + say_html(
            ui,
            "case.page.consent.use",
            use=say_html(ui, f"case.page.use.{name}"),
            answer=f"<strong>{yes if given else no}</strong>",
        )
        + "</li>"
        for name, given in uses.items()
    )
    withdrawn = (
        "<p><strong>"
        + say_html(ui, "case.page.consent.withdrawn", day=ui.date(consent.withdrawn_on, short=True))
        + "</strong></p>"
        if consent.withdrawn_on
        else ""
    )
    given = say_html(
        ui,
        "case.page.consent.given",
        day=ui.date(consent.given_on, short=True),
        months=consent.retention_months,
    )
    return f"<p>{given}</p><ul>{items}</ul>{withdrawn}"


def _helping_questions_html(questions: list[HelpingQuestion], ui: Interface) -> str:
    """Each helping question in the parent's words, with its ratings."""
    hq_rows = []
    for hq in questions:
        ratings = ", ".join(
            say_html(
                ui,
                "case.page.hq.rating",
                value=r.value,
                occasion=html.escape(r.occasion),
                day=ui.date(r.rated_on, year=False),
            )
            for r in hq.ratings
        )
        hoped = (
            say_html(ui, "case.page.hq.hoped", value=hq.hoped_for)
            if hq.hoped_for is not None
            else ""
        )
        item = say_html(
            ui,
            "case.page.hq.item",
            words=html.escape(hq.words),
            ratings=ratings or say_html(ui, "case.page.hq.none_rated"),
            hoped=hoped,
        )
        hq_rows.append(f"<li>{item}</li>")
    return "".join(hq_rows) or f"<li>{say_html(ui, 'case.page.hq.none')}</li>"


def _films_html(
    store: Store, record: Case, clips: list[Clip], principles: Principles, ui: Interface
) -> str:
    """Each film with its clips (times, principles, what I see) and its links."""
    review_model = service_settings().templates.shared_review
    film_parts = []
    by_film: dict[int | None, list[Clip]] = {}
    for clip in clips:
        by_film.setdefault(clip.film_id, []).append(clip)
    for film in store.films.list(record.code):
        review = link(
            f"reflection.ipynb?model={quote(review_model)}&case={quote(record.code)}"
            f"&cycle={film.cycle_number}",
            ui.say("case.page.film.review", cycle=film.cycle_number),
        )
        analyse = link(
            f"microanalysis.ipynb?case={quote(record.code)}&film={film.id}",
            ui.say("case.page.film.analyse"),
        )
        clips_table = _clips_table(by_film.get(film.id, []), principles, ui)
        film_parts.append(
            f"<h3>{_film_title(film, ui)}</h3><p>{analyse} · {review}</p>{clips_table}"
        )
    return "".join(film_parts) or _h(ui, "p", "case.page.films.none")


def _clips_table(clips: list[Clip], principles: Principles, ui: Interface) -> str:
    """A film's clips: times, principles (by heading) and what I see; or a line saying none."""
    clip_rows = []
    for clip in clips:
        headings = []
        for pid in clip.principle_ids:
            try:
                headings.append(principles.heading_of(pid).heading)
            except KeyError:  # a principle a trainer has since removed: show its id
                headings.append(pid)
        headings = list(dict.fromkeys(headings))
        times = say_html(
            ui, "case.page.clips.times", start=clip_time(clip.start_s), end=clip_time(clip.end_s)
        )
        clip_rows.append(
            f'<tr><td class="vk-nowrap">{times}</td>'
            f"<td>{html.escape(', '.join(headings))}</td><td>{html.escape(clip.what_i_see)}</td></tr>"
        )
    if not clip_rows:
        return _h(ui, "p", "case.page.clips.none")
    head = "".join(
        f'<th scope="col">{say_html(ui, key)}</th>'
        for key in (
            "case.page.clips.clip",
            "case.page.clips.principles",
            "case.page.clips.what_i_see",
        )
    )
    return (
        f'<table class="vk-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(clip_rows)}</tbody></table>"
    )


def _film_title(film: Film, ui: Interface) -> str:
    """A film's heading: its cycle, day, context (in the page's words when a register
    choice) and length."""
    if not film.context:
        context = say_html(ui, "case.page.film.everyday")
    elif film.context in CONTEXT_KEYS:  # one of the film register's choices: its words
        context = html.escape(ui.say(CONTEXT_KEYS[film.context]))
    else:
        context = html.escape(film.context)
    return say_html(
        ui,
        "case.page.film",
        cycle=film.cycle_number,
        day=ui.date(film.filmed_on, short=True),
        context=context,
        seconds=f"{film.duration_s:.0f}",
    )


def _about_html(record: Case, ui: Interface) -> str:
    """The case's setting, age at referral, status and referral reason."""
    if record.age_months is not None:
        age = say_html(ui, "case.page.age_months", count=record.age_months)
    elif record.age_weeks_pregnant:
        age = say_html(ui, "case.page.age_pregnant", count=record.age_weeks_pregnant)
    else:
        age = say_html(ui, "case.not_given")
    not_given = say_html(ui, "case.not_given")
    setting = html.escape(record.setting) if record.setting else not_given
    reason = html.escape(record.referral_reason) if record.referral_reason else not_given
    status = html.escape(status_label(record.status, ui), quote=False)
    return (
        "<p>"
        + " · ".join(
            (
                say_html(ui, "case.page.setting", setting=setting),
                say_html(ui, "case.page.age", age=age),
                say_html(ui, "case.page.status", status=status),
            )
        )
        + "</p>"
        + f"<p>{say_html(ui, 'case.page.reason', reason=reason)}</p>"
    )


@dataclass(eq=False)
class CasePage(Page):
    """The case page (or, without a case, the caseload); ``forms``: the folds of its forms,
    ``strengths``: the record of strengths' long work, ``keepsake``: the family's copy,
    ``eraser``: the erasure panel."""

    forms: LazyFolds | None = None
    strengths: LongWork | None = None
    eraser: ErasePanel | None = None
    keepsake: KeepsakePart | None = None


def case_page(case: str = "") -> CasePage:
    """One family's case: details, consent, helping questions, films and clips."""
    from vigkit.ui.runtime.pagelanguage import page_interface

    store = page_store()
    who = current_practitioner(store)
    ui = page_interface(store, who)
    if not case:
        parts: list[w.Widget] = [
            page_header(ui.say("case.page.caseload_title"), who, ui),
            StaticHTML(caseload_html(store, who, ui)),
        ]
        if who is not None:
            parts.append(_new_case(who.id, ui))
        return CasePage(page_box(parts))
    record = store.cases.get(case)
    case_ref = CaseRef(record.code, record.practitioner_id)
    refuse_unless(store, Action.view, case_ref, "error.access.case", who)
    snap = snapshots_from_store(store, [record.code])[record.code]  # one read for the page
    principles = principles_template()
    register = link(f"microanalysis.ipynb?case={quote(record.code)}", ui.say("case.page.register"))
    reflect = link("reflection.ipynb?case=" + quote(record.code), ui.say("case.page.reflect"))
    body = StaticHTML(
        _about_html(record, ui)
        + _groups_line(store, record.code, ui)
        + _h(ui, "h2", "case.page.consent")
        + _consent_html(snap.consent, ui)
        + _h(ui, "h2", "case.page.helping_questions")
        + f"<ul>{_helping_questions_html(snap.helping_questions, ui)}</ul>"
        + _h(ui, "h2", "case.page.films")
        + f"<p>{register}</p>"
        + _films_html(store, record, snap.clips, principles, ui)
        + _h(ui, "h2", "case.page.reflections")
        + f"<p>{reflect}</p>"
        + (reflection_list(store, who, record.code, ui) if who else "")
    )
    settings = service_settings()
    progress = shown_then_drawn(  # a plot not drawn yet follows the page (runtime/later)
        lambda plots: progress_html(snap, principles, settings, ui, plots)
    )
    header = page_header(ui.say("case.page.title", code=record.code), who, ui)
    page = page_box()

    def erased(message: str) -> None:  # nothing of the family stays on the page
        page.children = [header, StaticHTML(message)]

    eraser = ErasePanel(store, record, ui, erased)
    forms, folds = _case_forms(record, ui, snap)
    strengths, work = _strengths_maker(record, ui)
    keepsake = KeepsakePart(store, record, ui)
    page.children = [header, progress, forms, body, strengths, keepsake.widget, eraser.widget]
    return CasePage(page, folds, work, eraser, keepsake)
