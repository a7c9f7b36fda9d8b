"""What each workbook page shows. Notebooks call these; they hold no logic themselves.

Every page is built inside :func:`run_page`, so a practitioner sees a plain message,
never a traceback; the detail goes to the server log and ``<data>/logs/vigkit.log``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from urllib.parse import parse_qs, quote

import ipywidgets as w
from IPython.display import display

from vigkit import paths
from vigkit.core import clock
from vigkit.core.errors import NotFound, TemplateNotFound, VigkitError
from vigkit.core.records import Practitioner, Reflection
from vigkit.core.settings import ServiceSettings, load_settings
from vigkit.core.summaries import attention, next_step
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.store import Store
from vigkit.store.snapshot import snapshot_from_store
from vigkit.templates import QuestionSet, find_question_set, list_question_sets
from vigkit.templates.principles import Principles, load_principles
from vigkit.ui.forms import ReflectionForm, message_html
from vigkit.ui.runtime import setup_logging
from vigkit.ui.widgets.shared import StaticHTML

__all__ = [
    "request_params",
    "page_store",
    "run_page",
    "warm_up",
    "home_page",
    "reflection_page",
    "current_practitioner",
]

log = logging.getLogger("vigkit.ui.pages")

_PARAM = re.compile(r"^[A-Za-z0-9_.:-]{0,80}$")
# Each workbook: its words' key ("home.workbook.<name>" is its name, ".about" what it is
# for, in vigkit/words/home.py). A value that is not a key is "Name: what it is for".
WORKBOOKS = {
    "home.ipynb": "home.workbook.home",
    "case.ipynb": "home.workbook.case",
    "reflection.ipynb": "home.workbook.reflection",
    "group.ipynb": "home.workbook.group",
    "groupsession.ipynb": "home.workbook.groupsession",
    "supervision.ipynb": "home.workbook.supervision",
    "preview.ipynb": "home.workbook.preview",
}


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
    setup_logging()
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
    setup_logging()
    try:
        page_store()
        principles_template()
        list_question_sets(question_set_dirs())
        service_settings()
        for name in _PAGE_MODULES:
            import_module(name)
        _first_plot()
    except Exception:  # noqa: BLE001 - the page itself will show the problem in plain words
        log.exception("warm-up failed; the page will say what is wrong")


# Modules the pages import only when they need them (video, documents, the media route):
# imported while the kernel waits, so the visitor does not wait for them.
_PAGE_MODULES = (
    "vigkit.ui.pagelanguage",
    "vigkit.media.films",
    "vigkit.server.mediaroute",
    "vigkit.reports.strengths",
    "vigkit.reports.plotcache",
)


def _first_plot() -> None:
    """Draw a tiny plot: matplotlib's first drawing (fonts, renderer) costs a tenth of a second."""
    from matplotlib.figure import Figure

    from vigkit.reports.plots import figure_png

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().set_title("warm-up")
    figure_png(fig, dpi=20)


def run_page(build: Callable[[], w.Widget]) -> None:
    """Build a page and display it; any failure becomes a plain message in the page."""
    setup_logging()
    try:
        widget = build()
    except NotFound as exc:
        widget = StaticHTML(message_html(_failure_interface().error(exc), "error"))
    except VigkitError as exc:
        log.exception("page could not be built")
        widget = StaticHTML(message_html(_failure_interface().error(exc), "error"))
    except Exception:  # noqa: BLE001 - the page's last line of defence: message here, detail in the log
        log.exception("unexpected error while building a page")
        widget = StaticHTML(message_html(_failure_interface().say("home.page.failed"), "error"))
    display(widget)


def _failure_interface() -> Interface:
    """The visitor's interface for a message about a failed page; English if even that fails."""
    try:
        from vigkit.ui.pagelanguage import page_interface

        store = page_store()
        return page_interface(store, current_practitioner(store))
    except Exception:  # noqa: BLE001 - the store may be what failed: say it in English
        return Interface()


def say_html(ui: Interface, key: str, **markup: str) -> str:
    """The words for ``key`` as HTML: escaped, with each {name} filled by ``markup``, HTML
    the caller has already made safe (data through :func:`html.escape`, a link, a <strong>)."""
    marks = {name: f"\ue000{name}\ue001" for name in markup}
    text = html.escape(ui.say(key, **marks), quote=False)
    for name, value in markup.items():
        text = text.replace(marks[name], value)
    return text


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
    body = store.template_body(record.template_id, record.template_version)
    if body is not None:
        kept = QuestionSet.model_validate(body)
        now_is = (
            ui.say("home.version.current_is", version=current.version)
            if current
            else ui.say("home.version.gone")
        )
        note = ui.say("home.version.kept", kept=kept.version, title=kept.title, now_is=now_is)
        return kept, message_html(note, "info")
    if current is None:
        raise TemplateNotFound(record.template_id)
    note = ui.say(
        "home.version.newer",
        old=record.template_version,
        title=current.title,
        new=current.version,
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


def _t(ui: Interface, key: str, **values: object) -> str:
    """The words for ``key``, escaped as the text of an element."""
    return html.escape(ui.say(key, **values), quote=False)


def nav_html(ui: Interface, *extra: tuple[str, str]) -> str:
    """The links every page starts with (Home · Reflection), then ``extra`` (href, key)."""
    links = [("home.ipynb", "home.nav.home"), ("reflection.ipynb", "home.nav.reflection"), *extra]
    return (
        f'<nav class="vk-nav" aria-label="{html.escape(ui.say("home.nav.label"))}">'
        + " · ".join(link(href, ui.say(key)) for href, key in links)
        + "</nav>"
    )


def page_header(title: str, who: Practitioner | None, ui: Interface | None = None) -> w.HTML:
    """The navigation, the page's title (already in the page's language) and who is using it."""
    ui = ui or Interface()
    if who:
        roles = ", ".join(
            ui.say(f"home.role.{r.value}") if f"home.role.{r.value}" in ENGLISH else r.value
            for r in who.roles
        )
        person = say_html(
            ui,
            "home.who.roles",
            name=html.escape(who.display_name),
            roles=html.escape(roles, quote=False),
        )
    else:
        person = _t(ui, "home.who.nobody")
    return StaticHTML(
        nav_html(ui)
        + f"<h1>{html.escape(title)}</h1>"
        + f'<p class="vk-who">{say_html(ui, "home.who", person=f"<strong>{person}</strong>")}</p>'
    )


def _setup_form(store: Store, on_done: Callable[[], None], ui: Interface) -> w.Widget:
    """First run: ask the practitioner's name (never a family's) and create them."""
    name = w.Text(description=ui.say("home.setup.name"))
    name.style = {"description_width": "initial"}
    name.layout = w.Layout(width="100%", flex_flow="column")
    name.add_class("vk-labelled")
    status = StaticHTML("")
    button = w.Button(description=ui.say("home.setup.start"), button_style="primary")

    def create(_b: w.Button) -> None:
        text = name.value.strip()
        if not text:
            status.value = message_html(ui.say("home.setup.no_name"), "error")
            return
        ident = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "me"
        try:
            store.add_practitioner(Practitioner(id=ident, display_name=text[:120]))
            store.set_setting("current_practitioner", ident)
        except (VigkitError, ValueError) as exc:
            status.value = message_html(ui.error(exc), "error")
            return
        on_done()

    button.on_click(create)
    return w.VBox(
        [
            StaticHTML(f"<p>{_t(ui, 'home.setup.welcome')}</p>"),
            name,
            button,
            status,
        ]
    )


_CASELOAD_COLUMNS = ("case", "setting", "age", "status", "consent", "cycles", "films", "clips")


def caseload_html(store: Store, who: Practitioner | None, ui: Interface | None = None) -> str:
    ui = ui or Interface()
    cases = store.list_cases(who.id if who else None)
    settings = service_settings()
    if not cases:
        return f"<p>{_t(ui, 'home.cases.none')}</p>"
    rows = []
    for case in cases:
        films = store.list_films(case.code)
        clips = store.list_clips(case_code=case.code)
        consent = store.get_consent(case.code)
        if consent is None:
            consent_text = ui.say("home.consent.missing")
        elif consent.withdrawn_on:
            consent_text = ui.say(
                "home.consent.withdrawn", when=ui.date(consent.withdrawn_on, short=True)
            )
        else:
            consent_text = ui.say(
                "home.consent.filming" if consent.filming else "home.consent.no_filming"
            )
        if case.age_months is not None:
            age = ui.say("home.age.months", count=case.age_months)
        elif case.age_weeks_pregnant is not None:
            age = ui.say("home.age.pregnant", count=case.age_weeks_pregnant)
        else:
            age = ""
        status_key = f"home.status.{case.status.value}"
        status = ui.say(status_key) if status_key in ENGLISH else case.status.value
        cycles = len({f.cycle_number for f in films})
        snap = snapshot_from_store(store, case.code)
        step = next_step(snap, settings, say=ui.say)
        found = attention(snap, settings, clock.today(), say=ui.say)
        warnings = [a for a in found if a.level == "warning"]
        flag = (
            f'<div class="vk-attn">⚠ {html.escape(warnings[0].message)}'
            + (
                " " + html.escape(ui.say("home.attention.more", count=len(warnings) - 1))
                if len(warnings) > 1
                else ""
            )
            + "</div>"
            if warnings
            else ""
        )
        rows.append(
            "<tr>"
            f"<td>{link('case.ipynb?case=' + quote(case.code), case.code)}</td>"
            f"<td>{html.escape(case.setting)}</td><td>{html.escape(age)}</td>"
            f"<td>{html.escape(status)}</td><td>{html.escape(consent_text)}</td>"
            f"<td>{cycles}</td><td>{len(films)}</td><td>{len(clips)}</td>"
            f"<td>{html.escape(step)}{flag}</td>"
            "</tr>"
        )
    head = (
        "<tr>"
        + "".join(
            f"<th scope='col'>{_t(ui, 'home.col.' + col)}</th>"
            for col in (*_CASELOAD_COLUMNS, "next")
        )
        + "</tr>"
    )
    return (
        f'<table class="vk-table"><caption>{_t(ui, "home.caseload.caption")}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _groups_html(store: Store, who: Practitioner | None, ui: Interface) -> str:
    from vigkit.ui.grouppage import groups_html  # the group page imports this module

    return groups_html(store, who, ui)


def _workbook_html(ui: Interface, name: str, words: str) -> str:
    """A workbook's link and what it is for (``words`` a key, else "Name: what it is for")."""
    if words in ENGLISH and f"{words}.about" in ENGLISH:
        title, about = ui.say(words), ui.say(f"{words}.about")
    else:
        title, _, about = words.partition(": ")
    return f"<li>{link(name, title)}: {html.escape(about)}</li>"


def home_page() -> w.Widget:
    """Who you are, the workbooks, and the caseload."""
    store = page_store()
    page = w.VBox()
    page.add_class("vk-page")

    def fill() -> None:
        from vigkit.ui.pagelanguage import language_picker, page_interface

        person = current_practitioner(store)
        ui = page_interface(store, person)
        workbooks = "".join(
            _workbook_html(ui, name, words)
            for name, words in WORKBOOKS.items()
            if name != "home.ipynb"
        )
        models = "".join(
            f"<li>{link('reflection.ipynb?model=' + quote(q.id), q.title)}</li>"
            for q in _reflection_models(service_settings(), ui.language)
        )
        children: list[w.Widget] = [page_header(ui.say("home.title"), person, ui)]
        if person is None:
            children.append(_setup_form(store, fill, ui))
        else:
            children.append(language_picker(store, person, ui))
            children.append(
                StaticHTML(
                    f"<h2>{_t(ui, 'home.workbooks')}</h2><ul>{workbooks}</ul>"
                    f"<h2>{_t(ui, 'home.write')}</h2><ul>{models}</ul>"
                    f"<h2>{_t(ui, 'home.caseload')}</h2>{caseload_html(store, person, ui)}"
                    f"<h2>{_t(ui, 'home.groups')}</h2>{_groups_html(store, person, ui)}"
                    f'<p class="vk-help">{_t(ui, "home.help.codes")}</p>'
                )
            )
        page.children = children

    fill()
    return page


def reflection_list(
    store: Store, who: Practitioner, case_code: str | None, ui: Interface | None = None
) -> str:
    ui = ui or Interface()
    items = store.list_reflections(author_id=who.id, case_code=case_code or None)
    if not items:
        return f"<p>{_t(ui, 'home.reflections.none')}</p>"
    rows = []
    for item in items[:50]:
        texts = [v for v in item.answers.values() if isinstance(v, str) and v]
        first = max(texts, key=len, default="")  # the longest answer says most; dates say little
        excerpt = (first[:140] + "…") if len(first) > 140 else first
        rows.append(
            f"<li>{link(f'reflection.ipynb?reflection={item.id}', ui.moment(item.updated_at))}"
            f" — {html.escape(item.template_id)}"
            + (
                say_html(ui, "home.reflections.case", case=html.escape(item.case_code))
                if item.case_code
                else ""
            )
            + f'<div class="vk-excerpt">{html.escape(excerpt)}</div></li>'
        )
    return f'<ul class="vk-list">{"".join(rows)}</ul>'


def reflection_page(
    model: str = "", case: str = "", reflection: str = "", cycle: str = ""
) -> w.Widget:
    """A reflective log entry with a chosen model; drafts come back when the page reopens.

    The model's template id comes as ``?model=``: Voilà keeps ``?template=`` for its own use.
    """
    from vigkit.ui.pagelanguage import page_interface

    store = page_store()
    who = current_practitioner(store)
    ui = page_interface(store, who)
    if who is None:
        return StaticHTML(message_html(ui.say("home.reflection.who_first"), "error"))
    existing: Reflection | None = None
    if reflection:
        if not reflection.isdigit():
            return StaticHTML(
                message_html(ui.say("home.reflection.not_number", given=repr(reflection)), "error")
            )
        existing = store.get_reflection(int(reflection))
        model = existing.template_id
        case = existing.case_code or ""
        cycle = str(existing.cycle_number or "")
    if cycle and not cycle.isdigit():
        return StaticHTML(
            message_html(ui.say("home.reflection.not_cycle", given=repr(cycle)), "error")
        )
    settings = service_settings()
    version_note = ""
    if existing is not None:
        qset, version_note = template_for_record(store, existing, ui.language, ui)
    else:
        qset = find_template(model or settings.templates.reflection, ui.language)
    case_code = case.upper() if case else None
    if case_code:
        store.get_case(case_code)  # a clear "no such case" rather than an orphan record
    saved_list = StaticHTML(reflection_list(store, who, case_code, ui))
    clips = cycle_clips(store, case_code, int(cycle)) if case_code and cycle else []
    form = ReflectionForm(
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
    title = f"<strong>{html.escape(qset.title)}</strong>"
    about = (
        say_html(ui, "home.reflection.model_case", model=title, case=html.escape(case_code))
        if case_code
        else say_html(ui, "home.reflection.model", model=title)
    )
    intro = StaticHTML(
        f"<p>{about}"
        + (" " + say_html(ui, "home.reflection.others", links=others) if others else "")
        + "</p>"
        + version_note
        + f'<p class="vk-help">{_t(ui, "home.reflection.help")}</p>'
    )
    rescale: list[w.Widget] = []
    if _is_review(qset, settings) and case_code:
        from vigkit.ui.caseforms import HelpingQuestionsForm

        rescale = [
            StaticHTML(
                f"<h2>{_t(ui, 'home.reflection.rescale')}</h2>"
                f'<p class="vk-help">{_t(ui, "home.reflection.rescale.help")}</p>'
            ),
            HelpingQuestionsForm(store, case_code, ui=ui).widget,
        ]
    page = w.VBox(
        [
            page_header(ui.say("home.reflection.title"), who, ui),
            intro,
            form.widget,
            *rescale,
            StaticHTML(f"<h2>{_t(ui, 'home.reflection.saved')}</h2>"),
            saved_list,
        ]
    )
    page.add_class("vk-page")
    page.form = form  # type: ignore[attr-defined]  # tests and notebooks reach the form here
    return page
