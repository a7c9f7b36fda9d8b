"""The supervision workbook page: a trainee's supervision records (sign-off, amendments),
their accreditation progress, and the portfolio for a transition or accreditation meeting.

Opened as ``supervision.ipynb?trainee=<id>&record=<n>``. A trainee sees their own records;
a supervisor (or trainer) names the trainee. Built inside :func:`vigkit.ui.pages.run_page`.
"""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass
from urllib.parse import quote

import ipywidgets as w

from vigkit import paths
from vigkit.core.access import Action, SupervisionRef
from vigkit.core.accreditationprogress import RequirementProgress
from vigkit.core.errors import NotFound, VigkitError
from vigkit.core.records import Practitioner, Role
from vigkit.core.supervisionprogress import (
    CycleOn,
    progress_in_words,
    requirements_alt,
    trainee_progress,
)
from vigkit.core.supervisionrecords import Supervision
from vigkit.core.supervisionrules import ClipOption, as_amended
from vigkit.i18n.interface import ENGLISH, Interface, clip_time
from vigkit.media.plotcache import words_key
from vigkit.reports.plots import figure_png, plot_requirements
from vigkit.store import Store
from vigkit.templates.model import QuestionSet
from vigkit.ui.forms.amendments import AmendmentForm, amendments_html
from vigkit.ui.forms.supervision import CLIPS_QUESTION, SupervisionForm
from vigkit.ui.parts.supervisionclips import brought_clips_html
from vigkit.ui.runtime.later import LatePlots, plot_img, shown_then_drawn
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagedata import (
    allowed,
    current_practitioner,
    find_template,
    page_store,
    principles_template,
    refuse_unless,
    visible_supervisions,
)
from vigkit.ui.runtime.pagehtml import link, message_html, page_header, say_html
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = [
    "supervision_page",
    "SupervisionPage",
    "progress_part",
    "clip_options",
    "amended_records",
    "TEMPLATE_ID",
]

log = logging.getLogger(__name__)
TEMPLATE_ID = "supervision"
# The folder names the export route serves (vigkit.server.mediaroute.EXPORT_ROUTE).


def _h(ui: Interface, tag: str, key: str, **values: object) -> str:
    """``<tag>`` holding the words of ``key``, escaped."""
    return f"<{tag}>{html.escape(ui.say(key, **values), quote=False)}</{tag}>"


def clip_options(store: Store, trainee_id: str, ui: Interface | None = None) -> list[ClipOption]:
    """Every clip of the trainee's own films, labelled with its case, cycle and times."""
    ui = ui or Interface()
    principles = principles_template()
    out = []
    for item in store.supervision.trainee_clips(trainee_id):
        clip, film = item.clip, item.film
        headings = []
        for pid in clip.principle_ids:
            try:
                headings.append(principles.heading_of(pid).heading)
            except KeyError:
                headings.append(pid)
        parts = [
            ui.say("supervision.clip.cycle", case=film.case_code, cycle=film.cycle_number),
            film.context,
            ui.say("film.clips.span", start=clip_time(clip.start_s), end=clip_time(clip.end_s)),
            ", ".join(dict.fromkeys(headings)),
        ]
        out.append(ClipOption(clip.id or 0, film.case_code, " · ".join(p for p in parts if p)))
    return out


def amended_records(store: Store, trainee_id: str) -> list[Supervision]:
    """The trainee's supervision records as they stand after their amendments."""
    return [
        as_amended(r, store.supervision.list_amendments(r.id or 0))
        for r in visible_supervisions(store, trainee_id)
    ]


def _table(caption: str, reqs: tuple[RequirementProgress, ...], ui: Interface) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{r.done:g}</td><td>{r.required:g}</td>"
        f"<td>{html.escape(r.left)}</td></tr>"
        for r in reqs
    )
    heads = "".join(
        f"<th scope='col'>{say_html(ui, f'supervision.progress.{key}')}</th>"
        for key in ("requirement", "done", "required", "left")
    )
    return (
        f'<table class="vk-table"><caption>{html.escape(caption)}</caption><thead><tr>'
        f"{heads}</tr></thead><tbody>{rows}</tbody></table>"
    )


def progress_part(store: Store, trainee: Practitioner, ui: Interface | None = None) -> w.Widget:
    """Stage, cycles, families, supervision hours and meetings against the requirements."""
    from vigkit.templates.accreditationfile import load_accreditation

    ui = ui or Interface()
    say = ui.say
    try:
        requirements = load_accreditation()
    except VigkitError as exc:
        return StaticHTML(
            _h(ui, "h2", "supervision.progress.heading")
            + message_html(say("supervision.progress.unreadable", error=ui.error(exc)), "error")
        )
    records = amended_records(store, trainee.id)
    cycles = [CycleOn(c.case_code, c.done_on) for c in store.supervision.trainee_cycles(trainee.id)]
    group_hours = store.sessions.supervision_hours(trainee.id).get(trainee.id, 0.0)
    progress = progress_in_words(
        requirements,
        trainee_progress(requirements, cycles, records, trainee.stage, group_hours),
        say,
    )
    numbers = [s.stage for s in progress.stages]
    current = trainee.stage if trainee.stage in numbers else numbers[0]
    stage = next(s for s in progress.stages if s.stage == current)
    stage_title = say("supervision.progress.stage_title", stage=stage.label)
    total_title = say("supervision.progress.whole")
    is_in = say_html(
        ui,
        "supervision.progress.is_in",
        name=html.escape(trainee.display_name),
        stage=f"<strong>{html.escape(stage.label)}</strong>",
        summary=html.escape(stage.summary),
    )
    words = words_key(ui.language, ui.words)
    others = [s for s in progress.stages if s.stage != current]

    def progress_html(late: LatePlots) -> str:
        stage_png = late.png(
            ("requirements", stage_title, repr(stage.requirements), words),
            lambda: figure_png(plot_requirements(stage_title, stage.requirements, say=say)),
        )
        total_png = late.png(
            ("requirements", total_title, repr(progress.totals), words),
            lambda: figure_png(plot_requirements(total_title, progress.totals, say=say)),
        )
        parts = [
            _h(ui, "h2", "supervision.progress.heading"),
            f"<p>{is_in}</p>",
            f'<p class="vk-help">{say_html(ui, "supervision.progress.help")}</p>',
            _table(stage.label, stage.requirements, ui),
            plot_img(stage_png, requirements_alt(stage_title, stage.requirements, say=say), ui),
            _table(total_title, progress.totals, ui),
            plot_img(total_png, requirements_alt(total_title, progress.totals, say=say), ui),
        ]
        if others:
            parts.append(
                "<ul>" + "".join(f"<li>{html.escape(s.summary)}</li>" for s in others) + "</ul>"
            )
        return "".join(parts)

    # A plot not drawn yet follows the page (runtime/later): drawing both took 0.4 s.
    return shown_then_drawn(progress_html)


def _portfolio_maker(
    store: Store, trainee: Practitioner, ui: Interface | None = None
) -> tuple[w.Widget, LongWork]:
    """One click: the portfolio for a transition or accreditation meeting: HTML, Word and PDF."""
    from vigkit.reports.portfolio import DOCX_NAME, HTML_NAME, PDF_NAME, gather, write_portfolio
    from vigkit.templates.accreditationfile import load_accreditation
    from vigkit.ui.runtime.links import export_url_from_page

    ui = ui or Interface()
    button = w.Button(description=ui.say("supervision.portfolio.make"), icon="file")
    button.tooltip = ui.say("supervision.portfolio.make.tooltip")
    status = StaticHTML("")

    work = LongWork(ui, stoppable=False)
    folder = f"portfolio-{trainee.id}"

    def write(_progress: Progress, _cancel: threading.Event) -> None:
        portfolio = gather(
            store, trainee, load_accreditation(), find_template, principles_template(), ui=ui
        )
        write_portfolio(portfolio, paths.data_dir() / "exports" / folder, ui)

    def failed(exc: BaseException) -> None:
        button.disabled = False
        log.exception("portfolio not made for %s", trainee.id, exc_info=exc)
        if isinstance(exc, VigkitError | OSError):
            said = ui.say("supervision.portfolio.failed", error=ui.error(exc))
        else:  # never "Making…" for ever: say it, detail in the log
            said = ui.say("supervision.portfolio.failed.unexpected")
        status.value = message_html(said, "error")

    def done(_written: None) -> None:
        button.disabled = False
        html_link = export_url_from_page(folder, HTML_NAME)
        docx_link = export_url_from_page(folder, DOCX_NAME)
        pdf_link = export_url_from_page(folder, PDF_NAME)
        links = (
            f'<p><a href="{html.escape(html_link, quote=True)}" target="_blank">'
            f"{say_html(ui, 'supervision.portfolio.print')}</a> · "
            f'<a href="{html.escape(docx_link, quote=True)}" download>'
            f"{say_html(ui, 'supervision.portfolio.word')}</a> · "
            f'<a href="{html.escape(pdf_link, quote=True)}" download>'
            f"{say_html(ui, 'supervision.portfolio.pdf')}</a></p>"
        )
        status.value = message_html(ui.say("supervision.portfolio.ready"), "success") + links

    def make(_b: w.Button) -> None:
        """Written off the kernel's event loop: the page keeps answering; one at a time."""
        if work.start(ui.say("supervision.portfolio.making"), write, done, failed):
            button.disabled = True
            status.value = ""

    button.on_click(make)
    box = w.VBox(
        [
            StaticHTML(
                _h(ui, "h2", "supervision.portfolio.heading")
                + f'<p class="vk-help">{say_html(ui, "supervision.portfolio.help")}</p>'
            ),
            button,
            work.widget,
            status,
        ]
    )
    return box, work


def _mode_words(mode: str, ui: Interface) -> str:
    key = f"supervision.mode.{mode}"
    return ui.say(key) if key in ENGLISH else mode


def _records_html(
    store: Store, trainee: Practitioner, current: int | None, ui: Interface | None = None
) -> str:
    ui = ui or Interface()
    records = visible_supervisions(store, trainee.id)
    base = f"supervision.ipynb?trainee={quote(trainee.id)}"
    items = []
    for r in reversed(records):
        state = (
            ui.say("supervision.records.signed", day=ui.date(r.signed_at.astimezone(), short=True))
            if r.signed_at
            else ui.say("supervision.records.not_signed")
        )
        text = ui.say(
            "supervision.records.item",
            day=ui.date(r.held_on, short=True),
            mode=_mode_words(r.mode.value, ui),
            minutes=r.duration_minutes,
            state=state,
        )
        marker = " " + ui.say("supervision.records.open_below") if r.id == current else ""
        items.append(f"<li>{link(f'{base}&record={r.id}', text)}{html.escape(marker)}</li>")
    listing = (
        f'<ul class="vk-list">{"".join(items)}</ul>'
        if items
        else _h(ui, "p", "supervision.records.none")
    )
    return (
        f"{_h(ui, 'h2', 'supervision.records.heading')}{listing}"
        f"<p>{link(base, ui.say('supervision.records.new'))}</p>"
    )


def _trainees_html(store: Store, ui: Interface | None = None) -> str:
    ui = ui or Interface()
    everyone = {p.id: p for p in store.people.list() if Role.trainee in p.roles}
    mine = allowed(store, Action.view, [SupervisionRef(ident, None) for ident in everyone])
    trainees = [everyone[ref.trainee] for ref in mine]
    if not trainees:
        return _h(ui, "p", "supervision.trainees.none")
    items = "".join(
        f"<li>{link('supervision.ipynb?trainee=' + quote(p.id), p.display_name)}"
        + (
            " " + html.escape(ui.say("supervision.trainees.stage", stage=p.stage), quote=False)
            if p.stage
            else ""
        )
        + "</li>"
        for p in trainees
    )
    return f"{_h(ui, 'h2', 'supervision.trainees.heading')}<ul>{items}</ul>"


_OVERSEE = frozenset({Role.supervisor, Role.trainer})


@dataclass(eq=False)
class SupervisionPage(Page):
    """The supervision page; ``form``: the record's form (None on the list of trainees or a
    page that shows only a message); ``portfolio``: the portfolio's long work."""

    form: SupervisionForm | None = None
    portfolio: LongWork | None = None


def _said(words: str, kind: str = "error") -> SupervisionPage:
    return SupervisionPage(StaticHTML(message_html(words, kind)))


def _whose(
    store: Store, who: Practitioner, trainee: str, record: str, ui: Interface
) -> tuple[Practitioner, Supervision | None] | SupervisionPage:
    """The trainee and record asked for, or the page that says why they cannot be shown."""
    say = ui.say
    person = store.people.get(trainee)
    if person.id != who.id and not _OVERSEE.intersection(who.roles):
        return _said(say("supervision.page.own_only"))
    if Role.trainee not in person.roles:
        return _said(say("supervision.page.not_trainee", name=person.display_name))
    existing: Supervision | None = None
    if record:
        if not record.isdigit():
            return _said(say("supervision.page.not_a_number", record=repr(record)))
        existing = store.supervision.get(int(record))
        if existing.trainee_id != person.id:
            raise NotFound(
                say("supervision.page.not_theirs", record=record, name=person.display_name)
            )
    refuse_unless(
        store,
        Action.view,
        SupervisionRef(person.id, existing.supervisor_id if existing else None),
        "error.access.supervision",
    )
    return person, existing


def _supervisor_choice(
    store: Store,
    who: Practitioner,
    person: Practitioner,
    existing: Supervision | None,
    ui: Interface,
) -> tuple[str | None, w.Dropdown | None]:
    """Who supervises the record: the one it names, the visitor who supervises, or a choice."""
    if existing is not None and existing.supervisor_id:
        return existing.supervisor_id, None
    if Role.supervisor in who.roles and who.id != person.id:
        return who.id, None
    supervisors = [
        p for p in store.people.list() if Role.supervisor in p.roles and p.id != person.id
    ]
    chooser = w.Dropdown(
        options=[(ui.say("supervision.page.not_chosen"), None)]
        + [(p.display_name, p.id) for p in supervisors],
        value=supervisors[0].id if len(supervisors) == 1 else None,
        description=ui.say("supervision.page.supervisor"),
    )
    chooser.style = {"description_width": "initial"}
    return chooser.value, chooser


class _AroundTheRecord:
    """The parts that follow the record as it is saved: the list of records, the clips it
    brings, and (once signed) its amendments with the form to amend it."""

    def __init__(
        self,
        store: Store,
        who: Practitioner,
        person: Practitioner,
        qset: QuestionSet,
        ui: Interface,
    ) -> None:
        self.store, self.who, self.person, self.qset, self.ui = store, who, person, qset, ui
        self.records = StaticHTML("")
        self.brought = StaticHTML("")
        self.amendments = w.VBox()
        self.form: SupervisionForm | None = None

    def show(self, current: Supervision | None, note: str = "") -> None:
        ui, store = self.ui, self.store
        self.records.value = _records_html(store, self.person, current.id if current else None, ui)
        chosen = (current.answers.get(CLIPS_QUESTION) or []) if current is not None else []
        self.brought.value = brought_clips_html(store, current, chosen, ui) if current else ""
        if current is None or not current.signed or self.form is None:
            self.amendments.children = ()
            return
        names = {p.id: p.display_name for p in store.people.list()}
        listing = StaticHTML(
            _h(ui, "h2", "supervision.page.amendments")
            + amendments_html(
                self.qset, store.supervision.list_amendments(current.id or 0), names, ui
            )
        )
        amender = AmendmentForm(
            self.qset,
            store,
            current,
            user=self.who,
            is_supervisor=self.form.is_supervisor,
            principles=principles_template(),
            clips=self.form.clips,
            on_saved=lambda _a: self.show(current, amender.status.value),
            ui=ui,
        )
        amender.status.value = note
        self.amendments.children = (listing, amender.widget)


def _intro(form: SupervisionForm, person: Practitioner, ui: Interface) -> w.Widget:
    role = "locked" if form.locked else "supervisor" if form.is_supervisor else "trainee"
    role_note = html.escape(ui.say(f"supervision.page.role.{role}"))
    if not form.locked:
        role_note += " " + say_html(ui, "supervision.page.draft_note")
    name = f"<strong>{html.escape(person.display_name)}</strong>"
    opening = (
        say_html(ui, "supervision.page.intro.stage", name=name, stage=str(person.stage))
        if person.stage
        else say_html(ui, "supervision.page.intro", name=name)
    )
    return StaticHTML(f'<p>{opening}</p><p class="vk-help">{role_note}</p>')


def supervision_page(trainee: str = "", record: str = "") -> SupervisionPage:
    """A trainee's supervision: records (sign-off and amendments), progress, portfolio."""
    store = page_store()
    who = current_practitioner(store)
    ui = page_interface(store, who)
    if who is None:
        return _said(ui.say("supervision.page.who_first"), "info")
    header = page_header(ui.say("supervision.page.title"), who, ui)
    if not trainee and Role.trainee not in who.roles:
        return SupervisionPage(page_box([header, StaticHTML(_trainees_html(store, ui))]))
    found = _whose(store, who, trainee or who.id, record, ui)
    if isinstance(found, SupervisionPage):
        return found
    person, existing = found
    qset = find_template(existing.template_id if existing else TEMPLATE_ID)
    supervisor_id, chooser = _supervisor_choice(store, who, person, existing, ui)
    options = clip_options(store, person.id, ui)
    around = _AroundTheRecord(store, who, person, qset, ui)
    form = around.form = SupervisionForm(
        qset,
        store,
        user=who,
        trainee=person,
        supervisor_id=supervisor_id,
        principles=principles_template(),
        record=existing,
        clip_options=options,
        consents={code: store.cases.get_consent(code) for code in {o.case_code for o in options}},
        on_saved=around.show,
        ui=ui,
    )
    if chooser is not None:
        chooser.observe(lambda c: setattr(form, "supervisor_id", c["new"]), names="value")
    around.show(existing)
    portfolio, work = _portfolio_maker(store, person, ui)
    parts: list[w.Widget] = [header, _intro(form, person, ui), around.records]
    if chooser is not None and not form.locked:
        parts.append(chooser)
    parts += [
        around.brought,
        form.widget,
        around.amendments,
        progress_part(store, person, ui),
        portfolio,
    ]
    return SupervisionPage(page_box(parts), form, work)
