"""A demo family ready for its own copy: F017 says yes to a copy for the family, and a
shared review of its first cycle chose its clips and kept the parent's words."""

from __future__ import annotations

from vigkit.core.records import Reflection
from vigkit.store import Store

WORDS = "She was waiting for me, and I waited for her."


def ready_for_a_copy(store: Store, code: str = "F017", *, consent: bool = True) -> list[int]:
    """F017's consent with (or without) the family's yes to a copy, and a shared review that
    chose every clip of its first film; the clip ids chosen."""
    given = store.cases.get_consent(code)
    assert given is not None
    store.cases.set_consent(given.model_copy(update={"family_copy": consent}))
    clips = [c.id or 0 for c in store.films.list_clips(case_code=code)]
    case = store.cases.get(code)
    store.reflections.save(
        Reflection(
            template_id="shared_review",
            template_version="1.1",
            author_id=case.practitioner_id,
            case_code=code,
            cycle_number=1,
            answers={"clips_chosen": clips, "parent_noticed": WORDS},
        )
    )
    return clips
