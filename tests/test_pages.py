"""Workbook pages built without a browser, over the synthetic demo caseload."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from pagetext import all_html, open_folds, shown

from vigkit.ui import pages
from vigkit.ui.pages import case as casepage
from vigkit.ui.pages import home as homepage
from vigkit.ui.pages import reflection as reflectionpage
from vigkit.ui.runtime import pagedata, workbook
from vigkit.ui.runtime.page import Page

_text = all_html


def test_home_lists_cases_with_their_next_step(demo_home: Path) -> None:
    """The caseload shows each case with a next step in plain words."""
    text = _text(homepage.home_page())
    assert "Next step" in text
    assert "F017" in text and "F023" in text
    assert "Film cycle 1" in text


def test_case_page_shows_progress_plots_and_fidelity(demo_home: Path) -> None:
    """A case page has the next step, two plots with alt text, and the fidelity table."""
    text = _text(casepage.case_page("F017"))
    assert "<h2>Next step</h2>" in text
    assert 2 == text.count('<img class="vk-plot" alt="')
    assert "Fidelity to the VIG model" in text
    assert "shared_review&amp;case=F017&amp;cycle=1" in text


def test_settings_file_changes_the_rules(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service's settings.yaml in the data directory is read; a broken one is a plain message."""
    (demo_home / "settings.yaml").write_text("max_clips_per_film: 2\n", encoding="utf-8")
    try:
        assert 2 == pagedata.service_settings().max_clips_per_film
        (demo_home / "settings.yaml").write_text("max_clips_per_fillm: 2\n", encoding="utf-8")
        shown: list[w.Widget] = []
        monkeypatch.setattr(workbook, "display", shown.append)
        pages.run_page(lambda: casepage.case_page("F017"))
        assert "max_clips_per_film" in _text(shown[0])
        assert "Traceback" not in _text(shown[0])
    finally:
        (demo_home / "settings.yaml").unlink()


def test_unknown_case_is_a_plain_message(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a case that does not exist shows a sentence, not an error."""
    shown: list[w.Widget] = []
    monkeypatch.setattr(workbook, "display", shown.append)
    pages.run_page(lambda: casepage.case_page("Z999"))
    assert "There is no case with the code &#x27;Z999&#x27;" in _text(shown[0])


def _find(
    widget: w.Widget | Page, kind: type, test: Callable[[Any], bool] = lambda _w: True
) -> list:
    """Every widget of a kind under ``widget`` that passes ``test``, in order."""
    widget = shown(widget)
    found = [widget] if isinstance(widget, kind) and test(widget) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, kind, test)
    return found


def test_closing_a_case_shows_when_footage_goes(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving the case as closed sets its closing day and says when footage must be deleted.

    The day is pinned, and to a day of the month below 10: the page writes "3 June 2027",
    never "03 June 2027", whatever day the tests run.
    """
    from datetime import date

    from vigkit.core import clock
    from vigkit.core.records import CaseStatus

    closing = date(2027, 1, 3)
    monkeypatch.setattr(clock, "today", lambda: closing)
    page = open_folds(casepage.case_page("F023"))  # the details fold opened
    footage = _find(page, w.HTML, lambda h: "vk-footage" in h._dom_classes)[0]
    assert "" == footage.value
    status = _find(page, w.Dropdown, lambda d: any(o[0] == "Closed" for o in d.options))[0]
    before = status.value
    status.value = CaseStatus.closed
    save = _find(page, w.Button, lambda b: b.description == "Save case details")[0]
    save.click()
    try:
        closed = pagedata.page_store().cases.get("F023")
        assert closing == closed.closed_on
        months = pagedata.service_settings().retention_months
        assert 2 == months, "the default retention the expected day below is worked out for"
        assert "deleted by 3 March 2027 (2 months after the case closed)" in footage.value
    finally:
        status.value = before
        save.click()
    assert "" == footage.value


def test_settings_choose_a_services_own_template(demo_home: Path) -> None:
    """A template in <data>/templates, named in settings.yaml, opens a new reflection."""
    from vigkit.paths import templates_dir

    own = demo_home / "templates" / "question_sets"
    own.mkdir(parents=True)
    text = (templates_dir() / "question_sets" / "reflection_what.yaml").read_text("utf-8")
    text = text.replace("id: reflection_what", "id: our_reflection", 1)
    text = text.replace('title: "What? So what? Now what?"', 'title: "Our service reflection"')
    (own / "our_reflection.yaml").write_text(text, encoding="utf-8")
    settings = demo_home / "settings.yaml"
    settings.write_text(
        "templates:\n  reflection: our_reflection\n"
        "  reflection_models: [our_reflection, reflection_gibbs]\n",
        encoding="utf-8",
    )
    try:
        page = reflectionpage.reflection_page()
        assert "our_reflection" == page.form.qset.id
        text = _text(page)
        assert 1 == text.count("Our service reflection"), "the model's title, once: the form's"
        assert "<h2>Our service reflection</h2>" in text
        assert "model=reflection_gibbs" in text and "model=reflection_what" not in text
        home = _text(homepage.home_page())
        assert "model=our_reflection" in home and "model=reflection_5rs" not in home
    finally:
        settings.unlink()
        (own / "our_reflection.yaml").unlink()


def test_a_supervision_record_is_never_filled_in_as_a_reflection(demo_home: Path) -> None:
    """?model=supervision would let a trainee write the supervisor's observations: refused,
    and the supervision template is not offered as a reflective model."""
    page = reflectionpage.reflection_page(model="supervision").widget
    assert isinstance(page, w.HTML) and "vk-msg-error" in page.value
    assert "is a supervision record" in page.value and "Supervision page" in page.value
    offered = {q.id for q in pagedata.reflection_models(pagedata.service_settings())}
    assert "supervision" not in offered and "reflection_gibbs" in offered


def test_the_reflection_workbook_opens_the_model_settings_choose(demo_home: Path) -> None:
    """The notebook's own parameters (no ?model= in the URL) leave the choice to settings.yaml."""
    import nbformat

    from vigkit.paths import workbooks_dir

    nb = nbformat.read(workbooks_dir() / "reflection.ipynb", as_version=4)
    params: dict[str, str] = {}
    exec(nb.cells[0].source, {}, params)  # the parameters cell: plain assignments
    settings = demo_home / "settings.yaml"
    settings.write_text("templates:\n  reflection: reflection_what\n", encoding="utf-8")
    try:
        page = reflectionpage.reflection_page(**pages.request_params(**params))
        assert "reflection_what" == page.form.qset.id
    finally:
        settings.unlink()


def test_every_name_a_workbook_calls_through_pages_is_there() -> None:
    """The shipped workbooks (and a service's copies of them) call ``pages.<name>``: the
    home and reflection pages live in their own modules but stay reachable there."""
    import re

    from vigkit.paths import workbooks_dir

    called = {
        name
        for notebook in workbooks_dir().glob("*.ipynb")
        for name in re.findall(r"(?<![.\w])pages\.(\w+)", notebook.read_text(encoding="utf-8"))
    }
    assert {"warm_up", "request_params", "run_page", "home_page", "reflection_page"} <= called
    assert [] == sorted(name for name in called if not callable(getattr(pages, name, None)))
    assert (homepage.home_page, reflectionpage.reflection_page) == (
        pages.home_page,
        pages.reflection_page,
    )


def test_a_configured_template_that_is_missing_is_a_plain_message(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """settings.yaml naming a template nobody installed: the page says so, no traceback."""
    settings = demo_home / "settings.yaml"
    settings.write_text("templates:\n  reflection: not_installed\n", encoding="utf-8")
    shown: list[w.Widget] = []
    monkeypatch.setattr(workbook, "display", shown.append)
    try:
        pages.run_page(lambda: reflectionpage.reflection_page())
    finally:
        settings.unlink()
    assert "There is no template called &#x27;not_installed&#x27;" in _text(shown[0])


def test_shared_review_offers_the_cycles_clips(demo_home: Path) -> None:
    """The shared review of cycle 1 offers that cycle's clips, labelled with times and headings."""
    page = reflectionpage.reflection_page(model="shared_review", case="F017", cycle="1")
    clips = page.form.clips
    with_ids = {c.id for c in pagedata.page_store().films.list_clips(case_code="F017")}
    assert len(clips) >= 3 and {ident for ident, _ in clips} <= with_ids
    assert re.match(r"\d+\.\d\d–\d+\.\d\d s · ", clips[0][1]), clips[0][1]  # as every page
    assert (
        []
        == reflectionpage.reflection_page(model="shared_review", case="F017", cycle="2").form.clips
    )  # type: ignore[attr-defined]


OURS_V1 = """schema_version: 1
id: our_log
version: "1.0"
title: Our log
sections:
  - id: main
    title: Main
    questions:
      - id: noticed
        prompt: What did you notice?
        kind: long_text
        required: true
      - id: feeling
        prompt: How did you feel?
        kind: short_text
"""
OURS_V2 = (
    OURS_V1.replace('version: "1.0"', 'version: "1.1"')
    .replace("What did you notice?", "What did you see the parent do?")
    .replace(
        """      - id: feeling
        prompt: How did you feel?
        kind: short_text
""",
        """      - id: next_time
        prompt: What will you try next time?
        kind: short_text
""",
    )
)


@pytest.fixture
def own_template(demo_home: Path) -> Iterator[Path]:
    """The service's own template our_log at version 1.0, in the data directory."""
    folder = demo_home / "templates" / "question_sets"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "our_log.yaml"
    path.write_text(OURS_V1, encoding="utf-8")
    yield path
    path.unlink()


def _save_with(page: w.Widget, answers: dict[str, str]) -> int:
    form = page.form
    for qid, value in answers.items():
        form.fields[qid].set(value)
    saved = form.save()
    assert saved is not None, form.status.value
    return int(saved.id)


def test_a_record_opens_under_the_prompts_it_was_given(own_template: Path) -> None:
    """After rewording, removing and adding questions, an old record opens as it was written."""
    ident = _save_with(
        reflectionpage.reflection_page(model="our_log"),
        {"noticed": "She waited 🙂", "feeling": "<b>calm</b>"},
    )
    own_template.write_text(OURS_V2, encoding="utf-8")
    old = reflectionpage.reflection_page(reflection=str(ident))
    form = old.form
    assert "1.0" == form.qset.version
    assert {"noticed": "She waited 🙂", "feeling": "<b>calm</b>"} == {
        k: v for k, v in form.values().items() if v
    }
    assert "What did you notice?" == form.fields["noticed"].question.prompt
    text = _text(old)
    assert "version 1.0 of this model" in text
    above_the_list = text.split("<h2>Saved reflections</h2>")[0]  # the list names it too
    assert 1 == above_the_list.count("Our log"), "the heading once, not again in the note"
    assert "the current one is 1.1" in text
    again = form.save()
    assert again is not None and "1.0" == again.template_version
    new = reflectionpage.reflection_page(model="our_log").form
    assert "1.1" == new.qset.version and "next_time" in new.fields


def test_answers_without_a_kept_copy_are_shown_and_kept(own_template: Path) -> None:
    """A record from before copies were kept opens with the current version; lost answers stay."""
    from vigkit.core.records import Reflection

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    record = store.reflections.save(
        Reflection(
            template_id="our_log",
            template_version="0.9",
            author_id=who.id,
            answers={"noticed": "The baby turned", "asked_before": "proud <script>x</script>"},
        )
    )
    page = reflectionpage.reflection_page(reflection=str(record.id))
    text = _text(page)
    assert "Answers kept from an earlier version" in text
    assert "proud &lt;script&gt;x&lt;/script&gt;" in text
    saved = page.form.save()
    assert saved is not None
    kept = store.reflections.get(int(record.id or 0)).answers
    assert "proud <script>x</script>" == kept["asked_before"]


def test_a_practitioners_language_reaches_prompts_and_buttons(demo_home: Path) -> None:
    """Welsh chosen: a Welsh template and the service's Welsh words show; the rest is English."""
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    own = demo_home / "templates"
    (own / "question_sets").mkdir(parents=True, exist_ok=True)
    (own / "interface").mkdir(parents=True, exist_ok=True)
    (own / "question_sets" / "our_cy.yaml").write_text(
        OURS_V1.replace("id: our_log", "id: our_cy").replace(
            "prompt: What did you notice?",
            "prompt: {en: 'What did you notice?', cy: 'Beth wnaethoch chi sylwi?'}",
        ),
        encoding="utf-8",
    )
    (own / "interface" / "cy.yaml").write_text(
        "kind: interface_words\nlanguage: cy\nsave: Cadw\n", encoding="utf-8"
    )
    store.settings.set(f"language:{who.id}", "cy")
    try:
        form = reflectionpage.reflection_page(model="our_cy").form
        assert "Beth wnaethoch chi sylwi?" == form.fields["noticed"].question.prompt
        assert "How did you feel?" == form.fields["feeling"].question.prompt
        assert ("Cadw", "Save this reflection (your typing is also kept as a draft)") == (
            form.save_button.description,
            form.save_button.tooltip,
        )
        saved = form.save()
        assert (
            saved is None and "This question needs an answer" in form.fields["noticed"].error.value
        )
        picker = _find(homepage.home_page(), w.Dropdown, lambda d: d.description == "Language")[0]
        assert "cy" == picker.value and "qps" in [code for _, code in picker.options]
        picker.value = "en"
        assert "en" == store.settings.get(f"language:{who.id}")
    finally:
        store.settings.set(f"language:{who.id}", "en")
        (own / "question_sets" / "our_cy.yaml").unlink()
        (own / "interface" / "cy.yaml").unlink()


def test_the_test_language_reaches_every_word_of_a_reflection_form(demo_home: Path) -> None:
    """In the pseudo-language the form's prompts, help, options and buttons are all translated."""
    from vigkit.templates.languages import PSEUDO

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.settings.set(f"language:{who.id}", PSEUDO)
    try:
        form = reflectionpage.reflection_page(model="shared_review", case="F017", cycle="1").form
        words = [form.save_button.description, form.save_button.tooltip, form.qset.title]
        for field in form.fields.values():
            words += [field.question.prompt] + (
                [field.question.help] if field.question.help else []
            )
            words += [getattr(x, "description", "") for x in field.widgets()]
            words += [o.label for o in field.question.options or []]
        # Principle headings come from principles.yaml; " *" marks a required question.
        words = [
            x.removesuffix(" *")
            for x in words
            if x and not x.startswith(("1. ", "2. ", "3. ", "4. ", "5. ", "6. "))
        ]
        assert words and all(x.startswith("[") and x.endswith("]") for x in words), [
            x for x in words if not x.startswith("[")
        ]
    finally:
        store.settings.set(f"language:{who.id}", "en")


def test_case_page_links_the_familys_group(demo_home: Path) -> None:
    """A family in a group VIG group has a link to the group on its case page."""
    assert 'href="group.ipynb?group=G001"' in _text(casepage.case_page("F031"))
    assert "Group VIG:" not in _text(casepage.case_page("F017"))


# -- the test language on the home, group and preview pages ---------------------------------


def _visible(widget: w.Widget | Page) -> list[str]:
    """Every text a page shows or reads out: HTML without its tags (and its aria-labels and
    titles), descriptions, tooltips, placeholders, option labels and fold titles."""
    widget = shown(widget)
    import html
    import re

    out: list[str] = []
    if isinstance(widget, w.HTML):
        value = str(widget.value)
        out += re.findall(r'(?:aria-label|title)="([^"]*)"', value)
        out.append(re.sub(r"<[^>]+>", " ", value))
    for attr in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    out += [str(x) for x in getattr(widget, "_options_labels", ())]
    out += [str(x) for x in getattr(widget, "titles", ()) or ()]
    for child in getattr(widget, "children", ()):
        out += _visible(child)
    return [" ".join(html.unescape(x).split()) for x in out if x.strip()]


def _english_left(texts: list[str], data: set[str]) -> list[str]:
    """What is still in plain English once ``data`` (and dates, numbers and codes) are taken
    out: any English interface word verbatim, or a word of plain letters outside [ ]."""
    import re

    from vigkit.i18n.words import group as group_words
    from vigkit.i18n.words import home as home_words

    pieces = {
        piece.strip(" .,:;()")
        for text in (*home_words.WORDS.values(), *group_words.WORDS.values())
        for piece in re.split(r"\{[^{}]*\}", text)
    }
    pieces = {p for p in pieces if len(re.findall(r"[A-Za-z]", p)) >= 2}
    left: list[str] = []
    for text in texts:
        for item in sorted(data, key=len, reverse=True):
            text = text.replace(item, " ")
        text = re.sub(r"\b\d{1,2} (?:[A-Z][a-z]+) \d{4}\b|\b[FG]\d{3}\b", " ", text)
        left += [p for p in pieces if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        while (bare := re.sub(r"\[[^\[\]]*\]", " ", text)) != text:
            text = bare
        left += re.findall(r"[A-Za-z]{2,}(?:\W+[A-Za-z]{2,})*", text)
    return left


def _demo_data(store: Any, who: Any) -> set[str]:
    """What the demo caseload holds (typed text, names), the language names (each in its own
    language), and the words the case summaries give (vigkit.core.summaries, not this part's)."""
    from datetime import date

    from vigkit.core.summaries import attention, next_step
    from vigkit.store.snapshot import snapshot_from_store
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui.runtime.pagelanguage import NAMES

    settings = pagedata.service_settings()
    data = {who.display_name, *(name for code, name in NAMES.items() if code != PSEUDO)}
    for case in store.cases.list(None):
        snap = snapshot_from_store(store, case.code)
        data |= {case.setting, next_step(snap, settings)}
        data |= {a.message for a in attention(snap, settings, date.today())}
    for group in store.groups.list(None):
        data |= {group.title, group.setting}
        for session in store.groups.list_sessions(group.code):
            data.add(session.notes)
            for film in store.groups.list_films(group.code).get(session.id or 0, ()):
                data |= {c.what_i_see for c in store.films.list_clips(film_id=film.id)}
    return {d for d in data if d}


def test_the_test_language_reaches_every_word_of_the_home_and_group_pages(
    demo_home: Path,
) -> None:
    """In the pseudo-language nothing of the home page or the group page stays in English,
    once the demo's own data (and the case summaries' sentences) are set aside."""
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui.pages import group as grouppage

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.settings.set(f"language:{who.id}", PSEUDO)
    try:
        data = _demo_data(store, who)
        home = _visible(homepage.home_page())
        group = _visible(grouppage.group_page("G001"))
        listing = _visible(grouppage.group_page(""))
        assert any("[" in x for x in home) and any("[" in x for x in group)
        assert [] == _english_left(home, data)
        assert [] == _english_left(group, data)
        assert [] == _english_left(listing, data)
    finally:
        store.settings.set(f"language:{who.id}", "en")


def test_the_test_language_reaches_the_group_forms_and_messages(demo_home: Path) -> None:
    """Saving attendance (the ticks as they are) and a session without a date answer in the
    page's language."""
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui.pages import group as grouppage

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.settings.set(f"language:{who.id}", PSEUDO)
    try:
        built = grouppage.group_page("G001").group
        form = next(iter(built.attendance.values()))
        form.save()
        built.new_session.held_on.value = None
        built.new_session.save()
        messages = _visible(form.widget) + _visible(built.new_session.widget)
        assert [] == _english_left(messages, _demo_data(store, who))
        assert "Attendance saved" not in form.message.value
        assert "]" in built.new_session.message.value
    finally:
        store.settings.set(f"language:{who.id}", "en")


def test_the_test_language_reaches_the_reflection_pages_own_words(demo_home: Path) -> None:
    """The reflection page's intro, help, headings and saved list are pseudo-translated."""
    from vigkit.templates.languages import PSEUDO

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.settings.set(f"language:{who.id}", PSEUDO)
    try:
        page = reflectionpage.reflection_page(model="shared_review", case="F017", cycle="1")
        own = [c for c in page.widget.children if c is not page.form.widget]
        texts = [x for c in own for x in _visible(c)]
        # The helping questions' own form is the case page's part; its words are not here.
        rescale = {x for c in own if not isinstance(c, w.HTML) for x in _visible(c)}
        data = _demo_data(store, who) | {"—", "…"}
        for item in store.reflections.list(author_id=who.id):
            data |= {v for v in item.answers.values() if isinstance(v, str)}
            data |= {item.template_id, f"{item.updated_at:%d %b %Y %H:%M}"}
        assert [] == _english_left([x for x in texts if x not in rescale], data)
    finally:
        store.settings.set(f"language:{who.id}", "en")


def test_the_test_language_reaches_the_template_preview(demo_home: Path) -> None:
    """The preview's own words (not the template's, shown as written) are pseudo-translated."""
    from vigkit.i18n.interface import Interface
    from vigkit.templates.languages import PSEUDO
    from vigkit.templates.previewfiles import template_files
    from vigkit.templates.principles import load_principles
    from vigkit.ui.pages.preview import preview_page, template_folders

    folders = template_folders()
    page = preview_page(
        model="reflection_what",
        folders=folders,
        principles_of=load_principles,
        watch=False,
        ui=Interface(PSEUDO),
    )
    preview = page.preview
    assert preview is not None and preview.form is not None
    assert preview.form.save_button.description.startswith("[")
    shown = [x for c in page.widget.children if c is not preview.widget for x in _visible(c)]
    shown += _visible(preview.status) + _visible(preview.problem_box)
    files = template_files(folders, load_principles())
    data = {"vigkit templates new", *(str(f.path) for f in folders)}
    data |= {x for f in files for x in (f.title, f.id, f.version, f.path.name) if x}
    data |= {str(f.path.parent) for f in files}
    assert [] == _english_left(shown, data)
