"""The words of the family's record of strengths, from a template a trainer can reword.

Pure: :func:`parse_wording` takes YAML text and returns a :class:`Wording`, or raises
:class:`~vigkit.core.errors.TemplateProblem` naming the file, line and column of every problem
(an unknown ``{name}``, a missing line, a misspelt key). :func:`load_wording` reads the
shipped ``templates/documents/record_of_strengths.yaml``.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vigkit.paths import templates_dir
from vigkit.templates.fields import field_error
from vigkit.templates.yamlsource import LineOf, Problems, parse_yaml_model, read_template

__all__ = ["Wording", "PLACEHOLDERS", "parse_wording", "load_wording", "wording_path"]

Line = Annotated[str, Field(min_length=1, max_length=2000)]

# The {names} each line may use: they are filled in when the document is made.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "made_on": frozenset({"case", "day"}),
    "first_rating": frozenset({"value", "occasion", "day"}),
    "latest_rating": frozenset({"value", "occasion", "day"}),
    "hoped_for": frozenset({"value"}),
    "moment_title": frozenset({"number", "cycle", "context", "day"}),
    "still_alt": frozenset({"number"}),
    "source": frozenset({"source"}),
}


class Wording(BaseModel):
    """Every sentence of the record of strengths that is not the family's own."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    noun: ClassVar[str] = "wording"
    hints: ClassVar[dict[str, str]] = {}

    kind: Literal["document_wording"] = "document_wording"
    id: Literal["record_of_strengths"] = "record_of_strengths"
    version: Annotated[str, Field(min_length=1, max_length=40)] = "1.0"
    language: Annotated[str, Field(min_length=2, max_length=20)] = "en"
    title: Line = "Our record of strengths"
    made_on: Line = "{case} · made on {day}"
    questions_heading: Line = "What you wanted to change"
    first_rating: Line = "First rating: {value} out of 10 ({occasion}, {day})"
    latest_rating: Line = "Latest rating: {value} out of 10 ({occasion}, {day})"
    hoped_for: Line = "Hoped for: {value} out of 10"
    moments_heading: Line = "Better than usual moments"
    no_moments: Line = "No moments have been chosen yet."
    moment_title: Line = "Moment {number}: cycle {cycle}{context} · {day}"
    still_alt: Line = "A still from moment {number}"
    what_we_see: Line = "What we can see:"
    what_i_see: Line = "What I see:"
    no_still: Line = (
        "The picture for this moment is not included: the film it came from is no longer "
        "available as it was when the moment was chosen."
    )
    no_still_consent: Line = (
        "The picture for this moment is not included: the family's consent to using the "
        "film no longer stands."
    )
    closing: Line = (
        "These are moments you and your baby shared. Keep them, and look back at them "
        "whenever you like."
    )
    source: Line = "The principles are from {source}"

    @field_validator("*")
    @classmethod
    def _known_names(cls, text: Any, info: ValidationInfo) -> Any:
        if not isinstance(text, str):
            return text
        key = info.field_name or ""
        allowed = PLACEHOLDERS.get(key, frozenset())
        for name in placeholders(text):
            if name not in allowed:
                known = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
                raise field_error(
                    f"`{key}` uses {{{name}}}, which is not filled in there (it may use: {known})"
                    " — check the spelling inside the curly brackets"
                )
        return text

    def say(self, key: str, **values: object) -> str:
        """The line ``key`` with its {names} filled in."""
        return str(getattr(self, key)).format_map({k: str(v) for k, v in values.items()})


def placeholders(text: str) -> list[str]:
    """The {names} in a line; ValueError in plain words when a bracket is unmatched."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise field_error(
            f"{text!r} has a curly bracket without its pair — write {{name}}, or {{{{ and }}}} "
            "for a bracket that is printed"
        ) from None
    return [name for _, name, _, _ in parsed if name is not None]


def _checks(data: Any, line_of: LineOf) -> Problems:
    return []


def parse_wording(text: str, source: str = "<string>") -> Wording:
    """Wording from YAML text; :class:`TemplateProblem` lists every problem with its line."""
    return parse_yaml_model(
        text, source, Wording, _checks, "`kind: document_wording`, `id: record_of_strengths`"
    )


def wording_path() -> Path:
    return templates_dir() / "documents" / "record_of_strengths.yaml"


def load_wording(path: str | Path | None = None) -> Wording:
    """The wording from a file (default: the shipped template); TemplateProblem if it is wrong."""
    path = Path(path) if path is not None else wording_path()
    return parse_wording(read_template(path), str(path))
