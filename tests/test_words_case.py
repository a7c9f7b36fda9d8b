"""The case workbook's words (vigkit/words/case.py): every word the case page shows goes
through Interface.say, so the test language (qps) leaves no English interface word."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
from pagetext import english_left, open_folds, visible

from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.case import WORDS
from vigkit.templates.languages import PSEUDO
from vigkit.ui.pages import case as casepage
from vigkit.ui.runtime import pagedata


def test_the_case_words_are_a_part_with_their_own_keys() -> None:
    """Every key starts with "case.", and all of them reach the interface's words."""
    assert "case" in PARTS
    assert all(key.startswith("case.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


def test_the_consent_uses_keep_their_english_labels() -> None:
    """CONSENT_USES, which other modules read, is still the English labels by field name."""
    from vigkit.ui.forms.consent import CONSENT_USES, use_labels

    assert CONSENT_USES["filming"] == "Filming"
    assert CONSENT_USES["group_viewing"] == "Viewing by other group members (group VIG)"
    assert use_labels() == CONSENT_USES
    assert all(x.startswith("[") for x in use_labels(Interface(PSEUDO)).values())


# -- what a page shows -----------------------------------------------------------------------

# Data that is neither a record's text nor in the store: the demo film's context (chosen from
# the film register's list, which is another part's words) and the rating occasions a form
# suggests (what a rating keeps, like the parent's words).
_ALLOWED = ("play on the mat", "review 1", "review 2", "review 3", "start", "end")


def _case_data(code: str, who: Any) -> set[str]:
    """What the demo holds for one case: typed text, names, ids and principle headings."""
    store = pagedata.page_store()
    case = store.get_case(code)
    data = {case.code, case.setting, case.referral_reason, who.display_name}
    data |= {hq.words for hq in store.list_helping_questions(code)}
    for film in store.list_films(code):
        data.add(film.context)
        data |= {c.what_i_see for c in store.list_clips(film_id=film.id)}
    for r in store.list_reflections(case_code=code):
        data.add(r.template_id)
        data |= {v[:140] for v in r.answers.values() if isinstance(v, str)}
    data |= {p.heading for p in pagedata.principles_template().headings}
    # Measures are templates (their titles are the trainer's words, like the headings).
    from vigkit.ui.parts.measures import entered_measures

    data |= {m.title for m in entered_measures()}
    return {d for d in data if d} | set(_ALLOWED)


def _english_left(texts: list[str], data: set[str]) -> list[str]:
    return english_left(texts, data, WORDS)


def test_the_test_language_reaches_every_word_of_the_case_page(in_test_language: Any) -> None:
    """In the test language the case page, its forms and its progress show no English
    interface word: what stays in plain letters is the family's data."""
    page = casepage.case_page("F017")
    texts = visible(page)
    assert any("[Çöñšéñţ" in t for t in texts)  # the page is in the test language
    assert [] == _english_left(texts, _case_data("F017", in_test_language))


def test_the_test_language_reaches_the_caseload_and_new_case_form(
    in_test_language: Any,
) -> None:
    """The case workbook without a case: its title and the new case form."""
    page = casepage.case_page("")
    texts = visible(page)
    data = {in_test_language.display_name}
    for case in pagedata.page_store().list_cases(in_test_language.id):
        data |= _case_data(case.code, in_test_language)
        snap = casepage.snapshot_from_store(pagedata.page_store(), case.code)
        data.add(casepage.next_step(snap, pagedata.service_settings()))  # the home page's words
        data |= {
            a.message for a in casepage.attention(snap, pagedata.service_settings(), date.today())
        }
    assert any("[Ñéŵ çàšé" in t for t in texts)
    assert [] == _english_left(texts, data)


def test_the_case_forms_messages_are_in_the_test_language(in_test_language: Any) -> None:
    """Messages a form shows after a click (not saved, nothing changed) go through say too."""
    page = open_folds(casepage.case_page("F017"))
    consent = pagedata.page_store().get_consent("F017")
    assert consent is not None
    given_on = Interface(PSEUDO).say("case.consent.given_on")
    picker = [d for d in _find(page, w.DatePicker) if d.description == given_on][0]
    picker.value = consent.given_on  # as recorded: nothing changes, nothing is written
    buttons = {b.description: b for b in _find(page, w.Button)}
    for key in ("case.hq.save", "case.consent.save", "case.details.save"):
        buttons[Interface(PSEUDO).say(key)].click()
    texts = visible(page)
    assert [] == _english_left(texts, _case_data("F017", in_test_language))
    shown = " ".join(texts)
    assert "[Ñöţĥîñĝ ĥàš çĥàñĝéđ šîñçé ţĥé ĺàšţ véŕšîöñ." in shown  # the consent form's
    assert "[Šàvéđ [1 ĥéĺpîñĝ qûéšţîöñ" in shown or "[Šàvéđ [2 ĥéĺpîñĝ qûéšţîöñš" in shown
    assert "[Šàvéđ çàšé F017" in shown


def _find(widget: w.Widget, kind: type) -> list[Any]:
    """Every widget of a kind under ``widget``, in order."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, kind)
    return found


# -- the pure parts: summaries and plots -----------------------------------------------------


def test_summaries_speak_the_pages_language(demo_home: Path) -> None:
    """next_step, attention, fidelity and the deletion date take the page's ``say``."""
    from vigkit.core.summaries import attention, deletion_date, fidelity, next_step

    store, settings = pagedata.page_store(), pagedata.service_settings()
    say = Interface(PSEUDO).say
    for case in store.list_cases(None):
        snap = casepage.snapshot_from_store(store, case.code)
        assert next_step(snap, settings, say=say).startswith("[")
        assert all(
            a.message.startswith("[") for a in attention(snap, settings, date.today(), say=say)
        )
        table = fidelity(snap, settings, date.today(), say=say)
        for column in ("measure", "value", "target"):
            assert all(str(x).startswith("[") for x in table[column]), table[column]
        due = deletion_date(snap, settings, say=say)
        assert due is None or due[1].startswith("[")
        english = fidelity(snap, settings, date.today())
        assert list(english["met"]) == list(table["met"])


def test_plots_speak_the_pages_language(demo_home: Path) -> None:
    """Titles, axis labels, cycle ticks and the hoped-for legend come through ``say``."""
    from matplotlib.text import Text

    from vigkit.core.summaries import principles_per_cycle, ratings_frame
    from vigkit.reports.plots import plot_principles, plot_ratings

    store = pagedata.page_store()
    snap = casepage.snapshot_from_store(store, "F017")
    say = Interface(PSEUDO).say
    headings = {p.id: p.heading for p in pagedata.principles_template().headings}
    counts = principles_per_cycle(snap.films, snap.clips, list(headings))
    ratings = ratings_frame(snap.helping_questions)
    data = set(headings.values()) | {str(n) for n in range(11)}
    for fig in (
        plot_ratings(ratings, say=say),
        plot_principles(counts, headings, say=say),
        plot_ratings(ratings.iloc[0:0], say=say),
        plot_principles(counts.iloc[0:0], headings, say=say),
    ):
        shown = [t.get_text() for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text()]
        words = [
            t
            for t in shown
            if t not in data and not re.fullmatch(r"[\d.−-]+|(start|review \d)\n.*", t)
        ]
        assert words and all(t.startswith("[") for t in words), words
