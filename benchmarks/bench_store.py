"""Benchmark the store: save latency on a 10,000-record database, and open time.

Run with ``python benchmarks/bench_store.py``; prints p50/p95 save latencies and open time.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from vigkit.core.records import Case, Clip, Consent, Draft, Film, Practitioner, Reflection
from vigkit.store import Store

RECORDS = 10_000
SAMPLES = 300
OPENS = 10
TARGET_MS = {"save_reflection": 30.0, "save_draft": 10.0, "store open": 100.0}
WORDS = (
    "mum baby looked smiled turn waited named followed lead attuned initiative received "
    "paused warm voice gaze face play held together noticed wondered delighted calm "
    "Mae'r babi'n gwenu 😊 ماں بچے الأم"
).split()


def _text(rng: random.Random, words: int) -> str:
    """Some plausible free text of about ``words`` words."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _answers(rng: random.Random) -> dict[str, object]:
    """Answers like a practitioner's to a six-question reflective template."""
    return {
        "what_happened": _text(rng, 80),
        "what_went_well": _text(rng, 60),
        "principles": rng.sample(["attuned", "receiving", "naming", "guiding", "deepening"], 3),
        "feeling": rng.randint(0, 10),
        "next_time": _text(rng, 40),
        "supervision_question": _text(rng, 25),
    }


def _fill(store: Store, rng: random.Random) -> dict[str, int]:
    """Insert RECORDS records: cases, films, clips, reflections and drafts."""
    store.people.add(Practitioner(id="jo", display_name="Jo Guider"))
    made = {"cases": 0, "films": 0, "clips": 0, "reflections": 0, "drafts": 0}
    film_ids: list[int] = []
    for n in range(40):
        code = f"F{n:03d}"
        store.cases.add(Case(code=code, practitioner_id="jo", referral_reason=_text(rng, 30)))
        store.cases.set_consent(Consent(case_code=code, given_on=date(2026, 1, 1), filming=True))
        for cycle in (1, 2, 3):
            film = store.films.add(
                Film(
                    case_code=code,
                    cycle_number=cycle,
                    path=f"/media/{code}/c{cycle}.mp4",
                    sha256=f"{n:02x}{cycle:02x}".ljust(64, "0"),
                    duration_s=600.0,
                    filmed_on=date(2026, 1, 1) + timedelta(days=14 * cycle),
                )
            )
            film_ids.append(film.id or 0)
            made["films"] += 1
        made["cases"] += 1
    while sum(made.values()) < RECORDS:
        kind = rng.random()
        if kind < 0.5:
            store.reflections.save(
                Reflection(
                    template_id="after-shared-review",
                    template_version="1.0",
                    author_id="jo",
                    case_code=f"F{rng.randrange(40):03d}",
                    answers=_answers(rng),
                )
            )
            made["reflections"] += 1
        elif kind < 0.85:
            start = rng.uniform(0, 590)
            store.films.add_clip(
                Clip(
                    film_id=rng.choice(film_ids),
                    start_s=start,
                    end_s=start + rng.uniform(1, 9),
                    principle_ids=rng.sample(["attuned.looking", "receiving.initiatives"], 1),
                    what_i_see=_text(rng, 40),
                )
            )
            made["clips"] += 1
        else:
            store.reflections.save_draft(_draft(rng, f"draft/{made['drafts']}"))
            made["drafts"] += 1
    return made


def _draft(rng: random.Random, key: str) -> Draft:
    """A draft of a half-typed reflection."""
    return Draft(
        key=key,
        template_id="after-shared-review",
        template_version="1.0",
        author_id="jo",
        answers=_answers(rng),
    )


def _time_ms(action: Callable[[], object], times: int) -> list[float]:
    """How long each of ``times`` runs of ``action`` took, in milliseconds."""
    out = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _report(name: str, samples: list[float]) -> None:
    """Print p50 and p95 of ``samples`` against the target for ``name``."""
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    target = TARGET_MS[name]
    print(
        f"{name} p50 {p50:.1f} ms  p95 {p95:.1f} ms  (target p95 <= {target:g} ms)  "
        f"ratio p95/target {p95 / target:.2f}"
    )


def main() -> None:
    """Fill a temporary store, then time saves and opens."""
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        with Store.open(folder) as store:
            made = _fill(store, rng)
            fill_s = time.perf_counter() - started
            print(f"filled {sum(made.values())} records {made} in {fill_s:.1f} s")

            def new_reflection() -> object:
                return store.reflections.save(
                    Reflection(
                        template_id="after-shared-review",
                        template_version="1.0",
                        author_id="jo",
                        case_code="F001",
                        answers=_answers(rng),
                    )
                )

            _report("save_reflection", _time_ms(new_reflection, SAMPLES))
            key = "case/F001/after-shared-review"
            _report(
                "save_draft",
                _time_ms(lambda: store.reflections.save_draft(_draft(rng, key)), SAMPLES),
            )
        opens = _time_ms(lambda: Store.open(folder).close(), OPENS)
        size_mb = (folder / "vigkit.sqlite").stat().st_size / 1e6
        print(
            f"store open {statistics.median(opens):.0f} ms  (median of {OPENS}, "
            f"target <= {TARGET_MS['store open']:g} ms, database {size_mb:.1f} MB)"
        )


if __name__ == "__main__":
    main()
