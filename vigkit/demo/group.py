"""The demo's synthetic group (group VIG): a baby bonding group in temporary housing.

Three synthetic families, each its own case with its own consent; F032 has not agreed
that other group members may see their clips. Two past sessions (the first filmed, the
second where F033 was away) and one planned. No real person is in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from vigkit.core import clock
from vigkit.core.errors import NotFound
from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession
from vigkit.store import Store
from vigkit.templates.principles import load_principles

__all__ = ["DEMO_GROUP", "DEMO_GROUP_CASES", "fill_demo_group", "remove_demo_group"]

DEMO_GROUP = "G001"
DEMO_GROUP_CASES = ("F031", "F032", "F033")

# (case, age in months, agrees to group viewing, clips as (start, end, principle keys, words))
_FAMILIES: tuple[tuple[str, int, bool, list[tuple[float, float, list[int], str]]], ...] = (
    (
        "F031",
        3,
        True,
        [
            (6.0, 13.0, [1, 3], "The baby looks at the parent; the parent smiles and waits."),
            (30.0, 37.5, [2, 4], "The parent copies the baby's sound and the baby answers."),
        ],
    ),
    (
        "F032",
        6,
        False,
        [(12.0, 19.0, [3], "The parent follows the baby's gaze to the toy and names it.")],
    ),
    (
        "F033",
        9,
        True,
        [(44.0, 51.0, [4], "Parent and baby take turns passing the cup, both laughing.")],
    ),
)


def remove_demo_group(store: Store) -> None:
    """Remove the demo group and its families' cases, if they are there."""
    try:
        store.groups.delete(DEMO_GROUP)
    except NotFound:
        pass
    for code in DEMO_GROUP_CASES:
        try:
            store.cases.delete(code)
        except NotFound:
            pass


def fill_demo_group(
    store: Store, practitioner_id: str, film_path: Path, sha256: str, duration_s: float
) -> None:
    """Add the demo group; its films all point at the demo film (shapes and tones)."""
    today = clock.today()
    opened = today - timedelta(days=28)
    _add_group_and_families(store, practitioner_id, opened)
    filmed = _add_sessions(store, opened, today)
    _add_films(store, filmed, film_path, sha256, duration_s, practitioner_id)


def _add_group_and_families(store: Store, practitioner_id: str, opened: date) -> None:
    """Add the group, and each family as a case with its consent and a place in the group."""
    store.groups.add(
        Group(
            code=DEMO_GROUP,
            practitioner_id=practitioner_id,
            title="Baby bonding group",
            setting="Temporary housing: family hostel common room",
            opened_on=opened,
        )
    )
    for code, months, group_viewing, _clips in _FAMILIES:
        store.cases.add(
            Case(
                code=code,
                practitioner_id=practitioner_id,
                setting="Baby bonding group (temporary housing)",
                age_months=months,
                referral_reason="Referred to the baby bonding group by the housing support "
                "worker. (Synthetic demo case.)",
                opened_on=opened,
            )
        )
        store.cases.set_consent(
            Consent(
                case_code=code,
                given_on=opened,
                filming=True,
                supervisor_viewing=True,
                group_viewing=group_viewing,
            )
        )
        store.groups.add_member(DEMO_GROUP, code)


def _add_sessions(store: Store, opened: date, today: date) -> GroupSession:
    """Add the filmed session, the review one family missed and a planned one; return the
    filmed session."""
    filmed = store.groups.add_session(
        GroupSession(
            group_code=DEMO_GROUP,
            held_on=opened + timedelta(days=7),
            attended=list(DEMO_GROUP_CASES),
            notes="Each family filmed for ten minutes of play on the mats.",
        )
    )
    store.groups.add_session(
        GroupSession(
            group_code=DEMO_GROUP,
            held_on=opened + timedelta(days=14),
            attended=["F031", "F032"],
            notes="First group review. One family was away.",
        )
    )
    store.groups.add_session(GroupSession(group_code=DEMO_GROUP, held_on=today + timedelta(days=7)))
    return filmed


def _add_films(
    store: Store,
    filmed: GroupSession,
    film_path: Path,
    sha256: str,
    duration_s: float,
    practitioner_id: str,
) -> None:
    """Add each family's film of the ``filmed`` session, with its clips. The synthetic film
    shows shapes, not people: its practitioner has confirmed there is nobody in it to hide,
    as they must before a group session's film is shown for any use."""
    heading = {p.key: p.id for p in load_principles().headings}
    for code, _months, _viewing, clips in _FAMILIES:
        film = store.films.add(
            Film(
                case_code=code,
                cycle_number=1,
                path=str(film_path),
                sha256=sha256,
                duration_s=duration_s,
                filmed_on=filmed.held_on,
                context="group session: play on the mats",
            )
        )
        store.groups.add_film_to_session(film.id or 0, filmed.id or 0)
        store.people_in_films.confirm(film.id or 0, by=practitioner_id)
        for begin, end, keys, seen in clips:
            store.films.add_clip(
                Clip(
                    film_id=film.id or 0,
                    start_s=begin,
                    end_s=end,
                    principle_ids=[heading[k] for k in keys if k in heading],
                    what_i_see=seen,
                    still_times_s=[round((begin + end) / 2, 1)],
                )
            )
