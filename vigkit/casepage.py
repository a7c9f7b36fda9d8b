"""The case workbook page: a family's case, its progress, and the forms to keep it up to date."""

from __future__ import annotations

import base64
import html
import logging
from datetime import date
from urllib.parse import quote

import ipywidgets as w

from . import paths
from .caseforms import CaseDetailsForm, HelpingQuestionsForm
from .consentforms import ConsentForm
from .errors import VigkitError
from .forms import message_html
from .pages import (
    caseload_html,
    current_practitioner,
    link,
    page_header,
    page_store,
    principles_template,
    reflection_list,
    service_settings,
)
from .principles import Principles
from .records import Case
from .settings import ServiceSettings
from .store import Store
from .summaries import (
    CaseSnapshot,
    attention,
    deletion_date,
    fidelity,
    figure_png,
    next_step,
    plot_principles,
    plot_ratings,
    principles_per_cycle,
    ratings_frame,
    snapshot_from_store,
)

__all__ = ["case_page"]

log = logging.getLogger(__name__)


def _img(fig_png: bytes, alt: str) -> str:
    data = base64.b64encode(fig_png).decode("ascii")
    return f'<img class="vk-plot" alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data}">'


def _progress_html(snap: CaseSnapshot, principles: Principles, settings: ServiceSettings) -> str:
    """Next step, what needs attention, the plots and the fidelity table for one case."""
    today = date.today()
    items = attention(snap, settings, today)
    attn = (
        "<ul>"
        + "".join(
            f'<li class="vk-attn-{a.level}">{"⚠ " if a.level == "warning" else ""}'
            f"{html.escape(a.message)}</li>"
            for a in items
        )
        + "</ul>"
        if items
        else "<p>Nothing needs attention.</p>"
    )
    ratings = ratings_frame(snap.helping_questions)
    order = [p.id for p in principles.headings]
    counts = principles_per_cycle(snap.films, snap.clips, order)
    headings = {p.id: p.heading for p in principles.headings}
    plots = ""
    if not ratings.empty:
        plots += _img(
            figure_png(plot_ratings(ratings)),
            "Helping-question ratings (0 to 10) across occasions; the same figures are "
            "listed under Helping questions.",
        )
    if not counts.empty:
        plots += _img(
            figure_png(plot_principles(counts, headings)),
            "How often each principle was tagged in the clips of each cycle.",
        )
    plots = plots or "<p>No ratings or clips yet: the plots appear as they come.</p>"
    table = fidelity(snap, settings, today)
    rows = "".join(
        f"<tr><td>{html.escape(str(r.measure))}</td><td>{html.escape(str(r.value))}</td>"
        f"<td>{html.escape(str(r.target))}</td>"
        f"<td>{'yes' if r.met is True else ('no' if r.met is False else '—')}</td></tr>"
        for r in table.itertuples()
    )
    return (
        f"<h2>Next step</h2><p><strong>{html.escape(next_step(snap, settings))}</strong></p>"
        f"<h2>Needs attention</h2>{attn}"
        f'<h2>Progress</h2><div class="vk-plots">{plots}</div>'
        '<table class="vk-table"><caption>Fidelity to the VIG model</caption><thead><tr>'
        '<th scope="col">Measure</th><th scope="col">This case</th><th scope="col">Target</th>'
        f'<th scope="col">Met</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _new_case(who_id: str) -> w.Widget:
    """The caseload's "new case" form; once saved, a link to the new case."""
    done = w.HTML("")

    def saved(case: Case) -> None:
        done.value = message_html(f"Case {case.code} saved.", "success") + (
            f"<p>{link('case.ipynb?case=' + quote(case.code), 'Open case ' + case.code)}: "
            "record consent and the helping questions next.</p>"
        )

    form = CaseDetailsForm(page_store(), who_id, on_saved=saved)
    return w.VBox([w.HTML("<h2>New case</h2>"), form.widget, done])


def footage_html(snap: CaseSnapshot, settings: ServiceSettings) -> str:
    """Where the footage stands: kept while involvement goes on, else the day it must go."""
    due = deletion_date(snap, settings)
    if due is None:
        return ""
    day, why = due
    return message_html(
        f"Footage of case {snap.case.code} is to be deleted by {day:%d %B %Y} ({why}).",
        "warning" if day <= date.today() else "info",
    )


def _groups_line(store: Store, code: str) -> str:
    """The group VIG groups a family belongs to, linked; nothing when none."""
    groups = store.list_groups(case_code=code)
    if not groups:
        return ""
    links = ", ".join(
        link(f"group.ipynb?group={quote(g.code)}", f"{g.code} ({g.title})") for g in groups
    )
    return f"<p>Group VIG: {links}</p>"


def _case_forms(case: Case) -> w.Widget:
    """Details, consent and helping questions, each in a fold the practitioner opens."""
    store = page_store()
    footage = w.HTML(footage_html(snapshot_from_store(store, case.code), service_settings()))
    footage.add_class("vk-footage")

    def refresh(_saved: object) -> None:
        footage.value = footage_html(snapshot_from_store(store, case.code), service_settings())

    details = CaseDetailsForm(store, case.practitioner_id, case)
    details.on_saved = refresh
    forms = [
        details.widget,
        ConsentForm(store, case.code, service_settings(), on_saved=refresh).widget,
        HelpingQuestionsForm(store, case.code).widget,
    ]
    folds = w.Accordion(children=forms, selected_index=None)
    for i, title in enumerate(("Case details", "Consent", "Helping questions and ratings")):
        folds.set_title(i, title)
    return w.VBox([w.HTML("<h2>Keep the case up to date</h2>"), footage, folds])


def _strengths_maker(case: Case) -> w.Widget:
    """One click: the family's record of strengths, to open, print or download."""
    from .documents.strengths import DOCX_NAME, HTML_NAME, write_record_of_strengths
    from .mediaroute import export_url_from_page

    button = w.Button(description="Make the record of strengths", icon="file")
    button.tooltip = "An A4 document for the family: stills, the principles, the parent's words"
    status = w.HTML("")

    def make(_b: w.Button) -> None:
        status.value = message_html("Making the record of strengths…", "info")
        data = paths.data_dir()
        try:
            write_record_of_strengths(page_store(), case.code, data / "exports" / case.code, data)
        except (VigkitError, OSError) as exc:
            log.exception("record of strengths not made for %s", case.code)
            status.value = message_html(
                f"The record of strengths could not be made: {exc}", "error"
            )
            return
        html_link = export_url_from_page(case.code, HTML_NAME)
        docx_link = export_url_from_page(case.code, DOCX_NAME)
        status.value = message_html("The record of strengths is ready.", "success") + (
            f'<p><a href="{html.escape(html_link, quote=True)}" target="_blank">Open it to print '
            f'(A4)</a> · <a href="{html.escape(docx_link, quote=True)}" download>Word version</a></p>'
        )

    button.on_click(make)
    return w.VBox([w.HTML("<h2>Record of strengths</h2>"), button, status])


def case_page(case: str = "") -> w.Widget:
    """One family's case: details, consent, helping questions, films and clips."""
    store = page_store()
    who = current_practitioner(store)
    if not case:
        parts: list[w.Widget] = [
            page_header("Case workbook", who),
            w.HTML(caseload_html(store, who)),
        ]
        if who is not None:
            parts.append(_new_case(who.id))
        page = w.VBox(parts)
        page.add_class("vk-page")
        return page
    record = store.get_case(case)
    principles = principles_template()
    consent = store.get_consent(record.code)
    if consent is None:
        consent_html = message_html(
            "No consent recorded yet: nothing may be filmed until the family has consented.",
            "error",
        )
    else:
        uses = {
            "filming": consent.filming,
            "viewing by the VIG supervisor": consent.supervisor_viewing,
            "intervision with other trainees": consent.intervision,
            "training events or presentations": consent.training_events,
            "viewing by other group members": consent.group_viewing,
        }
        items = "".join(
            f"<li>{html.escape(k)}: <strong>{'yes' if v else 'no'}</strong></li>"
            for k, v in uses.items()
        )
        withdrawn = (
            f"<p><strong>Withdrawn on {consent.withdrawn_on:%d %b %Y}.</strong></p>"
            if consent.withdrawn_on
            else ""
        )
        consent_html = (
            f"<p>Given on {consent.given_on:%d %b %Y}; footage erased "
            f"{consent.retention_months} months after the end of involvement.</p>"
            f"<ul>{items}</ul>{withdrawn}"
        )
    hq_rows = []
    for hq in store.list_helping_questions(record.code):
        ratings = ", ".join(
            f"{r.value} ({html.escape(r.occasion)}, {r.rated_on:%d %b})" for r in hq.ratings
        )
        hoped = f"; hoped for {hq.hoped_for}" if hq.hoped_for is not None else ""
        hq_rows.append(
            f"<li>“{html.escape(hq.words)}” — ratings: {ratings or 'none yet'}{hoped}</li>"
        )
    review_model = service_settings().templates.shared_review
    register = link(
        f"microanalysis.ipynb?case={quote(record.code)}", "Register a film and mark its clips"
    )
    film_parts = []
    for film in store.list_films(record.code):
        clip_rows = []
        for clip in store.list_clips(film_id=film.id):
            headings = []
            for pid in clip.principle_ids:
                try:
                    headings.append(principles.heading_of(pid).heading)
                except KeyError:  # a principle a trainer has since removed: show its id
                    headings.append(pid)
            headings = list(dict.fromkeys(headings))
            clip_rows.append(
                f'<tr><td class="vk-nowrap">{clip.start_s:.1f}–{clip.end_s:.1f} s</td>'
                f"<td>{html.escape(', '.join(headings))}</td><td>{html.escape(clip.what_i_see)}</td></tr>"
            )
        clips_table = (
            '<table class="vk-table"><thead><tr><th scope="col">Clip</th><th scope="col">Principles</th>'
            f'<th scope="col">What I see</th></tr></thead><tbody>{"".join(clip_rows)}</tbody></table>'
            if clip_rows
            else "<p>No clips yet.</p>"
        )
        review = link(
            f"reflection.ipynb?model={quote(review_model)}&case={quote(record.code)}"
            f"&cycle={film.cycle_number}",
            f"Shared review of cycle {film.cycle_number}",
        )
        analyse = link(
            f"microanalysis.ipynb?case={quote(record.code)}&film={film.id}", "Micro-analysis"
        )
        film_parts.append(
            f"<h3>Cycle {film.cycle_number}: film of {film.filmed_on:%d %b %Y}"
            f" ({html.escape(film.context or 'everyday interaction')}, {film.duration_s:.0f} s)</h3>"
            f"<p>{analyse} · {review}</p>{clips_table}"
        )
    age = (
        f"{record.age_months} months"
        if record.age_months is not None
        else (
            f"{record.age_weeks_pregnant} weeks pregnant"
            if record.age_weeks_pregnant
            else "not given"
        )
    )
    body = w.HTML(
        f"<p>Setting: {html.escape(record.setting or 'not given')} · Child's age at referral: {age}"
        f" · Status: {html.escape(record.status.value)}</p>"
        f"<p>Referral reason: {html.escape(record.referral_reason or 'not given')}</p>"
        + _groups_line(store, record.code)
        + f"<h2>Consent</h2>{consent_html}"
        f"<h2>Helping questions</h2><ul>{''.join(hq_rows) or '<li>None yet.</li>'}</ul>"
        f"<h2>Films and clips</h2><p>{register}</p>"
        f"{''.join(film_parts) or '<p>No films yet.</p>'}"
        f"<h2>Reflections</h2><p>{link('reflection.ipynb?case=' + quote(record.code), 'Write a reflection on this case')}</p>"
        + (reflection_list(store, who, record.code) if who else "")
    )
    progress = w.HTML(
        _progress_html(snapshot_from_store(store, record.code), principles, service_settings())
    )
    page = w.VBox(
        [
            page_header(f"Case {record.code}", who),
            progress,
            _case_forms(record),
            body,
            _strengths_maker(record),
        ]
    )
    page.add_class("vk-page")
    return page
