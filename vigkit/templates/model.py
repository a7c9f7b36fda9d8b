"""The question set model: sections of questions, each of a known kind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from vigkit.templates.crosschecks import question_problems, set_problems
from vigkit.templates.fields import (
    KINDS,
    LANGUAGE_PATTERN,
    OPTION_ID_PATTERN,
    SCALE_DEFAULT,
    SET_ID_PATTERN,
    Kind,
    Slug,
    TemplateModel,
    Version,
    Words,
    field_error,
    option_dict,
    suggest,
    to_slug,
)


class Option(TemplateModel):
    """One choice. ``id`` is what records keep; ``label`` is what people read."""

    noun: ClassVar[str] = "option"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name that records keep, e.g. `id: shared_review`",
        "label": "add `label:` the words people see",
    }

    id: str
    label: Annotated[Words, Field(min_length=1)]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not OPTION_ID_PATTERN.match(value):
            raise field_error(
                f"option id {value!r} is not usable — use letters, digits and _ only, "
                f"e.g. {(to_slug(value) or 'option_1')!r}"
            )
        return value


class ShowIf(TemplateModel):
    """Show a question only when an earlier question was answered with ``equals``."""

    noun: ClassVar[str] = "show_if"
    hints: ClassVar[dict[str, str]] = {
        "question": "add `question:` the id of the earlier question this one depends on",
        "equals": "add `equals:` the answer that makes this question appear (e.g. true)",
    }

    question: str
    equals: bool | int | str


class Question(TemplateModel):
    noun: ClassVar[str] = "question"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name in lower case that records keep, e.g. `id: what_i_noticed`",
        "prompt": "add `prompt:` the question the practitioner reads",
        "kind": f"add `kind:` one of {', '.join(KINDS)}",
    }

    id: Slug
    prompt: Annotated[Words, Field(min_length=1)]
    help: str | None = None
    kind: Kind
    required: bool = False
    options: list[Option] | None = None
    min: int | None = None
    max: int | None = None
    anchors: dict[int, str] | None = None
    show_if: ShowIf | None = None
    # Who may answer: everyone who opens the form, or only the supervisor (a supervision
    # record's observations); others see a supervisor-only answer but cannot change it.
    audience: Literal["everyone", "supervisor"] = "everyone"

    @property
    def scale_range(self) -> tuple[int, int]:
        """The ends of a scale (0 to 10 unless the template says otherwise)."""
        low = SCALE_DEFAULT[0] if self.min is None else self.min
        high = SCALE_DEFAULT[1] if self.max is None else self.max
        return low, high

    @model_validator(mode="before")
    @classmethod
    def _scale_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") == "scale":
            data = {"min": SCALE_DEFAULT[0], "max": SCALE_DEFAULT[1], **data}
            for end in ("min", "max"):
                if data[end] is None:
                    data[end] = SCALE_DEFAULT[0 if end == "min" else 1]
        return data

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in KINDS:
            hint = suggest(value, KINDS)
            raise field_error(
                f"kind {value!r} is not known — {hint + ' ' if hint else ''}"
                f"(known kinds: {', '.join(KINDS)})"
            )
        return value

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, value: Any) -> Any:
        return [option_dict(o) for o in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _fits_kind(self) -> Question:
        found = question_problems(self.model_dump())
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options or ()]


class Section(TemplateModel):
    noun: ClassVar[str] = "section"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name in lower case, e.g. `id: description`",
        "title": "add `title:` the heading people see",
        "questions": "add `questions:` with at least one question under it",
    }

    id: Slug
    title: Annotated[Words, Field(min_length=1)]
    intro: str | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class QuestionSet(TemplateModel):
    """A reflective template: sections of questions, with an id and version records keep."""

    noun: ClassVar[str] = "question set"
    hints: ClassVar[dict[str, str]] = {
        "schema_version": "add `schema_version: 1` at the top",
        "id": "add `id:` a short name in lower case, e.g. `id: reflection_gibbs`",
        "version": 'add `version: "1.0"` and raise it whenever you change the questions',
        "title": "add `title:` the name people see",
        "sections": "add `sections:` with at least one section of questions",
    }

    schema_version: Literal[1]
    id: str
    version: Version
    title: Annotated[Words, Field(min_length=1)]
    description: str | None = None
    language: str = "en"
    sections: Annotated[list[Section], Field(min_length=1)]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not SET_ID_PATTERN.match(value):
            raise field_error(
                f"id {value!r} is not usable — use lower-case letters, digits, _ and - only, "
                f"e.g. {(to_slug(value).replace('.', '_') or 'my_reflection')!r}"
            )
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not LANGUAGE_PATTERN.match(value):
            raise field_error(
                f"language {value!r} is not a language code — write a code such as "
                "en, cy (Welsh) or pl (Polish)"
            )
        return value

    @model_validator(mode="after")
    def _cross_references(self) -> QuestionSet:
        found = set_problems(self.model_dump(), lambda loc: None)
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    def questions(self) -> Iterator[Question]:
        """Every question, section by section."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` when there is none."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)
