"""Records named as people speak of them (issue 30): lists and links name the model, the day
and the family, never an internal id; a clip's times read the same on every page; a
reopened record shows its heading once. Pages built without a browser, over the demo."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
from pagetext import shown

from vigkit.core.records import Practitioner, Reflection
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.ui.pages import case as casepage
from vigkit.ui.pages import reflection as reflectionpage
from vigkit.ui.parts.lists import reflection_list
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.page import Page

WHAT = "What? So what? Now what?"  # the title of the demo reflection's model, reflection_what


def _text(widget: w.Widget | Page) -> str:
    """All the HTML a page shows, in order."""
    widget = shown(widget)
    if isinstance(widget, w.HTML):
        return str(widget.value)
    return "".join(_text(child) for child in getattr(widget, "children", ()))


def _demo_reflection() -> Reflection:
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    [found] = [r for r in store.reflections.list(author_id=who.id) if r.case_code == "F017"]
    return found


def _written_with_removed_models(case: str | None) -> tuple[Store, Practitioner]:
    """Two reflections by the practitioner with models no longer installed: "old_log", whose
    copy the store kept (titled "Our old log"), and "older_log", of which it has none."""
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    body = {"id": "old_log", "version": "1.0", "title": "Our old log"}
    for ident, kept in (("old_log", body), ("older_log", None)):
        store.reflections.save(
            Reflection(
                template_id=ident,
                template_version="1.0",
                author_id=who.id,
                case_code=case,
                answers={"noticed": "She waited"},
            ),
            template_body=kept,
        )
    return store, who


def test_saved_reflections_are_listed_by_model_day_and_family(demo_home: Path) -> None:
    """The list (reflection and case pages) names the model by its title, the moment and
    the case: "What? So what? Now what?, 05 Mar 2026 14:03, case F017", never its id."""
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    mine = _demo_reflection()
    listed = reflection_list(store, who, None)
    when = Interface().moment(mine.updated_at)
    assert f">{WHAT}, {when}</a>, case F017" in listed
    assert "reflection_what" not in listed
    case_text = _text(casepage.case_page("F017"))
    assert f">{WHAT}, {when}</a>" in case_text and "reflection_what" not in case_text


def test_a_reflection_whose_model_is_gone_is_still_named_by_its_title(demo_home: Path) -> None:
    """A model no longer installed is named by the store's copy of the version written with;
    without a copy, in plain words: its id is shown nowhere."""
    store, who = _written_with_removed_models("F023")
    listed = reflection_list(store, who, "F023")
    assert "Our old log, " in listed
    assert "Reflection (its model is no longer installed), " in listed
    assert "old_log" not in listed


def test_the_portfolio_names_a_removed_model_by_its_kept_title(demo_home: Path) -> None:
    """The trainee's portfolio: a reflection written with a model the service has since
    removed is headed by the title of the store's copy, else in plain words, never its id."""
    from vigkit.reports.portfolio import gather
    from vigkit.templates import find_question_set
    from vigkit.templates.accreditationfile import load_accreditation

    store, who = _written_with_removed_models(None)
    dirs = pagedata.question_set_dirs()
    portfolio = gather(store, who, load_accreditation(), lambda i: find_question_set(i, dirs))
    titles = " | ".join(str(entry) for entry in portfolio.reflections)
    assert "Our old log" in titles
    assert "Reflection (its model is no longer installed)" in titles
    assert "old_log" not in titles and "older_log" not in titles


def test_a_reopened_reflection_shows_its_heading_once(demo_home: Path) -> None:
    """The model's title is the form's heading: the page's introduction no longer says it
    again above it (the saved list below names it, as a link to each record)."""
    mine = _demo_reflection()
    for page in (
        reflectionpage.reflection_page(reflection=str(mine.id)),
        reflectionpage.reflection_page(model="reflection_what", case="F017", cycle="1"),
    ):
        text = _text(page)
        above_the_list = text.split("<h2>Saved reflections</h2>")[0]
        assert 1 == above_the_list.count(WHAT), above_the_list
        assert f"<h2>{WHAT}</h2>" in above_the_list
        assert "For case F017." in above_the_list


def test_a_clips_times_read_the_same_on_every_page(demo_home: Path) -> None:
    """Seconds with two decimals, as the clip marker and the clip list write them: the case
    page's clip table and the shared review's clip picker say "8.00–15.50 s" alike."""
    assert "11.04" == clip_time(11.04) and "8.00" == clip_time(8) and "0.50" == clip_time(0.5)
    store = pagedata.page_store()
    clips = store.films.list_clips(case_code="F017")
    assert clips
    case_text = _text(casepage.case_page("F017"))
    picker = reflectionpage.cycle_clips(store, "F017", 1)
    cycle_one = {f.id for f in store.films.list("F017") if f.cycle_number == 1}
    for clip in clips:
        times = f"{clip_time(clip.start_s)}–{clip_time(clip.end_s)} s"
        assert times in case_text
        if clip.film_id in cycle_one:
            [label] = [label for ident, label in picker if ident == clip.id]
            assert label.startswith(times + " · ")
    assert not re.search(r"\d+\.\d–\d+\.\d s", case_text), "no time with one decimal left"
