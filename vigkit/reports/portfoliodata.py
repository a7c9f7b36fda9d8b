"""What a trainee's portfolio holds, and :func:`gather`, which reads it from the store.

Every word of the portfolio's own is said by the ``ui`` (keys ``documents.portfolio.…``);
what the records hold (answers, prompts, names) stays as written. :mod:`vigkit.reports.portfolio`
lays it out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vigkit.core import clock
from vigkit.core.accreditationprogress import PathwayProgress
from vigkit.core.errors import NotFound
from vigkit.core.records import Practitioner, Reflection
from vigkit.core.supervisionprogress import CycleOn, progress_in_words, stage_on, trainee_progress
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment
from vigkit.core.supervisionrules import as_amended
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.templates import Question, QuestionSet
from vigkit.templates.accreditation import Accreditation
from vigkit.templates.principles import Principles

__all__ = ["PRIVATE", "Entry", "Portfolio", "answer_text", "gather"]

# How the trainee is doing stays between trainee and supervisor: not in the portfolio.
PRIVATE = frozenset({"wellbeing"})


@dataclass(frozen=True)
class Entry:
    """One supervision record or reflection: a heading, facts, and answers under prompts."""

    heading: str
    facts: tuple[str, ...]
    answers: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Portfolio:
    """Everything the document shows."""

    trainee: str
    stage: int | None
    made_on: date
    progress: PathwayProgress
    cycles: tuple[tuple[str, int, date, int], ...]  # case code, cycle, film day, stage
    supervision: tuple[Entry, ...]
    reflections: tuple[Entry, ...]
    language: str = "en"


def _at(moment: datetime, ui: Interface) -> str:
    """A moment as "5 March 2026 at 14:03", in the local time zone."""
    local = moment.astimezone()
    return ui.say("documents.portfolio.at", day=ui.date(local), time=f"{local:%H:%M}")


def answer_text(
    question: Question | None,
    value: Any,
    principles: Principles | None,
    clips: dict[int, str] | None = None,
    ui: Interface | None = None,
) -> str:
    """An answer as a reader sees it: option labels, principle headings, clips, Yes/No, text."""
    ui = ui or Interface()
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return ui.say("yes" if value else "no")
    if question is not None and question.options:
        labels = {o.id: o.label for o in question.options}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if question is not None and question.kind == "principle_picker" and principles is not None:
        names = []
        for pid in value if isinstance(value, list) else [value]:
            try:
                names.append(principles.heading_of(str(pid)).heading)
            except KeyError:
                names.append(str(pid))
        return ", ".join(dict.fromkeys(names))
    if question is not None and question.kind == "clip_picker" and isinstance(value, list):
        return "; ".join(
            (clips or {}).get(v) or ui.say("documents.portfolio.clip_id", id=v) for v in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _answers(
    qset: QuestionSet | None,
    answers: dict[str, Any],
    principles: Principles | None,
    clips: dict[int, str] | None = None,
    ui: Interface | None = None,
) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    questions = {q.id: q for q in qset.questions()} if qset else {}
    order = list(questions) + [k for k in answers if k not in questions]
    for qid in order:
        if qid in PRIVATE:
            continue
        question = questions.get(qid)
        text = answer_text(question, answers.get(qid), principles, clips, ui)
        if text:
            out.append((question.prompt if question else qid, text))
    return tuple(out)


@dataclass(frozen=True)
class _Wording:
    """What an entry's words come from: the question sets, people's names, the trainee's clips
    (as "case, cycle, start–end"), the principles and the reader's interface."""

    find_set: Callable[[str], QuestionSet]
    names: dict[str, str]
    clips: dict[int, str]
    principles: Principles | None
    ui: Interface
    kept_body: Callable[[str, str], dict[str, Any] | None] = lambda _ident, _version: None

    def qset(self, template_id: str, version: str = "") -> QuestionSet | None:
        """The question set of ``template_id``; once removed from the service, the store's
        copy of ``version`` (the one a record was written with); None when neither is there."""
        try:
            return self.find_set(template_id)
        except NotFound:
            body = self.kept_body(template_id, version) if version else None
            try:
                return QuestionSet.model_validate(body) if body else None
            except ValueError:
                return None

    def gone_title(self, ref: Reflection) -> str:
        """A removed model's name: the title its stored copy had, else plain words."""
        body = self.kept_body(ref.template_id, ref.template_version)
        title = body.get("title") if body else None
        return title if isinstance(title, str) and title else self.ui.say("home.reflections.gone")

    def prompt(self, template_id: str, qid: str) -> str:
        """The prompt of question ``qid``, or its id when the set or question is gone."""
        found = self.qset(template_id)
        try:
            return found.question(qid).prompt if found else qid
        except KeyError:
            return qid

    def answers(
        self, qset: QuestionSet | None, answers: dict[str, Any]
    ) -> tuple[tuple[str, str], ...]:
        """The answers a reader sees, under their prompts, without the private ones."""
        return _answers(qset, answers, self.principles, self.clips, self.ui)


def _clip_names(store: Store, trainee_id: str, ui: Interface) -> dict[int, str]:
    """Each of the trainee's clips by id, named by case, cycle and times (never by family)."""
    return {
        c.clip.id or 0: ui.say(
            "documents.portfolio.clip",
            case=c.film.case_code,
            cycle=c.film.cycle_number,
            start=clip_time(c.clip.start_s),
            end=clip_time(c.clip.end_s),
        )
        for c in store.supervision.trainee_clips(trainee_id)
    }


def _supervision_entry(
    r: Supervision, amendments: Sequence[SupervisionAmendment], wording: _Wording
) -> Entry:
    """A supervision record: its mode, supervisor, sign-off, answers and amendments."""
    ui, say, names = wording.ui, wording.ui.say, wording.names
    kind = say(f"documents.portfolio.mode.{r.mode.value}", minutes=r.duration_minutes)
    if r.stage:
        kind = say("documents.portfolio.with_stage", what=kind, stage=r.stage)
    supervisor = r.supervisor_id or say("documents.portfolio.not_named")
    facts = [
        kind,
        say("documents.portfolio.supervisor", name=names.get(r.supervisor_id or "", supervisor)),
    ]
    if r.transition_meeting:
        facts.append(say("documents.portfolio.transition"))
    if r.signed_at:
        signer = names.get(r.signed_by or "", r.signed_by or "")
        facts.append(say("documents.portfolio.signed", name=signer, when=_at(r.signed_at, ui)))
    else:
        facts.append(say("documents.portfolio.not_signed"))
    notes = tuple(
        say(
            "documents.portfolio.amended",
            name=names.get(a.author_id, a.author_id),
            when=_at(a.made_at, ui),
            questions="; ".join(wording.prompt(r.template_id, q) for q in a.changes),
            reason=a.reason,
        )
        for a in amendments
    )
    return Entry(
        say("documents.portfolio.supervision_on", day=ui.date(r.held_on)),
        tuple(facts),
        wording.answers(wording.qset(r.template_id), r.answers),
        notes,
    )


def _reflection_entry(ref: Reflection, wording: _Wording) -> Entry:
    """A reflection: its title and day, the case and cycle it is about, and its answers."""
    say = wording.ui.say
    found = wording.qset(ref.template_id, ref.template_version)
    if ref.case_code:
        where = say("documents.portfolio.case", code=ref.case_code)
    else:
        where = say("documents.portfolio.no_case")
    if ref.cycle_number:
        where = say("documents.portfolio.case_cycle", where=where, cycle=ref.cycle_number)
    return Entry(
        say(
            "documents.portfolio.reflection",
            title=found.title if found else wording.gone_title(ref),
            day=wording.ui.date(ref.created_at.astimezone()),
        ),
        (where,),
        wording.answers(found, ref.answers),
    )


def gather(
    store: Store,
    trainee: Practitioner,
    requirements: Accreditation,
    find_set: Callable[[str], QuestionSet],
    principles: Principles | None = None,
    *,
    today: date | None = None,
    ui: Interface | None = None,
) -> Portfolio:
    """Read the trainee's cycles, supervision records and reflections from the store, and
    word them in ``ui``'s language (default English)."""
    ui = ui or Interface()
    originals = store.supervision.list(trainee_id=trainee.id)
    amendments = {r.id: store.supervision.list_amendments(r.id or 0) for r in originals}
    records = [as_amended(r, amendments[r.id]) for r in originals]
    done = store.supervision.trainee_cycles(trainee.id)
    last = max(s.stage for s in requirements.stages)
    cycles = tuple(
        (c.case_code, c.number, c.done_on, stage_on(c.done_on, records, last)) for c in done
    )
    progress = trainee_progress(
        requirements, [CycleOn(c.case_code, c.done_on) for c in done], records, trainee.stage
    )
    progress = progress_in_words(requirements, progress, ui.say)
    names = {p.id: p.display_name for p in store.people.list()}
    clips = _clip_names(store, trainee.id, ui)
    wording = _Wording(find_set, names, clips, principles, ui, store.templates.body)
    supervision = [_supervision_entry(r, amendments[r.id], wording) for r in records]
    reflections = [
        _reflection_entry(ref, wording)
        for ref in sorted(store.reflections.list(author_id=trainee.id), key=lambda x: x.created_at)
    ]
    return Portfolio(
        trainee.display_name,
        trainee.stage,
        today or clock.today(),
        progress,
        cycles,
        tuple(supervision),
        tuple(reflections),
        ui.language,
    )
