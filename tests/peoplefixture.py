"""Two families of one group, each with a film: for the tests of who is in a film."""

from __future__ import annotations

from datetime import date

from vigkit.core.records import Case, Consent, Film, Practitioner
from vigkit.store import Store


def two_families(
    store: Store, path: str = "/media/{code}.mp4", seconds: float = 60.0, **consent: bool
) -> tuple[Film, Film]:
    """Practitioner jo, families F031 and F032 with filming consent (and ``consent``'s other
    yeses for both), a film of each (``path`` with ``{code}`` filled in)."""
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    films = []
    for code in ("F031", "F032"):
        store.cases.add(Case(code=code, practitioner_id="jo", opened_on=date(2026, 3, 1)))
        store.cases.set_consent(
            Consent(case_code=code, given_on=date(2026, 3, 1), filming=True, **consent)
        )
        film = Film(
            case_code=code,
            cycle_number=1,
            path=path.format(code=code),
            sha256="ab" * 32,
            duration_s=seconds,
            filmed_on=date(2026, 3, 8),
        )
        films.append(store.films.add(film))
    return films[0], films[1]
