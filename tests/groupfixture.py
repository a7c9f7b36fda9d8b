"""One small supervision group for the live-session tests: sue, ann and bob (eve outside it),
the group "Tuesday" (id 1), and ann's case F101 with consent and one film (id 1)."""

from __future__ import annotations

from datetime import date

from vigkit.core.records import Case, Consent, Film, Practitioner
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.store import Store


def fill_tuesday_group(store: Store) -> Store:
    for ident, name in (("sue", "Sue"), ("ann", "Ann"), ("bob", "Bob"), ("eve", "Eve")):
        store.people.add(Practitioner(id=ident, display_name=name))
    store.sessions.add_supervision_group(
        SupervisionGroup(name="Tuesday", member_ids=["sue", "ann", "bob"])
    )
    store.cases.add(Case(code="F101", practitioner_id="ann"))
    store.cases.set_consent(
        Consent(case_code="F101", given_on=date(2026, 1, 5), filming=True, intervision=True)
    )
    store.films.add(
        Film(
            case_code="F101",
            cycle_number=1,
            path="/x.mp4",
            sha256="0" * 64,
            duration_s=30.0,
            filmed_on=date(2026, 1, 6),
        )
    )
    return store
