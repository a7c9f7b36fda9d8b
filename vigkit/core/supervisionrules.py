"""Supervision rules: which clips consent lets a trainee bring, who may answer what, and
what an amendment changes. Pure: records in, plain values and plain words out.

Consent (VIG primer §6): a clip is offered in individual supervision only when the
family's current consent allows viewing by the VIG supervisor, and in group supervision
only when it allows intervision with other trainees. Withdrawn consent allows neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vigkit.core.questions import Questions
from vigkit.core.records import Consent
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment, SupervisionMode
from vigkit.i18n.interface import Interface, Say, date_words

__all__ = [
    "ClipOption",
    "ClipOffer",
    "consent_refusal",
    "offer_clips",
    "supervisor_only",
    "keep_supervisor_answers",
    "answer_changes",
    "amended_answers",
    "as_amended",
    "record_fields",
    "FIELD_IDS",
]

# The questions of the supervision question set the workbook reads into the record itself.
FIELD_IDS = ("held_on", "mode", "duration_minutes", "stage", "transition_meeting")


@dataclass(frozen=True)
class ClipOption:
    """A clip a trainee might bring: its id, its family's case code, how it is shown."""

    clip_id: int
    case_code: str
    label: str


@dataclass(frozen=True)
class ClipOffer:
    """The clips offered for one mode of supervision, and those held back with the reason."""

    offered: tuple[ClipOption, ...]
    held_back: tuple[tuple[ClipOption, str], ...]


def consent_refusal(
    consent: Consent | None,
    mode: SupervisionMode | str,
    case_code: str = "",
    say: Say | None = None,
) -> str | None:
    """Why the family's consent does not let its clips be seen in this mode, or None if it does.

    In ``say``'s words (:meth:`vigkit.i18n.interface.Interface.say`; default English).
    """
    mode = SupervisionMode(mode)
    say = say or Interface().say
    part = "family" if case_code else "the_family"
    start = say(f"supervision.consent.{part}.start", code=case_code)
    if consent is None:
        family = say(f"supervision.consent.{part}", code=case_code)
        return say("supervision.consent.none", family=family)
    if consent.withdrawn_on is not None:
        day = date_words(consent.withdrawn_on, say, short=True)
        return say("supervision.consent.withdrawn", family=start, day=day)
    if mode is SupervisionMode.individual and not consent.supervisor_viewing:
        return say("supervision.consent.no_supervisor", family=start)
    if mode is SupervisionMode.group and not consent.intervision:
        return say("supervision.consent.no_intervision", family=start)
    return None


def offer_clips(
    clips: Iterable[ClipOption],
    consents: Mapping[str, Consent | None],
    mode: SupervisionMode | str,
    say: Say | None = None,
) -> ClipOffer:
    """Split ``clips`` into those the families' current consent allows in ``mode`` and the rest.

    ``consents`` holds each family's current consent by case code; a family missing from it
    has none recorded. The reasons are in ``say``'s words (default English).
    """
    offered: list[ClipOption] = []
    held: list[tuple[ClipOption, str]] = []
    for clip in clips:
        reason = consent_refusal(consents.get(clip.case_code), mode, clip.case_code, say)
        if reason is None:
            offered.append(clip)
        else:
            held.append((clip, reason))
    return ClipOffer(tuple(offered), tuple(held))


def supervisor_only(qset: Questions) -> set[str]:
    """The ids of the questions only a supervisor may answer."""
    return {q.id for q in qset.questions() if q.audience == "supervisor"}


def keep_supervisor_answers(
    qset: Questions,
    stored: Mapping[str, Any],
    typed: Mapping[str, Any],
    is_supervisor: bool,
) -> dict[str, Any]:
    """The answers to save: what was typed, except that someone who is not the supervisor
    cannot change a supervisor-only answer (the stored one is kept)."""
    out = dict(typed)
    if is_supervisor:
        return out
    for qid in supervisor_only(qset):
        if qid in stored:
            out[qid] = stored[qid]
        else:
            out.pop(qid, None)
    return out


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def answer_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """``{question id: {"before": …, "after": …}}`` for every answer that differs.

    An empty answer and a missing one are the same: no change.
    """
    out: dict[str, dict[str, Any]] = {}
    for qid in dict.fromkeys([*before, *after]):
        old, new = before.get(qid), after.get(qid)
        if _blank(old) and _blank(new):
            continue
        if old != new:
            out[qid] = {"before": old, "after": new}
    return out


def amended_answers(
    record: Supervision, amendments: Sequence[SupervisionAmendment]
) -> dict[str, Any]:
    """The record's answers as they stand after its amendments, in the order they were made."""
    answers = dict(record.answers)
    for amendment in sorted(amendments, key=lambda a: (a.made_at, a.id or 0)):
        for qid, change in amendment.changes.items():
            answers[qid] = change.get("after")
    return answers


def as_amended(record: Supervision, amendments: Sequence[SupervisionAmendment]) -> Supervision:
    """The record as it stands after its amendments: answers, and the date, mode, length,
    stage and transition read from them (the signature stays the original one)."""
    if not amendments:
        return record
    answers = amended_answers(record, amendments)
    fields = record_fields(answers, record.stage)
    return record.model_copy(update={"answers": answers, **fields})


def record_fields(answers: Mapping[str, Any], default_stage: int | None = None) -> dict[str, Any]:
    """The record's own fields (date, mode, length, stage, transition) read from its answers.

    What is missing or not yet valid is left out, so the record's defaults apply.
    """
    out: dict[str, Any] = {}
    held = answers.get("held_on")
    if isinstance(held, str) and held:
        try:
            out["held_on"] = date.fromisoformat(held)
        except ValueError:
            pass
    mode = answers.get("mode")
    if isinstance(mode, str) and mode in {m.value for m in SupervisionMode}:
        out["mode"] = SupervisionMode(mode)
    for key in ("duration_minutes", "stage"):
        value = answers.get(key)
        if isinstance(value, str) and value.isdigit():
            out[key] = int(value)
    if "stage" not in out and default_stage is not None:
        out["stage"] = default_stage
    out["transition_meeting"] = answers.get("transition_meeting") is True
    return out
