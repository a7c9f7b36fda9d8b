"""What the pure rules ask of a question set: its shape, not its class.

A question set is the templates room's (:class:`vigkit.templates.QuestionSet`, read from a
trainer's YAML); the rules about answers (:mod:`vigkit.core.answers`) and about who may answer
(:mod:`vigkit.core.supervisionrules`) need only what is named here, so core never imports
the templates room, which builds on core.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

__all__ = ["AnOption", "ShownIf", "AQuestion", "Questions"]


class AnOption(Protocol):
    """One choice of a choice question: its id is what is stored."""

    @property
    def id(self) -> str: ...


class ShownIf(Protocol):
    """A question shown only when another answer is ``equals``."""

    @property
    def question(self) -> str: ...
    @property
    def equals(self) -> bool | int | str: ...


class AQuestion(Protocol):
    """One question, as :class:`vigkit.templates.Question`."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def options(self) -> Sequence[AnOption] | None: ...
    @property
    def show_if(self) -> ShownIf | None: ...
    @property
    def audience(self) -> str: ...
    @property
    def scale_range(self) -> tuple[int, int]: ...


class Questions(Protocol):
    """A question set, as :class:`vigkit.templates.QuestionSet`: its questions in order."""

    def questions(self) -> Iterable[AQuestion]: ...
