"""Which footage is due to go, pure: the films of closed cases (or withdrawn consent) whose
retention has run out, from the same rule the case page shows
(:func:`vigkit.core.summaries.deletion_date`).

Nothing is due before its day: a film whose case is open and whose consent stands has no
date at all. A film whose footage already went is never due again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from vigkit.core.records import Case, Consent, Film
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import CaseSnapshot, deletion_date

__all__ = ["Planned", "CaseFilms", "planned_deletions", "due", "coming"]

SOON_DAYS = 28  # the home page also lists what goes within four weeks


@dataclass(frozen=True)
class CaseFilms:
    """One case with its consent and every film logged for it (review films too)."""

    case: Case
    consent: Consent | None
    films: Sequence[Film]


@dataclass(frozen=True)
class Planned:
    """A film whose footage is to go on ``due_on``, and why (in the settings' words)."""

    film: Film
    due_on: date
    why: str


def planned_deletions(cases: Iterable[CaseFilms], settings: ServiceSettings) -> list[Planned]:
    """Every film with a deletion day and footage not yet deleted, soonest first."""
    out = []
    for c in cases:
        found = deletion_date(CaseSnapshot(case=c.case, consent=c.consent), settings)
        if found is None:
            continue
        day, why = found
        out += [Planned(f, day, why) for f in c.films if f.footage_deleted_on is None]
    return sorted(out, key=lambda p: (p.due_on, p.film.case_code, p.film.id or 0))


def due(planned: Iterable[Planned], today: date) -> list[Planned]:
    """What is due on ``today``: its day has come."""
    return [p for p in planned if p.due_on <= today]


def coming(planned: Iterable[Planned], today: date, days: int = SOON_DAYS) -> list[Planned]:
    """What falls due after ``today`` and within ``days`` days."""
    end = today + timedelta(days=days)
    return [p for p in planned if today < p.due_on <= end]
