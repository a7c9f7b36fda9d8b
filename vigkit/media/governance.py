"""Retention carried out and a family's erasure, end to end: the store's rows
(:mod:`vigkit.store.erasure`) and the files vigkit made (:mod:`vigkit.media.casefiles`).

Files go first, rows second: should the store fail half-way, the case is still there to
erase again, and nothing the practitioner needs to redo it has gone.

A film file another record still uses (the demo's one film is shared by a group) is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vigkit.core.records import Consent, Film
from vigkit.core.retention import CaseFilms, Planned, due, planned_deletions
from vigkit.core.settings import ServiceSettings
from vigkit.media.casefiles import (
    FilesGone,
    delete_footage,
    erase_case_files,
    film_path,
    remove_renderings,
    scrub_logs,
    withdraw_footage,
)
from vigkit.store import Store
from vigkit.store.erasure import Erased

__all__ = [
    "Erasure",
    "RetentionDone",
    "erase",
    "retention_plan",
    "apply_retention",
    "record_consent",
]


@dataclass(frozen=True)
class Erasure:
    """What erasing a case removed: rows by table, files, and originals left to a person."""

    erased: Erased
    files: FilesGone


def _used_elsewhere(store: Store, data: Path, not_these: set[int]) -> set[Path]:
    """Film files other films (not in ``not_these``) still use."""
    return {
        film_path(f, data).resolve()
        for f in store.films.list()
        if f.id not in not_these and f.footage_deleted_on is None
    }


def erase(store: Store, data: Path, code: str, *, by: str, reason: str) -> Erasure:
    """Erase case ``code``: its files, then every row about it (see the module's doc)."""
    case = store.cases.get(code)
    films = store.films.list(case.code)
    shared = _used_elsewhere(store, data, {f.id or 0 for f in films})
    mine = [f for f in films if film_path(f, data).resolve() not in shared]
    files = erase_case_files(data, case.code, mine)
    erased = store.erasure.erase_case(case.code, by=by, reason=reason)
    scrub_logs(data, [case.code])
    return Erasure(erased, files)


def record_consent(store: Store, data: Path, consent: Consent) -> tuple[Consent, FilesGone]:
    """Record the family's consent, then remove what was made from their footage for every
    use it no longer allows (all of it after a withdrawal): renderings, and for the family's
    own use stills, review clips, playback copies and documents with stills; and the
    renderings of other families' films in which one of this family is seen (made again,
    hiding them as the new consent says, when next asked for). The store goes first: should
    removing files fail, the routes already refuse them or make them anew by the new consent."""
    saved = store.cases.set_consent(consent)
    gone = withdraw_footage(data, saved.case_code, saved)
    elsewhere = remove_renderings(data, store.people_in_films.films_showing(saved.case_code))
    gone.removed += elsewhere.removed
    gone.elsewhere += elsewhere.elsewhere
    return saved, gone


def retention_plan(
    store: Store, settings: ServiceSettings, codes: Collection[str] | None = None
) -> list[Planned]:
    """Every film with a deletion day whose footage has not gone yet, soonest first (of the
    cases ``codes`` only, when given)."""
    films_by_case: dict[str, list[Film]] = {}
    for film in store.films.list(codes=codes):
        if film.footage_deleted_on is None:
            films_by_case.setdefault(film.case_code, []).append(film)
    consents = store.cases.current_consents(films_by_case) if films_by_case else {}
    cases = [
        CaseFilms(case, consents.get(case.code), films_by_case[case.code])
        for case in store.cases.list()
        if case.code in films_by_case
    ]
    return planned_deletions(cases, settings)


@dataclass
class RetentionDone:
    """One due film after ``apply_retention``: what went, and whether its footage is gone."""

    planned: Planned
    files: FilesGone = field(default_factory=FilesGone)
    gone: bool = False
    still_there: Path | None = None  # an original elsewhere, confirmed but still on disk
    waiting: Path | None = None  # an original elsewhere, not confirmed


Confirm = Callable[[Planned, Path], bool]


def apply_retention(
    store: Store,
    data: Path,
    settings: ServiceSettings,
    today: date,
    *,
    by: str,
    confirm: Confirm | None = None,
    only: Collection[str] | None = None,
) -> list[RetentionDone]:
    """Delete the footage due on ``today`` and record it: what vigkit made from each due film
    (stills, review clips, documents with stills, its plots) and the film file itself under
    vigkit's media storage. An original kept elsewhere is deleted by a person: ``confirm``
    asks them (None: it goes once the file is no longer there). ``only``: these cases'
    films only (a practitioner's own). Nothing before its day."""
    done = []
    now_due = due(retention_plan(store, settings, only), today)
    # Files films that are not due still use (read once: not the whole store per film).
    shared = _used_elsewhere(store, data, {p.film.id or 0 for p in now_due})
    for planned in now_due:
        film = planned.film
        clips = [c.id for c in store.films.list_clips(film_id=film.id) if c.id is not None]
        outcome = RetentionDone(planned)
        own_file = film_path(film, data).resolve() not in shared
        outcome.files = delete_footage(data, film, clips, with_film=own_file)
        original = outcome.files.elsewhere[0] if outcome.files.elsewhere else None
        if original is not None:
            if confirm is None or not confirm(planned, original):
                outcome.waiting = original
                done.append(outcome)
                continue
            if original.exists():
                outcome.still_there = original
                done.append(outcome)
                continue
        store.films.mark_footage_deleted(film.id or 0, due=planned.due_on, on=today, by=by)
        outcome.gone = True
        done.append(outcome)
    return done
