"""The access policy: each role's rule, consent deciding every use of footage, deny by default."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from vigkit.core.access import (
    AccessRole,
    Action,
    CaseRef,
    FamilyGroupRef,
    Footage,
    GroupSessionRef,
    People,
    Principal,
    ReflectionRef,
    Resource,
    ServiceReport,
    SupervisionRef,
    Templates,
    Use,
    decide,
    visible,
)
from vigkit.core.records import Consent

R = AccessRole
SAM = Principal("sam", frozenset({R.practitioner}), groups=frozenset({1}))
TINA = Principal("tina", frozenset({R.trainee}), groups=frozenset({1}))
SUE = Principal("sue", frozenset({R.supervisor}), supervisees=frozenset({"tina"}))
TOM = Principal("tom", frozenset({R.trainer}))
LEE = Principal("lee", frozenset({R.lead}))
ADA = Principal("ada", frozenset({R.admin}))
EVERYONE = (SAM, TINA, SUE, TOM, LEE, ADA)


def consent(**uses: bool) -> Consent:
    return Consent(case_code="F017", given_on=date(2026, 1, 5), filming=True, **uses)


ALL_USES = consent(supervisor_viewing=True, intervision=True, training_events=True)


def footage(owner: str = "tina", given: Consent | None = ALL_USES, **more: object) -> Footage:
    return Footage("F017", owner, given, **more)  # type: ignore[arg-type]


def allowed(who: Principal, action: Action, resource: Resource) -> bool:
    return decide(who, action, resource).allowed


def test_a_practitioner_works_on_their_own_cases_only() -> None:
    own, other = CaseRef("F017", "tina"), CaseRef("F051", "sam")
    for action in (Action.view, Action.edit, Action.export):
        assert allowed(TINA, action, own)
        assert not allowed(TINA, action, other)
    assert not allowed(TINA, Action.sign, own)


@pytest.mark.parametrize("who", [SUE, TOM, LEE, ADA])
def test_nobody_else_opens_a_case_not_even_the_lead_or_the_admin(who: Principal) -> None:
    for action in Action:
        if who is ADA and action is Action.erase:
            continue  # below: the admin carries out erasure, without opening the case
        assert not allowed(who, action, CaseRef("F017", "tina"))


def test_the_admin_or_the_practitioner_erases_a_case_and_nobody_else() -> None:
    case = CaseRef("F017", "tina")
    assert allowed(ADA, Action.erase, case) and allowed(TINA, Action.erase, case)
    for who in (SUE, TOM, LEE):
        assert not allowed(who, Action.erase, case)
    assert not allowed(ADA, Action.view, case) and not allowed(ADA, Action.export, case)


CHOSEN = ((10.0, 14.0),)  # the practitioner's saved clip: seconds 10 to 14
PRESENTED = ((1, 10.0, 14.0),)  # presented now to group 1


def rendering(use: Use, seconds: tuple[float, float] = (10.0, 14.0), **more: object) -> Footage:
    return footage(use=use, seconds=seconds, chosen=CHOSEN, **more)


def test_only_the_familys_practitioner_gets_the_film_itself() -> None:
    assert allowed(TINA, Action.play, footage())
    whole = footage(groups=frozenset({1}), shown=PRESENTED, chosen=CHOSEN, for_training=True)
    for who in (SAM, SUE, TOM, LEE, ADA):
        refused = decide(who, Action.play, whole)
        assert not refused, who.id
    assert decide(SUE, Action.play, whole).reason == (
        "only the family's practitioner sees the whole film"
    )


def test_the_supervisor_plays_a_supervisees_chosen_clip_only_with_supervisor_viewing() -> None:
    assert allowed(SUE, Action.play, rendering(Use.supervision))
    assert allowed(SUE, Action.play, rendering(Use.supervision, (12.0, 12.0)))  # a still in it
    assert not allowed(SUE, Action.play, rendering(Use.supervision, (20.0, 20.0)))  # outside
    assert not allowed(SUE, Action.play, rendering(Use.supervision, (8.0, 14.0)))
    refused = decide(SUE, Action.play, rendering(Use.supervision, given=consent(intervision=True)))
    assert not refused and refused.reason == "no consent to supervisor viewing"
    assert not allowed(SUE, Action.play, rendering(Use.supervision, owner="sam"))
    assert not allowed(SUE, Action.play, rendering(Use.intervision))  # not her use


def test_a_group_member_plays_only_the_seconds_presented_to_the_group_with_consent() -> None:
    presented = rendering(Use.intervision, groups=frozenset({1}), shown=PRESENTED)
    assert allowed(SAM, Action.play, presented)
    still_inside = rendering(Use.intervision, (11.5, 11.5), groups=frozenset({1}), shown=PRESENTED)
    assert allowed(SAM, Action.play, still_inside)
    outside = rendering(Use.intervision, (59.0, 59.0), groups=frozenset({1}), shown=PRESENTED)
    assert decide(SAM, Action.play, outside).reason == "outside the clip presented to your group"
    no_intervision = rendering(
        Use.intervision, given=consent(supervisor_viewing=True), shown=PRESENTED
    )
    assert not allowed(SAM, Action.play, no_intervision)
    assert not allowed(SAM, Action.play, rendering(Use.intervision))  # never presented
    other = rendering(Use.intervision, groups=frozenset({2}), shown=((2, 10.0, 14.0),))
    assert not allowed(SAM, Action.play, other)  # another group's


def test_a_trainer_plays_only_clips_offered_for_training_with_training_consent() -> None:
    assert allowed(TOM, Action.play, rendering(Use.training, for_training=True))
    assert not allowed(TOM, Action.play, rendering(Use.training))
    assert not allowed(TOM, Action.play, footage(for_training=True))  # the film itself
    no_training = rendering(Use.training, given=consent(intervision=True), for_training=True)
    assert decide(TOM, Action.play, no_training).reason == "no consent to training events"


def test_the_practitioner_renders_and_exports_a_clip_only_for_a_use_the_family_agreed() -> None:
    assert allowed(TINA, Action.play, rendering(Use.training))
    assert allowed(TINA, Action.export, rendering(Use.training))
    filming_only = consent()
    for use in (Use.supervision, Use.intervision, Use.training, Use.group_review):
        assert not allowed(TINA, Action.export, rendering(use, given=filming_only)), use
        assert not allowed(TINA, Action.play, rendering(use, given=filming_only)), use
    assert allowed(TINA, Action.export, rendering(Use.review, given=filming_only))
    assert not allowed(SAM, Action.export, rendering(Use.training, owner="tina"))


def test_withdrawn_or_missing_consent_allows_no_use_of_footage_by_anyone() -> None:
    withdrawn = ALL_USES.model_copy(update={"withdrawn_on": date(2026, 3, 1)})
    for who, given, use in product(EVERYONE, (withdrawn, None), (None, *Use)):
        clip = footage(
            given=given,
            groups=frozenset({1}),
            for_training=True,
            use=use,
            seconds=(10.0, 14.0),
            shown=PRESENTED,
            chosen=CHOSEN,
        )
        for action in (Action.play, Action.view, Action.export):
            assert not allowed(who, action, clip), (who.id, use, action)


def test_footage_is_never_exported_by_anyone() -> None:
    for who in EVERYONE:
        assert not allowed(who, Action.export, footage(for_training=True))


def test_only_the_records_own_supervisor_signs_it() -> None:
    record = SupervisionRef(trainee="tina", supervisor="sue")
    assert allowed(SUE, Action.sign, record)
    assert not allowed(TINA, Action.sign, record)
    other_supervisor = Principal("sol", frozenset({R.supervisor}))
    assert not allowed(other_supervisor, Action.sign, record)
    assert not allowed(other_supervisor, Action.view, record)
    assert allowed(TINA, Action.view, record) and allowed(SUE, Action.view, record)
    assert not allowed(SAM, Action.view, record)


def test_the_lead_sees_the_service_report_the_admin_the_people_the_trainer_templates() -> None:
    assert allowed(LEE, Action.view, ServiceReport())
    assert not allowed(LEE, Action.edit, ServiceReport())
    assert not any(allowed(who, Action.view, ServiceReport()) for who in (SAM, SUE, TOM, ADA))
    assert allowed(ADA, Action.edit, People()) and not allowed(LEE, Action.view, People())
    assert allowed(TOM, Action.edit, Templates()) and not allowed(SAM, Action.edit, Templates())
    assert allowed(SAM, Action.view, Templates()) and not allowed(LEE, Action.view, Templates())


def test_a_group_session_is_its_members_only() -> None:
    assert allowed(SAM, Action.view, GroupSessionRef(1))
    assert not allowed(SAM, Action.view, GroupSessionRef(2))
    assert not allowed(SUE, Action.view, GroupSessionRef(1))


def test_a_group_of_families_is_its_practitioners_like_a_case() -> None:
    for action in (Action.view, Action.edit, Action.export):
        assert allowed(SAM, action, FamilyGroupRef("G001", "sam"))
        for who in (TINA, SUE, TOM, LEE, ADA):
            assert not allowed(who, action, FamilyGroupRef("G001", "sam")), (who.id, action)
    assert not allowed(SAM, Action.sign, FamilyGroupRef("G001", "sam"))


def test_a_person_with_no_role_is_refused_everything_even_in_a_group() -> None:
    nobody = Principal("tina", groups=frozenset({1}), supervisees=frozenset({"tina"}))
    resources: list[Resource] = [
        CaseRef("F017", "tina"),
        FamilyGroupRef("G001", "tina"),
        footage(groups=frozenset({1}), for_training=True),
        rendering(Use.intervision, groups=frozenset({1}), shown=PRESENTED, for_training=True),
        SupervisionRef("tina", "tina"),
        Templates(),
        ServiceReport(),
        People(),
        GroupSessionRef(1),
        ReflectionRef("tina"),
    ]
    for action, resource in product(Action, resources):
        assert not allowed(nobody, action, resource), (action, resource)


def test_visible_keeps_what_may_be_seen_in_order() -> None:
    cases = [CaseRef("F001", "tina"), CaseRef("F002", "sam"), CaseRef("F003", "tina")]
    assert [c.code for c in visible(TINA, Action.view, cases)] == ["F001", "F003"]


def test_a_reflection_is_its_authors_own() -> None:
    assert allowed(TINA, Action.view, ReflectionRef("tina"))
    assert allowed(TINA, Action.edit, ReflectionRef("tina"))
    assert not allowed(TINA, Action.sign, ReflectionRef("tina"))
    for who in (SAM, SUE, TOM, LEE, ADA):
        assert not allowed(who, Action.view, ReflectionRef("tina")), who.id


def test_only_an_admin_reads_the_audit_trail_and_nobody_changes_it() -> None:
    from vigkit.core.access import AuditTrail

    assert allowed(ADA, Action.view, AuditTrail())
    for action in (Action.edit, Action.export, Action.erase):
        assert not allowed(ADA, action, AuditTrail())
    for who in (SAM, TINA, SUE, TOM, LEE):
        assert not allowed(who, Action.view, AuditTrail())
