"""Who is in a film: the people the practitioner confirmed in it and their face boxes. Pure.

A film of one family (or of a group session) shows more people than the family: a sibling
or another carer, the other families of a group, staff, a visitor nobody knows. Each is a
:class:`PersonInFilm` with a :class:`PersonKind`, an optional label the practitioner gives
("Mum", "Health visitor"), whether they agreed to be shown, and their face :class:`FaceBox` es
over time, in pixels of the original film. A box the detector lost is kept from the last frame
(``kept``) until the practitioner decides: a face is never dropped silently.

Who is shown for a use is decided by :func:`vigkit.core.access.must_hide`, from the person's
kind, their own yes or no, and their family's consent.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from vigkit.core.records import CASE_CODE_PATTERN, Invalid, Record, ShortText

__all__ = [
    "PersonKind",
    "FAMILY_KINDS",
    "FaceBox",
    "PeopleConfirmed",
    "PersonInFilm",
    "MutedStretch",
]


class PersonKind(StrEnum):
    """Who a person in a film is, as the practitioner confirmed it."""

    parent = "parent"  # of this family
    baby = "baby"  # of this family
    sibling = "sibling"  # of this family
    carer = "carer"  # another carer of this family (a grandparent, a partner)
    other_family = "other_family"  # a member of another family of the group (by its case)
    staff = "staff"  # a practitioner, a crèche worker, a volunteer
    unknown = "unknown"  # nobody has said who they are


#: The kinds that belong to the film's own family: their family's consent decides.
FAMILY_KINDS = frozenset({PersonKind.parent, PersonKind.baby, PersonKind.sibling, PersonKind.carer})

_CASE_CODE = re.compile(CASE_CODE_PATTERN)

Pixels = Annotated[int, Field(ge=0, le=100_000)]
Size = Annotated[int, Field(ge=1, le=100_000)]


class FaceBox(Record):
    """A face at ``t`` seconds into the film: left ``x``, top ``y``, width ``w``, height ``h``
    in pixels of the original film. ``kept``: the face was lost there and this is its last
    box, kept until someone decides."""

    t: Annotated[float, Field(ge=0.0, le=24 * 3600.0)]
    x: Pixels
    y: Pixels
    w: Size
    h: Size
    kept: bool = False


class PersonInFilm(Record):
    """One person seen in film ``film_id``, with their face boxes in time order.

    ``case_code`` is the other family's case for :attr:`PersonKind.other_family` (and only
    then). ``agrees``: the person's own say about being shown — None, nobody asked (staff and
    unknown people are then hidden, family members follow their family's consent); False,
    always hidden; True, shown (for family members, only where their family consented too).
    ``left_at``: when they left the picture for good, as the practitioner confirmed; None
    (never confirmed gone): their last box holds to the end of the film."""

    id: int | None = None
    film_id: int
    kind: PersonKind = PersonKind.unknown
    case_code: str | None = None
    label: ShortText = ""
    agrees: bool | None = None
    left_at: Annotated[float, Field(ge=0.0)] | None = None
    boxes: list[FaceBox] = Field(default_factory=list)

    @field_validator("case_code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        return value.strip().upper() or None if isinstance(value, str) else value

    @model_validator(mode="after")
    def _family_and_times(self) -> PersonInFilm:
        if self.kind is PersonKind.other_family:
            if self.case_code is None or not _is_code(self.case_code):
                raise Invalid("error.person.other_family_case")
        elif self.case_code is not None:
            raise Invalid("error.person.case_only_for_other_family")
        times = [box.t for box in self.boxes]
        if any(b <= a for a, b in zip(times, times[1:], strict=False)):
            raise Invalid("error.person.box_order")
        if self.left_at is not None and times and self.left_at < times[-1]:
            raise Invalid("error.person.left_before_last_box")
        return self

    def seen_between(self, start_s: float, end_s: float) -> bool:
        """Whether a box of theirs stands anywhere in ``start_s``–``end_s``: a box holds until
        the next one (the last one until they left, or to the end), the first is where they
        came in."""
        boxes = self.boxes
        gone = float("inf") if self.left_at is None else self.left_at
        for i, box in enumerate(boxes):
            until = boxes[i + 1].t if i + 1 < len(boxes) else gone
            if box.t <= end_s and until >= start_s:
                return True
        return False

    def boxes_between(self, start_s: float, end_s: float) -> list[FaceBox]:
        """Their boxes that matter for ``start_s``–``end_s``: those inside it, with the last
        one before it and the first one after it (to carry a face across the edges)."""
        boxes = self.boxes
        inside = [i for i, box in enumerate(boxes) if start_s <= box.t <= end_s]
        before = [i for i, box in enumerate(boxes) if box.t < start_s][-1:]
        after = [i for i, box in enumerate(boxes) if box.t > end_s][:1]
        return [boxes[i] for i in before + inside + after]


def _is_code(code: str) -> bool:
    return _CASE_CODE.match(code) is not None


class PeopleConfirmed(Record):
    """Film ``film_id``'s people were confirmed (saved by the practitioner) by ``by`` at
    ``at``. A film filmed at a group session is shown to nobody else until they are."""

    film_id: int
    confirmed_at: datetime
    confirmed_by: Annotated[str, Field(min_length=1, max_length=64)]


Seconds = Annotated[float, Field(ge=0.0, le=24 * 3600.0)]


class MutedStretch(Record):
    """Seconds ``start_s``–``end_s`` of film ``film_id`` in which a name or an address is
    spoken, as the practitioner ``marked_by`` marked them at ``marked_at``: silenced in every
    rendering of the film for any use, so only the film's own practitioner hears them."""

    id: int | None = None
    film_id: int
    start_s: Seconds
    end_s: Seconds
    marked_by: Annotated[str, Field(min_length=1, max_length=64)]
    marked_at: datetime

    @model_validator(mode="after")
    def _in_order(self) -> MutedStretch:
        if self.end_s <= self.start_s:
            raise Invalid("error.muted.order")
        return self

    def overlaps(self, start_s: float, end_s: float) -> bool:
        """Whether any of these seconds lie inside ``start_s``–``end_s``."""
        return self.start_s < end_s and self.end_s > start_s
