"""Benchmark the case workbook's summaries over five years of records, built in memory.

Run with ``python benchmarks/bench_summaries.py``; prints the time of ``attention()`` plus
``fidelity()`` over every case, and its ratio to a 1-second target (ratio <= 1 is good).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from vigkit.core.records import (
    Case,
    CaseStatus,
    Clip,
    Consent,
    Film,
    HelpingQuestion,
    Rating,
    Reflection,
)
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import CaseSnapshot, attention, fidelity

CASES = 300
CYCLES = 3
CLIPS = 3
ROUNDS = 5
TARGET_S = 1.0
START = date(2021, 1, 4)
TODAY = START + timedelta(days=5 * 365)
HEADINGS = ["attentive", "encouraging", "receiving", "developing", "guiding", "deepening"]


def _case(n: int, rng: random.Random) -> CaseSnapshot:
    """One case: consent, two helping questions with ratings, cycles of film, clips, review."""
    code = f"F{n:04d}"
    opened = START + timedelta(days=rng.randrange(5 * 365 - 120))
    closed = opened + timedelta(days=rng.randrange(60, 110)) if rng.random() < 0.8 else None
    case = Case(
        code=code,
        practitioner_id=f"p{n % 12}",
        opened_on=opened,
        closed_on=closed,
        status=CaseStatus.closed if closed else CaseStatus.active,
    )
    consent = Consent(
        case_code=code, given_on=opened + timedelta(days=rng.randrange(0, 4)), filming=True
    )
    questions = [
        HelpingQuestion(
            id=n * 10 + p,
            case_code=code,
            position=p,
            words=f"Helping question {p} of case {code}",
            hoped_for=rng.randint(6, 10),
            ratings=[
                Rating(
                    value=rng.randint(0, 10), rated_on=opened + timedelta(days=21 * k), occasion=o
                )
                for k, o in enumerate(["start", "review 1", "review 2", "end"])
            ],
        )
        for p in (1, 2)
    ]
    films, clips, reviews = [], [], []
    for cycle in range(1, CYCLES + 1):
        film_id = n * 100 + cycle
        filmed = opened + timedelta(days=7 + 21 * (cycle - 1))
        films.append(
            Film(
                id=film_id,
                case_code=code,
                cycle_number=cycle,
                path=f"/media/{code}/c{cycle}.mp4",
                sha256="ab" * 32,
                duration_s=rng.uniform(240, 1300),
                filmed_on=filmed,
            )
        )
        for k in range(CLIPS + (1 if rng.random() < 0.1 else 0)):
            start = 30.0 + 60 * k
            clips.append(
                Clip(
                    id=film_id * 10 + k,
                    film_id=film_id,
                    start_s=start,
                    end_s=start + rng.uniform(3, 12),
                    principle_ids=rng.sample(HEADINGS, 2),
                )
            )
        if rng.random() < 0.9:
            reviewed = filmed + timedelta(days=rng.randrange(3, 20))
            reviews.append(
                Reflection(
                    template_id="reflection_what",
                    template_version="1.0",
                    author_id=case.practitioner_id,
                    case_code=code,
                    cycle_number=cycle,
                    answers={"session_date": reviewed.isoformat(), "session_kind": "shared_review"},
                    created_at=datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=UTC),
                )
            )
    return CaseSnapshot(case, consent, [consent], questions, films, clips, reviews)


def main() -> None:
    """Build the records, then time attention() + fidelity() over all cases."""
    rng = random.Random(17)
    snapshots = [_case(n, rng) for n in range(1, CASES + 1)]
    settings = ServiceSettings()
    records = sum(
        2 + len(s.helping_questions) + len(s.films) + len(s.clips) + len(s.reflections)
        for s in snapshots
    )
    times, pointers = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        pointers = 0
        for snap in snapshots:
            pointers += len(attention(snap, settings, TODAY))
            fidelity(snap, settings, TODAY)
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    print(f"{CASES} cases, {records} records, {pointers} attention pointers")
    print(
        f"attention()+fidelity() over all cases: median {median:.3f} s, best {best:.3f} s  "
        f"(target <= {TARGET_S:g} s)  ratio median/target {median / TARGET_S:.2f}"
    )


if __name__ == "__main__":
    main()
