"""One case's records read from the store, as the pure rules of
:mod:`vigkit.core.summaries` take them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vigkit.core.records import REVIEW_FILM_CONTEXT
from vigkit.core.summaries import CaseSnapshot

if TYPE_CHECKING:
    from vigkit.store.api import Store

__all__ = ["snapshot_from_store"]


def snapshot_from_store(store: Store, code: str) -> CaseSnapshot:
    """Read one case's records through the store's own methods (nothing else)."""
    case = store.get_case(code)
    return CaseSnapshot(
        case=case,
        consent=store.get_consent(case.code),
        consent_history=store.consent_history(case.code),
        helping_questions=store.list_helping_questions(case.code),
        # Films of the shared review itself are for supervision: not the family's cycle.
        films=[f for f in store.list_films(case.code) if f.context != REVIEW_FILM_CONTEXT],
        clips=store.list_clips(case_code=case.code),
        reflections=store.list_reflections(case_code=case.code),
    )


# -- small helpers ----------------------------------------------------------------------
