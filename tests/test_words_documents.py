"""Dates, agreement sentences, review reasons, consent refusals and the portfolio document
speak through Interface.say: in the test language (qps) none of their own words stay English."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from vigkit.core.agreement import calibration_reveal, meaning_words
from vigkit.core.groupreview import GroupSnapshot, group_viewing_text, review_plan
from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession
from vigkit.core.supervisionrules import ClipOption, consent_refusal, offer_clips
from vigkit.demo.caseload import DEMO_PRACTITIONER
from vigkit.i18n.interface import ENGLISH, Interface, date_words, moment_words
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.documents import WORDS
from vigkit.reports.portfolio import gather, render_docx, render_html
from vigkit.reports.strengths import StrengthsRecord
from vigkit.reports.strengths import render_html as strengths_html
from vigkit.templates.accreditationfile import load_accreditation
from vigkit.templates.languages import PSEUDO
from vigkit.ui.runtime import pagedata

QPS = Interface(PSEUDO)


def _english_left(text: str, data: set[str] = frozenset()) -> list[str]:
    """Words of plain letters outside [ ] once data and numbers are taken out: a
    pseudo-translated word has an accented letter, a plain English one has none."""
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    while (bare := re.sub(r"\[[^\[\]]*\]", " ", text)) != text:
        text = bare
    return re.findall(r"[A-Za-z]{2,}", text)


def test_the_document_words_are_a_part_with_their_own_keys() -> None:
    assert "documents" in PARTS
    assert WORDS and all(key.startswith("documents.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


# -- dates ---------------------------------------------------------------------------------


def test_dates_in_english_and_in_the_test_language() -> None:
    """English reads as before; qps translates the month and keeps the numbers."""
    day = date(2026, 3, 5)
    assert "5 March 2026" == Interface().date(day) == date_words(day)
    assert "05 Mar 2026" == Interface().date(day, short=True) == date_words(day, short=True)
    assert "05 Mar" == Interface().date(day, year=False)
    assert "05 Mar 2026 14:03" == moment_words(datetime(2026, 3, 5, 14, 3))
    for said in (QPS.date(day), QPS.date(day, short=True), QPS.moment(datetime(2026, 3, 5, 9))):
        assert said.startswith("[") and "2026" in said and "5" in said
        assert [] == _english_left(said), said
    assert QPS.date(day) == date_words(day, QPS.say)


# -- agreement -----------------------------------------------------------------------------

_TAGS = {
    "ana": {"c1": {"attentive"}, "c2": {"attentive", "receiving"}, "c3": set()},
    "ben": {"c1": {"attentive"}, "c2": {"receiving"}, "c3": {"attentive"}},
    "cat": {"c1": set(), "c2": {"attentive", "receiving"}, "c3": set()},
}


@pytest.mark.parametrize(
    "tags",
    [
        _TAGS,
        {m: _TAGS[m] for m in ("ana", "ben")},
        {"ana": _TAGS["ana"]},
        {m: {"c1": t["c1"]} for m, t in _TAGS.items()},
    ],
)
def test_agreement_sentences_are_said_in_the_page_words(tags: dict[str, Any]) -> None:
    """meaning_words in English is the figure's meaning; in qps it keeps the numbers."""
    reveal = calibration_reveal(tags, ["attentive", "receiving", "attuned"])
    for fig in (reveal.overall, *(h.agreement for h in reveal.headings)):
        assert fig.meaning == meaning_words(fig) == meaning_words(fig, Interface().say)
        said = meaning_words(fig, QPS.say)
        assert said.startswith("[") and [] == _english_left(said), said
        numbers = re.findall(r"-?\d+(?:\.\d+)?", fig.meaning)
        assert numbers == re.findall(r"-?\d+(?:\.\d+)?", said)


# -- group review --------------------------------------------------------------------------


def _group_snap() -> GroupSnapshot:
    def consent(code: str, **uses: Any) -> Consent:
        given = {"filming": True, "group_viewing": True} | uses
        return Consent(case_code=code, given_on=date(2026, 1, 5), **given)

    families = ("F031", "F032", "F033", "F034", "F035")
    filmed = GroupSession(id=1, group_code="G001", held_on=date(2026, 3, 1))
    review = GroupSession(id=2, group_code="G001", held_on=date(2026, 3, 8), attended=["F031"])
    films = [
        Film(
            id=10 + i,
            case_code=code,
            cycle_number=1,
            filmed_on=date(2026, 3, 1),
            path=f"{code}.mp4",
            sha256="0" * 64,
            duration_s=60.0,
        )
        for i, code in enumerate((*families, "F036"))
    ]
    clips = {
        f.id or 0: [
            Clip(id=f.id, film_id=f.id or 0, start_s=1.0, end_s=2.0, better_than_usual=f.id != 10)
        ]
        for f in films
    }
    return GroupSnapshot(
        group=Group(code="G001", practitioner_id="jo", title="Baby group"),
        members=[Case(code=code, practitioner_id="jo") for code in families],
        consents={
            "F031": consent("F031"),
            "F032": None,
            "F033": consent("F033", withdrawn_on=date(2026, 2, 1)),
            "F034": consent("F034", group_viewing=False),
            "F035": consent("F035"),
        },
        sessions=[filmed, review],
        films={1: films},
        clips=clips,
    )


def test_group_review_reasons_in_english_and_in_the_test_language() -> None:
    """Every reason (no consent, withdrawn, not agreed, absent, left the group, not better
    than usual) and every group-viewing answer is said in the words the plan is given."""
    snap = _group_snap()
    english = review_plan(snap, 2).missing
    assert {
        "this clip is not marked “better than usual”",
        "F032 has no consent on record",
        "F033 withdrew consent on 1 February 2026",
        "F034 has not agreed that other group members may see their clips",
        "F035 did not attend this session (a family's clips are reviewed with them there)",
        "F036 is no longer a member family of this group",
    } == {m.reason for m in english}
    plan = review_plan(snap, 2, QPS.say)
    assert len(english) == len(plan.missing)
    for item in plan.missing:
        assert item.reason.startswith("[") and [] == _english_left(item.reason, {item.family})
    notes = review_plan(snap, 1, QPS.say).notes
    assert notes and all(n.startswith("[") and [] == _english_left(n) for n in notes)
    for consent in snap.consents.values():
        said = group_viewing_text(consent, QPS.say)
        assert said.startswith("[") and [] == _english_left(said), said


# -- consent refusals ----------------------------------------------------------------------


def test_clips_held_back_are_said_in_the_page_words() -> None:
    """offer_clips gives its reasons in the words it is given."""
    given = {"case_code": "F001", "given_on": date(2026, 1, 5), "filming": True}
    consents: dict[str, Consent | None] = {
        "F001": Consent(**given, supervisor_viewing=True, withdrawn_on=date(2026, 2, 1)),
        "F002": None,
    }
    clips = [ClipOption(1, "F001", "clip 1"), ClipOption(2, "F002", "clip 2")]
    offer = offer_clips(clips, consents, "individual", QPS.say)
    assert 2 == len(offer.held_back)
    for clip, reason in offer.held_back:
        assert reason.startswith("[") and [] == _english_left(reason, {clip.case_code})
    english = offer_clips(clips, consents, "individual").held_back
    assert (
        "Family F001 withdrew consent on 01 Feb 2026, so its clips cannot be shown."
        == (english[0][1])
    )
    assert english[1][1] == consent_refusal(None, "group", "F002")


# -- the portfolio -------------------------------------------------------------------------


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in _strings(v)}
    return set()


def _data() -> set[str]:
    """What the demo holds (names, case codes, answers, amendments), the question sets' own
    words and the accreditation's (templates translate them, not the interface)."""
    store = pagedata.page_store()
    data = {p.display_name for p in store.people.list()}
    data |= {p.heading for p in pagedata.principles_template().headings}
    data |= _strings(load_accreditation().model_dump())
    templates = {r.template_id for r in store.supervision.list(trainee_id=DEMO_PRACTITIONER)}
    reflections = store.reflections.list(author_id=DEMO_PRACTITIONER)
    templates |= {r.template_id for r in reflections}
    for template in templates:
        data |= _strings(pagedata.find_template(template).model_dump())
    for record in [*store.supervision.list(trainee_id=DEMO_PRACTITIONER), *reflections]:
        data |= _strings(record.answers)
        data.add(getattr(record, "case_code", None) or "")
    for record in store.supervision.list(trainee_id=DEMO_PRACTITIONER):
        for amendment in store.supervision.list_amendments(record.id or 0):
            data |= {amendment.reason} | _strings(amendment.changes)
    # The meetings that end a stage, as the accreditation's requirements name them.
    data |= {"Transition meeting", "Accreditation meeting"}
    return {d for d in data if d and not re.fullmatch(r"[a-z0-9_.]+", d)}


def _portfolio_texts(path: Path) -> list[str]:
    """Every paragraph and table cell of a Word document."""
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return [t for t in texts if t.strip()]


def _portfolio(ui: Interface | None, out: Path) -> tuple[list[str], str]:
    store = pagedata.page_store()
    trainee = store.people.get(DEMO_PRACTITIONER)
    portfolio = gather(
        store,
        trainee,
        load_accreditation(),
        pagedata.find_template,
        pagedata.principles_template(),
        today=date(2026, 3, 5),
        ui=ui,
    )
    return _portfolio_texts(render_docx(portfolio, out, ui)), render_html(portfolio, ui)


def test_the_portfolio_in_the_test_language_has_no_english_of_its_own(
    demo_home: Path, tmp_path: Path
) -> None:
    """Headings, column names, facts, sign-off and amendment lines, dates: all translated."""
    texts, page = _portfolio(QPS, tmp_path / "qps.docx")
    assert QPS.say("documents.portfolio.title") in texts
    assert any(
        t.startswith(QPS.say("documents.portfolio.supervision_on", day="")[:8]) for t in texts
    )
    data = _data()
    left = [(word, text) for text in texts for word in _english_left(text, data)]
    assert [] == left, left
    assert 'lang="qps"' in page and "Accreditation portfolio" not in page


def test_the_portfolio_in_english_reads_as_before(demo_home: Path, tmp_path: Path) -> None:
    """The English document keeps its words, and nothing is bracketed."""
    texts, page = _portfolio(None, tmp_path / "en.docx")
    shown = "\n".join(texts)
    for words in (
        "Accreditation portfolio",
        "Made on 5 March 2026. Families appear only by case code; no video or stills.",
        "Progress",
        "The whole pathway",
        "Requirement",
        "Cycles",
        "Supervision records",
        "Reflections",
        "Supervision on ",
        "Individual supervision, ",
        "Supervisor: ",
        "Signed by ",
        "Amended by ",
        "F017 cycle 1, 8.00–15.50 s",
    ):
        assert words in shown, words
    assert "[" not in shown
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>Accreditation portfolio</h1>" in page


# -- the record of strengths ---------------------------------------------------------------


def test_the_record_of_strengths_says_its_dates_in_the_page_words() -> None:
    """The wording template gives the sentences; the date is the page's."""
    record = StrengthsRecord(
        case_code="F017", questions=(), moments=(), made_on=date(2026, 3, 5), source="x"
    )
    assert "F017 · made on 5 March 2026" in strengths_html(record)
    said = strengths_html(record, ui=QPS)
    assert f"F017 · made on {QPS.date(date(2026, 3, 5))}" in said
    assert "March" not in said
