"""The supervision workbook page: a trainee's supervision records (sign-off, amendments),
their accreditation progress, and the portfolio for a transition or accreditation meeting.

Opened as ``supervision.ipynb?trainee=<id>&record=<n>``. A trainee sees their own records;
a supervisor (or trainer) names the trainee. Built inside :func:`vigkit.pages.run_page`.
"""

from __future__ import annotations

import base64
import html
import logging
from urllib.parse import quote

import ipywidgets as w

from . import paths
from .errors import NotFound, VigkitError
from .forms import message_html
from .pages import (
    current_practitioner,
    find_template,
    link,
    page_header,
    page_store,
    principles_template,
)
from .plots import figure_png
from .records import Practitioner, Role, Supervision
from .store import Store
from .supervisionform import AmendmentForm, SupervisionForm, amendments_html
from .supervisionprogress import CycleOn, plot_requirements, requirements_alt, trainee_progress
from .supervisionrules import ClipOption, as_amended

__all__ = ["supervision_page", "progress_part", "clip_options", "amended_records", "TEMPLATE_ID"]

log = logging.getLogger(__name__)
TEMPLATE_ID = "supervision"
# The folder names the export route serves (vigkit.mediaroute.EXPORT_ROUTE).


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def clip_options(store: Store, trainee_id: str) -> list[ClipOption]:
    """Every clip of the trainee's own films, labelled with its case, cycle and times."""
    principles = principles_template()
    out = []
    for item in store.trainee_clips(trainee_id):
        clip, film = item.clip, item.film
        headings = []
        for pid in clip.principle_ids:
            try:
                headings.append(principles.heading_of(pid).heading)
            except KeyError:
                headings.append(pid)
        parts = [
            f"{film.case_code} cycle {film.cycle_number}",
            film.context,
            f"{_clock(clip.start_s)}–{_clock(clip.end_s)}",
            ", ".join(dict.fromkeys(headings)),
        ]
        out.append(ClipOption(clip.id or 0, film.case_code, " · ".join(p for p in parts if p)))
    return out


def amended_records(store: Store, trainee_id: str) -> list[Supervision]:
    """The trainee's supervision records as they stand after their amendments."""
    return [
        as_amended(r, store.list_supervision_amendments(r.id or 0))
        for r in store.list_supervisions(trainee_id=trainee_id)
    ]


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="vk-plot" alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def _table(caption: str, reqs: tuple[object, ...]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{r.done:g}</td><td>{r.required:g}</td>"  # type: ignore[attr-defined]
        f"<td>{html.escape(r.left)}</td></tr>"  # type: ignore[attr-defined]
        for r in reqs
    )
    return (
        f'<table class="vk-table"><caption>{html.escape(caption)}</caption><thead><tr>'
        "<th scope='col'>Requirement</th><th scope='col'>Done</th><th scope='col'>Required</th>"
        f"<th scope='col'>Left</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def progress_part(store: Store, trainee: Practitioner) -> w.Widget:
    """Stage, cycles, families, supervision hours and meetings against the requirements."""
    from .accreditation import load_accreditation

    try:
        requirements = load_accreditation()
    except VigkitError as exc:
        return w.HTML(
            "<h2>Accreditation progress</h2>"
            + message_html(f"The accreditation requirements could not be read: {exc}", "error")
        )
    records = amended_records(store, trainee.id)
    cycles = [CycleOn(c.case_code, c.done_on) for c in store.trainee_cycles(trainee.id)]
    group_hours = store.supervision_hours_from_sessions(trainee.id).get(trainee.id, 0.0)
    progress = trainee_progress(requirements, cycles, records, trainee.stage, group_hours)
    numbers = [s.stage for s in progress.stages]
    current = trainee.stage if trainee.stage in numbers else numbers[0]
    stage = next(s for s in progress.stages if s.stage == current)
    stage_title = f"{stage.label}: what is done and what is left"
    total_title = "The whole pathway"
    parts = [
        "<h2>Accreditation progress</h2>",
        f"<p>{html.escape(trainee.display_name)} is in <strong>{html.escape(stage.label)}</strong>. "
        f"{html.escape(stage.summary)}</p>",
        '<p class="vk-help">Cycles count when they have a film, clips and a shared review; '
        "supervision hours count once the supervisor has signed the record, and those of a live "
        "group session once it has ended; a stage ends with "
        "a signed record marked as its transition meeting.</p>",
        _table(stage.label, stage.requirements),
        _img(
            figure_png(plot_requirements(stage_title, stage.requirements)),
            requirements_alt(stage_title, stage.requirements),
        ),
        _table(total_title, progress.totals),
        _img(
            figure_png(plot_requirements(total_title, progress.totals)),
            requirements_alt(total_title, progress.totals),
        ),
    ]
    others = [s for s in progress.stages if s.stage != current]
    if others:
        parts.append(
            "<ul>" + "".join(f"<li>{html.escape(s.summary)}</li>" for s in others) + "</ul>"
        )
    return w.HTML("".join(parts))


def _portfolio_maker(store: Store, trainee: Practitioner) -> w.Widget:
    """One click: the portfolio for a transition or accreditation meeting, HTML and Word."""
    from .accreditation import load_accreditation
    from .documents.portfolio import DOCX_NAME, HTML_NAME, gather, write_portfolio
    from .mediaroute import export_url_from_page

    button = w.Button(description="Make the portfolio", icon="file")
    button.tooltip = "Cycles, supervision records and reflections, for a transition meeting"
    status = w.HTML("")

    def make(_b: w.Button) -> None:
        status.value = message_html("Making the portfolio…", "info")
        folder = f"portfolio-{trainee.id}"
        out = paths.data_dir() / "exports" / folder
        try:
            portfolio = gather(
                store, trainee, load_accreditation(), find_template, principles_template()
            )
            write_portfolio(portfolio, out)
        except (VigkitError, OSError) as exc:
            log.exception("portfolio not made for %s", trainee.id)
            status.value = message_html(f"The portfolio could not be made: {exc}", "error")
            return
        html_link = export_url_from_page(folder, HTML_NAME)
        docx_link = export_url_from_page(folder, DOCX_NAME)
        links = (
            f'<p><a href="{html.escape(html_link, quote=True)}" target="_blank">Open it to '
            f'print (A4)</a> · <a href="{html.escape(docx_link, quote=True)}" download>'
            "Word version</a></p>"
        )
        status.value = message_html("The portfolio is ready.", "success") + links

    button.on_click(make)
    return w.VBox(
        [
            w.HTML(
                '<h2>Portfolio</h2><p class="vk-help">For a transition or accreditation '
                "meeting: your cycles, supervision records and reflections. No video.</p>"
            ),
            button,
            status,
        ]
    )


def _records_html(store: Store, trainee: Practitioner, current: int | None) -> str:
    records = store.list_supervisions(trainee_id=trainee.id)
    base = f"supervision.ipynb?trainee={quote(trainee.id)}"
    items = []
    for r in reversed(records):
        state = f"signed {r.signed_at.astimezone():%d %b %Y}" if r.signed_at else "not signed yet"
        text = f"{r.held_on:%d %b %Y}: {r.mode.value}, {r.duration_minutes} min, {state}"
        marker = " (open below)" if r.id == current else ""
        items.append(f"<li>{link(f'{base}&record={r.id}', text)}{html.escape(marker)}</li>")
    listing = f'<ul class="vk-list">{"".join(items)}</ul>' if items else "<p>No records yet.</p>"
    return (
        f"<h2>Supervision records</h2>{listing}"
        f"<p>{link(base, 'Start a new supervision record')}</p>"
    )


def _trainees_html(store: Store) -> str:
    trainees = [p for p in store.list_practitioners() if Role.trainee in p.roles]
    if not trainees:
        return "<p>There are no trainees in this workbook yet.</p>"
    items = "".join(
        f"<li>{link('supervision.ipynb?trainee=' + quote(p.id), p.display_name)}"
        + (f" (stage {p.stage})" if p.stage else "")
        + "</li>"
        for p in trainees
    )
    return f"<h2>Trainees</h2><ul>{items}</ul>"


def _roles(p: Practitioner) -> set[str]:
    return {str(r) for r in p.roles}


def supervision_page(trainee: str = "", record: str = "") -> w.Widget:
    """A trainee's supervision: records (sign-off and amendments), progress, portfolio."""
    store = page_store()
    who = current_practitioner(store)
    if who is None:
        return w.HTML(message_html("Open the Home page first and say who you are.", "error"))
    header = page_header("Supervision", who)
    oversees = bool(_roles(who) & {"supervisor", "trainer"})
    if not trainee:
        if "trainee" in _roles(who):
            trainee = who.id
        else:
            page = w.VBox([header, w.HTML(_trainees_html(store))])
            page.add_class("vk-page")
            return page
    person = store.get_practitioner(trainee)
    if person.id != who.id and not oversees:
        return w.HTML(message_html("You can open only your own supervision records.", "error"))
    if "trainee" not in _roles(person):
        return w.HTML(
            message_html(
                f"{person.display_name} is not a trainee, so has no supervision records here.",
                "error",
            )
        )
    existing: Supervision | None = None
    if record:
        if not record.isdigit():
            return w.HTML(message_html(f"{record!r} is not a record number.", "error"))
        existing = store.get_supervision(int(record))
        if existing.trainee_id != person.id:
            raise NotFound(f"Supervision record {record} is not one of {person.display_name}'s.")
    qset = find_template(existing.template_id if existing else TEMPLATE_ID)
    supervisors = [
        p for p in store.list_practitioners() if "supervisor" in _roles(p) and p.id != person.id
    ]
    chooser: w.Dropdown | None = None
    if existing is not None and existing.supervisor_id:
        supervisor_id: str | None = existing.supervisor_id
    elif "supervisor" in _roles(who) and who.id != person.id:
        supervisor_id = who.id
    else:
        chooser = w.Dropdown(
            options=[("(not chosen)", None)] + [(p.display_name, p.id) for p in supervisors],
            value=supervisors[0].id if len(supervisors) == 1 else None,
            description="Supervisor",
        )
        chooser.style = {"description_width": "initial"}
        supervisor_id = chooser.value
    consents = {}
    options = clip_options(store, person.id)
    for code in {o.case_code for o in options}:
        consents[code] = store.get_consent(code)
    records_box = w.HTML(_records_html(store, person, existing.id if existing else None))
    amend_box = w.VBox()

    def show_amendments(current: Supervision, note: str = "") -> None:
        if not current.signed:
            amend_box.children = ()
            return
        names = {p.id: p.display_name for p in store.list_practitioners()}
        listing = w.HTML(
            "<h2>Amendments</h2>"
            + amendments_html(qset, store.list_supervision_amendments(current.id or 0), names)
        )
        amender = AmendmentForm(
            qset,
            store,
            current,
            user=who,
            is_supervisor=form.is_supervisor,
            principles=principles_template(),
            clips=form.clips,
            on_saved=lambda _a: show_amendments(current, amender.status.value),
        )
        amender.status.value = note
        amend_box.children = (listing, amender.widget)

    def saved(current: Supervision) -> None:
        records_box.value = _records_html(store, person, current.id)
        show_amendments(current)

    form = SupervisionForm(
        qset,
        store,
        user=who,
        trainee=person,
        supervisor_id=supervisor_id,
        principles=principles_template(),
        record=existing,
        clip_options=options,
        consents=consents,
        on_saved=saved,
    )
    if chooser is not None:
        chooser.observe(lambda c: setattr(form, "supervisor_id", c["new"]), names="value")
    if existing is not None:
        show_amendments(existing)
    role_note = (
        "This record is signed and locked: a change is made as an amendment, below."
        if form.locked
        else "You are the supervisor: you can answer every question and sign the record."
        if form.is_supervisor
        else "Questions for the supervisor are shown greyed: your supervisor fills them in "
        "and signs the record."
    )
    intro = w.HTML(
        f"<p>Supervision of <strong>{html.escape(person.display_name)}</strong>"
        + (f", stage {person.stage}" if person.stage else "")
        + f'.</p><p class="vk-help">{html.escape(role_note)}'
        + ("" if form.locked else " What you type is kept as a draft as you go.")
        + "</p>"
    )
    parts: list[w.Widget] = [header, intro, records_box]
    if chooser is not None and not form.locked:
        parts.append(chooser)
    parts += [form.widget, amend_box, progress_part(store, person), _portfolio_maker(store, person)]
    page = w.VBox(parts)
    page.add_class("vk-page")
    page.form = form  # type: ignore[attr-defined]  # tests and notebooks reach the form here
    return page
