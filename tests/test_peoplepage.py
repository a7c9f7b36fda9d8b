"""The people page without a browser: an admin adds and changes people, roles and
supervision groups; the only admin cannot be left out; in a team only an admin opens it,
and every save asks the policy again and is in the audit trail."""

from __future__ import annotations

import pytest

from vigkit import paths
from vigkit.core.access import AccessRole
from vigkit.core.errors import AccessRefused
from vigkit.core.records import Practitioner, Role
from vigkit.store import Store
from vigkit.ui.pages.people import PeoplePage, people_page

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def team(store: Store) -> Store:
    store.add_practitioner(Practitioner(id="robin", display_name="Robin", roles=[Role.admin]))
    store.add_practitioner(Practitioner(id="sam", display_name="Sam"))
    return store


def _page(store: Store) -> PeoplePage:
    return people_page(store=store).people  # type: ignore[attr-defined, no-any-return]


def _tick(page: PeoplePage, *roles: Role) -> None:
    for role, box in page.roles.items():
        box.value = role in roles


def test_an_admin_adds_a_person_who_then_has_their_roles(team: Store) -> None:
    page = _page(team)
    assert page.roles[Role.practitioner].value and not page.login.disabled
    page.login.value = "kim"
    page.name.value = "Kim <b>Lee</b> 🙂"
    _tick(page, Role.trainee, Role.supervisor)
    page.stage.value = 2
    assert page.save_person() is not None
    kim = team.get_practitioner("kim")
    assert (kim.display_name, kim.roles, kim.stage) == (
        "Kim <b>Lee</b> 🙂",
        [Role.trainee, Role.supervisor],
        2,
    )
    assert team.principal("kim").roles == {AccessRole.trainee, AccessRole.supervisor}
    assert "Added Kim" in page.message.value and "vk-msg-success" in page.message.value
    assert "Kim &lt;b&gt;Lee&lt;/b&gt; 🙂" in page.table.value  # escaped, never markup
    assert page.pick.value == "kim" and page.login.disabled


def test_a_person_picked_is_changed_not_added_again(team: Store) -> None:
    page = _page(team)
    page.pick.value = "sam"
    assert page.name.value == "Sam" and page.roles[Role.practitioner].value
    page.name.value = "Sam Okafor"
    _tick(page, Role.practitioner, Role.trainer)
    page.save_person()
    assert team.get_practitioner("sam").roles == [Role.practitioner, Role.trainer]
    assert [p.id for p in team.list_practitioners()] == ["robin", "sam"]
    assert "Saved: Sam Okafor (sam)" in page.message.value


@pytest.mark.parametrize(
    ("login", "name", "roles", "stage", "words"),
    [
        ("", "Kim", (Role.practitioner,), 0, "Give the login they use"),
        ("kim", "Kim", (), 0, "at least one role"),
        ("kim lee", "Kim", (Role.practitioner,), 0, "is not one"),
        ("Kim", "Kim", (Role.practitioner,), 0, "small letters"),
        ("kim", "", (Role.practitioner,), 0, "Name"),
        ("kim", "Kim", (Role.practitioner,), 2, "stage"),
        ("sam", "Sam again", (Role.practitioner,), 0, "already"),
    ],
)
def test_what_cannot_be_saved_says_why_and_saves_nothing(
    team: Store, login: str, name: str, roles: tuple[Role, ...], stage: int, words: str
) -> None:
    page = _page(team)
    page.login.value, page.name.value, page.stage.value = login, name, stage
    _tick(page, *roles)
    assert page.save_person() is None
    assert "vk-msg-error" in page.message.value
    assert words.lower() in page.message.value.lower(), page.message.value
    assert [p.id for p in team.list_practitioners()] == ["robin", "sam"]
    assert team.get_practitioner("sam").display_name == "Sam"


def test_the_only_admin_keeps_the_role(team: Store) -> None:
    page = _page(team)
    page.pick.value = "robin"
    _tick(page, Role.practitioner)
    assert page.save_person() is None
    assert "one administrator at least" in page.message.value
    assert team.get_practitioner("robin").roles == [Role.admin]
    page.pick.value = "sam"
    _tick(page, Role.admin)
    page.save_person()
    page.pick.value = "robin"
    _tick(page, Role.practitioner)
    assert page.save_person() is not None  # Sam is an admin now


def test_a_supervision_group_is_made_then_its_members_changed(team: Store) -> None:
    team.add_practitioner(Practitioner(id="pat", display_name="Pat"))
    page = _page(team)
    page.group_name.value = "Thursday group"
    page.members.value = ("sam", "pat")
    made = page.save_group()
    assert made is not None and sorted(made.member_ids) == ["pat", "sam"]
    assert "Thursday group" in page.groups.value and "Thursday group" in page.table.value
    page.group_pick.value = 0
    page.group_pick.value = made.id
    assert set(page.members.value) == {"sam", "pat"}
    page.members.value = ("robin",)
    page.save_group()
    assert team.get_supervision_group(made.id or 0).member_ids == ["robin"]
    assert team.principal("sam").groups == frozenset()
    page.members.value = ()
    assert page.save_group() is None and "vk-msg-error" in page.group_message.value
    page.group_name.value = " "
    assert page.save_group() is None and "name" in page.group_message.value


def test_in_a_team_only_an_admin_opens_it_and_every_save_is_audited(
    team: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "sam")
    with pytest.raises(AccessRefused, match="administrators"):
        people_page(store=team)
    monkeypatch.setenv("VIGKIT_USER", "robin")
    page = _page(team)
    page.login.value, page.name.value = "kim", "Kim"
    page.save_person()
    trail = [(e.login, e.action, e.kind, e.allowed) for e in team.audit_trail()]
    assert ("sam", "edit", "people", False) in trail
    assert trail.count(("robin", "edit", "people", True)) == 2  # the page, then the save
    # Robin loses the role while the page is open (another admin's change): saving is refused.
    team.add_practitioner(Practitioner(id="ali", display_name="Ali", roles=[Role.admin]))
    team.update_practitioner(Practitioner(id="robin", display_name="Robin"))
    page.pick.value = "sam"
    _tick(page, Role.trainer)
    assert page.save_person() is None and "administrators" in page.message.value
    assert team.get_practitioner("sam").roles == [Role.practitioner]
    page.group_name.value, page.members.value = "G", ("sam",)
    assert page.save_group() is None
    assert team.list_supervision_groups() == []


def test_alone_the_one_practitioner_keeps_the_people(store: Store) -> None:
    store.add_practitioner(Practitioner(id="sam", display_name="Sam"))
    page = _page(store)
    page.login.value, page.name.value = "ali", "Ali Reid"
    _tick(page, Role.supervisor)
    assert page.save_person() is not None
    assert store.get_practitioner("ali").roles == [Role.supervisor]


def test_a_new_person_on_the_teams_own_accounts_gets_a_first_password(
    team: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    import bcrypt

    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "robin")
    monkeypatch.setenv(paths.ENV_HUB_ACCOUNTS, paths.NATIVE_ACCOUNTS)
    page = _page(team)
    page.login.value, page.name.value = "kim", "Kim"
    page.save_person()
    said = re.search(r"first password is (\S+) ", page.message.value)
    assert said, page.message.value
    hashed = team.first_password("kim")
    assert hashed and said.group(1) not in hashed
    assert bcrypt.checkpw(said.group(1).encode(), hashed.encode())
    page.name.value = "Kim Lee"
    page.save_person()  # a change, not a new person: no new password
    assert "first password" not in page.message.value and team.first_password("kim") == hashed
