"""Checks that need more than one field of a question set.

They run on the raw data, so they run even when other parts of the file are broken and
every problem is reported at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vigkit.templates.fields import CHOICE_KINDS, KINDS, SCALE_DEFAULT, option_dict, suggest
from vigkit.templates.modelerrors import Loc
from vigkit.templates.yamlsource import LineOf, Problems

if TYPE_CHECKING:
    from vigkit.templates.principles import Principles


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def question_problems(q: dict[str, Any]) -> Problems:
    """What does not fit the question's kind; locations are relative to the question."""
    kind = q.get("kind")
    if kind not in KINDS:
        return []
    out = _option_problems(str(kind), q.get("options"))
    if kind == "scale":
        out += _scale_problems(q)
    else:
        for name in ("min", "max", "anchors"):
            if q.get(name) is not None:
                out.append(
                    (
                        (name,),
                        f"{name} only applies to a scale question — remove `{name}:`, "
                        "or make it `kind: scale`",
                    )
                )
    return out


def _option_problems(kind: str, options: object) -> Problems:
    """Options missing from a choice, given to a kind without them, or listed twice."""
    out: Problems = []
    if kind in CHOICE_KINDS:
        if not isinstance(options, list) or len(options) < 2:
            out.append(
                (
                    ("options",) if options is not None else ("kind",),
                    f"a {kind} question needs at least two options — add `options:` with "
                    "one choice per line, e.g. `- Initial meeting`",
                )
            )
    elif options is not None and kind != "principle_picker":
        out.append(
            (
                ("options",),
                f"options do not apply to a {kind} question — remove `options:`, or make it "
                "single_choice or multiple_choice",
            )
        )
    if isinstance(options, list):
        seen: dict[str, int] = {}
        for i, raw in enumerate(options):
            opt = option_dict(raw)
            oid = opt.get("id") if isinstance(opt, dict) else None
            if isinstance(oid, str):
                if oid in seen:
                    out.append(
                        (
                            ("options", i),
                            f"option {oid!r} is listed twice (options {seen[oid] + 1} and "
                            f"{i + 1}) — give each option its own id",
                        )
                    )
                seen.setdefault(oid, i)
    return out


def _scale_problems(q: dict[str, Any]) -> Problems:
    """A scale whose min is not below its max, or with anchors outside it."""
    out: Problems = []
    low = q.get("min", SCALE_DEFAULT[0])
    high = q.get("max", SCALE_DEFAULT[1])
    low = SCALE_DEFAULT[0] if low is None else low
    high = SCALE_DEFAULT[1] if high is None else high
    if _is_int(low) and _is_int(high):
        if low >= high:
            out.append(
                (
                    ("max",) if "max" in q else ("min",),
                    f"the scale goes from {low} to {high}, but min must be less than max "
                    "— e.g. `min: 0` and `max: 10`",
                )
            )
        anchors = q.get("anchors")
        if isinstance(anchors, dict):
            for point in anchors:
                if _is_int(point) and not low <= point <= high:
                    out.append(
                        (
                            ("anchors", point, "[key]"),
                            f"anchor {point} is outside the scale {low}–{high} — anchor "
                            "points must lie between min and max",
                        )
                    )
    return out


def _lines(line_of: LineOf, *locs: Loc) -> str:
    found = [line_of(loc) for loc in locs]
    if any(n is None for n in found):
        return ""
    return ", lines " + " and ".join(str(n) for n in found)


def set_problems(
    data: Any,
    line_of: LineOf,
    principles: Principles | None = None,
    principles_problem: str | None = None,
) -> Problems:
    """Duplicate ids, show_if references, kind fit, and principle ids, across the whole set."""
    out: Problems = []
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return out
    section_ids: dict[str, Loc] = {}
    question_ids: dict[str, tuple[Loc, dict[str, Any]]] = {}
    ordered: list[tuple[Loc, dict[str, Any]]] = []
    for si, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        sid = section.get("id")
        if isinstance(sid, str):
            here = ("sections", si, "id")
            if sid in section_ids:
                out.append(
                    (
                        here,
                        f"section id {sid!r} is used twice{_lines(line_of, section_ids[sid], here)}"
                        " — give each section its own id",
                    )
                )
            section_ids.setdefault(sid, here)
        questions = section.get("questions")
        if not isinstance(questions, list):
            continue
        for qi, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            loc = ("sections", si, "questions", qi)
            out.extend((loc + sub, msg) for sub, msg in question_problems(q))
            qid = q.get("id")
            if isinstance(qid, str):
                if qid in question_ids:
                    first = question_ids[qid][0] + ("id",)
                    out.append(
                        (
                            loc + ("id",),
                            f"question id {qid!r} is used twice"
                            f"{_lines(line_of, first, loc + ('id',))}"
                            " — give each question its own id",
                        )
                    )
                question_ids.setdefault(qid, (loc, q))
            ordered.append((loc, q))

    before: set[str] = set()
    for loc, q in ordered:
        out.extend(_show_if_problems(loc, q, question_ids, before))
        if isinstance(q.get("id"), str):
            before.add(q["id"])
        if q.get("kind") == "principle_picker":
            out.extend(_picker_problems(loc, q, principles, principles_problem))
    return out


def _show_if_problems(
    loc: Loc,
    q: dict[str, Any],
    question_ids: dict[str, tuple[Loc, dict[str, Any]]],
    before: set[str],
) -> Problems:
    cond = q.get("show_if")
    if not isinstance(cond, dict) or not isinstance(cond.get("question"), str):
        return []
    target = cond["question"]
    at = loc + ("show_if", "question")
    if target == q.get("id"):
        return [
            (at, f"show_if refers to the question itself ({target!r}) — name an earlier question")
        ]
    if target not in question_ids:
        hint = suggest(target, question_ids)
        return [
            (
                at,
                f"show_if refers to {target!r}, which no question has — "
                + (hint or "write the id of an earlier question"),
            )
        ]
    if target not in before:
        return [
            (at, f"show_if refers to {target!r}, which comes later — move this question after it")
        ]
    if "equals" not in cond:
        return []
    return _equals_problems(
        loc + ("show_if", "equals"), target, question_ids[target][1], cond["equals"]
    )


def _equals_problems(at: Loc, target: str, other: dict[str, Any], equals: object) -> Problems:
    """A show_if's ``equals`` that question ``target`` (``other``) can never answer."""
    kind = other.get("kind")
    if kind == "yes_no" and not isinstance(equals, bool):
        return [
            (
                at,
                f"{target!r} is a yes/no question, so equals must be true or false, not "
                f"{equals!r} — write `equals: true` or `equals: false`",
            )
        ]
    if kind in CHOICE_KINDS and isinstance(other.get("options"), list):
        opts = [option_dict(o) for o in other["options"]]
        ids = [o["id"] for o in opts if isinstance(o, dict) and isinstance(o.get("id"), str)]
        if equals not in ids:
            by_label = {o.get("label"): o.get("id") for o in opts if isinstance(o, dict)}
            hint = (
                f"did you mean {by_label[equals]!r}?"
                if isinstance(equals, str) and equals in by_label
                else suggest(equals, ids)
            )
            return [
                (
                    at,
                    f"{equals!r} is not an option of {target!r} — "
                    + (hint + " " if hint else "")
                    + f"(its options: {', '.join(ids)})",
                )
            ]
    if kind == "scale":
        low, high = other.get("min", 0), other.get("max", 10)
        if not _is_int(equals) or (_is_int(low) and _is_int(high) and not low <= equals <= high):
            return [
                (
                    at,
                    f"{target!r} is a scale from {low} to {high}, so equals must be a number in it",
                )
            ]
    return []


def _picker_problems(
    loc: Loc, q: dict[str, Any], principles: Principles | None, principles_problem: str | None
) -> Problems:
    if principles_problem:
        return [(loc + ("kind",), principles_problem)]
    options = q.get("options")
    if principles is None or not isinstance(options, list):
        return []
    known = principles.ids()
    out: Problems = []
    for i, raw in enumerate(options):
        opt = option_dict(raw)
        oid = opt.get("id") if isinstance(opt, dict) else None
        if isinstance(oid, str) and oid not in known:
            hint = suggest(oid, known)
            out.append(
                (
                    loc + ("options", i),
                    f"{oid!r} is not a principle — {hint + ' ' if hint else ''}"
                    "(use the ids in principles.yaml, e.g. attentive or attentive.waiting)",
                )
            )
    return out
