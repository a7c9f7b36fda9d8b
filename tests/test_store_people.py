"""The admin's writes to the people of a team, on SQLite and PostgreSQL: names, roles and
stages change; a supervision group's members become exactly those given; and the access
policy reads the change at once."""

from __future__ import annotations

import pytest

from vigkit.core.access import AccessRole
from vigkit.core.errors import PractitionerNotFound, RecordNotFound, VigkitError
from vigkit.core.records import Practitioner, Role
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.store import Store

pytestmark = pytest.mark.both_databases


@pytest.fixture
def people(store: Store) -> Store:
    for login, name in (("sam", "Sam"), ("pat", "Pat"), ("alex", "Alex"), ("kim", "Kim")):
        store.people.add(Practitioner(id=login, display_name=name))
    return store


def test_a_persons_name_roles_and_stage_change(people: Store) -> None:
    changed = Practitioner(
        id="sam", display_name="Sam Okafor", roles=[Role.trainee, Role.admin], stage=2
    )
    people.people.update(changed)
    assert people.people.get("sam") == changed
    assert people.access.principal("sam").roles == {AccessRole.trainee, AccessRole.admin}
    assert people.people.get("pat").roles == [Role.practitioner]  # nobody else
    assert people.people.count_admins() == 1


def test_changing_someone_not_here_is_refused(people: Store) -> None:
    with pytest.raises(PractitionerNotFound):
        people.people.update(Practitioner(id="nobody", display_name="No One"))
    assert [p.id for p in people.people.list()] == ["alex", "kim", "pat", "sam"]


def test_a_groups_members_become_exactly_those_given(people: Store) -> None:
    group = people.sessions.add_supervision_group(
        SupervisionGroup(name="Thursday", member_ids=["sam", "pat", "alex"])
    )
    after = people.sessions.update_supervision_group(
        group.model_copy(update={"name": "Thursday group", "member_ids": ["alex", "kim"]})
    )
    assert after.name == "Thursday group"
    assert sorted(after.member_ids) == ["alex", "kim"]
    assert people.access.principal("sam").groups == frozenset()
    assert people.access.principal("kim").groups == {group.id}


def test_a_group_change_that_cannot_be_made_changes_nothing(people: Store) -> None:
    group = people.sessions.add_supervision_group(
        SupervisionGroup(name="Thursday", member_ids=["sam"])
    )
    with pytest.raises(PractitionerNotFound):
        people.sessions.update_supervision_group(
            group.model_copy(update={"member_ids": ["pat", "zed"]})
        )
    with pytest.raises(VigkitError):
        people.sessions.update_supervision_group(group.model_copy(update={"member_ids": []}))
    assert people.sessions.get_supervision_group(group.id or 0).member_ids == ["sam"]
    with pytest.raises(RecordNotFound):
        people.sessions.update_supervision_group(group.model_copy(update={"id": 999}))
