"""Who is hidden in a rendering for a use (vigkit.core.access.must_hide): pure, deny by
default — everyone visible is shown only when they, or their family, said yes to the use."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.access import (
    CONSENT_FIELD,
    AccessRole,
    Action,
    Footage,
    PersonInFrame,
    Principal,
    Use,
    decide,
    must_hide,
)
from vigkit.core.filmpeople import PersonKind
from vigkit.core.records import Consent

TINA = Principal("tina", frozenset({AccessRole.practitioner}))


def consent(code: str = "F031", **uses: bool) -> Consent:
    return Consent(case_code=code, given_on=date(2026, 3, 1), **({"filming": True} | uses))


def footage(
    *people: PersonInFrame, given: Consent | None = None, use: Use | None = None
) -> Footage:
    own = given or consent(**{field: True for field in CONSENT_FIELD.values()})
    return Footage("F031", "tina", own, use=use, seconds=(10.0, 14.0), people=people)


MUM = PersonInFrame(1, PersonKind.parent, consent(group_viewing=True))
BABY = PersonInFrame(2, PersonKind.baby, consent(group_viewing=True))
OTHER_YES = PersonInFrame(3, PersonKind.other_family, consent("F032", group_viewing=True))
OTHER_NO = PersonInFrame(4, PersonKind.other_family, consent("F033", training_events=True))


def test_family_copy_is_a_use_with_its_own_consent() -> None:
    """ "A copy for the family" needs the family's own yes; only their practitioner makes it."""
    assert "family_copy" == CONSENT_FIELD[Use.family_copy]
    yes = Footage("F031", "tina", consent(family_copy=True), use=Use.family_copy, seconds=(1, 2))
    assert decide(TINA, Action.export, yes)
    refused = decide(TINA, Action.export, Footage("F031", "tina", consent(), use=Use.family_copy))
    assert not refused and "no consent to a copy for the family" == refused.reason
    other = Principal("sam", frozenset({AccessRole.practitioner}))
    assert not decide(other, Action.play, yes)


def test_in_a_group_review_the_family_that_said_no_is_hidden() -> None:
    """Two families in a group film: the one that consented to group viewing is shown, the
    other hidden; this family's own members follow their family's consent."""
    clip = footage(MUM, BABY, OTHER_YES, OTHER_NO)
    assert {4} == must_hide(clip, Use.group_review)
    assert {4} == must_hide(footage(MUM, BABY, OTHER_YES, OTHER_NO, use=Use.group_review))
    assert {1, 2, 3, 4} == must_hide(clip, Use.supervision)  # nobody said yes to it
    assert {1, 2, 3} == must_hide(clip, Use.training)  # only F033 said yes to training


def test_other_families_use_their_own_consent_for_each_use() -> None:
    """Another family is seen for a use only with their own yes to it: to group viewing for
    this family's shared review, and never in this family's own copy."""
    every = dict.fromkeys(CONSENT_FIELD.values(), True)
    yes_all = PersonInFrame(5, PersonKind.other_family, consent("F032", **every))
    for use in (Use.supervision, Use.intervision, Use.group_review, Use.training):
        assert set() == must_hide(footage(yes_all), use)
        assert (set() if use is Use.training else {4}) == must_hide(footage(OTHER_NO), use)
    assert set() == must_hide(footage(OTHER_YES), Use.review)  # group viewing: yes
    filming_only = PersonInFrame(6, PersonKind.other_family, consent("F032"))
    assert {6} == must_hide(footage(filming_only), Use.review)
    assert {5} == must_hide(footage(yes_all), Use.family_copy)


@pytest.mark.parametrize("kind", [PersonKind.staff, PersonKind.unknown])
def test_staff_and_unknown_people_are_hidden_unless_marked_as_agreeing(kind: PersonKind) -> None:
    for use in Use:
        assert {7} == must_hide(footage(PersonInFrame(7, kind)), use)
        assert {7} == must_hide(footage(PersonInFrame(7, kind, agrees=False)), use)
        assert set() == must_hide(footage(PersonInFrame(7, kind, agrees=True)), use)


def test_deny_by_default() -> None:
    """Another family with no consent recorded, or withdrawn, is hidden; anyone who said no
    is hidden whatever their family said; the film itself hides nobody from its
    practitioner."""
    missing = PersonInFrame(8, PersonKind.other_family, None)
    withdrawn = PersonInFrame(
        9,
        PersonKind.other_family,
        consent("F032", group_viewing=True).model_copy(update={"withdrawn_on": date(2026, 4, 1)}),
    )
    said_no = PersonInFrame(10, PersonKind.sibling, consent(group_viewing=True), agrees=False)
    clip = footage(missing, withdrawn, said_no)
    assert {8, 9, 10} == must_hide(clip, Use.group_review)
    assert set() == must_hide(clip)
    assert set() == must_hide(footage())


ALL_YES = consent(**{field: True for field in CONSENT_FIELD.values()})
SUPERVISOR = Principal("sue", frozenset({AccessRole.supervisor}), supervisees=frozenset({"tina"}))


def _group_film(use: Use | None, confirmed: bool, group_film: bool = True) -> Footage:
    return Footage(
        "F031",
        "tina",
        ALL_YES,
        use=use,
        seconds=(10.0, 14.0),
        chosen=((10.0, 14.0),),
        group_film=group_film,
        people_confirmed=confirmed,
    )


@pytest.mark.parametrize("use", list(Use))
def test_a_group_sessions_film_is_refused_for_every_use_until_its_people_are_confirmed(
    use: Use,
) -> None:
    """Deny by default: nobody said who the other families in the frame are, so no rendering
    or still of it is made for any use, for its own practitioner either, however the family
    consented; once confirmed, the usual rules decide."""
    refused = decide(TINA, Action.play, _group_film(use, confirmed=False))
    assert not refused and "who is in this group film is not confirmed" == refused.reason
    assert not decide(TINA, Action.export, _group_film(use, confirmed=False))
    assert decide(TINA, Action.play, _group_film(use, confirmed=True))
    assert decide(TINA, Action.export, _group_film(use, confirmed=True))


def test_the_film_itself_and_one_to_one_films_keep_todays_rules() -> None:
    """The practitioner still plays the whole group film (to confirm who is in it), and a
    one-to-one film with nobody confirmed is rendered as before (nobody recorded, nobody
    hidden)."""
    assert decide(TINA, Action.play, _group_film(None, confirmed=False))
    one_to_one = _group_film(Use.supervision, confirmed=False, group_film=False)
    assert decide(TINA, Action.play, one_to_one)
    assert decide(SUPERVISOR, Action.play, one_to_one)
    refused = decide(SUPERVISOR, Action.play, _group_film(Use.supervision, confirmed=False))
    assert not refused and "who is in this group film is not confirmed" == refused.reason
    assert decide(SUPERVISOR, Action.play, _group_film(Use.supervision, confirmed=True))
