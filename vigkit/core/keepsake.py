"""The family's own copy (a keepsake), pure: what goes into it, who may make it, and how its
handover reads in the audit trail.

With the family's consent to "a copy for the family" (:attr:`vigkit.core.access.Use.family_copy`),
their own practitioner makes them a keepsake from the case's shared reviews: the clips chosen
there (answer ``clips_chosen``, in the order shown), the parent's own words (answer
``parent_noticed``) and, beside them, the record of strengths. The access policy decides
(:func:`vigkit.core.access.decide`, action export on the case's footage for that use): deny by
default, so anyone but the family's practitioner, or a family that did not say yes, is
refused in plain words and nothing is made.

Each keepsake made is a *handover*: one audit line (action ``handover``, kind ``family copy``,
the case code) whose reason names the reviews, the clips and each file with its sha256 — ids
and digests, never a family's words. :func:`handover_reason` writes it and
:func:`read_handover` reads it back for the case page and the erasure panel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from vigkit.core.access import Action, Decision, Footage, Principal, Use, decide
from vigkit.core.audit import AuditEvent
from vigkit.core.errors import AccessRefused, ConsentRequired
from vigkit.core.records import REVIEW_FILM_CONTEXT, Clip, Consent, Film, Reflection
from vigkit.core.summaries import SHARED_REVIEW, is_shared_review

__all__ = [
    "CHOSEN",
    "PARENT_WORDS",
    "HANDOVER",
    "HANDOVER_KIND",
    "KeepsakeClip",
    "ParentWords",
    "Keepsake",
    "Handover",
    "copy_decision",
    "keepsake_for",
    "handover_event",
    "handover_reason",
    "read_handover",
    "handovers",
]

#: The shared review's answers a keepsake is made from.
CHOSEN = "clips_chosen"
PARENT_WORDS = "parent_noticed"
#: The audit line of a handover: its action and its kind (the ident is the case code).
HANDOVER = "handover"
HANDOVER_KIND = "family copy"

_REASON_LIMIT = 300  # the audit trail's reason column


@dataclass(frozen=True)
class KeepsakeClip:
    """A clip chosen in a shared review: its film and seconds, the moment for its still and
    the principles tagged on it (ids: the edge says them in the template's words)."""

    clip_id: int
    film: Film
    start_s: float
    end_s: float
    still_s: float
    principle_ids: tuple[str, ...]
    what_i_see: str

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class ParentWords:
    """What the parent noticed in one shared review, in their own words."""

    review_id: int
    cycle: int
    day: date
    words: str


@dataclass(frozen=True)
class Keepsake:
    """What the family's copy holds: its clips in the order shown, the parent's words, and
    the shared reviews they came from."""

    case_code: str
    clips: tuple[KeepsakeClip, ...]
    words: tuple[ParentWords, ...]
    review_ids: tuple[int, ...]

    @property
    def length_s(self) -> float:
        return sum(c.length_s for c in self.clips)


@dataclass(frozen=True)
class Handover:
    """A family's copy made and handed over: when, by whom, which reviews and clips, and
    its files (name, sha256)."""

    at: datetime
    by: str
    review_ids: tuple[int, ...]
    clip_ids: tuple[int, ...]
    files: tuple[tuple[str, str], ...]
    clips: int  # how many clips (the ids may have been shortened to their count)


def _review_day(review: Reflection) -> date:
    raw = review.answers.get("review_date")
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip()[:10])
        except ValueError:
            pass
    return review.created_at.date()


def copy_decision(
    who: Principal, case_code: str, owner: str, consent: Consent | None
) -> tuple[Decision, Footage]:
    """The access policy's answer to ``who`` making the family's copy of case ``case_code``
    (its practitioner ``owner``), and the resource asked about (for the audit line)."""
    footage = Footage(case_code, owner, consent, use=Use.family_copy)
    return decide(who, Action.export, footage), footage


def _refuse(who: Principal, case_code: str, owner: str, consent: Consent | None) -> None:
    """AccessRefused or ConsentRequired in plain words unless the policy lets ``who`` make
    the family's copy of case ``case_code``."""
    decision, _ = copy_decision(who, case_code, owner, consent)
    if decision:
        return
    if owner != who.id:
        raise AccessRefused(key="error.keepsake.not_yours", code=case_code)
    raise ConsentRequired(key="error.keepsake.no_consent", code=case_code)


def keepsake_for(
    who: Principal,
    case_code: str,
    owner: str,
    consent: Consent | None,
    reviews: Iterable[Reflection],
    films: Sequence[Film],
    clips: Sequence[Clip],
    review_template: str = SHARED_REVIEW,
) -> Keepsake:
    """What the family's copy of case ``case_code`` (its practitioner ``owner``) holds, from
    its shared reviews among ``reviews``; refused in plain words unless ``who`` is the
    family's practitioner and the family consents to a copy, or when no shared review chose
    a clip that is still there."""
    _refuse(who, case_code, owner, consent)
    shown = [
        r for r in reviews if is_shared_review(r, case_code, review_template) and r.id is not None
    ]
    shown.sort(key=lambda r: (r.cycle_number or 0, _review_day(r), r.id or 0))
    by_film = {f.id: f for f in films if f.context != REVIEW_FILM_CONTEXT}
    by_id = {c.id: c for c in clips if c.film_id in by_film}
    chosen: list[KeepsakeClip] = []
    words: list[ParentWords] = []
    used: list[int] = []
    for review in shown:
        ids = review.answers.get(CHOSEN)
        picked = [by_id[i] for i in ids if i in by_id] if isinstance(ids, list) else []
        said = str(review.answers.get(PARENT_WORDS) or "").strip()
        if said:
            words.append(
                ParentWords(review.id or 0, review.cycle_number or 0, _review_day(review), said)
            )
        if picked or said:
            used.append(review.id or 0)
        for clip in picked:
            if any(k.clip_id == clip.id for k in chosen):
                continue
            still = clip.still_times_s[0] if clip.still_times_s else (clip.start_s + clip.end_s) / 2
            chosen.append(
                KeepsakeClip(
                    clip.id or 0,
                    by_film[clip.film_id],
                    clip.start_s,
                    clip.end_s,
                    still,
                    tuple(clip.principle_ids),
                    clip.what_i_see,
                )
            )
    if not chosen:
        raise ConsentRequired(key="error.keepsake.no_clips", code=case_code)
    return Keepsake(case_code, tuple(chosen), tuple(words), tuple(used))


def _ids(values: Iterable[int], count_only: bool = False) -> str:
    found = list(values)
    if count_only:
        return f"n={len(found)}"
    return ",".join(str(v) for v in found) or "-"


def handover_reason(keepsake: Keepsake, files: Sequence[tuple[str, str]]) -> str:
    """The audit line's reason for a handover: each file's name and sha256, the reviews and
    the clips. What would not fit the trail is shortened: the digests to 16 hex digits, then
    the ids to their counts."""
    clip_ids = [c.clip_id for c in keepsake.clips]
    reason = ""
    for digits, count_only in ((64, False), (16, False), (16, True)):
        parts = [f"{name} sha256 {sha[:digits]}" for name, sha in files]
        parts.append(f"reviews {_ids(keepsake.review_ids, count_only)}")
        parts.append(f"clips {_ids(clip_ids, count_only)}")
        reason = "; ".join(parts)
        if len(reason) <= _REASON_LIMIT:
            break
    return reason[:_REASON_LIMIT]


def handover_event(
    by: str, keepsake: Keepsake, files: Sequence[tuple[str, str]], door: str
) -> AuditEvent:
    """The audit line that records the family's copy of ``keepsake`` handed over by ``by``."""
    reason = handover_reason(keepsake, files)
    return AuditEvent(by, HANDOVER, HANDOVER_KIND, keepsake.case_code, True, reason, door)


_PART = re.compile(r"^(reviews|clips) (?:n=([0-9]+)|([0-9,]+)|-)$")
_FILE = re.compile(r"^([A-Za-z0-9_.-]+) sha256 ([0-9a-f]{16,64})$")


def read_handover(event: AuditEvent) -> Handover | None:
    """A handover from its audit line; None for any other line."""
    if event.action != HANDOVER or event.kind != HANDOVER_KIND or not event.allowed:
        return None
    ids: dict[str, tuple[int, ...]] = {"reviews": (), "clips": ()}
    counts = {"reviews": 0, "clips": 0}
    files: list[tuple[str, str]] = []
    for part in event.reason.split("; "):
        if found := _PART.match(part):
            what, count, numbers = found.groups()
            ids[what] = tuple(int(n) for n in (numbers or "").split(",") if n)
            counts[what] = int(count) if count is not None else len(ids[what])
        elif found := _FILE.match(part):
            files.append((found.group(1), found.group(2)))
    return Handover(
        event.at, event.login, ids["reviews"], ids["clips"], tuple(files), counts["clips"]
    )


def handovers(trail: Iterable[AuditEvent], case_code: str) -> list[Handover]:
    """The family's copies handed over for case ``case_code``, oldest first."""
    found = (read_handover(e) for e in trail if e.ident == case_code)
    return [h for h in found if h is not None]
