"""A synthetic ten-year service in a vigkit store, generated fast, for the report benchmark.

``make_ten_year_store(url)`` fills an empty store with 2,000 families over ten years ending
on :data:`END` (a fixed day, never today): about 20 practitioners, cases in four settings,
a consent per case, cycles, ~9,000 films, 18,000 clips with 100,000 principle tags, helping
questions with 30,000 ratings, ~500 supervision records and a few Group VIG groups with
their sessions. The counts scale with ``families``. Everything is synthetic and made from a
seeded ``random.Random``: the same arguments give the same rows, on SQLite or PostgreSQL.

Rows go in with SQLAlchemy Core bulk inserts (executemany, 5,000 rows at a time) with
explicit ids, in one transaction; on PostgreSQL the id sequences are moved past them after.
``python benchmarks/tenyear.py [URL]`` fills URL (default: a new SQLite file in a temporary
folder) and prints the time and the counts.
"""

from __future__ import annotations

import random
import sys
import time
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vigkit.store import Store  # noqa: E402
from vigkit.store import tables as t  # noqa: E402
from vigkit.store.engine import WRITE, make_engine  # noqa: E402
from vigkit.templates.principles import load_principles  # noqa: E402

__all__ = ["END", "SETTINGS", "make_ten_year_store", "span"]

END = date(2026, 6, 30)
CHUNK = 5_000
# Per family (so the defaults give 9,000 films, 18,000 clips, 100,000 tags, 30,000 ratings).
FILMS_PER_FAMILY = 4.5
CLIPS_PER_FAMILY = 9
TAGS_PER_FAMILY = 50
RATINGS_PER_FAMILY = 15
SUPERVISIONS_PER_FAMILY = 0.25
SETTINGS = {
    "Home visits": 0.45,
    "Children's centre": 0.25,
    "Group VIG": 0.15,
    "Perinatal mental health": 0.15,
}
REASONS = (
    "Parent feels low and finds it hard to enjoy the baby.",
    "Health visitor concerned about the bond after a difficult birth.",
    "Toddler's behaviour: parent asks for help with tantrums.",
    "Parent wants to feel more confident in play.",
    "Early help: a family under stress after a move.",
    "Perinatal team: anxiety in pregnancy, wish to connect with the baby.",
)
QUESTIONS = (
    "How can I understand what my baby is telling me?",
    "How can I stay calm when she cries?",
    "How can we enjoy playing together?",
    "How can I help him settle at bedtime?",
    "How can I feel closer to my baby?",
)
PRACTITIONERS = 20


def span(years: int = 10, end: date = END) -> tuple[date, date]:
    """The first and last day of a service of ``years`` years ending on ``end``."""
    return end - timedelta(days=round(365.25 * years)) + timedelta(days=1), end


def _stamp(day: date, hour: int = 10) -> datetime:
    """A timezone-aware UTC timestamp on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _spread(rng: random.Random, slots: int, total: int, base: int, cap: int) -> list[int]:
    """``total`` spread over ``slots`` slots: ``base`` each, the rest at random, ``cap`` at most."""
    counts = [base] * slots
    left = total - base * slots
    if left < 0 or total > cap * slots:
        raise ValueError(f"cannot spread {total} over {slots} slots of {base}..{cap}")
    while left:
        for i in rng.choices(range(slots), k=left):
            if left and counts[i] < cap:
                counts[i] += 1
                left -= 1
    return counts


def _practitioners() -> list[dict[str, Any]]:
    """A lead, two supervisors (who guide too), six trainees and eleven practitioners."""
    rows: list[dict[str, Any]] = [
        {"id": "lead", "display_name": "Sam Lead", "roles": ["lead"], "stage": None}
    ]
    for n in (1, 2):
        rows.append(
            {
                "id": f"sup{n}",
                "display_name": f"Supervisor {n}",
                "roles": ["practitioner", "supervisor"],
                "stage": None,
            }
        )
    for n in range(1, 7):
        rows.append(
            {
                "id": f"tr{n}",
                "display_name": f"Trainee {n}",
                "roles": ["trainee"],
                "stage": 1 + (n - 1) % 3,
            }
        )
    for n in range(1, PRACTITIONERS - len(rows) + 1):
        rows.append(
            {
                "id": f"p{n:02d}",
                "display_name": f"Guider {n}",
                "roles": ["practitioner"],
                "stage": None,
            }
        )
    return rows


class _Service:
    """The rows of every table, built in memory before any is inserted."""

    def __init__(self, families: int, years: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.first, self.last = span(years)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        principles = load_principles()
        self.tags = [h.id for h in principles.headings] + [
            b.id for h in principles.headings for b in h.behaviours
        ]
        self.people = _practitioners()
        self.guiders = [p["id"] for p in self.people if p["id"] != "lead"]
        self.trainees = [p for p in self.people if "trainee" in p["roles"]]
        self.supervisors = [p["id"] for p in self.people if "supervisor" in p["roles"]]
        self._cases(families)
        self._films(round(families * FILMS_PER_FAMILY))
        self._clips(families * CLIPS_PER_FAMILY, families * TAGS_PER_FAMILY)
        self._questions(families * RATINGS_PER_FAMILY)
        self._supervisions(round(families * SUPERVISIONS_PER_FAMILY))
        self._groups()

    # -- families, consent and cycles ----------------------------------------------------

    def _cases(self, families: int) -> None:
        rng, last = self.rng, self.last
        days = (last - self.first).days
        opened = sorted(self.first + timedelta(days=rng.randrange(days)) for _ in range(families))
        names, weights = list(SETTINGS), list(SETTINGS.values())
        cases, consents, cycles = [], [], []
        self.case_end: dict[str, date] = {}
        for n, opened_on in enumerate(opened, start=1):
            code = f"F{n:05d}"
            setting = rng.choices(names, weights)[0]
            pregnant = setting == "Perinatal mental health" and rng.random() < 0.5
            given = opened_on + timedelta(days=rng.randrange(0, 15))
            starts = rng.random() > 0.08  # a few families never start
            filming = starts or rng.random() < 0.5
            withdrawn = None
            starts_on: list[date] = []
            if starts:
                day = given + timedelta(days=rng.randrange(3, 22))
                for _ in range(rng.choice((1, 2, 3, 3, 4, 4, 5))):
                    starts_on.append(day)
                    day += timedelta(days=rng.randrange(14, 43))
                planned_close = day + timedelta(days=rng.randrange(0, 30))
                if len(starts_on) > 1 and rng.random() < 0.03:
                    withdrawn = starts_on[1] + timedelta(days=rng.randrange(1, 10))
                    starts_on = starts_on[:2]
                    planned_close = withdrawn + timedelta(days=rng.randrange(0, 8))
                starts_on = [d for d in starts_on if d <= last]
            else:
                planned_close = given + timedelta(days=rng.randrange(14, 60))
            if withdrawn is not None and withdrawn > last:
                withdrawn = None
            if planned_close <= last and rng.random() > 0.005:
                status, closed_on = "closed", planned_close
            elif not starts_on:
                status, closed_on = "referred", None
            else:
                status, closed_on = ("paused" if rng.random() < 0.15 else "active"), None
            # Nothing is filmed or rated after the family withdraws its consent.
            self.case_end[code] = withdrawn or closed_on or last
            cases.append(
                {
                    "code": code,
                    "practitioner_id": rng.choice(self.guiders),
                    "setting": setting,
                    "age_weeks_pregnant": rng.randrange(12, 41) if pregnant else None,
                    "age_months": None if pregnant else rng.randrange(0, 25),
                    "referral_reason": rng.choice(REASONS),
                    "status": status,
                    "opened_on": opened_on,
                    "closed_on": closed_on,
                }
            )
            if given <= last:
                consents.append(
                    {
                        "id": len(consents) + 1,
                        "case_code": code,
                        "given_on": given,
                        "filming": filming,
                        "supervisor_viewing": rng.random() < 0.8,
                        "intervision": rng.random() < 0.5,
                        "training_events": rng.random() < 0.3,
                        "group_viewing": setting == "Group VIG" and rng.random() < 0.8,
                        "withdrawn_on": withdrawn,
                        "retention_months": 2,
                        "recorded_at": _stamp(given),
                        "superseded_at": None,
                    }
                )
            for number, started_on in enumerate(starts_on, start=1):
                cycles.append(
                    {
                        "id": len(cycles) + 1,
                        "case_code": code,
                        "number": number,
                        "started_on": started_on,
                        "working_point": "",
                    }
                )
        self.rows["cases"] = cases
        self.rows["consents"] = consents
        self.rows["cycles"] = cycles
        self.case_of = {c["code"]: c for c in cases}

    # -- films and clips -----------------------------------------------------------------

    def _films(self, total: int) -> None:
        rng, cycles = self.rng, self.rows["cycles"]
        nxt: dict[tuple[str, int], date] = {
            (c["case_code"], c["number"] - 1): c["started_on"] for c in cycles
        }
        per_cycle = _spread(rng, len(cycles), total, 1, 3)
        films = []
        for cycle, count in zip(cycles, per_cycle, strict=True):
            code, number, started = cycle["case_code"], cycle["number"], cycle["started_on"]
            until = nxt.get((code, number), self.case_end[code]) - timedelta(days=1)
            window = max(0, min((until - started).days, 20))
            for k in range(1, count + 1):
                filmed_on = min(started + timedelta(days=rng.randrange(window + 1)), self.last)
                films.append(
                    {
                        "id": len(films) + 1,
                        "case_code": code,
                        "cycle_number": number,
                        "path": f"/media/{code}/cycle{number}-{k}.mp4",
                        "sha256": f"{rng.getrandbits(256):064x}",
                        "duration_s": round(rng.uniform(300, 1200), 1),
                        "filmed_on": filmed_on,
                        "context": "",
                        "footage_due_on": None,
                        "footage_deleted_on": None,
                        "footage_deleted_by": None,
                    }
                )
        self.rows["films"] = films

    def _clips(self, total: int, tags: int) -> None:
        rng, films = self.rng, self.rows["films"]
        per_film = _spread(rng, len(films), total, 0, 6)
        per_clip = _spread(rng, total, tags, 1, 12)
        clips = []
        for film, count in zip(films, per_film, strict=True):
            duration = film["duration_s"]
            for _ in range(count):
                length = round(rng.uniform(3, 15), 1)
                start = round(rng.uniform(0, duration - length - 0.1), 1)
                clips.append(
                    {
                        "id": len(clips) + 1,
                        "film_id": film["id"],
                        "start_s": start,
                        "end_s": round(start + length, 1),
                        "principle_ids": rng.sample(self.tags, per_clip[len(clips)]),
                        "what_i_see": "",
                        "helping_question_ids": [],
                        "better_than_usual": True,
                        "still_times_s": [],
                    }
                )
        self.rows["clips"] = clips

    # -- helping questions and ratings ---------------------------------------------------

    def _questions(self, total: int) -> None:
        rng, cycles = self.rng, self.rows["cycles"]
        first_cycle = {c["case_code"]: c["started_on"] for c in reversed(cycles)}
        questions = []
        for code, started in first_cycle.items():
            for position in range(1, rng.choice((1, 2, 2, 3)) + 1):
                questions.append(
                    {
                        "id": len(questions) + 1,
                        "case_code": code,
                        "position": position,
                        "words": rng.choice(QUESTIONS),
                        "hoped_for": rng.randrange(6, 11),
                        "_from": started,
                    }
                )
        per_question = _spread(rng, len(questions), total, 1, 20)
        ratings = []
        for hq, count in zip(questions, per_question, strict=True):
            start_day, code = hq.pop("_from"), hq["case_code"]
            closed = self.case_of[code]["status"] == "closed"
            end_day = max(start_day, self.case_end[code])
            gap = (end_day - start_day).days / max(1, count - 1)
            value = rng.randrange(1, 6)
            gain = rng.uniform(-1, 6)
            for k in range(count):
                if k == 0:
                    occasion = "start"
                elif k == count - 1 and closed:
                    occasion = "end"
                else:
                    occasion = f"review {k}"
                share = k / max(1, count - 1)
                noisy = value + gain * share + rng.uniform(-1, 1)
                ratings.append(
                    {
                        "id": len(ratings) + 1,
                        "helping_question_id": hq["id"],
                        "value": max(0, min(10, round(noisy))),
                        "rated_on": start_day + timedelta(days=round(gap * k)),
                        "occasion": occasion,
                    }
                )
        self.rows["helping_questions"] = questions
        self.rows["ratings"] = ratings

    # -- supervision ---------------------------------------------------------------------

    def _supervisions(self, total: int) -> None:
        rng = self.rng
        film_day = {f["id"]: (f["filmed_on"], f["case_code"]) for f in self.rows["films"]}
        brought: dict[str, list[tuple[date, int]]] = {p["id"]: [] for p in self.trainees}
        for clip in self.rows["clips"]:
            day, code = film_day[clip["film_id"]]
            owner = self.case_of[code]["practitioner_id"]
            if owner in brought:
                brought[owner].append((day, clip["id"]))
        for mine in brought.values():
            mine.sort()
        days = (self.last - self.first).days
        rows = []
        for held_on in sorted(
            self.first + timedelta(days=rng.randrange(days)) for _ in range(total)
        ):
            trainee = rng.choice(self.trainees)
            mine = brought[trainee["id"]]
            recent = [c for d, c in mine[: bisect_right(mine, (held_on, 1 << 62))][-12:]]
            clips = rng.sample(recent, min(len(recent), rng.randrange(0, 4)))
            mode = "group" if rng.random() < 0.25 else "individual"
            minutes = rng.choice((60, 60, 75, 90))
            supervisor = rng.choice(self.supervisors)
            signed = held_on + timedelta(days=rng.randrange(1, 10))
            signed_ok = signed <= self.last
            rows.append(
                {
                    "id": len(rows) + 1,
                    "trainee_id": trainee["id"],
                    "supervisor_id": supervisor,
                    "template_id": "supervision",
                    "template_version": "1.0",
                    "held_on": held_on,
                    "mode": mode,
                    "duration_minutes": minutes,
                    "stage": trainee["stage"],
                    "transition_meeting": rng.random() < 0.05,
                    "answers": {
                        "held_on": held_on.isoformat(),
                        "mode": mode,
                        "duration_minutes": str(minutes),
                        "stage": str(trainee["stage"]),
                        "clips_brought": clips,
                        "supervision_question": "How can I stay with what the parent noticed?",
                        "principles_used": rng.sample(self.tags[:6], 2),
                    },
                    "created_by": trainee["id"],
                    "created_at": _stamp(held_on, 16),
                    "updated_at": _stamp(signed if signed_ok else held_on, 17),
                    "signed_by": supervisor if signed_ok else None,
                    "signed_at": _stamp(signed, 17) if signed_ok else None,
                }
            )
        self.rows["supervisions"] = rows

    # -- Group VIG: a group for every ten or so families in that setting ------------------

    def _groups(self) -> None:
        rng = self.rng
        members = [c for c in self.rows["cases"] if c["setting"] == "Group VIG"]
        groups, member_rows, sessions, attendance = [], [], [], []
        for g, at in enumerate(range(0, len(members), 10), start=1):
            family = members[at : at + 10]
            opened_on = family[0]["opened_on"]
            closed_on = opened_on + timedelta(days=70)
            code = f"G{g:03d}"
            groups.append(
                {
                    "code": code,
                    "practitioner_id": family[0]["practitioner_id"],
                    "title": f"Baby bonding group {g}",
                    "setting": "Group VIG",
                    "opened_on": opened_on,
                    "closed_on": closed_on if closed_on <= self.last else None,
                }
            )
            member_rows += [{"group_code": code, "case_code": c["code"]} for c in family]
            for week in range(8):
                held_on = opened_on + timedelta(days=7 * week + 7)
                if held_on > self.last:
                    break
                session_id = len(sessions) + 1
                sessions.append(
                    {"id": session_id, "group_code": code, "held_on": held_on, "notes": ""}
                )
                attendance += [
                    {"session_id": session_id, "case_code": c["code"]}
                    for c in family
                    if rng.random() < 0.8
                ]
        self.rows["groups"] = groups
        self.rows["group_members"] = member_rows
        self.rows["group_sessions"] = sessions
        self.rows["group_attendance"] = attendance


# In foreign-key order; the tables with an integer id whose PostgreSQL sequence is moved on.
ORDER = (
    "practitioners",
    "cases",
    "consents",
    "cycles",
    "films",
    "clips",
    "helping_questions",
    "ratings",
    "supervisions",
    "groups",
    "group_members",
    "group_sessions",
    "group_attendance",
)
WITH_IDS = (
    "consents",
    "cycles",
    "films",
    "clips",
    "helping_questions",
    "ratings",
    "supervisions",
    "group_sessions",
)


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> Iterable[Sequence[dict[str, Any]]]:
    for at in range(0, len(rows), size):
        yield rows[at : at + size]


def make_ten_year_store(
    url: str, *, families: int = 2000, years: int = 10, seed: int = 7
) -> dict[str, int]:
    """Fill the empty vigkit store at ``url`` with a synthetic service; the rows per table.

    The store is opened once (so its migrations run) and must hold nothing yet. The service
    spans ``years`` years ending on :data:`END`; ``seed`` makes it the same every time.
    """
    with Store.open(url=url) as store:
        if not store.is_empty():
            raise ValueError(f"the store at {store.url} is not empty")
    service = _Service(families, years, seed)
    service.rows["practitioners"] = service.people
    engine = make_engine(url)
    try:
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            for name in ORDER:
                table = t.metadata.tables[name]
                for chunk in _chunks(service.rows[name], CHUNK):
                    conn.execute(table.insert(), list(chunk))
            if conn.dialect.name == "postgresql":
                for name in WITH_IDS:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE(max(id), 1), max(id) IS NOT NULL) FROM {name}"
                        )
                    )
    finally:
        engine.dispose()
    return {name: len(service.rows[name]) for name in ORDER}


def main() -> None:
    """Fill the store at the URL given (or a new SQLite file) and print time and counts."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        url = (
            sys.argv[1]
            if len(sys.argv) > 1 and sys.argv[1]
            else f"sqlite:///{Path(tmp) / 'vigkit.sqlite'}"
        )
        families = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
        years = int(sys.argv[3]) if len(sys.argv) > 3 else 10
        started = time.perf_counter()
        counts = make_ten_year_store(url, families=families, years=years)
        print(f"made in {time.perf_counter() - started:.1f} s: {counts}")


if __name__ == "__main__":
    main()
