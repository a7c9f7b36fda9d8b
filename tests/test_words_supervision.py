"""The supervision workbook's words (vigkit/words/supervision.py): every word the supervision
page, its form and the accreditation progress show goes through Interface.say, so the test
language (qps) leaves no English interface word, and English stays exactly as it was."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from pagetext import english_left, shown, visible

from vigkit.core.accreditationprogress import (
    CycleDone,
    MeetingDone,
    StatementDone,
    SupervisionDone,
    pathway_progress,
)
from vigkit.core.records import Consent
from vigkit.core.supervisionprogress import progress_in_words, requirements_alt
from vigkit.core.supervisionrules import consent_refusal
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.demo.supervision import DEMO_SUPERVISOR
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.supervision import WORDS
from vigkit.reports.plots import plot_requirements
from vigkit.templates.accreditation import parse_accreditation
from vigkit.templates.accreditationfile import load_accreditation
from vigkit.templates.languages import PSEUDO
from vigkit.ui.forms.amendments import amendments_html
from vigkit.ui.pages import supervision as supervisionpage
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.page import Page

QPS = Interface(PSEUDO)


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the demo caseload and its supervision, as $VIGKIT_HOME."""
    data = tmp_path_factory.mktemp("demo")
    fill_demo(data, out=io.StringIO())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIGKIT_HOME", str(data))
        mp.delenv("VIGKIT_USER", raising=False)
        pagedata.page_store.cache_clear()
        yield data
        store = pagedata.page_store()
        store.settings.set("current_practitioner", DEMO_PRACTITIONER)
        store.close()
        pagedata.page_store.cache_clear()


@pytest.fixture
def as_person(demo_home: Path) -> Iterator[Any]:
    """``as_person(id)``: that practitioner uses the workbook, in the test language."""
    store = pagedata.page_store()
    used: list[str] = []

    def use(ident: str) -> Any:
        store.settings.set("current_practitioner", ident)
        store.settings.set(f"language:{ident}", PSEUDO)
        used.append(ident)
        return store.people.get(ident)

    try:
        yield use
    finally:
        for ident in used:
            store.settings.set(f"language:{ident}", "en")
        store.settings.set("current_practitioner", DEMO_PRACTITIONER)


def test_the_supervision_words_are_a_part_with_their_own_keys() -> None:
    """Every key starts with "supervision.", and all of them reach the interface's words."""
    assert "supervision" in PARTS
    assert all(key.startswith("supervision.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


# -- the pure parts: progress in words, plots, consent reasons -------------------------------

_THREE_STAGES = """
kind: accreditation
schema_version: 1
id: accreditation
version: "1"
title: Test pathway
source: tests
total_cycles: 6
total_supervision_hours: 7.5
stages:
  - {stage: 1, label: Stage 1, cycles: 2, new_families: 1, supervision_hours: 2,
     meeting: transition meeting}
  - {stage: 2, label: The middle stage, cycles: 2, new_families: 2, supervision_hours: 2.5}
  - {stage: 3, cycles: 2, new_families: 1, supervision_hours: 3,
     meeting: accreditation meeting, written_statement: true}
"""


def _histories() -> list[dict[str, Any]]:
    """Trainees part of the way, all the way, and with nothing done yet."""
    return [
        {},
        {
            "cycles": [CycleDone(1, "A"), CycleDone(1, "A"), CycleDone(2, "A")],
            "supervision": [SupervisionDone(1, 1.0), SupervisionDone(2, 1.25)],
        },
        {
            "cycles": [CycleDone(1, "A"), CycleDone(1, "B"), CycleDone(2, "C")],
            "supervision": [SupervisionDone(1, 2.0), SupervisionDone(3, 0.5)],
            "meetings": [MeetingDone(1)],
            "statements": [StatementDone(3)],
        },
        {
            "cycles": [CycleDone(s, f) for s, f in ((1, "A"), (1, "A"), (2, "B"), (2, "C"))]
            + [CycleDone(3, "D"), CycleDone(3, "D")],
            "supervision": [SupervisionDone(1, 2), SupervisionDone(2, 2.5), SupervisionDone(3, 3)],
            "meetings": [MeetingDone(1), MeetingDone(3)],
            "statements": [StatementDone(3)],
        },
    ]


@pytest.mark.parametrize("history", _histories())
def test_progress_in_english_is_what_the_requirements_say(history: dict[str, Any]) -> None:
    """Said again through the interface in English, every label, what is left and each
    summary is exactly the accreditation module's own (the page's English is unchanged)."""
    for requirements in (load_accreditation(), parse_accreditation(_THREE_STAGES)):
        if not all(c.stage <= len(requirements.stages) for c in history.get("cycles", [])):
            continue
        progress = pathway_progress(requirements, **history)
        assert progress_in_words(requirements, progress) == progress
        assert progress_in_words(requirements, progress, Interface().say) == progress


@pytest.mark.parametrize("history", _histories())
def test_progress_in_the_test_language(history: dict[str, Any]) -> None:
    """In the test language every label, what is left and each summary is translated;
    a stage's own label and its meeting are the trainer's words, kept as written."""
    requirements = parse_accreditation(_THREE_STAGES)
    progress = progress_in_words(requirements, pathway_progress(requirements, **history), QPS.say)
    labels = [s.label for s in progress.stages]
    assert labels == [QPS.say("supervision.progress.stage", stage=1), "The middle stage"] + [
        QPS.say("supervision.progress.stage", stage=3)
    ]
    for stage in progress.stages:
        assert stage.summary.startswith("["), stage.summary
        for r in stage.requirements:
            assert r.left.startswith("["), r.left
            assert r.label.startswith("[") or r.requirement == "meeting", r.label
    for r in progress.totals:
        assert r.label.startswith("[") and r.left.startswith("["), r


def test_plot_and_alt_text_speak_the_pages_language() -> None:
    """The plot's "done of required" and its alt text come through ``say``."""
    from matplotlib.text import Text

    requirements = load_accreditation()
    progress = progress_in_words(requirements, pathway_progress(requirements), QPS.say)
    reqs = progress.stages[0].requirements
    fig = plot_requirements(QPS.say("supervision.progress.whole"), reqs, say=QPS.say)
    shown = [t.get_text() for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text()]
    words = [t for t in shown if not re.fullmatch(r"[\d.%]+", t) and t != "Transition meeting"]
    assert words and all(t.startswith("[") for t in words), words
    alt = requirements_alt("[title]", reqs, say=QPS.say)
    assert alt.startswith("[") and "still to do" not in alt
    english = pathway_progress(requirements).stages[0].requirements
    assert requirements_alt("Stage 1", english).startswith("Stage 1. Cycles: 0 of 6 (still to do")


def _consents() -> list[Consent | None]:
    base = {"case_code": "F001", "given_on": date(2026, 1, 5), "filming": True}
    return [
        None,
        Consent(**base, supervisor_viewing=True, intervision=True),
        Consent(**base, supervisor_viewing=False, intervision=False),
        Consent(**base, supervisor_viewing=True, intervision=False),
        Consent(**base, supervisor_viewing=True, intervision=True, withdrawn_on=date(2026, 2, 1)),
    ]


@pytest.mark.parametrize("consent", _consents())
def test_consent_reasons_match_the_rule_in_english(consent: Consent | None) -> None:
    """consent_refusal said in English is its default sentence; in qps it is translated."""
    for mode in ("individual", "group"):
        for code in ("F001", ""):
            said = consent_refusal(consent, mode, code, Interface().say)
            assert said == consent_refusal(consent, mode, code)
            pseudo = consent_refusal(consent, mode, code, QPS.say)
            assert (pseudo is None) == (said is None)
            assert pseudo is None or pseudo.startswith("[")


# -- what a page shows -----------------------------------------------------------------------

# The accreditation's own words (templates/accreditation.yaml: the meeting that ends a stage)
# and what a clip label carries from another part (the demo film's context).
_ALLOWED = ("Transition meeting", "transition meeting", "play on the mat")


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in _strings(v)}
    return set()


def _data() -> set[str]:
    """What the demo holds: names, case codes, films, supervision answers and amendments;
    and the question set's own words (a template translates them, not the interface)."""
    store = pagedata.page_store()
    data = {p.display_name for p in store.people.list()}
    data |= _strings(pagedata.find_template(supervisionpage.TEMPLATE_ID).model_dump())
    data |= {p.heading for p in pagedata.principles_template().headings}
    for item in store.supervision.trainee_clips(DEMO_PRACTITIONER):
        data |= {item.film.case_code, item.film.context}
    for record in store.supervision.list(trainee_id=DEMO_PRACTITIONER):
        for value in record.answers.values():
            data |= {str(v) for v in (value if isinstance(value, list) else [value])}
        for amendment in store.supervision.list_amendments(record.id or 0):
            data.add(amendment.reason)
            for change in amendment.changes.values():
                data |= {str(v) for v in change.values()}
    # ids ("individual", "clips_brought") are kept out: the page shows their words instead
    return {d for d in data if d and not re.fullmatch(r"[a-z0-9_.]+", d)} | set(_ALLOWED)


def _english_left(texts: list[str], data: set[str]) -> list[str]:
    return english_left(texts, data, WORDS)


def _find(widget: w.Widget | Page, kind: type) -> list[Any]:
    """Every widget of a kind under ``widget``, in order."""
    widget = shown(widget)
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, kind)
    return found


def _button(page: w.Widget, key: str) -> w.Button:
    return next(b for b in _find(page, w.Button) if b.description == QPS.say(key))


def test_the_trainee_sees_no_english_interface_word(as_person: Any) -> None:
    """The trainee's signed record (signature, amendments, amendment form), the list of
    records, progress and portfolio: in the test language only data stays in plain letters."""
    as_person(DEMO_PRACTITIONER)
    page = supervisionpage.supervision_page(record="1")
    _button(page, "supervision.portfolio.make").click()  # its message and links
    assert page.portfolio is not None
    page.portfolio.wait(120)  # the portfolio is written off the kernel's event loop
    texts = visible(page)
    shown = " ".join(texts)
    assert "[Šîĝñéđ bý " in shown and "[Àméñđéđ bý " in shown  # signature and amendment
    assert QPS.say("supervision.progress.heading") in shown
    assert QPS.say("supervision.portfolio.make") in shown
    assert QPS.say("supervision.amend.heading") in shown
    assert QPS.say("supervision.portfolio.ready") in shown
    assert QPS.say("supervision.progress.stage", stage=1) in shown  # "Stage 1", the usual label
    assert [] == _english_left(texts, _data())


def test_the_trainee_starting_a_record_sees_no_english_interface_word(as_person: Any) -> None:
    """A new record: the supervisor chooser, the greyed questions, Save and its message."""
    as_person(DEMO_PRACTITIONER)
    page = supervisionpage.supervision_page()
    _button(page, "save").click()  # nothing filled in: the problems are said
    texts = visible(page)
    assert "[Ñöţ šàvéđ ýéţ" in " ".join(texts)
    assert [] == _english_left(texts, _data())


def test_the_supervisor_sees_no_english_interface_word(as_person: Any) -> None:
    """The supervisor's list of trainees, the signed record with its amendment form (a
    message after a click), and a new record with clips held back for group supervision."""
    as_person(DEMO_SUPERVISOR)
    listing = visible(supervisionpage.supervision_page())
    assert QPS.say("supervision.trainees.heading") in " ".join(listing)
    assert [] == _english_left(listing, _data())

    signed = supervisionpage.supervision_page(trainee=DEMO_PRACTITIONER, record="1")
    _button(signed, "supervision.amend.save").click()  # no answer chosen yet
    texts = visible(signed)
    assert any(QPS.say("supervision.amend.choose_first") in t for t in texts)
    assert [] == _english_left(texts, _data())
    question = next(
        d
        for d in _find(signed, w.Dropdown)
        if d.description == QPS.say("supervision.amend.question")
    )
    question.value = "observed_times"
    _button(signed, "supervision.amend.save").click()  # the same answer: nothing changed
    texts = visible(signed)
    assert any(QPS.say("supervision.amend.unchanged") in t for t in texts)
    assert [] == _english_left(texts, _data())

    new = supervisionpage.supervision_page(trainee=DEMO_PRACTITIONER)
    form = new.form
    assert form.is_supervisor
    form.fields["mode"].set("group")
    form._refresh_offer()
    _button(new, "supervision.form.sign").click()  # not filled in: not saved, not signed
    texts = visible(new)
    # the demo has families who did not agree to intervision
    assert QPS.say("supervision.held_back.heading") in " ".join(texts)
    assert [] == _english_left(texts, _data())


def test_amendments_keep_their_english(demo_home: Path) -> None:
    """In English the amendments read as before: who, when (day at time), what, why."""
    store = pagedata.page_store()
    record = store.supervision.list(trainee_id=DEMO_PRACTITIONER)[0]
    qset = pagedata.find_template(record.template_id)
    names = {p.id: p.display_name for p in store.people.list()}
    text = amendments_html(qset, store.supervision.list_amendments(record.id or 0), names)
    assert re.search(
        r'<li class="vk-amendment">Amended by <strong>Alex Reid \(demo supervisor\)</strong> on '
        r"\d\d \w{3} \d{4} at \d\d:\d\d<ul>",
        text,
    )
    assert "<div>Why: The time in the clip was wrong.</div>" in text
    assert "<p>No amendments.</p>" == amendments_html(qset, [], names)
