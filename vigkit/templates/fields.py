"""What every template file shares: the base model, id and version fields, and kinds.

Kept apart from the models so the cross-field checks (:mod:`.crosschecks`) and the
principles (:mod:`vigkit.templates.principles`) can use them without importing each other.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

Kind = Literal[
    "short_text",
    "long_text",
    "scale",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "date",
    "principle_picker",
    "clip_picker",
]
KINDS: tuple[str, ...] = typing.get_args(Kind)
CHOICE_KINDS = ("single_choice", "multiple_choice")
SCALE_DEFAULT = (0, 10)

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
SET_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
OPTION_ID_PATTERN = re.compile(r"^\w[\w.-]*$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def to_slug(text: str) -> str:
    return re.sub(r"[^\w.]+", "_", text.strip().lower()).strip("_")


def suggest(word: object, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` style fragment, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    choices = list(choices)
    for candidate in (word, to_slug(word).replace(".", "_")):
        if candidate in choices and candidate != word:
            return f"did you mean {candidate!r}?"
        close = difflib.get_close_matches(candidate, choices, n=1, cutoff=0.6)
        if close:
            return f"did you mean {close[0]!r}?"
    return ""


def field_error(message: str) -> PydanticCustomError:
    # No context: pydantic only substitutes {names} present in the context, so braces a
    # trainer wrote inside the message come through untouched.
    return PydanticCustomError("vigkit", message)


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        example = to_slug(value).replace(".", "_") or "what_i_noticed"
        if not example[0].isalpha():
            example = "q_" + example
        raise field_error(
            f"id {value!r} is not a usable id — use lower-case letters, digits and _ only, "
            f"starting with a letter, e.g. {example!r}"
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]

_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _readable(value: str) -> str:
    """Words people read: not blank, and no invisible control character (a NUL, say)."""
    if not value.strip():
        raise field_error("the words here are only spaces — write the words people read")
    found = _INVISIBLE.search(value)
    if found is not None:
        raise field_error(
            f"the words here hold an invisible control character (code {ord(found.group()):#04x}) "
            f"after {value[: found.start()][-20:]!r} — delete it and type the words again"
        )
    return value


#: Words people read in a template (titles, prompts, labels): not blank, nothing invisible.
Words = Annotated[str, AfterValidator(_readable)]


def _version(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not _VERSION.match(value.strip()):
        raise field_error(
            f"version {value!r} is not a version number — write numbers with dots, "
            'e.g. version: "1.0", and raise it whenever you change the questions'
        )
    return value.strip() if isinstance(value, str) else value


Version = Annotated[str, BeforeValidator(_version)]


class TemplateModel(BaseModel):
    """Templates are data read once and shared: frozen, and unknown fields are mistakes."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    noun: ClassVar[str] = "item"
    # How to fix a missing field, for the practitioner reading the message.
    hints: ClassVar[dict[str, str]] = {}


def option_dict(raw: object) -> object:
    """Plain strings and numbers become ``{id, label}``; a label without an id gets one."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str | int | float):
        text = str(raw)
        return {"id": to_slug(text), "label": text}
    if isinstance(raw, dict) and "id" not in raw and isinstance(raw.get("label"), str):
        return {"id": to_slug(raw["label"]), **raw}
    return raw
