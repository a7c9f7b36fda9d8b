"""A measure taken with a family: the record the store keeps (pure).

The scores only — never a licensed scale's wording. ``items`` holds the item scores of a
free scale, or for a score-only scale just the items it enters (EPDS item 10).
``risk_raised`` says the risk item was above its threshold; ``risk_shown_at`` when the
page showed the service's risk procedure (vigkit flags, the practitioner decides).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from vigkit.core.records import Record, ShortText, now

__all__ = ["MeasureScore", "OCCASIONS"]

# When a measure is taken: at the start, at a review, at the end (as ratings are).
OCCASIONS = ("start", "review", "end")


class MeasureScore(Record):
    id: int | None = None
    case_code: str
    measure_id: Annotated[str, Field(min_length=1, max_length=60)]
    measure_version: Annotated[str, Field(min_length=1, max_length=40)]
    taken_on: date
    occasion: ShortText = "start"
    total: Annotated[float, Field(ge=-1000, le=1000, allow_inf_nan=False)]
    items: dict[Annotated[str, Field(max_length=60)], float] = Field(default_factory=dict)
    risk_raised: bool = False
    risk_shown_at: datetime | None = None
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=now)
