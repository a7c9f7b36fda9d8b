"""The records of a VIG case, validated, with no I/O.

Records keep ids (of principles, of templates), never wording, so a trainer can
reword or translate a template without touching what was recorded.
Every validation message is written for a practitioner, not a programmer:
:func:`problems` turns a pydantic error into plain sentences keyed by field.
Supervision's records (sessions, amendments, supervision groups, live sessions) are in
:mod:`vigkit.core.supervisionrecords`, built on the same base and messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from vigkit.core import clock

__all__ = [
    "Role",
    "CaseStatus",
    "Practitioner",
    "Case",
    "Consent",
    "HelpingQuestion",
    "Rating",
    "Cycle",
    "Film",
    "film_places",
    "Clip",
    "Reflection",
    "Draft",
    "Group",
    "GroupSession",
    "CASE_CODE_PATTERN",
    "problems",
    "Invalid",
    "now",
]

CASE_CODE_PATTERN = r"^[A-Z]{1,4}[0-9]{2,5}$"
_CASE_CODE = re.compile(CASE_CODE_PATTERN)


def now() -> datetime:
    """The current time, in UTC, to the second (:func:`vigkit.core.clock.now`)."""
    return clock.now()


def _english(key: str, **values: object) -> str:
    """The English words of ``key`` (of :mod:`vigkit.i18n.words.errors`), {names} filled in."""
    from vigkit.i18n.words.errors import WORDS

    return WORDS[key].format_map({k: str(v) for k, v in values.items()})


class Invalid(ValueError):
    """What a record's own check refuses: ``str`` is the English; :func:`problems` says
    ``key`` (a word of :mod:`vigkit.i18n.words.errors`) with ``values`` in the page's language."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(_english(key, **values))
        self.key = key
        self.values = values


def _pseudonymous_code(value: Any, key: str, example: str) -> Any:
    """A code as stored (upper case), or Invalid saying what a code looks like."""
    if isinstance(value, str):
        value = value.strip().upper()
        if not _CASE_CODE.match(value):
            raise Invalid(key, example=example)
    return value


class Role(StrEnum):
    practitioner = "practitioner"
    trainee = "trainee"
    supervisor = "supervisor"
    trainer = "trainer"
    lead = "lead"  # the service lead: the service report, no case (vigkit.core.access)
    admin = "admin"  # manages people, roles and groups, no case


class CaseStatus(StrEnum):
    referred = "referred"
    active = "active"
    paused = "paused"
    closed = "closed"


class Record(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", validate_assignment=True)


Text = Annotated[str, Field(max_length=20_000)]
ShortText = Annotated[str, Field(max_length=300)]


class Practitioner(Record):
    """A guider, trainee, supervisor or trainer who uses the workbook."""

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    display_name: Annotated[str, Field(min_length=1, max_length=120)]
    roles: list[Role] = Field(default_factory=lambda: [Role.practitioner])
    # Only meaningful for trainees: the AVIGuk stage they are working in (1-3).
    stage: Annotated[int, Field(ge=1, le=3)] | None = None

    @model_validator(mode="after")
    def _stage_for_trainees(self) -> Practitioner:
        if self.stage is not None and Role.trainee not in self.roles:
            raise Invalid("error.practitioner.stage_for_trainees")
        return self


class Case(Record):
    """A family (or, later, a group) the practitioner works with, known only by a code."""

    code: str
    practitioner_id: str
    setting: ShortText = ""
    # Child's age at referral: weeks of pregnancy (antenatal) or months 0-24, never a date of birth.
    age_weeks_pregnant: Annotated[int, Field(ge=4, le=42)] | None = None
    age_months: Annotated[int, Field(ge=0, le=24)] | None = None
    referral_reason: Text = ""
    status: CaseStatus = CaseStatus.active
    opened_on: date = Field(default_factory=date.today)
    closed_on: date | None = None
    # Eligible for a video feedback programme (NICE QS133), when the service records it.
    eligible: bool | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        return _pseudonymous_code(value, "error.code.case", "F017")

    @model_validator(mode="after")
    def _one_age(self) -> Case:
        if self.age_weeks_pregnant is not None and self.age_months is not None:
            raise Invalid("error.case.one_age")
        if self.closed_on and self.closed_on < self.opened_on:
            raise Invalid("error.case.close_order")
        return self


class Consent(Record):
    """What the family agreed to, taken before any filming. Separate yes/no for each use."""

    case_code: str
    given_on: date
    filming: bool
    supervisor_viewing: bool = False
    intervision: bool = False
    training_events: bool = False
    group_viewing: bool = False
    # A copy of the family's own clips (other people hidden) for them to keep.
    family_copy: bool = False
    withdrawn_on: date | None = None
    # Months after the end of involvement by which footage is erased (a service setting).
    retention_months: Annotated[int, Field(ge=0, le=120)] = 2

    @model_validator(mode="after")
    def _withdrawal_after_consent(self) -> Consent:
        if self.withdrawn_on and self.withdrawn_on < self.given_on:
            raise Invalid("error.consent.withdrawn_order")
        return self

    @property
    def allows_filming(self) -> bool:
        return self.filming and self.withdrawn_on is None


class Rating(Record):
    """A 0-10 rating of a helping question on an occasion (start, a review, the end)."""

    value: Annotated[int, Field(ge=0, le=10)]
    rated_on: date
    occasion: ShortText = "start"


class HelpingQuestion(Record):
    """The parent's own words for what they want to change, with its ratings."""

    id: int | None = None
    case_code: str
    position: Annotated[int, Field(ge=1, le=3)]
    words: Annotated[str, Field(min_length=1, max_length=1000)]
    hoped_for: Annotated[int, Field(ge=0, le=10)] | None = None
    ratings: list[Rating] = Field(default_factory=list)


class Cycle(Record):
    """One film, its micro-analysis and its shared review."""

    id: int | None = None
    case_code: str
    number: Annotated[int, Field(ge=1, le=50)]
    started_on: date = Field(default_factory=date.today)
    working_point: Text = ""


# A film's context when it is a film of the shared review itself (the guider with the
# parent), registered for supervision: not a film of the family's interaction.
REVIEW_FILM_CONTEXT = "shared review"


class Film(Record):
    """A reference to a video file kept outside the store: never the video itself."""

    id: int | None = None
    case_code: str
    cycle_number: Annotated[int, Field(ge=1, le=50)]
    path: Annotated[str, Field(min_length=1, max_length=4096)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    duration_s: Annotated[float, Field(gt=0, le=6 * 3600)]
    filmed_on: date
    context: ShortText = ""
    # Retention (the store sets these; a new film has none): when its footage is due to
    # go, when it went and who deleted it or confirmed deleting the original.
    footage_due_on: date | None = None
    footage_deleted_on: date | None = None
    footage_deleted_by: str | None = None


def film_places(films: Iterable[Film]) -> dict[int, int]:
    """Each film's place among its case's films (by id), given films as the store lists them
    (by case, cycle and id): "film 2 of F023" as people say it, never the film's id, which
    counts every case's films."""
    places: dict[int, int] = {}
    counted: dict[str, int] = {}
    for film in films:
        counted[film.case_code] = counted.get(film.case_code, 0) + 1
        places[film.id or 0] = counted[film.case_code]
    return places


class Clip(Record):
    """A "better than usual" moment in a film, tagged with principle ids."""

    id: int | None = None
    film_id: int
    start_s: Annotated[float, Field(ge=0)]
    end_s: Annotated[float, Field(gt=0)]
    principle_ids: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list)
    what_i_see: Text = ""
    helping_question_ids: list[int] = Field(default_factory=list)
    better_than_usual: bool = True
    still_times_s: list[Annotated[float, Field(ge=0)]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _order(self) -> Clip:
        if self.end_s <= self.start_s:
            raise Invalid("error.clip.order")
        for t in self.still_times_s:
            if not self.start_s <= t <= self.end_s:
                raise Invalid("error.clip.still_outside", time=f"{t:g}")
        return self

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


class Reflection(Record):
    """Answers to a reflective template, keeping the template's id and version."""

    id: int | None = None
    template_id: Annotated[str, Field(min_length=1, max_length=120)]
    template_version: Annotated[str, Field(min_length=1, max_length=40)]
    author_id: str
    case_code: str | None = None
    cycle_number: int | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)


#: One save's identity: a form makes one, sends it with every try of that save, and makes a
#: new one when the person changes something after it went through.
SubmissionKey = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class Draft(Record):
    """What someone has typed into a form and not yet saved, keyed by where they typed it."""

    key: Annotated[str, Field(min_length=1, max_length=300)]
    template_id: str
    template_version: str
    author_id: str
    answers: dict[str, Any] = Field(default_factory=dict)
    updated_at: datetime = Field(default_factory=now)
    #: The identity of the save this draft is on its way to (see ``store/once.py``): kept
    #: with the draft, so a page reloaded after a save that went through stores nothing new.
    submission: SubmissionKey | None = None


class Group(Record):
    """A group case (group VIG), such as a baby bonding group; each family is its own Case.

    Each member family keeps its own consent, including whether other group members may
    see its clips (:attr:`Consent.group_viewing`).
    """

    code: str
    practitioner_id: str
    title: Annotated[str, Field(min_length=1, max_length=300)]
    setting: ShortText = ""
    opened_on: date = Field(default_factory=date.today)
    closed_on: date | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        return _pseudonymous_code(value, "error.code.group", "G001")

    @model_validator(mode="after")
    def _dates(self) -> Group:
        if self.closed_on and self.closed_on < self.opened_on:
            raise Invalid("error.group.close_order")
        return self


class GroupSession(Record):
    """One meeting of a group: when, which member families came (by case code), and notes."""

    id: int | None = None
    group_code: str
    held_on: date
    attended: list[Annotated[str, Field(max_length=16)]] = Field(default_factory=list)
    notes: Text = ""

    @field_validator("group_code", mode="before")
    @classmethod
    def _group_code(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("attended", mode="before")
    @classmethod
    def _attended(cls, value: Any) -> Any:
        # Case codes as stored, each once, in order, so equal attendance compares equal.
        if isinstance(value, list | tuple | set | frozenset):
            codes = {str(v).strip().upper() for v in value}
            return sorted(c for c in codes if c)
        return value


#: What a bound a number breaks is called, by pydantic's error type.
_BOUNDS = {
    "greater_than_equal": "error.field.at_least",
    "less_than_equal": "error.field.at_most",
    "greater_than": "error.field.more_than",
    "less_than": "error.field.less_than",
}


def _label(field: str, say: Callable[..., str]) -> str:
    """A field's name as a practitioner reads it (``error.label.<field>``)."""
    from vigkit.i18n.words.errors import WORDS

    key = f"error.label.{field}"
    return say(key) if key in WORDS else field.replace("_", " ")


def problems(error: ValidationError, say: Callable[..., str] = _english) -> dict[str, str]:
    """Plain-words messages keyed by field name ('' for the record as a whole).

    ``say`` is a page's :meth:`vigkit.i18n.interface.Interface.say`, so the messages are in the
    page's language; English without it.
    """
    out: dict[str, str] = {}
    for item in error.errors():
        loc = [str(p) for p in item.get("loc", ()) if not isinstance(p, int)]
        field = loc[0] if loc else ""
        label = _label(field, say)
        kind = item.get("type", "")
        ctx = item.get("ctx") or {}
        if kind == "missing":
            text = say("error.field.missing", label=label)
        elif kind in ("string_too_short",):
            text = say("error.field.empty", label=label)
        elif kind == "string_too_long":
            text = say("error.field.too_long", label=label, limit=ctx.get("max_length"))
        elif kind in _BOUNDS:
            bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
            text = say(_BOUNDS[kind], label=label, bound=bound)
        elif kind.startswith(("int_", "float_")):
            text = say("error.field.number", label=label)
        elif kind.startswith("date"):
            text = say("error.field.date", label=label)
        elif kind == "value_error":
            refused = ctx.get("error")
            if isinstance(refused, Invalid):
                text = say(refused.key, **refused.values)
            else:
                text = str(ctx.get("error", item.get("msg", "")))
        else:
            text = say("error.field.invalid", label=label, detail=item.get("msg", "not valid"))
        out.setdefault(field, text[0].upper() + text[1:] if text else text)
    return out
