"""A synthetic demo team for ``make serve-team``: the demo caseload's guider and supervisor,
a second practitioner with a family of her own, a trainer, a service lead, and their
supervision group. Everyone is invented; the films are shapes and tones."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from vigkit import paths
from vigkit.core import clock
from vigkit.core.errors import NotFound
from vigkit.core.records import Case, Consent, Film, Practitioner, Role
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.demo.supervision import DEMO_SUPERVISOR
from vigkit.store import Store

__all__ = ["TeamMember", "DEMO_TEAM", "DEMO_TEAM_GROUP", "fill_demo_team"]

DEMO_TEAM_GROUP = "Thursday supervision group"
SECOND_CASE = "F051"


@dataclass(frozen=True)
class TeamMember:
    login: str
    display_name: str
    roles: tuple[Role, ...]
    what: str  # what they are in the team, for the printed list of logins


DEMO_TEAM = (
    TeamMember(DEMO_PRACTITIONER, "Sam Okafor (demo guider)", (), "practitioner and trainee"),
    TeamMember("demo-pat", "Pat Lindqvist (demo guider)", (Role.practitioner,), "practitioner"),
    TeamMember(DEMO_SUPERVISOR, "Alex Reid (demo supervisor)", (), "supervisor"),
    TeamMember("demo-trainer", "Jo Mensah (demo trainer)", (Role.trainer,), "trainer"),
    TeamMember("demo-lead", "Ravi Shah (demo service lead)", (Role.lead,), "service lead"),
    TeamMember("demo-admin", "Robin Hale (demo admin)", (Role.admin,), "admin: people and groups"),
)


def fill_demo_team(
    data: Path | str | None = None, *, out: TextIO = sys.stdout, url: str | None = None
) -> bool:
    """Add the demo team (and the demo caseload first) to the data directory's store, or the
    database at ``url``; False when it was already there."""
    fill_demo(data, if_empty=True, out=out, url=url)
    with Store.open(paths.data_dir(data), url=url) as store:
        try:
            store.people.get("demo-pat")
            return False
        except NotFound:
            pass
        for member in DEMO_TEAM:
            try:
                store.people.get(member.login)
            except NotFound:
                store.people.add(
                    Practitioner(
                        id=member.login, display_name=member.display_name, roles=list(member.roles)
                    )
                )
        _second_family(store)
        store.sessions.add_supervision_group(
            SupervisionGroup(
                name=DEMO_TEAM_GROUP, member_ids=[DEMO_PRACTITIONER, "demo-pat", DEMO_SUPERVISOR]
            )
        )
    print(f"vigkit: demo team ready: {len(DEMO_TEAM)} people, group {DEMO_TEAM_GROUP!r}.", file=out)
    return True


def _second_family(store: Store) -> None:
    """Pat's family: filmed, but consenting to no viewing beyond the shared review."""
    opened = clock.today() - timedelta(days=21)
    store.cases.add(
        Case(
            code=SECOND_CASE,
            practitioner_id="demo-pat",
            setting="Children's centre",
            age_months=9,
            referral_reason="The parent asked for help to enjoy play with the baby. "
            "(Synthetic demo case.)",
            opened_on=opened,
        )
    )
    store.cases.set_consent(Consent(case_code=SECOND_CASE, given_on=opened, filming=True))
    first = store.films.list("F017")[0]
    store.films.add(
        Film(
            case_code=SECOND_CASE,
            cycle_number=1,
            path=first.path,
            sha256=first.sha256,
            duration_s=first.duration_s,
            filmed_on=opened + timedelta(days=2),
        )
    )
