"""What each workbook page shows. Notebooks call these; they hold no logic themselves.

Every page is built inside :func:`run_page`, so a practitioner sees a plain message,
never a traceback; the detail goes to the server log and ``<data>/logs/vigkit.log``.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, quote

import ipywidgets as w
from IPython.display import display

from . import paths
from .errors import NotFound, TemplateNotFound, VigkitError
from .forms import ReflectionForm, message_html
from .principles import Principles, load_principles
from .records import Practitioner, Reflection
from .settings import ServiceSettings, load_settings
from .store import Store
from .summaries import (
    attention,
    next_step,
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
    "current_practitioner",
]

log = logging.getLogger("vigkit.pages")

_PARAM = re.compile(r"^[A-Za-z0-9_.:-]{0,80}$")
WORKBOOKS = {
    "home.ipynb": "Home: who you are, your caseload, where to go next",
    "case.ipynb": "Case workbook: a family's consent, helping questions, films and clips",
    "reflection.ipynb": "Reflection: your reflective log, with a model you choose",
    "group.ipynb": "Group VIG: a group's families, sessions, attendance and group review plan",
    "supervision.ipynb": "Supervision: supervision records, sign-off, accreditation progress",
    "groupsession.ipynb": "Group supervision: a live board, a presented clip and calibration",
    "preview.ipynb": "Template preview: see a question set as practitioners will, as you edit it",
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
def principles_template() -> Principles:
    return load_principles()


def service_settings() -> ServiceSettings:
    """The numbers this service decides, from ``<data>/settings.yaml`` (defaults when absent)."""
    path = paths.data_dir() / "settings.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else None
    return load_settings(text)


def question_set_dirs() -> list[Path]:
    """Where question sets are found: the service's own (``<data>/templates/question_sets``),
    then the shipped ones. A service's template with a shipped id is used instead of it."""
    return [
        paths.data_dir() / "templates" / "question_sets",
        paths.templates_dir() / "question_sets",
    ]


def find_template(template_id: str, language: str | None = None) -> QuestionSet:
    """The question set with this id, the service's own first (TemplateNotFound if none),
    its texts in ``language`` where the template has them."""
    return find_question_set(template_id, question_set_dirs(), language)


def warm_up() -> None:
    """Open the store and read the templates while a preheated kernel waits for its visitor."""
    _setup_logging()
    try:
        page_store()
        principles_template()
        list_question_sets(question_set_dirs())
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


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def cycle_clips(store: Store, case_code: str, cycle: int) -> list[tuple[int, str]]:
    """The clips of a cycle's films, as a clip picker offers them: id and a short label."""
    principles = principles_template()
    out: list[tuple[int, str]] = []
    for film in store.list_films(case_code):
        if film.cycle_number != cycle:
            continue
        for clip in store.list_clips(film_id=film.id):
            headings: list[str] = []
            for pid in clip.principle_ids:
                try:
                    headings.append(principles.heading_of(pid).heading)
                except KeyError:  # a principle a trainer has since removed: show its id
                    headings.append(pid)
            seen = clip.what_i_see.strip().splitlines()[0][:60] if clip.what_i_see.strip() else ""
            parts = [
                f"{_clock(clip.start_s)}–{_clock(clip.end_s)}",
                ", ".join(dict.fromkeys(headings)),
                seen,
            ]
            out.append((clip.id or 0, " · ".join(p for p in parts if p)))
    return out


def template_for_record(
    store: Store, record: Reflection, language: str | None = None
) -> tuple[QuestionSet, str]:
    """The question set a saved record was answered under, and a note when it is not current.

    The store's copy of the record's version is used when the template has changed since
    (or is gone); without a copy, the current version opens and the form keeps the answers
    it does not ask for.
    """
    try:
        current: QuestionSet | None = find_template(record.template_id, language)
    except TemplateNotFound:
        current = None
    if current is not None and current.version == record.template_version:
        return current, ""
    body = store.template_body(record.template_id, record.template_version)
    if body is not None:
        kept = QuestionSet.model_validate(body)
        now_is = f"the current one is {current.version}" if current else "it is no longer installed"
        note = (
            f"This was written with version {kept.version} of “{kept.title}” and opens with "
            f"the questions as they were then ({now_is})."
        )
        return kept, message_html(note, "info")
    if current is None:
        raise TemplateNotFound(record.template_id)
    note = (
        f"This was written with version {record.template_version} of “{current.title}”; it "
        f"opens with version {current.version}. Answers to questions that version no longer "
        "asks are shown below the form and kept."
    )
    return current, message_html(note, "info")


def _is_review(qset: QuestionSet, settings: ServiceSettings) -> bool:
    return qset.id == settings.templates.shared_review or qset.id.startswith("shared_review")


def _reflection_models(settings: ServiceSettings, language: str | None = None) -> list[QuestionSet]:
    """The reflective models offered: those the settings name, else every one found.

    A shared review is not among them: it is opened from its case and cycle.
    """
    found = {q.id: q for q in list_question_sets(question_set_dirs(), language)}
    chosen = settings.templates.reflection_models
    if chosen:
        return [found[i] for i in chosen if i in found]
    return [q for q in found.values() if not _is_review(q, settings)]


def link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def page_header(title: str, who: Practitioner | None) -> w.HTML:
    person = (
        f"{html.escape(who.display_name)} ({', '.join(r.value for r in who.roles)})"
        if who
        else "nobody yet"
    )
    return w.HTML(
        f'<nav class="vk-nav" aria-label="Workbooks">{link("home.ipynb", "Home")} · '
        f"{link('reflection.ipynb', 'Reflection')}</nav>"
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


def caseload_html(store: Store, who: Practitioner | None) -> str:
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
            f"<td>{link('case.ipynb?case=' + quote(case.code), case.code)}</td>"
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


def _groups_html(store: Store, who: Practitioner | None) -> str:
    from .grouppage import groups_html  # the group page imports this module

    return groups_html(store, who)


def home_page() -> w.Widget:
    """Who you are, the workbooks, and the caseload."""
    store = page_store()
    page = w.VBox()
    page.add_class("vk-page")

    def fill() -> None:
        person = current_practitioner(store)
        workbooks = "".join(
            f"<li>{link(name, desc.split(':')[0])}: {html.escape(desc.split(': ', 1)[1])}</li>"
            for name, desc in WORKBOOKS.items()
            if name != "home.ipynb"
        )
        models = "".join(
            f"<li>{link('reflection.ipynb?model=' + quote(q.id), q.title)}</li>"
            for q in _reflection_models(service_settings())
        )
        children: list[w.Widget] = [page_header("Your VIG workbook", person)]
        if person is None:
            children.append(_setup_form(store, fill))
        else:
            from .pagelanguage import language_picker

            children.append(language_picker(store, person))
            children.append(
                w.HTML(
                    f"<h2>Workbooks</h2><ul>{workbooks}</ul>"
                    f"<h2>Write a reflection</h2><ul>{models}</ul>"
                    f"<h2>Caseload</h2>{caseload_html(store, person)}"
                    f"<h2>Groups</h2>{_groups_html(store, person)}"
                    '<p class="vk-help">Families are known here only by a case code. '
                    "Write about “the parent” and “the baby”: no names, dates of birth or "
                    "addresses.</p>"
                )
            )
        page.children = children

    fill()
    return page


def reflection_list(store: Store, who: Practitioner, case_code: str | None) -> str:
    items = store.list_reflections(author_id=who.id, case_code=case_code or None)
    if not items:
        return "<p>No saved reflections yet.</p>"
    rows = []
    for item in items[:50]:
        texts = [v for v in item.answers.values() if isinstance(v, str) and v]
        first = max(texts, key=len, default="")  # the longest answer says most; dates say little
        excerpt = (first[:140] + "…") if len(first) > 140 else first
        rows.append(
            f"<li>{link(f'reflection.ipynb?reflection={item.id}', f'{item.updated_at:%d %b %Y %H:%M}')}"
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
    from .pagelanguage import page_interface

    settings = service_settings()
    ui = page_interface(store, who)
    version_note = ""
    if existing is not None:
        qset, version_note = template_for_record(store, existing, ui.language)
    else:
        qset = find_template(model or settings.templates.reflection, ui.language)
    case_code = case.upper() if case else None
    if case_code:
        store.get_case(case_code)  # a clear "no such case" rather than an orphan record
    saved_list = w.HTML(reflection_list(store, who, case_code))
    clips = cycle_clips(store, case_code, int(cycle)) if case_code and cycle else []
    form = ReflectionForm(
        qset,
        store,
        author_id=who.id,
        principles=principles_template(),
        case_code=case_code,
        cycle_number=int(cycle) if cycle else None,
        reflection=existing,
        on_saved=lambda _r: setattr(saved_list, "value", reflection_list(store, who, case_code)),
        clips=clips,
        ui=ui,
    )
    others = " · ".join(
        link(
            f"reflection.ipynb?model={quote(q.id)}"
            + (f"&case={quote(case_code)}" if case_code else ""),
            q.title,
        )
        for q in _reflection_models(settings, ui.language)
        if q.id != qset.id
    )
    about = f" for case {html.escape(case_code)}" if case_code else ""
    intro = w.HTML(
        f"<p>Reflective model: <strong>{html.escape(qset.title)}</strong>{about}."
        + (f" Other models: {others}." if others else "")
        + "</p>"
        + version_note
        + '<p class="vk-help">What you type is kept as a draft as you go, so nothing is lost if '
        "the page closes. Save when you are done.</p>"
    )
    rescale: list[w.Widget] = []
    if _is_review(qset, settings) and case_code:
        from .caseforms import HelpingQuestionsForm

        rescale = [
            w.HTML(
                "<h2>Re-scale the helping questions</h2>"
                '<p class="vk-help">Where is the parent now, 0 to 10? Give the occasion, '
                "for example “review 1”.</p>"
            ),
            HelpingQuestionsForm(store, case_code).widget,
        ]
    page = w.VBox(
        [
            page_header("Reflection", who),
            intro,
            form.widget,
            *rescale,
            w.HTML("<h2>Saved reflections</h2>"),
            saved_list,
        ]
    )
    page.add_class("vk-page")
    page.form = form  # type: ignore[attr-defined]  # tests and notebooks reach the form here
    return page
