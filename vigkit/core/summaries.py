"""The practitioner's case workbook: what needs attention, the next step, fidelity, plots.

Pure: every function takes records (and :class:`~vigkit.core.settings.ServiceSettings`) and
returns dataclasses and pandas DataFrames (the plots drawn from them are
:mod:`vigkit.reports.plots`). No widgets, no disk.

**Shared reviews.** There is no shared-review record yet, so a :class:`Reflection` counts
as the shared review of a cycle when it is about the same case and ``cycle_number`` and
its ``template_id`` is the service's shared review template (``settings.templates``), or
starts with ``shared_review``, or its answer ``session_kind`` is ``shared_review`` (how the
reflective templates record it). Its date is the answer ``review_date`` or ``session_date``
(ISO) when given, else the day it was created.

**Consent.** A film is covered when, on its date, the latest consent event allowed filming:
each consent in the history starts a period on ``given_on`` (allowing filming or not) and a
withdrawal ends it the day after ``withdrawn_on``. Nothing here blocks anything: the rules
only point things out, gently.
"""

from __future__ import annotations

import calendar
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

import pandas as pd

from vigkit.core.plotframes import principles_per_cycle, ratings_frame
from vigkit.core.records import (
    Case,
    CaseStatus,
    Clip,
    Consent,
    Film,
    HelpingQuestion,
    Reflection,
)
from vigkit.core.settings import ServiceSettings
from vigkit.i18n.interface import Interface, clip_time

__all__ = [
    "SHARED_REVIEW",
    "Attention",
    "CaseSnapshot",
    "add_months",
    "is_shared_review",
    "deletion_date",
    "attention",
    "next_step",
    "fidelity",
    "ratings_frame",
    "principles_per_cycle",
]

SHARED_REVIEW = "shared_review"

Say = Callable[..., str]
"""``Interface.say`` of the page's language: the words of a key, its {names} filled in."""

_ENGLISH: Say = Interface().say


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything recorded for one case: the input of every summary."""

    case: Case
    consent: Consent | None = None
    consent_history: list[Consent] = field(default_factory=list)
    helping_questions: list[HelpingQuestion] = field(default_factory=list)
    films: list[Film] = field(default_factory=list)
    clips: list[Clip] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)


@dataclass(frozen=True)
class Attention:
    """Something the practitioner may want to look at: never a block."""

    level: Literal["warning", "info"]
    code: str
    message: str
    film_id: int | None = None


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, kept to the last day of a shorter month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _day(d: date, today: date | None = None, say: Say = _ENGLISH) -> str:
    """'3 Oct', with the year when it is not this year (the month in ``say``'s words)."""
    text = f"{d.day} {say(f'date.mon.{d.month}')}"
    return text if today is None or d.year == today.year else f"{text} {d.year}"


def _plural(n: int, word: str, say: Say = _ENGLISH) -> str:
    """'1 day', '3 days' (``word`` is days, films or months)."""
    return say(f"case.{word}.one") if n == 1 else say(f"case.{word}.many", count=n)


def is_shared_review(
    reflection: Reflection, case_code: str, review_template: str = SHARED_REVIEW
) -> bool:
    """True when ``reflection`` records a shared review of a cycle of this case.

    ``review_template`` is the id of the service's shared review template (settings).
    """
    if reflection.cycle_number is None or (reflection.case_code or "").upper() != case_code:
        return False
    kind = str(reflection.answers.get("session_kind", "")).strip().lower().replace(" ", "_")
    return (
        reflection.template_id in (review_template, SHARED_REVIEW)
        or reflection.template_id.startswith(SHARED_REVIEW)
        or kind == SHARED_REVIEW
    )


def _review_dates(snap: CaseSnapshot, settings: ServiceSettings) -> dict[int, list[date]]:
    """Cycle number -> the dates of its shared reviews, earliest first."""
    out: dict[int, list[date]] = defaultdict(list)
    review_template = settings.templates.shared_review
    for r in snap.reflections:
        if is_shared_review(r, snap.case.code, review_template) and r.cycle_number is not None:
            when = r.created_at.date()
            raw = r.answers.get("review_date") or r.answers.get("session_date")
            if isinstance(raw, date):
                when = raw.date() if isinstance(raw, datetime) else raw
            elif isinstance(raw, str):
                try:
                    when = date.fromisoformat(raw.strip()[:10])
                except ValueError:
                    pass
            out[r.cycle_number].append(when)
    return {k: sorted(v) for k, v in out.items()}


def _clips_by_film(snap: CaseSnapshot) -> dict[int, list[Clip]]:
    out: dict[int, list[Clip]] = defaultdict(list)
    for clip in snap.clips:
        out[clip.film_id].append(clip)
    return out


def _history(snap: CaseSnapshot) -> list[Consent]:
    history = list(snap.consent_history)
    if snap.consent is not None and (not history or history[-1] != snap.consent):
        history.append(snap.consent)
    return history


def _consent_at(day: date, history: list[Consent]) -> tuple[bool, date | None]:
    """(covered, the date the last filming period ended) for a film on ``day``."""
    events: list[tuple[date, int, bool, date]] = []
    for order, c in enumerate(history):
        events.append((c.given_on, order, c.filming, c.given_on))
        if c.withdrawn_on is not None:
            events.append((c.withdrawn_on + timedelta(days=1), order, False, c.withdrawn_on))
    events.sort(key=lambda e: (e[0], e[1]))
    allowed, ended = False, None
    for start, _, allows, label in events:
        if start > day:
            break
        if allowed and not allows:
            ended = label
        allowed = allows
    return allowed, ended


def _in_range(film: Film, settings: ServiceSettings) -> bool:
    low, high = settings.film_minutes_range
    return low <= film.duration_s / 60 <= high


def _review_gap(film: Film, reviews: list[date]) -> int:
    """Days from the film to its cycle's first review on or after it (else the first)."""
    after = [d for d in reviews if d >= film.filmed_on]
    return ((after or reviews)[0] - film.filmed_on).days


def deletion_date(
    snap: CaseSnapshot, settings: ServiceSettings, *, say: Say | None = None
) -> tuple[date, str] | None:
    """When footage must be erased and why, or None while involvement goes on.

    Retention is the shorter of the service setting and what the consent promised the
    family, counted from the case's closing day or the withdrawal of consent (the earlier).
    ``say`` gives the reason in the page's language (English by default).
    """
    say = say or _ENGLISH
    months = settings.retention_months
    if snap.consent is not None:
        months = min(months, snap.consent.retention_months)
    ends: list[tuple[date, int, str]] = []
    if snap.case.closed_on is not None:
        ends.append((add_months(snap.case.closed_on, months), 1, "case.deletion.closed"))
    if snap.consent is not None and snap.consent.withdrawn_on is not None:
        ends.append((add_months(snap.consent.withdrawn_on, months), 0, "case.deletion.withdrawn"))
    if not ends:
        return None
    # The earlier day; on the same day, the withdrawal (as the English words always sorted).
    due, _order, key = min(ends)
    return due, say(key, months=_plural(months, "months", say))


def _completed_cycles(snap: CaseSnapshot, settings: ServiceSettings) -> list[int]:
    """Cycles with a film, at least one clip and a shared review."""
    clips = _clips_by_film(snap)
    reviews = _review_dates(snap, settings)
    clipped = {f.cycle_number for f in snap.films if f.id is not None and clips.get(f.id)}
    return sorted(n for n in clipped if n in reviews)


# -- what needs attention ---------------------------------------------------------------

_Found = list[tuple[Literal["warning", "info"], str, str]]


def _still_working(snap: CaseSnapshot) -> bool:
    """Open, with consent not withdrawn: only then is a missing review worth a pointer."""
    consent = snap.consent
    return snap.case.status != CaseStatus.closed and (consent is None or not consent.withdrawn_on)


def _consent_rules(
    film: Film, history: list[Consent], name: str, today: date, say: Say = _ENGLISH
) -> _Found:
    if not history:
        return []
    covered, ended = _consent_at(film.filmed_on, history)
    first = min((c.given_on for c in history if c.filming), default=None)
    if covered:
        return []
    if first is None or film.filmed_on < first:
        if first:
            msg = say("case.attention.before_consent.on", film=name, day=_day(first, today, say))
        else:
            msg = say("case.attention.before_consent", film=name)
        return [("warning", "filmed_before_consent", msg)]
    if ended:
        msg = say("case.attention.after_withdrawal.on", film=name, day=_day(ended, today, say))
    else:
        msg = say("case.attention.after_withdrawal", film=name)
    return [("warning", "filmed_after_withdrawal", msg)]


def _film_rules(
    film: Film,
    clips: list[Clip],
    settings: ServiceSettings,
    name: str,
    days_overdue: int,
    say: Say = _ENGLISH,
) -> _Found:
    found: _Found = []
    if days_overdue:
        days = _plural(days_overdue, "days", say)
        found.append(
            ("warning", "no_review", say("case.attention.no_review", film=name, days=days))
        )
    if not _in_range(film, settings):
        low, high = settings.film_minutes_range
        msg = say(
            "case.attention.film_length",
            film=name,
            minutes=f"{film.duration_s / 60:.1f}",
            low=f"{low:g}",
            high=f"{high:g}",
        )
        found.append(("info", "film_length", msg))
    if len(clips) > settings.max_clips_per_film:
        msg = say(
            "case.attention.too_many_clips",
            film=name,
            count=len(clips),
            most=settings.max_clips_per_film,
        )
        found.append(("info", "too_many_clips", msg))
    for clip in sorted(clips, key=lambda c: c.start_s):
        if round(clip.length_s, 2) > settings.max_clip_seconds:
            msg = say(
                "case.attention.clip_too_long",
                start=clip_time(clip.start_s),
                film=f"{name[0].lower()}{name[1:]}",
                length=f"{clip.length_s:.1f}",
                most=f"{settings.max_clip_seconds:g}",
            )
            found.append(("info", "clip_too_long", msg))
    return found


def attention(
    snapshot: CaseSnapshot, settings: ServiceSettings, today: date, *, say: Say | None = None
) -> list[Attention]:
    """Gentle pointers for one case, warnings first; an empty list when all is well.

    ``say`` gives the messages in the page's language (English by default)."""
    say = say or _ENGLISH
    snap, out = snapshot, []
    consent, history = snap.consent, _history(snapshot)
    films = sorted(snap.films, key=lambda f: (f.filmed_on, f.cycle_number, f.id or 0))
    if consent is None:
        msg = say("case.attention.consent_missing")
        out.append(Attention("warning" if films else "info", "consent_missing", msg))
    elif consent.withdrawn_on is not None:
        msg = say("case.attention.consent_withdrawn", day=_day(consent.withdrawn_on, today, say))
        out.append(Attention("info", "consent_withdrawn", msg))
    reviews, clips = _review_dates(snap, settings), _clips_by_film(snap)
    working = _still_working(snap)
    for film in films:
        name = say(
            "case.attention.film", day=_day(film.filmed_on, today, say), cycle=film.cycle_number
        )
        waited = (today - film.filmed_on).days
        overdue = working and film.cycle_number not in reviews
        overdue = overdue and waited > settings.days_film_to_review_warn
        mine = clips.get(film.id, []) if film.id is not None else []
        found = _consent_rules(film, history, name, today, say)
        found += _film_rules(film, mine, settings, name, waited if overdue else 0, say)
        out.extend(Attention(level, code, msg, film.id) for level, code, msg in found)
    due = deletion_date(snap, settings, say=say)
    if due is not None and films and today >= due[0]:
        msg = say(
            "case.attention.deletion_due",
            day=_day(due[0], today, say),
            why=due[1],
            films=_plural(len(films), "films", say),
        )
        out.append(Attention("warning", "deletion_due", msg))
    return sorted(out, key=lambda a: a.level != "warning")


# -- the next step ----------------------------------------------------------------------


def next_step(snapshot: CaseSnapshot, settings: ServiceSettings, *, say: Say | None = None) -> str:
    """The next thing to do in the VIG cycle, in plain words (``say``: the page's language)."""
    say = say or _ENGLISH
    snap, consent = snapshot, snapshot.consent
    if snap.case.status == CaseStatus.closed:
        return say("case.next.closed")
    if consent is None:
        return say("case.next.consent")
    if consent.withdrawn_on is not None:
        return say("case.next.withdrawn")
    if not consent.filming:
        return say("case.next.talk")
    if not snap.films and not snap.helping_questions:
        return say("case.next.helping_questions")
    clips = _clips_by_film(snap)
    reviews = _review_dates(snap, settings)
    by_cycle: dict[int, list[Film]] = defaultdict(list)
    for film in snap.films:
        by_cycle[film.cycle_number].append(film)
    for number in sorted(by_cycle):
        films = by_cycle[number]
        if not any(f.id is not None and clips.get(f.id) for f in films):
            latest = max(films, key=lambda f: (f.filmed_on, f.id or 0))
            return say(
                "case.next.analyse",
                day=_day(latest.filmed_on, say=say),
                count=settings.max_clips_per_film,
            )
        if number not in reviews:
            return say("case.next.review", cycle=number)
    if len(_completed_cycles(snap, settings)) >= settings.min_cycles:
        return say("case.next.close")
    return say("case.next.film", cycle=max(by_cycle, default=0) + 1)


# -- fidelity ---------------------------------------------------------------------------


def fidelity(
    snapshot: CaseSnapshot, settings: ServiceSettings, today: date, *, say: Say | None = None
) -> pd.DataFrame:
    """One row per fidelity measure: code, measure, value (plain words), target, met.

    ``say`` gives the measures, values and targets in the page's language (English by default).
    """
    say = say or _ENGLISH
    rows = [
        _consent_row(snapshot, say),
        _films_in_range_row(snapshot, settings, say),
        _clips_per_film_row(snapshot, settings, say),
        _clip_length_row(snapshot, settings, say),
        _days_to_review_row(snapshot, settings, today, say),
        _cycles_done_row(snapshot, settings, say),
    ]
    frame = pd.DataFrame(rows, columns=["code", "measure", "value", "target", "met"])
    frame["met"] = frame["met"].astype(object)
    return frame


_Row = tuple[str, str, str, str, bool | None]
"""A fidelity measure: code, measure, value, target, met (None: nothing to measure yet)."""


def _consent_row(snap: CaseSnapshot, say: Say) -> _Row:
    """Whether every film was made with consent to filming."""
    history = _history(snap)
    yes, no = say("case.yes"), say("case.no")
    ok = snap.consent is not None and all(_consent_at(f.filmed_on, history)[0] for f in snap.films)
    return ("consent_before_filming", say("case.fidelity.consent"), yes if ok else no, yes, ok)


def _films_in_range_row(snap: CaseSnapshot, settings: ServiceSettings, say: Say) -> _Row:
    """How many films are as long as the service's range asks."""
    films = snap.films
    low, high = settings.film_minutes_range
    n_in = sum(_in_range(f, settings) for f in films)
    no_films = say("case.fidelity.no_films")
    value = say("case.fidelity.n_of", count=n_in, total=len(films)) if films else no_films
    met = n_in == len(films) if films else None
    target = say("case.fidelity.minutes", low=f"{low:g}", high=f"{high:g}")
    return ("films_in_range", say("case.fidelity.films_in_range"), value, target, met)


def _clips_per_film_row(snap: CaseSnapshot, settings: ServiceSettings, say: Say) -> _Row:
    """The mean and most clips per film, against the service's most."""
    clips = _clips_by_film(snap)
    counts = [len(clips.get(f.id, [])) if f.id is not None else 0 for f in snap.films]
    value = (
        say("case.fidelity.clips", mean=f"{statistics.fmean(counts):.1f}", most=max(counts))
        if counts
        else say("case.fidelity.no_films")
    )
    met = max(counts) <= settings.max_clips_per_film if counts else None
    target = say("case.fidelity.up_to", count=settings.max_clips_per_film)
    return ("clips_per_film", say("case.fidelity.clips_per_film"), value, target, met)


def _clip_length_row(snap: CaseSnapshot, settings: ServiceSettings, say: Say) -> _Row:
    """The median and longest clip of the films, against the service's longest."""
    film_ids = {f.id for f in snap.films}
    lengths = [c.length_s for c in snap.clips if c.film_id in film_ids]
    value, met = say("case.fidelity.no_clips"), None
    if lengths:
        value = say(
            "case.fidelity.lengths",
            median=f"{statistics.median(lengths):.1f}",
            most=f"{max(lengths):.1f}",
        )
        met = round(max(lengths), 2) <= settings.max_clip_seconds
    target = say("case.fidelity.seconds_or_less", seconds=f"{settings.max_clip_seconds:g}")
    return ("clip_length", say("case.fidelity.clip_length"), value, target, met)


def _days_to_review_row(
    snap: CaseSnapshot, settings: ServiceSettings, today: date, say: Say
) -> _Row:
    """The median days from film to shared review; not met when a film of an open case has
    waited longer than the service allows."""
    films, reviews = snap.films, _review_dates(snap, settings)
    limit = settings.days_film_to_review_warn
    gaps = [_review_gap(f, reviews[f.cycle_number]) for f in films if f.cycle_number in reviews]
    overdue = _still_working(snap) and any(
        f.cycle_number not in reviews and (today - f.filmed_on).days > limit for f in films
    )
    value, met = say("case.fidelity.no_review"), (False if overdue else None)
    if gaps:
        median = statistics.median(gaps)
        value, met = (
            say("case.fidelity.median", median=f"{median:g}"),
            median <= limit and not overdue,
        )
    target = say("case.fidelity.within_days", days=limit)
    return ("days_to_review", say("case.fidelity.days_to_review"), value, target, met)


def _cycles_done_row(snap: CaseSnapshot, settings: ServiceSettings, say: Say) -> _Row:
    """How many cycles are complete, against the service's least."""
    done, least = len(_completed_cycles(snap, settings)), settings.min_cycles
    value = say("case.fidelity.n_of", count=done, total=least)
    target = say("case.fidelity.at_least", count=least)
    return ("cycles_done", say("case.fidelity.cycles_done"), value, target, done >= least)
