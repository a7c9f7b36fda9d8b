"""A synthetic demo caseload, so a newcomer sees a living workbook. No real person is in it.

The demo film is generated with ffmpeg (through PyAV): shapes and tones, no people.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from vigkit import paths
from vigkit.core import clock
from vigkit.core.errors import NotFound
from vigkit.core.records import (
    Case,
    Clip,
    Consent,
    Film,
    HelpingQuestion,
    Practitioner,
    Rating,
    Reflection,
    Role,
)
from vigkit.demo.group import DEMO_GROUP, fill_demo_group, remove_demo_group
from vigkit.demo.supervision import fill_demo_supervision, remove_demo_supervision
from vigkit.media.films import register_film_file
from vigkit.media.testvideo import make_film
from vigkit.store import Store
from vigkit.templates.principles import load_principles

__all__ = ["fill_demo", "DEMO_PRACTITIONER", "DEMO_CASES"]

DEMO_PRACTITIONER = "demo-guider"
DEMO_CASES = ("F017", "F023")
DEMO_FILM_SECONDS = 60.0


def _heading_ids() -> dict[int, str]:
    return {p.key: p.id for p in load_principles().headings}


def _remove_demo(store: Store) -> None:
    remove_demo_group(store)
    for code in DEMO_CASES:
        try:
            store.cases.delete(code)
        except NotFound:
            pass
    remove_demo_supervision(store, DEMO_PRACTITIONER)
    store.people.delete(DEMO_PRACTITIONER)


def fill_demo(
    data: Path | str | None = None,
    *,
    reset: bool = False,
    if_empty: bool = False,
    out: TextIO = sys.stdout,
    url: str | None = None,
) -> bool:
    """Fill the store (the data directory's, or the database at ``url``) with the demo
    caseload; returns False when there was nothing to do. The demo film goes in the data
    directory's media folder either way."""
    data_dir = paths.data_dir(data)
    with Store.open(data_dir, url=url) as store:
        if reset:
            _remove_demo(store)
        elif if_empty and not store.is_empty():
            return False
        try:
            store.cases.get(DEMO_CASES[0])
            print(
                "vigkit: the demo caseload is already there (use --reset to start over).", file=out
            )
            return False
        except NotFound:
            pass
        film_path = paths.media_dir(data_dir) / "demo" / "demo-play.mp4"
        film_path.parent.mkdir(parents=True, exist_ok=True)
        if not film_path.exists():
            print(
                "vigkit: generating a 60-second synthetic demo film (shapes and tones)…", file=out
            )
            make_film(film_path, seconds=DEMO_FILM_SECONDS, width=640, height=360)
        _fill(store, film_path)
    print(
        f"vigkit: demo caseload ready in {data_dir}: one synthetic practitioner, "
        f"cases {' and '.join(DEMO_CASES)}, group {DEMO_GROUP}.",
        file=out,
    )
    return True


def _fill(store: Store, film_path: Path) -> None:
    """Add the demo guider, both cases, the first film's clips, a reflection, a group and
    supervision records to ``store``, in the order that keeps the ids the pages' examples use."""
    today = clock.today()
    start = today - timedelta(days=42)
    heading = _heading_ids()
    _add_practitioner(store)
    settle, play = _add_first_case(store, start)
    info, digest = register_film_file(film_path)
    _add_first_film(store, film_path, start, heading, info.duration_s, digest, settle, play)
    _add_first_reflection(store, start, heading)
    _add_second_case(store, today)
    # Last, so the demo's first films and clips keep the ids the other pages' examples use.
    fill_demo_group(store, DEMO_PRACTITIONER, film_path, digest, info.duration_s)
    fill_demo_supervision(store, DEMO_PRACTITIONER)


def _add_practitioner(store: Store) -> None:
    """Add the demo guider (unless a reset left them) and make them the current practitioner."""
    try:
        store.people.get(DEMO_PRACTITIONER)
    except NotFound:
        store.people.add(
            Practitioner(
                id=DEMO_PRACTITIONER,
                display_name="Sam Okafor (demo guider)",
                roles=[Role.practitioner, Role.trainee],
                stage=1,
            )
        )
    store.settings.set("current_practitioner", DEMO_PRACTITIONER)


def _add_first_case(store: Store, start: date) -> tuple[HelpingQuestion, HelpingQuestion]:
    """Add F017 with its consent and two rated helping questions; return the questions."""
    store.cases.add(
        Case(
            code="F017",
            practitioner_id=DEMO_PRACTITIONER,
            setting="Home visits (health visiting team)",
            age_months=4,
            referral_reason="The parent finds it hard to settle the baby and feels unsure "
            "of herself after a difficult birth. (Synthetic demo case.)",
            opened_on=start,
        )
    )
    store.cases.set_consent(
        Consent(
            case_code="F017",
            given_on=start,
            filming=True,
            supervisor_viewing=True,
            intervision=True,
            training_events=False,
            group_viewing=False,
        )
    )
    settle = store.cases.save_helping_question(
        HelpingQuestion(
            case_code="F017", position=1, words="How can I help my baby settle?", hoped_for=8
        )
    )
    store.cases.add_rating(settle.id or 0, Rating(value=3, rated_on=start, occasion="start"))
    store.cases.add_rating(
        settle.id or 0, Rating(value=5, rated_on=start + timedelta(days=21), occasion="review 1")
    )
    play = store.cases.save_helping_question(
        HelpingQuestion(
            case_code="F017", position=2, words="How can I enjoy playing with her?", hoped_for=7
        )
    )
    store.cases.add_rating(play.id or 0, Rating(value=4, rated_on=start, occasion="start"))
    return settle, play


def _add_first_film(
    store: Store,
    film_path: Path,
    start: date,
    heading: dict[int, str],
    duration_s: float,
    digest: str,
    settle: HelpingQuestion,
    play: HelpingQuestion,
) -> None:
    """Add F017's first film and three clips of it, each linked to principles and questions."""
    film = store.films.add(
        Film(
            case_code="F017",
            cycle_number=1,
            path=str(film_path),
            sha256=digest,
            duration_s=duration_s,
            filmed_on=start + timedelta(days=7),
            context="play on the mat",
        )
    )
    clips = [
        (
            8.0,
            15.5,
            [1, 3],
            "The parent turns towards the baby and waits; the baby looks up and "
            "the parent smiles back.",
            [settle.id],
        ),
        (
            24.0,
            31.0,
            [2, 4],
            "The parent names what the baby is doing (“you found your toes!”); "
            "they take three turns on the same topic.",
            [play.id],
        ),
        (
            41.0,
            48.5,
            [3, 4],
            "The baby reaches out; the parent receives it with a soft voice and "
            "gives the baby time to respond.",
            [settle.id, play.id],
        ),
    ]
    for begin, end, keys, seen, hqs in clips:
        store.films.add_clip(
            Clip(
                film_id=film.id or 0,
                start_s=begin,
                end_s=end,
                principle_ids=[heading[k] for k in keys if k in heading],
                what_i_see=seen,
                helping_question_ids=[h for h in hqs if h is not None],
                still_times_s=[round((begin + end) / 2, 1)],
            )
        )


def _add_first_reflection(store: Store, start: date, heading: dict[int, str]) -> None:
    """Add the guider's reflection on F017's first shared review."""
    store.reflections.save(
        Reflection(
            template_id="reflection_what",
            template_version="1.0",
            author_id=DEMO_PRACTITIONER,
            case_code="F017",
            cycle_number=1,
            answers={
                "session_date": (start + timedelta(days=14)).isoformat(),
                "session_kind": "shared_review",
                "what_happened": "In the first shared review the parent watched the clip of "
                "the baby looking up at her and said “she was waiting for me”.",
                "what_it_means": "Naming what the parent noticed helped her move from what the "
                "baby did to what the baby might have felt.",
                "attunement_to_parent": 6,
                "principles_used": [heading[k] for k in (1, 3) if k in heading],
                "next_steps": "Next film: bath time, looking for moments when the baby starts "
                "an interaction.",
            },
        )
    )


def _add_second_case(store: Store, today: date) -> None:
    """Add F023, a case opened before the birth, with its consent and one rated question."""
    store.cases.add(
        Case(
            code="F023",
            practitioner_id=DEMO_PRACTITIONER,
            setting="Children's centre",
            age_weeks_pregnant=30,
            referral_reason="First baby; the parent wants to feel ready to connect with the baby. "
            "(Synthetic demo case.)",
            opened_on=today - timedelta(days=10),
        )
    )
    store.cases.set_consent(
        Consent(case_code="F023", given_on=today - timedelta(days=10), filming=True)
    )
    ready = store.cases.save_helping_question(
        HelpingQuestion(
            case_code="F023",
            position=1,
            words="How will I know what my baby needs?",
            hoped_for=7,
        )
    )
    store.cases.add_rating(
        ready.id or 0, Rating(value=2, rated_on=today - timedelta(days=10), occasion="start")
    )
