"""What each workbook page shows. Notebooks call these; they hold no logic themselves.

Every page is built inside :func:`run_page`, so a practitioner sees a plain message,
never a traceback; the detail goes to the server log and ``<data>/logs/vigkit.log``.
"""

from __future__ import annotations

import base64
import html
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qs, quote

import ipywidgets as w
from IPython.display import display

from . import paths
from .errors import NotFound, VigkitError
from .forms import ReflectionForm, message_html
from .principles import Principles, load_principles
from .records import Practitioner, Reflection
from .settings import ServiceSettings, load_settings
from .store import Store
from .summaries import (
    CaseSnapshot,
    attention,
    fidelity,
    figure_png,
    next_step,
    plot_principles,
    plot_ratings,
    principles_per_cycle,
    ratings_frame,
    snapshot_from_store,
)
from .templates import QuestionSet, find_question_set, list_question_sets

__all__ = [
    "request_params",
    "page_store",
    "run_page",
    "warm_up",
    "home_page",
    "reflection_page",
    "case_page",
    "current_practitioner",
]

log = logging.getLogger("vigkit.pages")

_PARAM = re.compile(r"^[A-Za-z0-9_.:-]{0,80}$")
WORKBOOKS = {
    "home.ipynb": "Home: who you are, your caseload, where to go next",
    "case.ipynb": "Case workbook: a family's consent, helping questions, films and clips",
    "reflection.ipynb": "Reflection: your reflective log, with a model you choose",
}


def _setup_logging() -> None:
    root = logging.getLogger("vigkit")
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s vigkit %(levelname)s %(name)s: %(message)s")
    # sys.__stderr__ is the kernel's real stderr, which Voilà's terminal shows;
    # sys.stderr would put the detail into the page.
    stream = logging.StreamHandler(sys.__stderr__)
    stream.setFormatter(fmt)
    root.addHandler(stream)
    try:
        logdir = paths.data_dir() / "logs"
        logdir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(logdir / "vigkit.log", encoding="utf-8")
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError:
        root.warning("could not open the log file in the data directory")


def request_params(**defaults: str) -> dict[str, str]:
    """The page's query parameters over ``defaults`` (waits for the visitor in a preheated kernel).

    Only names given in ``defaults`` are read; values that do not look like ids are ignored.
    """
    query = ""
    if os.environ.get("VOILA_PREHEAT") == "True" or "QUERY_STRING" in os.environ:
        from voila.utils import get_query_string

        query = get_query_string() or ""
    given = parse_qs(query, keep_blank_values=True)
    params = {key: str(value) for key, value in defaults.items()}
    for key in defaults:
        if key in given and _PARAM.match(given[key][0]):
            params[key] = given[key][0]
    return params


@lru_cache(maxsize=1)
def page_store() -> Store:
    """The store for this kernel, opened once (the data directory comes from ``$VIGKIT_HOME``)."""
    _setup_logging()
    return Store.open()


@lru_cache(maxsize=4)
def _principles() -> Principles:
    return load_principles()


def service_settings() -> ServiceSettings:
    """The numbers this service decides, from ``<data>/settings.yaml`` (defaults when absent)."""
    path = paths.data_dir() / "settings.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else None
    return load_settings(text)


def warm_up() -> None:
    """Open the store and read the templates while a preheated kernel waits for its visitor."""
    _setup_logging()
    try:
        page_store()
        _principles()
        list_question_sets()
        service_settings()
        import matplotlib.figure  # noqa: F401 - the first plot's import cost, paid before the visitor
    except Exception:  # noqa: BLE001 - the page itself will show the problem in plain words
        log.exception("warm-up failed; the page will say what is wrong")


def run_page(build: Callable[[], w.Widget]) -> None:
    """Build a page and display it; any failure becomes a plain message in the page."""
    _setup_logging()
    try:
        widget = build()
    except NotFound as exc:
        widget = w.HTML(message_html(str(exc), "error"))
    except VigkitError as exc:
        log.exception("page could not be built")
        widget = w.HTML(message_html(str(exc), "error"))
    except Exception:  # noqa: BLE001 - the page's last line of defence: message here, detail in the log
        log.exception("unexpected error while building a page")
        widget = w.HTML(
            message_html(
                "Something went wrong while opening this page. Nothing you saved has changed. "
                "Reload the page to try again; the details are in the server log.",
                "error",
            )
        )
    display(widget)


def current_practitioner(store: Store) -> Practitioner | None:
    """Who is using the workbook: the store's ``current_practitioner`` setting, else the only one."""
    ident = os.environ.get("VIGKIT_USER") or store.get_setting("current_practitioner")
    if ident:
        try:
            return store.get_practitioner(ident)
        except NotFound:
            log.warning("current practitioner %r is not in the store", ident)
    people = store.list_practitioners()
    return people[0] if people else None


def _reflection_models() -> list[QuestionSet]:
    """Question sets for a reflective log; a shared review is opened from its case and cycle."""
    return [q for q in list_question_sets() if not q.id.startswith("shared_review")]


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def _header(title: str, who: Practitioner | None) -> w.HTML:
    person = (
        f"{html.escape(who.display_name)} ({', '.join(r.value for r in who.roles)})"
        if who
        else "nobody yet"
    )
    return w.HTML(
        f'<nav class="vk-nav" aria-label="Workbooks">{_link("home.ipynb", "Home")} · '
        f"{_link('reflection.ipynb', 'Reflection')}</nav>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="vk-who">Using vigkit as <strong>{person}</strong>.</p>'
    )


def _setup_form(store: Store, on_done: Callable[[], None]) -> w.Widget:
    """First run: ask the practitioner's name (never a family's) and create them."""
    name = w.Text(description="Your name, as it should appear on your own records")
    name.style = {"description_width": "initial"}
    name.layout = w.Layout(width="100%", flex_flow="column")
    name.add_class("vk-labelled")
    status = w.HTML("")
    button = w.Button(description="Start", button_style="primary")

    def create(_b: w.Button) -> None:
        text = name.value.strip()
        if not text:
            status.value = message_html("Please give your name first.", "error")
            return
        ident = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "me"
        try:
            store.add_practitioner(Practitioner(id=ident, display_name=text[:120]))
            store.set_setting("current_practitioner", ident)
        except (VigkitError, ValueError) as exc:
            status.value = message_html(str(exc), "error")
            return
        on_done()

    button.on_click(create)
    return w.VBox(
        [
            w.HTML("<p>Welcome. There is nobody in this workbook yet.</p>"),
            name,
            button,
            status,
        ]
    )


def _caseload_html(store: Store, who: Practitioner | None) -> str:
    cases = store.list_cases(who.id if who else None)
    settings = service_settings()
    if not cases:
        return "<p>No cases yet.</p>"
    rows = []
    for case in cases:
        films = store.list_films(case.code)
        clips = store.list_clips(case_code=case.code)
        consent = store.get_consent(case.code)
        if consent is None:
            consent_text = "missing"
        elif consent.withdrawn_on:
            consent_text = f"withdrawn {consent.withdrawn_on:%d %b %Y}"
        else:
            consent_text = "filming agreed" if consent.filming else "no filming"
        if case.age_months is not None:
            age = f"{case.age_months} months"
        elif case.age_weeks_pregnant is not None:
            age = f"{case.age_weeks_pregnant} weeks pregnant"
        else:
            age = ""
        cycles = len({f.cycle_number for f in films})
        snap = snapshot_from_store(store, case.code)
        step = next_step(snap, settings)
        warnings = [a for a in attention(snap, settings, date.today()) if a.level == "warning"]
        flag = (
            f'<div class="vk-attn">⚠ {html.escape(warnings[0].message)}'
            + (f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else "")
            + "</div>"
            if warnings
            else ""
        )
        rows.append(
            "<tr>"
            f"<td>{_link('case.ipynb?case=' + quote(case.code), case.code)}</td>"
            f"<td>{html.escape(case.setting)}</td><td>{html.escape(age)}</td>"
            f"<td>{html.escape(case.status.value)}</td><td>{html.escape(consent_text)}</td>"
            f"<td>{cycles}</td><td>{len(films)}</td><td>{len(clips)}</td>"
            f"<td>{html.escape(step)}{flag}</td>"
            "</tr>"
        )
    head = (
        "<tr><th scope='col'>Case</th><th scope='col'>Setting</th><th scope='col'>Child's age</th>"
        "<th scope='col'>Status</th><th scope='col'>Consent</th><th scope='col'>Cycles</th>"
        "<th scope='col'>Films</th><th scope='col'>Clips</th><th scope='col'>Next step</th></tr>"
    )
    return (
        '<table class="vk-table"><caption>Your caseload</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def home_page() -> w.Widget:
    """Who you are, the workbooks, and the caseload."""
    store = page_store()
    page = w.VBox()
    page.add_class("vk-page")

    def fill() -> None:
        person = current_practitioner(store)
        workbooks = "".join(
            f"<li>{_link(name, desc.split(':')[0])}: {html.escape(desc.split(': ', 1)[1])}</li>"
            for name, desc in WORKBOOKS.items()
            if name != "home.ipynb"
        )
        models = "".join(
            f"<li>{_link('reflection.ipynb?model=' + quote(q.id), q.title)}</li>"
            for q in _reflection_models()
        )
        children: list[w.Widget] = [_header("Your VIG workbook", person)]
        if person is None:
            children.append(_setup_form(store, fill))
        else:
            children.append(
                w.HTML(
                    f"<h2>Workbooks</h2><ul>{workbooks}</ul>"
                    f"<h2>Write a reflection</h2><ul>{models}</ul>"
                    f"<h2>Caseload</h2>{_caseload_html(store, person)}"
                    '<p class="vk-help">Families are known here only by a case code. '
                    "Write about “the parent” and “the baby”: no names, dates of birth or "
                    "addresses.</p>"
                )
            )
        page.children = children

    fill()
    return page


def _reflection_list(store: Store, who: Practitioner, case_code: str | None) -> str:
    items = store.list_reflections(author_id=who.id, case_code=case_code or None)
    if not items:
        return "<p>No saved reflections yet.</p>"
    rows = []
    for item in items[:50]:
        texts = [v for v in item.answers.values() if isinstance(v, str) and v]
        first = max(texts, key=len, default="")  # the longest answer says most; dates say little
        excerpt = (first[:140] + "…") if len(first) > 140 else first
        rows.append(
            f"<li>{_link(f'reflection.ipynb?reflection={item.id}', f'{item.updated_at:%d %b %Y %H:%M}')}"
            f" — {html.escape(item.template_id)}"
            + (f", case {html.escape(item.case_code)}" if item.case_code else "")
            + f'<div class="vk-excerpt">{html.escape(excerpt)}</div></li>'
        )
    return f'<ul class="vk-list">{"".join(rows)}</ul>'


def reflection_page(
    model: str = "", case: str = "", reflection: str = "", cycle: str = ""
) -> w.Widget:
    """A reflective log entry with a chosen model; drafts come back when the page reopens.

    The model's template id comes as ``?model=``: Voilà keeps ``?template=`` for its own use.
    """
    store = page_store()
    who = current_practitioner(store)
    if who is None:
        return w.HTML(message_html("Open the Home page first and say who you are.", "error"))
    existing: Reflection | None = None
    if reflection:
        if not reflection.isdigit():
            return w.HTML(message_html(f"{reflection!r} is not a reflection number.", "error"))
        existing = store.get_reflection(int(reflection))
        model = existing.template_id
        case = existing.case_code or ""
        cycle = str(existing.cycle_number or "")
    if cycle and not cycle.isdigit():
        return w.HTML(message_html(f"{cycle!r} is not a cycle number.", "error"))
    qset: QuestionSet = find_question_set(model or "reflection_gibbs")
    case_code = case.upper() if case else None
    if case_code:
        store.get_case(case_code)  # a clear "no such case" rather than an orphan record
    saved_list = w.HTML(_reflection_list(store, who, case_code))
    form = ReflectionForm(
        qset,
        store,
        author_id=who.id,
        principles=_principles(),
        case_code=case_code,
        cycle_number=int(cycle) if cycle else None,
        reflection=existing,
        on_saved=lambda _r: setattr(saved_list, "value", _reflection_list(store, who, case_code)),
    )
    others = " · ".join(
        _link(
            f"reflection.ipynb?model={quote(q.id)}"
            + (f"&case={quote(case_code)}" if case_code else ""),
            q.title,
        )
        for q in _reflection_models()
        if q.id != qset.id
    )
    about = f" for case {html.escape(case_code)}" if case_code else ""
    intro = w.HTML(
        f"<p>Reflective model: <strong>{html.escape(qset.title)}</strong>{about}. "
        f"Other models: {others}.</p>"
        '<p class="vk-help">What you type is kept as a draft as you go, so nothing is lost if '
        "the page closes. Save when you are done.</p>"
    )
    page = w.VBox(
        [
            _header("Reflection", who),
            intro,
            form.widget,
            w.HTML("<h2>Saved reflections</h2>"),
            saved_list,
        ]
    )
    page.add_class("vk-page")
    page.form = form  # type: ignore[attr-defined]  # tests and notebooks reach the form here
    return page


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
    plots = _img(
        figure_png(plot_ratings(ratings)),
        "Helping-question ratings (0 to 10) across occasions; the same figures are listed "
        "under Helping questions.",
    ) + _img(
        figure_png(plot_principles(counts, headings)),
        "How often each principle was tagged in the clips of each cycle.",
    )
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


def case_page(case: str = "") -> w.Widget:
    """One family's case: details, consent, helping questions, films and clips."""
    store = page_store()
    who = current_practitioner(store)
    if not case:
        return w.VBox([_header("Case workbook", who), w.HTML(_caseload_html(store, who))])
    record = store.get_case(case)
    principles = _principles()
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
        review = _link(
            f"reflection.ipynb?model=shared_review&case={quote(record.code)}&cycle={film.cycle_number}",
            f"Shared review of cycle {film.cycle_number}",
        )
        analyse = _link(
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
        f"<h2>Consent</h2>{consent_html}"
        f"<h2>Helping questions</h2><ul>{''.join(hq_rows) or '<li>None yet.</li>'}</ul>"
        f"<h2>Films and clips</h2>{''.join(film_parts) or '<p>No films yet.</p>'}"
        f"<h2>Reflections</h2><p>{_link('reflection.ipynb?case=' + quote(record.code), 'Write a reflection on this case')}</p>"
        + (_reflection_list(store, who, record.code) if who else "")
    )
    progress = w.HTML(
        _progress_html(snapshot_from_store(store, record.code), principles, service_settings())
    )
    page = w.VBox([_header(f"Case {record.code}", who), progress, body])
    page.add_class("vk-page")
    return page
