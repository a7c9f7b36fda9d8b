"""The numbers a service decides, with defaults from the VIG primer (§2, §6, §8).

Pure: :func:`load_settings` takes YAML text (read by the caller) and returns a
:class:`ServiceSettings`; every problem is raised as a :class:`SettingsProblem` whose
message a service lead can read, one sentence per problem.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from vigkit.core.errors import VigkitError

__all__ = [
    "ServiceSettings",
    "TemplateChoices",
    "SettingsProblem",
    "load_settings",
    "DEFAULT_SETTINGS",
]

_LABELS: dict[str, str] = {
    "max_clips_per_film": "the most clips on one film",
    "max_clip_seconds": "the longest clip in seconds",
    "film_minutes_range": "the range of film lengths in minutes",
    "target_film_minutes": "the usual film length in minutes",
    "days_film_to_review_warn": "the days from a film to its shared review",
    "retention_months": "the months footage is kept after involvement ends",
    "min_cycles": "the least number of cycles",
    "templates": "the templates each workbook uses",
    "language": "the language pages open in",
    "reflection": "the reflective model a new reflection opens with",
    "reflection_models": "the reflective models offered",
    "shared_review": "the shared review template",
    "database": "the database",
    "risk_procedure": "the risk procedure a self-harm item above 0 shows",
    "disclosure_threshold": "the smallest count a report shows",
    "disclosure_rounding": "what a report rounds counts to",
}

RISK_PROCEDURE = (
    "A self-harm item is above 0. Follow your service's risk procedure now: talk with the "
    "parent today about their safety and who can be with them, tell your supervisor or the "
    "duty lead before the end of the day, and record what you did and agreed. "
    "(A service sets its own procedure as risk_procedure in settings.yaml.)"
)

_DATABASE_URL = r"^(postgresql(\+psycopg)?://\S+|sqlite:///\S+)$"
_TemplateId = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9_]+$")]


class SettingsProblem(VigkitError):
    """The settings text cannot be used; ``problems`` lists each reason in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("The service settings need fixing: " + " ".join(problems))


class TemplateChoices(BaseModel):
    """Which question set each workbook uses: a template id, shipped or the service's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reflection: _TemplateId = "reflection_gibbs"
    # The models a practitioner may switch to; empty means every reflective model found.
    reflection_models: tuple[_TemplateId, ...] = ()
    shared_review: _TemplateId = "shared_review"

    @field_validator("reflection_models", mode="before")
    @classmethod
    def _one_is_a_list(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class ServiceSettings(BaseModel):
    """What a service decides about films, clips, reviews, retention and templates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_clips_per_film: Annotated[int, Field(ge=1, le=20)] = 3
    max_clip_seconds: Annotated[float, Field(gt=0, le=600)] = 10.0
    film_minutes_range: tuple[
        Annotated[float, Field(ge=0, le=360)], Annotated[float, Field(ge=0, le=360)]
    ] = (5, 20)
    target_film_minutes: Annotated[float, Field(gt=0, le=360)] = 10
    days_film_to_review_warn: Annotated[int, Field(ge=1, le=365)] = 14
    retention_months: Annotated[int, Field(ge=0, le=120)] = 2
    min_cycles: Annotated[int, Field(ge=1, le=50)] = 3
    templates: TemplateChoices = TemplateChoices()
    # The language pages open in until a practitioner picks another (falls back to English).
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")] = "en"
    # A team's store (a PostgreSQL URL) when no --database or $VIGKIT_DATABASE_URL names one.
    database: Annotated[str, Field(pattern=_DATABASE_URL, max_length=2000)] | None = None
    # What the page shows at once when a measure's self-harm item is above 0 (EPDS item 10).
    risk_procedure: Annotated[str, Field(min_length=1, max_length=4000)] = RISK_PROCEDURE
    # The service report's disclosure control (NHS Digital: counts of 1-7 hidden, others
    # rounded to 5); some services hide counts under 10.
    disclosure_threshold: Annotated[int, Field(ge=2, le=100)] = 8
    disclosure_rounding: Annotated[int, Field(ge=1, le=100)] = 5

    @model_validator(mode="after")
    def _range_in_order(self) -> ServiceSettings:
        low, high = self.film_minutes_range
        if low > high:
            raise ValueError(
                f"the range of film lengths goes from {low:g} to {high:g} minutes: "
                "put the shorter length first"
            )
        if not low <= self.target_film_minutes <= high:
            raise ValueError(
                f"the usual film length ({self.target_film_minutes:g} minutes) lies outside "
                f"the range of film lengths ({low:g} to {high:g} minutes)"
            )
        return self


DEFAULT_SETTINGS = ServiceSettings()


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _describe(item: Any) -> str:
    """One pydantic error item as a plain sentence naming the setting."""
    loc = [p for p in item.get("loc", ()) if isinstance(p, str)]
    field = loc[-1] if loc else ""
    label = _LABELS.get(field, field.replace("_", " "))
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind == "extra_forbidden":
        known = ", ".join(TemplateChoices.model_fields)
        return f"{field!r} is not a template setting; the template settings are {known}"
    if kind == "string_pattern_mismatch" and field == "database":
        return "the database must be a URL such as postgresql+psycopg://user:password@host/vigkit"
    if kind == "string_pattern_mismatch":
        return f"{label} must be a template id: lower-case letters, digits and _ only"
    if kind == "model_type":
        return f"{label} should be lines of `name: template id` under `templates:`"
    if kind in bounds:
        word, key = bounds[kind]
        return f"{label} must be {word} {ctx.get(key)}"
    if kind.startswith(("int_", "float_")):
        return f"{label} must be a whole number" if "int" in kind else f"{label} must be a number"
    if kind in ("tuple_type", "too_short", "too_long") and field == "reflection_models":
        return f"{label} should be a list of template ids, such as [reflection_what]"
    if kind in ("tuple_type", "too_short", "too_long"):
        return f"{label} needs two numbers, such as [5, 20]"
    if kind == "value_error":
        return str(ctx.get("error", item.get("msg", "")))
    return f"{label}: {item.get('msg', 'not valid')}"


def load_settings(text: str | None) -> ServiceSettings:
    """Settings from YAML text; None or empty text gives the defaults. SettingsProblem if wrong."""
    if text is None or not text.strip():
        return ServiceSettings()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark is not None else ""
        raise SettingsProblem(
            [
                f"The settings could not be read{where}: check the spacing and that each "
                "line looks like `name: value`."
            ]
        ) from None
    if data is None:
        return ServiceSettings()
    if not isinstance(data, dict):
        raise SettingsProblem(
            ["The settings should be lines of `name: value`, such as `max_clips_per_film: 3`."]
        )
    problems: list[str] = []
    known = list(ServiceSettings.model_fields)
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = (
                f" Did you mean {close[0]!r}?" if close else f" Known settings: {', '.join(known)}."
            )
            problems.append(f"{str(key)!r} is not a setting.{hint}")
    if problems:
        raise SettingsProblem(problems)
    try:
        return ServiceSettings.model_validate(data)
    except ValidationError as err:
        raise SettingsProblem([_sentence(_describe(item)) for item in err.errors()]) from None
