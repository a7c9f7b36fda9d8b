"""What changed between two versions of a question set, in words, keyed by ids.

Pure: :func:`diff_question_sets` takes two parsed :class:`QuestionSet` and returns
:class:`Change` items; :func:`format_diff` turns them into lines for a trainer. A change
that matters for records already saved (a removed question, a kind changed, an option
removed) says what happens to those answers.

Records keep the template's id and version and their answers keyed by question id (and
option id), so ids are what is compared; prompts, labels and help are the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vigkit.templates.model import Option, Question, QuestionSet, Section

__all__ = ["Change", "Diff", "diff_question_sets", "format_diff", "version_key"]


@dataclass(frozen=True)
class Change:
    """One difference: ``where`` it is ("question 'noticed'"), ``what`` changed, and, when
    it matters for records already saved, ``records``: what happens to their answers."""

    where: str
    what: str
    records: str = ""

    @property
    def matters(self) -> bool:
        return bool(self.records)


@dataclass(frozen=True)
class Diff:
    old: QuestionSet
    new: QuestionSet
    changes: tuple[Change, ...]

    @property
    def version_raised(self) -> bool:
        return version_key(self.new.version) > version_key(self.old.version)

    @property
    def version_note(self) -> str:
        """What to do about the version, or '' when it is as it should be."""
        old, new = self.old.version, self.new.version
        if self.old.id != self.new.id:
            return ""  # two templates: each has its own versions
        if version_key(new) < version_key(old):
            return (
                f"the version went down, from {old} to {new} — versions only go up: "
                f"write a version above {old}"
            )
        if self.changes and not self.version_raised:
            return (
                f"the questions changed but the version is still {new} — raise it "
                f'(e.g. version: "{suggest_next(old)}") so records keep which questions '
                "they answered"
            )
        return ""


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` → ``(1, 10)``; trailing zeros do not count, so 1.0 equals 1."""
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def suggest_next(version: str) -> str:
    """The next minor version: "1.0" → "1.1", "2" → "2.1", "1.2.3" → "1.3"."""
    parts = version.split(".")
    return f"{parts[0]}.{int(parts[1]) + 1}" if len(parts) > 1 else f"{parts[0]}.1"


# What happens to saved answers. Kept in one place: it describes what the reflection page
# does today (it shows a saved record with the current version of its template).
def _removed_question_note(qid: str, prompt: str) -> str:
    return (
        f"answers already saved to {qid!r} stay in those records, but the reflection page "
        f"shows a record with the current questions, so they will no longer be shown under "
        f'"{prompt}" — and saving such a record again drops them; keep the question to keep them'
    )


def _renamed_question_note(old_id: str, new_id: str) -> str:
    return (
        f"answers already saved are kept under {old_id!r}, not {new_id!r}: the new question "
        f"starts empty in every saved record — keep the id {old_id!r} to keep them"
    )


def _kind_note(qid: str, old: str, new: str) -> str:
    return (
        f"answers already saved to {qid!r} were given to a {old} question and may not fit a "
        f"{new} question: the form may show them blank or refuse them, and saving the record "
        "again may lose them — consider a new question (a new id) instead"
    )


def _quote(text: str | None) -> str:
    return "(none)" if text is None else f'"{" ".join(text.split())}"'


def _reworded(field: str, old: str | None, new: str | None) -> str:
    if old is None:
        return f"{field} added: {_quote(new)}"
    if new is None:
        return f"{field} removed (was {_quote(old)})"
    return f"{field} reworded: {_quote(old)} → {_quote(new)}"


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _words(field: str, old: str | None, new: str | None) -> list[str]:
    """A rewording, ignoring line breaks and spaces (YAML folds long text differently)."""
    return [] if _norm(old) == _norm(new) else [_reworded(field, old, new)]


def _order_change(old_ids: Sequence[str], new_ids: Sequence[str]) -> str:
    """'' when the ids common to both come in the same order; else "a, b → b, a"."""
    common = set(old_ids) & set(new_ids)
    before = [i for i in old_ids if i in common]
    after = [i for i in new_ids if i in common]
    return "" if before == after else f"{', '.join(before)} → {', '.join(after)}"


def _option_changes(old: Question, new: Question) -> list[str]:
    old_opts: dict[str, Option] = {o.id: o for o in old.options or ()}
    new_opts: dict[str, Option] = {o.id: o for o in new.options or ()}
    old_labels = {_norm(o.label) for oid, o in old_opts.items() if oid not in new_opts}
    out = [  # an added option with a removed option's label is an id change (_removed_options)
        f"option {oid!r} added ({_quote(o.label)})"
        for oid, o in new_opts.items()
        if oid not in old_opts and _norm(o.label) not in old_labels
    ]
    for oid, o in old_opts.items():
        if oid in new_opts and " ".join(o.label.split()) != " ".join(new_opts[oid].label.split()):
            out.append(
                f"option {oid!r} relabelled: {_quote(o.label)} → {_quote(new_opts[oid].label)} "
                "(saved answers keep the id, so they show the new label)"
            )
    order = _order_change(list(old_opts), list(new_opts))
    if order:
        out.append(f"options reordered: {order}")
    return out


def _removed_options(old: Question, new: Question) -> list[Change]:
    new_opts = {o.id: o for o in new.options or ()}
    by_label = {" ".join(o.label.split()): o.id for o in new.options or ()}
    old_ids = {o.id for o in old.options or ()}
    out: list[Change] = []
    for o in old.options or ():
        if o.id in new_opts:
            continue
        renamed = by_label.get(" ".join(o.label.split()))
        if renamed is not None and renamed not in old_ids:
            what = f"option id changed from {o.id!r} to {renamed!r} (label {_quote(o.label)})"
            records = (
                f"answers already saved that chose {o.id!r} keep {o.id!r}, which is no longer "
                f"an option — keep the id {o.id!r} and change only the label"
            )
        else:
            what = f"option {o.id!r} removed (was {_quote(o.label)})"
            records = (
                f"answers already saved that chose {o.id!r} keep it, but it is no longer an "
                "option: the form will not show it as chosen"
            )
        out.append(Change(f"question {old.id!r}", what, records))
    return out


def _scale_changes(old: Question, new: Question) -> list[Change]:
    where = f"question {old.id!r}"
    out: list[Change] = []
    if (old.min, old.max) != (new.min, new.max):
        out.append(
            Change(
                where,
                f"scale changed from {old.min}–{old.max} to {new.min}–{new.max}",
                "answers already saved are numbers on the old scale and are not converted: "
                "compare them with care",
            )
        )
    old_anchors, new_anchors = old.anchors or {}, new.anchors or {}
    for point in sorted(set(old_anchors) | set(new_anchors)):
        for line in _words(f"anchor {point}", old_anchors.get(point), new_anchors.get(point)):
            out.append(Change(where, line))
    return out


def _show_if(q: Question) -> str:
    if q.show_if is None:
        return "always shown"
    equals = q.show_if.equals
    shown = ("true" if equals else "false") if isinstance(equals, bool) else repr(equals)
    return f"shown when {q.show_if.question!r} is {shown}"


_TEXT_KINDS = {"short_text", "long_text"}


def _question_changes(old: Question, new: Question) -> list[Change]:
    where = f"question {old.id!r}"
    out: list[Change] = [Change(where, w) for w in _words("prompt", old.prompt, new.prompt)]
    out += [Change(where, w) for w in _words("help", old.help, new.help)]
    if old.kind != new.kind and {old.kind, new.kind} <= _TEXT_KINDS:
        out.append(Change(where, f"kind changed from {old.kind} to {new.kind} (text either way)"))
    elif old.kind != new.kind:
        out.append(
            Change(
                where,
                f"kind changed from {old.kind} to {new.kind}",
                _kind_note(old.id, old.kind, new.kind),
            )
        )
    if old.required != new.required:
        if new.required:
            out.append(
                Change(
                    where,
                    "now required",
                    "records already saved without this answer stay as they are, but the "
                    "form will ask for it the next time such a record is saved",
                )
            )
        else:
            out.append(Change(where, "no longer required"))
    if old.show_if != new.show_if:
        out.append(Change(where, f"show_if changed: {_show_if(old)} → {_show_if(new)}"))
    out += [Change(where, w) for w in _option_changes(old, new)]
    out += _removed_options(old, new)
    if old.kind == new.kind == "scale":
        out += _scale_changes(old, new)
    return out


def _section_of(qset: QuestionSet) -> dict[str, Section]:
    return {q.id: s for s in qset.sections for q in s.questions}


def _set_changes(old: QuestionSet, new: QuestionSet) -> list[Change]:
    """Changes to the set itself: its id, title, description and language."""
    changes: list[Change] = []
    top = "the question set"
    if old.id != new.id:
        changes.append(
            Change(
                top,
                f"id changed from {old.id!r} to {new.id!r}",
                f"records keep the id: records saved with {old.id!r} will not open with "
                f"{new.id!r} — two ids are two different templates",
            )
        )
    for field in ("title", "description", "language"):
        changes += [Change(top, w) for w in _words(field, getattr(old, field), getattr(new, field))]
    return changes


def _section_changes(old: QuestionSet, new: QuestionSet) -> list[Change]:
    """Sections reordered, added or removed, and each kept section's new title or intro."""
    changes: list[Change] = []
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    order = _order_change(list(old_sections), list(new_sections))
    if order:
        changes.append(Change("the question set", f"sections reordered: {order}"))
    for sid, s in new_sections.items():
        if sid not in old_sections:
            changes.append(Change(f"section {sid!r}", f"added ({_quote(s.title)})"))
    for sid, s in old_sections.items():
        if sid not in new_sections:
            changes.append(Change(f"section {sid!r}", f"removed (was {_quote(s.title)})"))
            continue
        other = new_sections[sid]
        changes += [Change(f"section {sid!r}", w) for w in _words("title", s.title, other.title)]
        changes += [Change(f"section {sid!r}", w) for w in _words("intro", s.intro, other.intro)]
    return changes


def _by_id(qset: QuestionSet) -> dict[str, Question]:
    """The set's questions by id, section by section."""
    return {q.id: q for q in qset.questions()}


def _renamed(old_qs: dict[str, Question], new_qs: dict[str, Question]) -> dict[str, str]:
    """Old id -> new id of each question whose id alone changed (an added question has the
    prompt of a removed one)."""
    added = [q for qid, q in new_qs.items() if qid not in old_qs]
    renamed: dict[str, str] = {}
    for q in old_qs.values():
        if q.id in new_qs:
            continue
        twin = next(
            (a for a in added if a.prompt == q.prompt and a.id not in renamed.values()), None
        )
        if twin is not None:
            renamed[q.id] = twin.id
    return renamed


def _questions_in_and_out(old: QuestionSet, new: QuestionSet) -> list[Change]:
    """Questions added, then questions renamed or removed."""
    changes: list[Change] = []
    old_in, new_in = _section_of(old), _section_of(new)
    old_qs, new_qs = _by_id(old), _by_id(new)
    renamed = _renamed(old_qs, new_qs)
    for qid, q in new_qs.items():
        if qid not in old_qs and qid not in renamed.values():
            changes.append(
                Change(
                    f"question {q.id!r}",
                    f"added to section {new_in[q.id].id!r}: {_quote(q.prompt)} ({q.kind})",
                )
            )
    for qid, q in old_qs.items():
        if qid in renamed:
            changes.append(
                Change(
                    f"question {qid!r}",
                    f"id changed to {renamed[qid]!r} (same prompt {_quote(q.prompt)})",
                    _renamed_question_note(qid, renamed[qid]),
                )
            )
        elif qid not in new_qs:
            changes.append(
                Change(
                    f"question {qid!r}",
                    f"removed from section {old_in[qid].id!r} (was {_quote(q.prompt)})",
                    _removed_question_note(qid, q.prompt),
                )
            )
    return changes


def _kept_question_changes(old: QuestionSet, new: QuestionSet) -> list[Change]:
    """Each question in both sets: moved to another section, and what changed in it."""
    changes: list[Change] = []
    old_in, new_in = _section_of(old), _section_of(new)
    old_qs, new_qs = _by_id(old), _by_id(new)
    for qid, q in old_qs.items():
        if qid not in new_qs:
            continue
        if old_in[qid].id != new_in[qid].id:
            changes.append(
                Change(
                    f"question {qid!r}",
                    f"moved from section {old_in[qid].id!r} to section {new_in[qid].id!r}",
                )
            )
        changes += _question_changes(q, new_qs[qid])
    return changes


def _question_order_changes(old: QuestionSet, new: QuestionSet) -> list[Change]:
    """Each kept section whose questions come in another order."""
    changes: list[Change] = []
    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    for sid, s in old_sections.items():
        if sid in new_sections:
            order = _order_change(
                [q.id for q in s.questions], [q.id for q in new_sections[sid].questions]
            )
            if order:
                changes.append(Change(f"section {sid!r}", f"questions reordered: {order}"))
    return changes


def diff_question_sets(old: QuestionSet, new: QuestionSet) -> Diff:
    """Every difference from ``old`` to ``new``: the set, its sections, then its questions."""
    changes = [
        *_set_changes(old, new),
        *_section_changes(old, new),
        *_questions_in_and_out(old, new),
        *_kept_question_changes(old, new),
        *_question_order_changes(old, new),
    ]
    return Diff(old, new, tuple(changes))


def format_diff(diff: Diff, old_name: str = "old", new_name: str = "new") -> list[str]:
    """Lines for a trainer: a heading, each change, what it means for records, the version."""
    old, new = diff.old, diff.new
    lines = [
        f"{old_name} ({old.id}, version {old.version}) → {new_name} ({new.id}, version "
        f"{new.version})"
    ]
    if not diff.changes:
        lines.append("No differences in the questions.")
    for change in diff.changes:
        lines.append(f"- {change.where}: {change.what}")
        if change.records:
            lines.append(f"    ! saved records: {change.records}")
    if old.id != new.id:
        lines.append(
            "These are two different templates (their ids differ), so their versions are not "
            "compared."
        )
    elif diff.version_note:
        lines.append(f"Version: {diff.version_note}.")
    elif diff.changes:
        lines.append(f"Version: raised from {old.version} to {new.version}.")
    mattering = sum(1 for c in diff.changes if c.matters)
    if diff.changes:
        count = f"{len(diff.changes)} change{'' if len(diff.changes) == 1 else 's'}"
        lines.append(
            f"{count}; {mattering} matter{'s' if mattering == 1 else ''} for records already "
            "saved (marked !)."
            if mattering
            else f"{count}; none matters for records already saved."
        )
    return lines
