"""Tests of the pure supervision rules: consent for clips, supervisor-only answers, amendments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from vigkit.core.records import Consent
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment, SupervisionMode
from vigkit.core.supervisionrules import (
    ClipOption,
    amended_answers,
    answer_changes,
    as_amended,
    consent_refusal,
    keep_supervisor_answers,
    offer_clips,
    record_fields,
    supervisor_only,
)
from vigkit.templates import parse_question_set

GIVEN = date(2026, 1, 5)


def _consent(**uses: object) -> Consent:
    return Consent.model_validate({"case_code": "F001", "given_on": GIVEN, "filming": True} | uses)


@pytest.mark.parametrize(
    ("uses", "mode", "allowed"),
    [
        ({"supervisor_viewing": True}, "individual", True),
        ({"supervisor_viewing": True}, "group", False),
        ({"intervision": True}, "group", True),
        ({"intervision": True}, "individual", False),
        ({"supervisor_viewing": True, "intervision": True}, "group", True),
        ({}, "individual", False),
    ],
)
def test_consent_decides_by_mode(uses: dict[str, object], mode: str, allowed: bool) -> None:
    """Individual supervision needs supervisor viewing; group supervision needs intervision."""
    assert allowed == (consent_refusal(_consent(**uses), mode, "F001") is None)


def test_refusals_say_why_in_plain_words() -> None:
    """Each refusal names the family and what it has not agreed to."""
    assert (
        "Family F001 has not agreed to viewing by the VIG supervisor, so its clips cannot "
        "be shown in supervision." == consent_refusal(_consent(), "individual", "F001")
    )
    assert (
        "Family F001 has not agreed to intervision with other trainees, so its clips cannot "
        "be shown in group supervision."
        == consent_refusal(_consent(supervisor_viewing=True), SupervisionMode.group, "F001")
    )
    assert "No consent is recorded for family F001, so its clips cannot be shown." == (
        consent_refusal(None, "group", "F001")
    )


def test_withdrawn_consent_allows_nothing() -> None:
    """Withdrawn consent removes the clips in either mode."""
    withdrawn = _consent(supervisor_viewing=True, intervision=True, withdrawn_on=date(2026, 2, 1))
    expected = "Family F001 withdrew consent on 01 Feb 2026, so its clips cannot be shown."
    assert [expected, expected] == [
        consent_refusal(withdrawn, m, "F001") for m in ("individual", "group")
    ]


def test_offer_clips_splits_by_family() -> None:
    """Clips of a family whose consent allows it are offered; the rest are held back."""
    a, b, c = ClipOption(1, "F001", "a"), ClipOption(2, "F002", "b"), ClipOption(3, "F003", "c")
    consents = {"F001": _consent(supervisor_viewing=True), "F002": _consent()}
    offer = offer_clips([a, b, c], consents, "individual")
    assert (a,) == offer.offered
    assert [b, c] == [clip for clip, _ in offer.held_back]


QSET = parse_question_set(
    """
schema_version: 1
id: sup_test
version: "1.0"
title: T
sections:
  - id: s
    title: S
    questions:
      - {id: mine, prompt: Mine, kind: long_text}
      - {id: theirs, prompt: Theirs, kind: long_text, audience: supervisor}
"""
)


def test_audience_marks_supervisor_only_questions() -> None:
    """A question with ``audience: supervisor`` is supervisor-only; the default is everyone."""
    assert ({"theirs"}, "everyone") == (supervisor_only(QSET), QSET.question("mine").audience)


def test_a_trainee_cannot_change_supervisor_answers() -> None:
    """What a trainee types into a supervisor-only question is replaced by what was stored."""
    stored = {"theirs": "supervisor wrote this"}
    typed = {"mine": "new", "theirs": "changed by trainee"}
    assert {"mine": "new", "theirs": "supervisor wrote this"} == keep_supervisor_answers(
        QSET, stored, typed, is_supervisor=False
    )
    assert {"mine": "new"} == keep_supervisor_answers(QSET, {}, typed, is_supervisor=False)
    assert typed == keep_supervisor_answers(QSET, stored, typed, is_supervisor=True)


def test_answer_changes_lists_only_what_differs() -> None:
    """Changed answers come with before and after; blank and missing are no change."""
    before = {"a": "x", "b": "", "c": [1], "d": "same"}
    after = {"a": "y", "c": [], "d": "same", "e": "new"}
    expected = {
        "a": {"before": "x", "after": "y"},
        "c": {"before": [1], "after": []},
        "e": {"before": None, "after": "new"},
    }
    assert expected == answer_changes(before, after)


def _record() -> Supervision:
    return Supervision(
        id=1,
        trainee_id="sam",
        held_on=date(2026, 3, 1),
        duration_minutes=60,
        answers={"duration_minutes": "60", "mode": "individual", "note": "old"},
        signed_by="ali",
        signed_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
    )


def _amend(when: int, changes: dict[str, dict[str, object]]) -> SupervisionAmendment:
    return SupervisionAmendment(
        supervision_id=1,
        author_id="ali",
        made_at=datetime(2026, 3, when, tzinfo=UTC),
        reason="r",
        changes=changes,
    )


def test_amendments_apply_in_the_order_made() -> None:
    """The later amendment of an answer wins, whatever order they are given in."""
    later = _amend(3, {"note": {"before": "mid", "after": "last"}})
    earlier = _amend(2, {"note": {"before": "old", "after": "mid"}})
    assert "last" == amended_answers(_record(), [later, earlier])["note"]


def test_as_amended_reads_the_record_fields_again() -> None:
    """An amended length changes the record's hours; the signature stays the original."""
    record = as_amended(_record(), [_amend(2, {"duration_minutes": {"after": "90"}})])
    assert (90, 1.5, "ali") == (record.duration_minutes, record.hours, record.signed_by)


def test_record_fields_from_answers() -> None:
    """Date, mode, length, stage and transition are read from the answers; junk is left out."""
    answers = {
        "held_on": "2026-04-02",
        "mode": "group",
        "duration_minutes": "90",
        "stage": "2",
        "transition_meeting": True,
    }
    expected = {
        "held_on": date(2026, 4, 2),
        "mode": SupervisionMode.group,
        "duration_minutes": 90,
        "stage": 2,
        "transition_meeting": True,
    }
    assert expected == record_fields(answers)
    assert {"stage": 3, "transition_meeting": False} == record_fields(
        {"held_on": "not a date", "mode": "solo", "duration_minutes": "ninety"}, 3
    )
