"""The demo's supervision: a synthetic supervisor and one signed supervision record of the
demo trainee, with an amendment beside it. No real person is in it.
"""

from __future__ import annotations

from datetime import timedelta

from vigkit.core import clock
from vigkit.core.errors import NotFound
from vigkit.core.records import Practitioner, Role
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment
from vigkit.store import Store
from vigkit.templates.principles import load_principles

__all__ = ["DEMO_SUPERVISOR", "fill_demo_supervision", "remove_demo_supervision"]

DEMO_SUPERVISOR = "demo-supervisor"


def fill_demo_supervision(store: Store, trainee_id: str, first_clip_id: int | None = None) -> None:
    """Add the demo supervisor and one signed, amended supervision record of ``trainee_id``
    (bringing ``first_clip_id``, by default the first clip of the trainee's films)."""
    try:
        store.people.get(DEMO_SUPERVISOR)
    except NotFound:
        store.people.add(
            Practitioner(
                id=DEMO_SUPERVISOR,
                display_name="Alex Reid (demo supervisor)",
                roles=[Role.supervisor],
            )
        )
    if first_clip_id is None:
        clips = store.supervision.trainee_clips(trainee_id)
        first_clip_id = clips[0].clip.id if clips else None
    heading = {p.key: p.id for p in load_principles().headings}
    held = clock.today() - timedelta(days=20)
    answers = {
        "held_on": held.isoformat(),
        "mode": "individual",
        "duration_minutes": "60",
        "stage": "1",
        "transition_meeting": False,
        "clips_brought": [first_clip_id] if first_clip_id else [],
        "supervision_question": "How can I help the parent stay with what the baby felt?",
        "principles_used": [heading[k] for k in (1, 3) if k in heading],
        "self_evaluation": "I waited for the parent to speak first; I named what she saw. "
        "I moved on too quickly after the second clip.",
        "observed_principles": [heading[k] for k in (3, 6) if k in heading],
        "observed_times": "clip 1 at 0:10",
        "observations": "You received the parent's words and gave her time; at 0:10 your "
        "question took her from what the baby did to what the baby felt.",
        "learning": "Slowing down after a clip gives the parent room to notice.",
        "next_steps": "Pause after each clip and wait before asking.",
        "wellbeing": "Tired this month, but the supervision group helps.",
        "parallel_process": "Being given time here is what I want to give the parent.",
    }
    record = store.supervision.save(
        Supervision(
            trainee_id=trainee_id,
            supervisor_id=DEMO_SUPERVISOR,
            held_on=held,
            duration_minutes=60,
            stage=1,
            answers=answers,
            created_by=trainee_id,
        )
    )
    store.supervision.sign(record.id or 0, DEMO_SUPERVISOR)
    store.supervision.add_amendment(
        SupervisionAmendment(
            supervision_id=record.id or 0,
            author_id=DEMO_SUPERVISOR,
            reason="The time in the clip was wrong.",
            changes={"observed_times": {"before": "clip 1 at 0:10", "after": "clip 1 at 0:12"}},
        )
    )


def remove_demo_supervision(store: Store, trainee_id: str) -> None:
    """Remove the demo trainee's supervision records (before the trainee is removed)."""
    store.supervision.delete_of(trainee_id)
