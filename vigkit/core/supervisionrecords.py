"""The records of supervision, validated, with no I/O: a trainee's supervision sessions, which
a supervisor signs, the amendments to signed ones, and supervision groups with their live
sessions (the board, the presented clip, calibrations).

They share the case records' base and messages (:mod:`vigkit.core.records`): each refusal is
an :class:`~vigkit.core.records.Invalid` that :func:`~vigkit.core.records.problems` says in
plain words.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from vigkit.core.records import Invalid, Record, now

NUL = "\x00"

__all__ = [
    "SupervisionMode",
    "Supervision",
    "SupervisionAmendment",
    "SupervisionGroup",
    "PostKind",
    "LiveSession",
    "SessionPost",
    "PresentedClip",
    "SessionCalibration",
]


class SupervisionMode(StrEnum):
    individual = "individual"
    group = "group"


class Supervision(Record):
    """A trainee's supervision session, from the supervision question set.

    The supervisor signs it (``signed_by``, ``signed_at``); a signed record is locked and a
    later change is a :class:`SupervisionAmendment` kept beside it.
    """

    id: int | None = None
    trainee_id: str
    supervisor_id: str | None = None
    template_id: Annotated[str, Field(min_length=1, max_length=120)] = "supervision"
    template_version: Annotated[str, Field(min_length=1, max_length=40)] = "1.0"
    held_on: date
    mode: SupervisionMode = SupervisionMode.individual
    duration_minutes: Annotated[int, Field(ge=1, le=8 * 60)] = 60
    stage: Annotated[int, Field(ge=1, le=9)] | None = None
    transition_meeting: bool = False
    answers: dict[str, Any] = Field(default_factory=dict)
    # Who first saved it (the trainee or the supervisor); the store fills it in when empty.
    created_by: str = ""
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    signed_by: str | None = None
    signed_at: datetime | None = None

    @model_validator(mode="after")
    def _signed_whole(self) -> Supervision:
        if (self.signed_by is None) != (self.signed_at is None):
            raise Invalid("error.supervision.signed_whole")
        return self

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60


class SupervisionAmendment(Record):
    """A change to a signed supervision record, saved beside it: who, when, what, why.

    ``changes`` maps a question id to ``{"before": ..., "after": ...}``.
    """

    id: int | None = None
    supervision_id: int
    author_id: str
    made_at: datetime = Field(default_factory=now)
    reason: Annotated[str, Field(min_length=1, max_length=20_000)]
    changes: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _something_changed(self) -> SupervisionAmendment:
        if not self.changes:
            raise Invalid("error.supervision.amend_nothing")
        return self


# -- group supervision sessions, live (migration 0005) ------------------------------------
# A *supervision group* is practitioners who meet for group supervision or intervision
# (VERP); it has nothing to do with a :class:`Group` of families in group VIG.


class SupervisionGroup(Record):
    """Practitioners who meet for group supervision, by practitioner id."""

    id: int | None = None
    name: Annotated[str, Field(min_length=1, max_length=120)]
    member_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list
    )
    created_on: date = Field(default_factory=date.today)

    @field_validator("member_ids", mode="before")
    @classmethod
    def _members(cls, value: Any) -> Any:
        # Each member once, sorted, so equal groups compare equal.
        if isinstance(value, list | tuple | set | frozenset):
            return sorted({str(v).strip() for v in value if str(v).strip()})
        return value


class PostKind(StrEnum):
    """What a line on a live session's board is: a contribution, or something that happened."""

    post = "post"
    joined = "joined"
    presented = "presented"
    calibration = "calibration"
    revealed = "revealed"
    ended = "ended"


class LiveSession(Record):
    """A supervision group's session, opened by a facilitator; members join with its code."""

    id: int | None = None
    code: Annotated[str, Field(min_length=4, max_length=12)]
    group_id: int
    facilitator_id: str
    started_at: datetime = Field(default_factory=now)
    ended_at: datetime | None = None

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to end; None while the session is still open."""
        if self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.started_at).total_seconds())


class SessionPost(Record):
    """One line on a live session's board, attributed to its author, in the order posted."""

    id: int | None = None
    session_id: int
    author_id: str
    kind: PostKind = PostKind.post
    text: Annotated[str, Field(max_length=4000)] = ""
    principle_ids: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list)
    clip_time_s: Annotated[float, Field(ge=0)] | None = None
    posted_at: datetime = Field(default_factory=now)

    @field_validator("text", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """A NUL (invisible, pasted from another program) is left out: PostgreSQL cannot keep
        one in a text, and the board refused the whole post for it. The page says so."""
        return value.replace(NUL, "") if isinstance(value, str) else value


class PresentedClip(Record):
    """The clip a facilitator presents and where their player is (members' players follow).

    ``seq`` grows with every change, so a member's page sees a change by comparing one number.
    """

    film_id: int | None = None
    start_s: Annotated[float, Field(ge=0)] = 0.0
    end_s: Annotated[float, Field(ge=0)] = 0.0
    position_s: Annotated[float, Field(ge=0)] = 0.0
    playing: bool = False
    seq: int = 0
    moved_at: datetime | None = None


class SessionCalibration(Record):
    """A calibration exercise: everyone tags one clip with principle headings, then a reveal."""

    id: int | None = None
    session_id: int
    film_id: int
    start_s: Annotated[float, Field(ge=0)]
    end_s: Annotated[float, Field(ge=0)]
    opened_at: datetime = Field(default_factory=now)
    revealed_at: datetime | None = None
