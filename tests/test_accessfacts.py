"""What the store tells the access policy: who a login is, and whose a film is."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigkit.core.access import AccessRole, Action, Use, decide
from vigkit.demo.caseload import DEMO_PRACTITIONER
from vigkit.demo.supervision import DEMO_SUPERVISOR
from vigkit.demo.team import fill_demo_team
from vigkit.store import Store

pytestmark = pytest.mark.both_databases


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo team's store, on each database in turn: its URL."""
    data = tmp_path_factory.mktemp("team")
    if request.param == "sqlite":
        url = f"sqlite:///{data / 'vigkit.sqlite'}"
        fill_demo_team(data, out=io.StringIO(), url=url)
        yield url
        return
    postgres = request.getfixturevalue("postgres")
    url = postgres.create_database(f"team_{data.name}", template="vigkit_head")
    fill_demo_team(data, out=io.StringIO(), url=url)
    yield url
    postgres.drop_database(f"team_{data.name}")


def test_a_login_vigkit_does_not_know_has_no_role(team: str) -> None:
    with Store.open(url=team) as store:
        nobody = store.principal("someone-else")
    assert nobody.roles == frozenset() and not nobody.groups and not nobody.supervisees


def test_the_supervisor_is_known_with_supervisees_and_group(team: str) -> None:
    with Store.open(url=team) as store:
        sue = store.principal(DEMO_SUPERVISOR)
        group_ids = {g.id for g in store.list_supervision_groups(member_id=DEMO_SUPERVISOR)}
    assert AccessRole.supervisor in sue.roles
    assert DEMO_PRACTITIONER in sue.supervisees
    assert sue.groups == group_ids and group_ids


def test_a_film_is_its_familys_practitioners_under_the_current_consent(team: str) -> None:
    with Store.open(url=team) as store:
        pats = store.footage(store.list_films("F051")[0])
        guiders = store.footage(store.list_films("F017")[0])
        pat, guider = store.principal("demo-pat"), store.principal(DEMO_PRACTITIONER)
    assert pats.owner == "demo-pat" and guiders.owner == DEMO_PRACTITIONER
    assert pats.consent is not None and not pats.consent.intervision
    assert pats.groups == frozenset()  # no live session is showing it
    assert decide(pat, Action.play, pats) and not decide(pat, Action.play, guiders)
    assert decide(guider, Action.play, guiders) and not decide(guider, Action.play, pats)


def test_a_film_shown_in_a_live_session_is_the_groups_while_it_lasts(
    tmp_path: Path, store_url: str
) -> None:
    fill_demo_team(tmp_path, out=io.StringIO(), url=store_url)
    with Store.open(url=store_url) as store:
        film = store.list_films("F017")[0]
        group = store.list_supervision_groups(member_id="demo-pat")[0]
        pat = store.principal("demo-pat")
        assert not decide(pat, Action.play, store.footage(film))
        session = store.open_live_session(group.id or 0, DEMO_PRACTITIONER)
        store.present_clip(session.id or 0, DEMO_PRACTITIONER, film.id or 0, 1.0, 5.0)
        shown = store.footage(film, Use.intervision, (1.0, 5.0))
        assert shown.groups == {group.id} and shown.shown == ((group.id, 1.0, 5.0),)
        assert decide(pat, Action.play, shown).reason.startswith("presented to your group")
        # The film itself, or seconds outside the presented clip: never.
        assert not decide(pat, Action.play, store.footage(film))
        outside = store.footage(film, Use.intervision, (59.0, 59.0))
        assert not decide(pat, Action.play, outside)
        store.end_live_session(session.id or 0, DEMO_PRACTITIONER)
        assert not decide(pat, Action.play, store.footage(film, Use.intervision, (1.0, 5.0)))


def test_in_a_team_a_page_refuses_another_practitioners_case(
    team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigkit import paths
    from vigkit.core.access import CaseRef
    from vigkit.core.errors import AccessRefused
    from vigkit.ui.runtime.pagedata import refuse_unless

    guiders = CaseRef("F017", DEMO_PRACTITIONER)
    with Store.open(url=team) as store:
        monkeypatch.delenv(paths.ENV_MODE, raising=False)
        monkeypatch.setenv("VIGKIT_USER", "demo-pat")
        refuse_unless(store, Action.view, guiders, "error.access.case")  # alone: one person
        monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
        with pytest.raises(AccessRefused) as refused:
            refuse_unless(store, Action.view, guiders, "error.access.case")
        assert refused.value.key == "error.access.case"
        monkeypatch.setenv("VIGKIT_USER", DEMO_PRACTITIONER)
        refuse_unless(store, Action.view, guiders, "error.access.case")
        # Alone nothing is asked but the opening is written; in a team both answers are kept.
        trail = [(e.login, e.allowed, e.reason) for e in store.audit_trail(ident="F017")]
        assert trail[-3:] == [
            ("demo-pat", True, "alone: your workbook"),
            ("demo-pat", False, "not your case"),
            (DEMO_PRACTITIONER, True, "own case"),
        ]


def test_the_demo_lead_sees_the_service_report_and_no_family(team: str) -> None:
    from vigkit.core.access import CaseRef, ServiceReport

    with Store.open(url=team) as store:
        lead = store.principal("demo-lead")
        films = [store.footage(f) for code in ("F017", "F051") for f in store.list_films(code)]
    assert lead.roles == {AccessRole.lead}
    assert decide(lead, Action.view, ServiceReport())
    assert not decide(lead, Action.view, CaseRef("F017", DEMO_PRACTITIONER))
    assert films and not any(decide(lead, Action.play, film) for film in films)
