"""The family's own copy, pure (vigkit.core.keepsake): what goes in it from the shared
reviews, who may make it (deny by default), and its handover line in the audit trail."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from vigkit.core.access import AccessRole, Principal
from vigkit.core.audit import AuditEvent
from vigkit.core.errors import AccessRefused, ConsentRequired
from vigkit.core.keepsake import (
    HANDOVER,
    Keepsake,
    handover_event,
    handover_reason,
    handovers,
    keepsake_for,
    read_handover,
)
from vigkit.core.records import REVIEW_FILM_CONTEXT, Clip, Consent, Film, Reflection

TINA = Principal("tina", frozenset({AccessRole.practitioner}))
SHA = "a" * 64


def consent(**uses: bool) -> Consent:
    return Consent(case_code="F031", given_on=date(2026, 3, 1), **({"filming": True} | uses))


FILMS = [
    Film(id=1, case_code="F031", cycle_number=1, path="/f1.mp4", sha256=SHA, duration_s=60,
         filmed_on=date(2026, 3, 2)),
    Film(id=2, case_code="F031", cycle_number=2, path="/f2.mp4", sha256=SHA, duration_s=60,
         filmed_on=date(2026, 4, 2)),
    Film(id=3, case_code="F031", cycle_number=1, path="/r.mp4", sha256=SHA, duration_s=60,
         filmed_on=date(2026, 3, 9), context=REVIEW_FILM_CONTEXT),
]  # fmt: skip
CLIPS = [
    Clip(id=10, film_id=1, start_s=2, end_s=5, principle_ids=["attuned"], still_times_s=[3]),
    Clip(id=11, film_id=1, start_s=20, end_s=24),
    Clip(id=12, film_id=2, start_s=8, end_s=10),
    Clip(id=13, film_id=3, start_s=1, end_s=4),  # the guider's review film: never the family's
]


def review(
    ident: int, cycle: int, chosen: list[int], words: str = "", **more: object
) -> Reflection:
    return Reflection(
        id=ident,
        template_id="shared_review",
        template_version="1.1",
        author_id="tina",
        case_code="F031",
        cycle_number=cycle,
        answers={"clips_chosen": chosen, "parent_noticed": words} | more,
    )


REVIEWS = [
    review(5, 2, [12], "She smiled back at me.", review_date="2026-04-10"),
    review(4, 1, [11, 10, 13, 99], "I waited and he looked at me.", review_date="2026-03-12"),
    Reflection(id=6, template_id="reflection_gibbs", template_version="1", author_id="tina",
               case_code="F031", cycle_number=1, answers={"clips_chosen": [10]}),
]  # fmt: skip


def make(who: Principal = TINA, given: Consent | None = None) -> Keepsake:
    given = given if given is not None else consent(family_copy=True)
    return keepsake_for(who, "F031", "tina", given, REVIEWS, FILMS, CLIPS)


def test_the_copy_holds_the_chosen_clips_in_order_and_the_parents_words() -> None:
    """Clips in the order the reviews showed them (cycle by cycle), the review film's clip,
    a clip that is gone and a reflection that is not a shared review left out."""
    k = make()
    assert [11, 10, 12] == [c.clip_id for c in k.clips]
    assert [(20, 24), (2, 5), (8, 10)] == [(c.start_s, c.end_s) for c in k.clips]
    assert 3.0 == k.clips[1].still_s and 22.0 == k.clips[0].still_s  # marked, else the middle
    assert ("attuned",) == k.clips[1].principle_ids
    assert 9.0 == k.length_s
    assert ["I waited and he looked at me.", "She smiled back at me."] == [w.words for w in k.words]
    assert date(2026, 3, 12) == k.words[0].day and (4, 5) == k.review_ids


@pytest.mark.parametrize(
    ("who", "given", "error", "words"),
    [
        (TINA, consent(), ConsentRequired, "has not agreed to a copy for the family"),
        (TINA, None, ConsentRequired, "has not agreed"),
        (TINA, consent(family_copy=True, filming=False), ConsentRequired, "has not agreed"),
        (
            TINA,
            consent(family_copy=True).model_copy(update={"withdrawn_on": date(2026, 5, 1)}),
            ConsentRequired,
            "has not agreed",
        ),
        (Principal("sam", frozenset({AccessRole.practitioner})), None, AccessRefused, "own"),
        (Principal("tina", frozenset({AccessRole.lead})), None, ConsentRequired, "agreed"),
    ],
)
def test_refused_in_plain_words_unless_own_and_consented(
    who: Principal, given: Consent | None, error: type[Exception], words: str
) -> None:
    """Deny by default: the family's yes to a copy, their own practitioner only."""
    if given is None and who.id != "tina":
        given = consent(family_copy=True)
    with pytest.raises(error, match=words):
        keepsake_for(who, "F031", "tina", given, REVIEWS, FILMS, CLIPS)


def test_no_clip_chosen_is_said() -> None:
    with pytest.raises(ConsentRequired, match="No shared review of F031 has chosen a clip"):
        keepsake_for(TINA, "F031", "tina", consent(family_copy=True), REVIEWS[2:], FILMS, CLIPS)


def test_the_handover_line_reads_back() -> None:
    k = make()
    files = [("family-copy.mp4", "b" * 64), ("family-copy.html", "c" * 64)]
    event = handover_event("tina", k, files, "case page")
    assert HANDOVER == event.action and "F031" == event.ident and len(event.reason) <= 300
    assert "sha256 " + "b" * 64 + "; family-copy.html" in event.reason
    assert event.reason.endswith("; reviews 4,5; clips 11,10,12")
    back = read_handover(event)
    assert back is not None
    assert (4, 5) == back.review_ids and (11, 10, 12) == back.clip_ids
    assert tuple(files) == back.files and "tina" == back.by and 3 == back.clips
    other = AuditEvent("tina", "view", "case", "F031", True, "own case", "case page")
    assert read_handover(other) is None
    assert [back] == handovers([other, event], "F031") and [] == handovers([event], "F032")


def test_a_long_handover_still_fits_the_trail() -> None:
    k = make()
    many = Keepsake("F031", k.clips * 10, k.words, tuple(range(100, 130)))
    reason = handover_reason(many, [("family-copy.mp4", "b" * 64), ("family-copy.html", "c" * 64)])
    assert len(reason) <= 300 and "sha256 " + "b" * 16 in reason
    event = AuditEvent(
        "tina", HANDOVER, "family copy", "F031", True, reason, "x", at=datetime(2026, 12, 7)
    )
    found = read_handover(event)
    assert found is not None and 2 == len(found.files) and 30 == found.clips
