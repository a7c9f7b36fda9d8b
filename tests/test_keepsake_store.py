"""A family's copy's handover in the store's audit trail, on both databases: written by
whoever made it, read back for the case page, and folded away with the case at erasure
(after the erasure panel has said what was handed over)."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.audit import AuditEvent
from vigkit.core.keepsake import HANDOVER, Keepsake, handover_event, handovers
from vigkit.core.records import Case, Practitioner
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

FILES = [("family-copy.mp4", "1" * 64), ("family-copy.html", "2" * 64)]


def test_a_handover_is_kept_read_back_and_erased_with_the_case(store: Store) -> None:
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    for code in ("F031", "F032"):
        store.cases.add(Case(code=code, practitioner_id="jo", opened_on=date(2026, 3, 1)))
    copy = Keepsake("F031", (), (), (4, 5))
    store.audit.record(handover_event("jo", copy, FILES, "case page"))
    store.audit.record(AuditEvent("jo", "view", "case", "F031", True, "own case", "case page"))
    store.audit.record(handover_event("jo", Keepsake("F032", (), (), (9,)), FILES, "case page"))

    (found,) = handovers(store.audit.trail(ident="F031"), "F031")
    assert "jo" == found.by and (4, 5) == found.review_ids and tuple(FILES) == found.files
    assert found.at.tzinfo is not None

    store.erasure.erase_case("F031", by="jo", reason="family's request")
    left = store.audit.trail(ident="F031")
    assert [] == handovers(left, "F031") and ["erase"] == [e.action for e in left]
    assert 1 == len(handovers(store.audit.trail(ident="F032"), "F032"))
    assert all(e.action != HANDOVER for e in left)
