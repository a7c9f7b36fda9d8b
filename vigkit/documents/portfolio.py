"""A trainee's portfolio for a transition or accreditation meeting: progress, cycles,
supervision records (with their sign-off and amendments) and reflections.

Never video and never stills: families appear only by case code. :func:`gather` reads the
store, :func:`render_html` (for print) and :func:`render_docx` (Word) lay it out, and
:func:`write_portfolio` writes both into a folder.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vigkit.accreditation import Accreditation, PathwayProgress
from vigkit.errors import NotFound
from vigkit.principles import Principles
from vigkit.records import Practitioner
from vigkit.store import Store
from vigkit.supervisionprogress import CycleOn, stage_on, trainee_progress
from vigkit.supervisionrules import as_amended
from vigkit.templates import Question, QuestionSet

__all__ = [
    "HTML_NAME",
    "DOCX_NAME",
    "Entry",
    "Portfolio",
    "answer_text",
    "gather",
    "render_html",
    "render_docx",
    "write_portfolio",
]

HTML_NAME = "portfolio.html"
DOCX_NAME = "portfolio.docx"
TITLE = "Accreditation portfolio"
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


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def answer_text(
    question: Question | None,
    value: Any,
    principles: Principles | None,
    clips: dict[int, str] | None = None,
) -> str:
    """An answer as a reader sees it: option labels, principle headings, clips, Yes/No, text."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
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
        return "; ".join((clips or {}).get(v, f"clip {v}") for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _answers(
    qset: QuestionSet | None,
    answers: dict[str, Any],
    principles: Principles | None,
    clips: dict[int, str] | None = None,
) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    questions = {q.id: q for q in qset.questions()} if qset else {}
    order = list(questions) + [k for k in answers if k not in questions]
    for qid in order:
        if qid in PRIVATE:
            continue
        question = questions.get(qid)
        text = answer_text(question, answers.get(qid), principles, clips)
        if text:
            out.append((question.prompt if question else qid, text))
    return tuple(out)


def gather(
    store: Store,
    trainee: Practitioner,
    requirements: Accreditation,
    find_set: Callable[[str], QuestionSet],
    principles: Principles | None = None,
    *,
    today: date | None = None,
) -> Portfolio:
    """Read the trainee's cycles, supervision records and reflections from the store."""

    def qset(template_id: str) -> QuestionSet | None:
        try:
            return find_set(template_id)
        except NotFound:
            return None

    originals = store.list_supervisions(trainee_id=trainee.id)
    amendments = {r.id: store.list_supervision_amendments(r.id or 0) for r in originals}
    records = [as_amended(r, amendments[r.id]) for r in originals]
    done = store.trainee_cycles(trainee.id)
    last = max(s.stage for s in requirements.stages)
    cycles = tuple(
        (c.case_code, c.number, c.done_on, stage_on(c.done_on, records, last)) for c in done
    )
    progress = trainee_progress(
        requirements, [CycleOn(c.case_code, c.done_on) for c in done], records, trainee.stage
    )
    names = {p.id: p.display_name for p in store.list_practitioners()}
    clips = {
        c.clip.id or 0: f"{c.film.case_code} cycle {c.film.cycle_number}, "
        f"{c.clip.start_s:g}–{c.clip.end_s:g} s"
        for c in store.trainee_clips(trainee.id)
    }

    def prompt(template_id: str, qid: str) -> str:
        found = qset(template_id)
        try:
            return found.question(qid).prompt if found else qid
        except KeyError:
            return qid

    supervision = []
    for r in records:
        facts = [
            f"{r.mode.value.capitalize()} supervision, {r.duration_minutes} minutes"
            + (f", stage {r.stage}" if r.stage else ""),
            f"Supervisor: {names.get(r.supervisor_id or '', r.supervisor_id or 'not named')}",
        ]
        if r.transition_meeting:
            facts.append("The meeting that ends the stage (transition meeting).")
        if r.signed_at:
            facts.append(
                f"Signed by {names.get(r.signed_by or '', r.signed_by or '')} on "
                f"{r.signed_at.astimezone():%d %b %Y at %H:%M}."
            )
        else:
            facts.append("Not signed yet: not counted in the hours.")
        notes = tuple(
            f"Amended by {names.get(a.author_id, a.author_id)} on "
            f"{a.made_at.astimezone():%d %b %Y at %H:%M} "
            f"({'; '.join(prompt(r.template_id, q) for q in a.changes)}): {a.reason}"
            for a in amendments[r.id]
        )
        supervision.append(
            Entry(
                f"Supervision on {_day(r.held_on)}",
                tuple(facts),
                _answers(qset(r.template_id), r.answers, principles, clips),
                notes,
            )
        )
    reflections = []
    for ref in sorted(store.list_reflections(author_id=trainee.id), key=lambda x: x.created_at):
        found = qset(ref.template_id)
        where = f"case {ref.case_code}" if ref.case_code else "no case"
        if ref.cycle_number:
            where += f", cycle {ref.cycle_number}"
        reflections.append(
            Entry(
                f"{found.title if found else ref.template_id}: {ref.created_at.astimezone():%d %b %Y}",
                (where,),
                _answers(found, ref.answers, principles, clips),
            )
        )
    return Portfolio(
        trainee.display_name,
        trainee.stage,
        today or date.today(),
        progress,
        cycles,
        tuple(supervision),
        tuple(reflections),
    )


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 180mm; margin: 12mm auto; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #0072B2; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.entry { break-inside: avoid; margin: 1em 0; } .facts { color: #333; }
dt { font-weight: bold; margin-top: 0.4em; } dd { margin-left: 1em; white-space: pre-wrap; }
@page { size: A4; margin: 15mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(p: Portfolio) -> str:
    """The portfolio as one self-contained HTML page, for print."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(TITLE)}: {_e(p.trainee)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(TITLE)}</h1>",
        f"<p>{_e(p.trainee)}"
        + (f", stage {p.stage}" if p.stage else "")
        + f". Made on {_e(_day(p.made_on))}. "
        "Families appear only by case code; no video or stills.</p>",
        "<h2>Progress</h2>",
    ]
    for stage in (*p.progress.stages, None):
        reqs = stage.requirements if stage else p.progress.totals
        caption = stage.label if stage else "The whole pathway"
        rows = "".join(
            f"<tr><td>{_e(r.label)}</td><td>{r.done:g}</td><td>{r.required:g}</td><td>{_e(r.left)}</td></tr>"
            for r in reqs
        )
        out.append(
            f"<table><caption>{_e(caption)}</caption><thead><tr><th>Requirement</th><th>Done</th>"
            f"<th>Required</th><th>Left</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    out.append("<h2>Cycles</h2>")
    if p.cycles:
        rows = "".join(
            f"<tr><td>{_e(code)}</td><td>{n}</td><td>{_e(_day(day))}</td><td>{stage}</td></tr>"
            for code, n, day, stage in p.cycles
        )
        out.append(
            "<table><thead><tr><th>Case</th><th>Cycle</th><th>Filmed</th><th>Stage</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
    else:
        out.append("<p>No finished cycles yet.</p>")
    for title, entries in (("Supervision records", p.supervision), ("Reflections", p.reflections)):
        out.append(f"<h2>{_e(title)}</h2>")
        if not entries:
            out.append("<p>None yet.</p>")
        for entry in entries:
            out.append(f'<section class="entry"><h3>{_e(entry.heading)}</h3>')
            out.append("".join(f'<p class="facts">{_e(f)}</p>' for f in entry.facts))
            if entry.answers:
                out.append(
                    "<dl>"
                    + "".join(f"<dt>{_e(q)}</dt><dd>{_e(a)}</dd>" for q, a in entry.answers)
                    + "</dl>"
                )
            out.extend(f'<p class="facts"><em>{_e(n)}</em></p>' for n in entry.notes)
            out.append("</section>")
    out += ["</body></html>", ""]
    return "\n".join(out)


def _table(doc: Any, head: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = (
                value
                if isinstance(value, str)
                else f"{value:g}"
                if isinstance(value, float)
                else str(value)
            )


def render_docx(p: Portfolio, path: str | os.PathLike[str]) -> Path:
    """Write the portfolio as an A4 Word document."""
    from docx import Document
    from docx.shared import Mm

    path = Path(path)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.core_properties.title = TITLE
    doc.core_properties.author = ""
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(
        f"{p.trainee}"
        + (f", stage {p.stage}" if p.stage else "")
        + f". Made on {_day(p.made_on)}. "
        "Families appear only by case code; no video or stills."
    )
    doc.add_heading("Progress", level=1)
    for stage in (*p.progress.stages, None):
        reqs = stage.requirements if stage else p.progress.totals
        doc.add_heading(stage.label if stage else "The whole pathway", level=2)
        _table(
            doc,
            ["Requirement", "Done", "Required", "Left"],
            [(r.label, r.done, r.required, r.left) for r in reqs],
        )
    doc.add_heading("Cycles", level=1)
    if p.cycles:
        _table(
            doc,
            ["Case", "Cycle", "Filmed", "Stage"],
            [(code, n, _day(day), stage) for code, n, day, stage in p.cycles],
        )
    else:
        doc.add_paragraph("No finished cycles yet.")
    for title, entries in (("Supervision records", p.supervision), ("Reflections", p.reflections)):
        doc.add_heading(title, level=1)
        if not entries:
            doc.add_paragraph("None yet.")
        for entry in entries:
            doc.add_heading(entry.heading, level=2)
            for fact in entry.facts:
                doc.add_paragraph(fact)
            for prompt, answer in entry.answers:
                doc.add_paragraph().add_run(prompt).bold = True
                doc.add_paragraph(answer)
            for note in entry.notes:
                doc.add_paragraph().add_run(note).italic = True
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_portfolio(portfolio: Portfolio, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write ``portfolio.html`` and ``portfolio.docx`` into ``out_dir``; the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = out / HTML_NAME
    page.write_text(render_html(portfolio), encoding="utf-8")
    return [page, render_docx(portfolio, out / DOCX_NAME)]
