"""Answers to a question set: what counts as answered, what is shown, what is wrong. Pure.

A question set here is its shape (:mod:`vigkit.core.questions`): the model is the templates
room's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from vigkit.core.questions import AQuestion, Questions
from vigkit.i18n.interface import ENGLISH

__all__ = [
    "is_blank",
    "is_shown",
    "validate_answers",
    "clean_answers",
    "option_ids",
    "text_limit",
    "capped_for_draft",
]

TEXT_LIMITS = {"short_text": 300, "long_text": 20_000}


def text_limit(question: AQuestion) -> int | None:
    """The most characters a text answer to ``question`` may have (None: not a text)."""
    return TEXT_LIMITS.get(question.kind)


Say = Callable[..., str]  # (key, **values) -> words, e.g. Interface.say


def _say(say: Say | None, key: str, **values: object) -> str:
    if say is not None:
        return say(key, **values)
    return ENGLISH[key].format_map({k: str(v) for k, v in values.items()})


def option_ids(question: AQuestion) -> list[str]:
    """The ids a choice question accepts."""
    return [option.id for option in (question.options or [])]


def is_blank(value: Any) -> bool:
    """True when nothing has been given (empty text, no choice, no date)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return len(value) == 0
    return False


def is_shown(question: AQuestion, answers: dict[str, Any]) -> bool:
    """A question with ``show_if`` is shown only when the other answer says so."""
    rule = question.show_if
    if rule is None:
        return True
    given = answers.get(rule.question)
    if isinstance(given, list):
        return rule.equals in given
    return bool(given == rule.equals)


def _problem(
    question: AQuestion,
    value: Any,
    principle_ids: set[str] | None,
    clip_ids: set[int] | None = None,
    say: Say | None = None,
) -> str | None:
    kind = question.kind
    if kind in ("short_text", "long_text"):
        if not isinstance(value, str):
            return _say(say, "answer.text")
        limit = TEXT_LIMITS[kind]
        if len(value) > limit:
            return _say(say, "answer.too_long", limit=limit)
    elif kind == "scale":
        low, high = question.scale_range
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _say(say, "answer.scale", low=low, high=high)
    elif kind == "single_choice":
        if value not in option_ids(question):
            return _say(say, "answer.single")
    elif kind in ("multiple_choice", "principle_picker"):
        allowed = set(option_ids(question)) if kind == "multiple_choice" else principle_ids
        if not isinstance(value, list) or (allowed is not None and not set(value) <= allowed):
            return _say(say, "answer.multiple")
    elif kind == "clip_picker":
        if (
            not isinstance(value, list)
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or len(set(value)) != len(value)
        ):
            return _say(say, "answer.clips_once")
        if clip_ids is not None and not set(value) <= clip_ids:
            return _say(say, "answer.clip_gone")
    elif kind == "yes_no":
        if not isinstance(value, bool):
            return _say(say, "answer.yes_no")
    elif kind == "date":
        try:
            date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            return _say(say, "answer.date")
    return None


def validate_answers(
    qset: Questions,
    answers: dict[str, Any],
    principle_ids: set[str] | None = None,
    clip_ids: set[int] | None = None,
    say: Say | None = None,
) -> dict[str, str]:
    """Problems keyed by question id: required answers missing, values of the wrong kind.

    ``principle_ids`` and ``clip_ids``, when given, are what pickers may choose from;
    ``say`` words the problems (default: English, from :data:`vigkit.i18n.interface.ENGLISH`).
    """
    problems: dict[str, str] = {}
    for question in qset.questions():
        if not is_shown(question, answers):
            continue
        value = answers.get(question.id)
        if is_blank(value):
            if question.required:
                problems[question.id] = _say(say, "answer.required")
            continue
        problem = _problem(question, value, principle_ids, clip_ids, say)
        if problem:
            problems[question.id] = problem
    return problems


def capped_for_draft(qset: Questions, answers: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The answers with each text cut to what an answer may hold, and how many were cut:
    a draft never keeps more than a saved answer could (a megabyte pasted by mistake would
    otherwise come back on every visit)."""
    limits = {q.id: text_limit(q) for q in qset.questions()}
    capped: dict[str, Any] = {}
    cut = 0
    for qid, value in answers.items():
        limit = limits.get(qid)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            capped[qid] = value[:limit]
            cut += 1
        else:
            capped[qid] = value
    return capped, cut


def clean_answers(qset: Questions, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers worth keeping: known questions that are shown and not blank."""
    kept: dict[str, Any] = {}
    for question in qset.questions():
        value = answers.get(question.id)
        if is_shown(question, answers) and not is_blank(value):
            kept[question.id] = value
    return kept
