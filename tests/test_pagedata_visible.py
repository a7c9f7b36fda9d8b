"""What the pages' lists show is asked of the access policy record by record, for the
login: a list asked with the wrong person (a page's slip) still shows nothing that is not
the login's; alone, the one practitioner sees everything as before."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit import paths
from vigkit.core.records import Case, Group, Practitioner, Reflection, Role
from vigkit.core.supervisionrecords import Supervision
from vigkit.store import Store
from vigkit.ui.runtime import pagedata

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def two(store: Store) -> Store:
    for login, roles in (("sam", [Role.trainee]), ("pat", [Role.practitioner])):
        store.add_practitioner(Practitioner(id=login, display_name=login.title(), roles=roles))
    store.add_practitioner(Practitioner(id="alex", display_name="Alex", roles=[Role.supervisor]))
    for code, owner in (("F001", "sam"), ("F002", "pat")):
        store.add_case(Case(code=code, practitioner_id=owner, opened_on=date(2026, 1, 5)))
        store.add_group(
            Group(code=f"G{code[1:]}", practitioner_id=owner, title="Baby group", setting="")
        )
        store.save_reflection(
            Reflection(
                template_id="reflection_what",
                template_version="1",
                author_id=owner,
                answers={"what": f"{owner}'s words"},
            )
        )
    store.save_supervision(
        Supervision(
            trainee_id="pat",
            supervisor_id="alex",
            held_on=date(2026, 2, 1),
            duration_minutes=60,
            stage=1,
            created_by="pat",
        )
    )
    return store


def _as(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", login)


def test_in_a_team_a_list_asked_for_someone_else_shows_nothing(
    two: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, "sam")
    pat = two.get_practitioner("pat")
    assert pagedata.visible_cases(two, pat) == []
    assert pagedata.visible_groups(two, pat) == []
    assert pagedata.visible_reflections(two, pat) == []
    assert pagedata.visible_supervisions(two, "pat") == []
    assert pagedata.visible_cases(two, None) == []  # nobody known: not everyone's cases


def test_in_a_team_each_sees_their_own_and_a_supervisor_their_supervisees_records(
    two: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as(monkeypatch, "sam")
    sam = two.get_practitioner("sam")
    assert [c.code for c in pagedata.visible_cases(two, sam)] == ["F001"]
    assert [g.code for g in pagedata.visible_groups(two, sam)] == ["G001"]
    assert [r.author_id for r in pagedata.visible_reflections(two, sam)] == ["sam"]
    _as(monkeypatch, "alex")
    assert [r.trainee_id for r in pagedata.visible_supervisions(two, "pat")] == ["pat"]


def test_alone_the_lists_are_as_asked(two: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_MODE, raising=False)
    pat = two.get_practitioner("pat")
    assert [c.code for c in pagedata.visible_cases(two, pat)] == ["F002"]
    assert [c.code for c in pagedata.visible_cases(two, None)] == ["F001", "F002"]
    assert len(pagedata.visible_supervisions(two, "pat")) == 1
