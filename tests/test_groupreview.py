"""The pure group review plan: which clips are offered, and why each other clip is not."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.groupreview import (
    GroupSnapshot,
    earlier_sessions,
    family_reason,
    group_viewing_text,
    review_plan,
)
from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession

SHA = "ef" * 32
FAMILIES = ("F031", "F032", "F033")


def _consent(code: str, **changes: object) -> Consent:
    """Consent to filming and group viewing, with ``changes``."""
    values: dict[str, object] = {
        "case_code": code,
        "given_on": date(2026, 3, 1),
        "filming": True,
        "group_viewing": True,
    }
    return Consent.model_validate(values | changes)


def _film(ident: int, code: str) -> Film:
    return Film(
        id=ident,
        case_code=code,
        cycle_number=1,
        path=f"/m/{code}.mp4",
        sha256=SHA,
        duration_s=60,
        filmed_on=date(2026, 3, 8),
    )


def _clip(ident: int, film: int, **changes: object) -> Clip:
    values: dict[str, object] = {"id": ident, "film_id": film, "start_s": ident, "end_s": ident + 5}
    return Clip.model_validate(values | changes)


def _snap(
    consents: dict[str, Consent | None] | None = None,
    review_attended: list[str] | None = None,
    clips: dict[int, list[Clip]] | None = None,
) -> GroupSnapshot:
    """Three families, each with one film (one clip) from session 1; session 2 is the review."""
    filmed = GroupSession(id=1, group_code="G001", held_on=date(2026, 3, 8), attended=FAMILIES)
    review = GroupSession(
        id=2, group_code="G001", held_on=date(2026, 3, 15), attended=review_attended or []
    )
    given: dict[str, Consent | None] = {code: _consent(code) for code in FAMILIES}
    return GroupSnapshot(
        group=Group(code="G001", practitioner_id="jo", title="Baby bonding group"),
        members=[Case(code=code, practitioner_id="jo") for code in FAMILIES],
        consents=given | (consents or {}),
        sessions=[filmed, review],
        films={1: [_film(10 + i, code) for i, code in enumerate(FAMILIES)]},
        clips=clips or {10 + i: [_clip(i + 1, 10 + i)] for i in range(len(FAMILIES))},
    )


def _offered(snap: GroupSnapshot, session: int = 2) -> list[tuple[str, int | None]]:
    return [(item.family, item.clip.id) for item in review_plan(snap, session).offered]


def _missing(snap: GroupSnapshot, session: int = 2) -> list[tuple[str, str]]:
    return [(item.family, item.reason) for item in review_plan(snap, session).missing]


def test_everyone_consenting_and_present_offers_every_clip() -> None:
    """With consent for group viewing from all, and everyone there, every clip is offered."""
    snap = _snap(review_attended=list(FAMILIES))
    assert [("F031", 1), ("F032", 2), ("F033", 3)] == _offered(snap)
    assert [] == _missing(snap)
    assert [] == review_plan(snap, 2).notes


def test_no_group_viewing_consent_leaves_clips_out_and_says_why() -> None:
    """A family who did not agree to group viewing: their clips are missing, with that reason."""
    snap = _snap({"F031": _consent("F031", group_viewing=False)})
    assert ["F032", "F033"] == [family for family, _ in _offered(snap)]
    expected = [("F031", "F031 has not agreed that other group members may see their clips")]
    assert expected == _missing(snap)


def test_withdrawn_consent_removes_clips_even_with_group_viewing() -> None:
    """Withdrawal removes a family's clips, and the reason gives the date in words."""
    snap = _snap({"F031": _consent("F031", withdrawn_on=date(2026, 5, 3))})
    assert [("F031", "F031 withdrew consent on 3 May 2026")] == _missing(snap)


def test_no_consent_on_record() -> None:
    """A family with no consent recorded is never shown."""
    snap = _snap({"F033": None})
    assert [("F033", "F033 has no consent on record")] == _missing(snap)


def test_absent_family_clips_wait_once_attendance_is_recorded() -> None:
    """Once attendance is recorded, an absent family's clips are not offered."""
    snap = _snap(review_attended=["F031", "F032"])
    assert ["F031", "F032"] == [family for family, _ in _offered(snap)]
    expected = [
        (
            "F033",
            "F033 did not attend this session (a family's clips are reviewed with them there)",
        )
    ]
    assert expected == _missing(snap)


def test_attendance_not_recorded_assumes_everyone_and_says_so() -> None:
    """With no attendance ticked, the plan assumes every family comes and notes it."""
    plan = review_plan(_snap(), 2)
    assert 3 == len(plan.offered)
    assert ["Attendance is not recorded for this session yet"] == [
        n.split(",")[0] for n in plan.notes
    ]


def test_consent_reason_comes_before_absence() -> None:
    """A family both absent and not consenting is missing for the consent reason."""
    snap = _snap({"F032": _consent("F032", group_viewing=False)}, review_attended=["F031", "F033"])
    assert [("F032", "F032 has not agreed that other group members may see their clips")] == (
        _missing(snap)
    )


def test_clip_not_better_than_usual_is_left_out() -> None:
    """Only "better than usual" clips are offered to a group."""
    clips = {
        10: [_clip(1, 10), _clip(4, 10, better_than_usual=False)],
        11: [_clip(2, 11)],
        12: [_clip(3, 12)],
    }
    snap = _snap(clips=clips)
    assert [("F031", "this clip is not marked “better than usual”")] == _missing(snap)
    assert [1, 2, 3] == [ident for _, ident in _offered(snap)]


def test_only_films_of_earlier_sessions_are_planned() -> None:
    """The session where the films were made has nothing to review yet."""
    plan = review_plan(_snap(), 1)
    assert ([], []) == (plan.offered, plan.missing)
    assert "No clips from earlier sessions of this group yet." in plan.notes


def test_film_of_a_family_no_longer_in_the_group() -> None:
    """A film of a family who has left the group is not offered, and the plan says so."""
    snap = _snap()
    left = GroupSnapshot(
        group=snap.group,
        members=[m for m in snap.members if m.code != "F033"],
        consents=snap.consents,
        sessions=snap.sessions,
        films=snap.films,
        clips=snap.clips,
    )
    assert [("F033", "F033 is no longer a member family of this group")] == _missing(left)


def test_unknown_session_is_a_key_error() -> None:
    """Asking for a session that is not the group's raises KeyError."""
    with pytest.raises(KeyError):
        review_plan(_snap(), 99)


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        (None, "no consent recorded"),
        (_consent("F031"), "yes"),
        (_consent("F031", group_viewing=False), "no"),
        (_consent("F031", withdrawn_on=date(2026, 5, 3)), "consent withdrawn on 3 May 2026"),
    ],
)
def test_group_viewing_text(consent: Consent | None, expected: str) -> None:
    """Each family's answer on group viewing reads in a few plain words."""
    assert expected == group_viewing_text(consent)


def test_family_reason_none_when_allowed() -> None:
    """A consenting family who is there has no reason to be left out."""
    assert None is family_reason("F031", _consent("F031"), {"F031"})
    assert None is family_reason("F031", _consent("F031"), None)


def test_earlier_sessions_orders_same_day_by_id() -> None:
    """Sessions on the same day count as earlier by the order they were added."""
    day = date(2026, 3, 8)
    a, b, c = (GroupSession(id=i, group_code="G001", held_on=day) for i in (1, 2, 3))
    assert [a, b] == earlier_sessions([c, b, a], c)
