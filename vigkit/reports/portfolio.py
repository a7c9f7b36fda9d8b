"""A trainee's portfolio for a transition or accreditation meeting: progress, cycles,
supervision records (with their sign-off and amendments) and reflections.

Never video and never stills: families appear only by case code. :func:`gather` reads the
store, :func:`render_html` (for print), :func:`render_docx` (Word) and :func:`render_pdf` lay
it out, and :func:`write_portfolio` writes all three into a folder.

Every word of the document's own is said by the ``ui`` each function takes (keys
``documents.portfolio.…`` in :mod:`vigkit.i18n.words.documents`; default English): the trainee's
language. What the records hold (answers, prompts, names) stays as written.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vigkit.core import clock
from vigkit.core.accreditationprogress import PathwayProgress
from vigkit.core.errors import NotFound
from vigkit.core.records import Practitioner
from vigkit.core.supervisionprogress import CycleOn, progress_in_words, stage_on, trainee_progress
from vigkit.core.supervisionrules import as_amended
from vigkit.i18n.interface import Interface
from vigkit.reports.whole import write_text_whole, write_whole
from vigkit.reports.xmltext import xml_safe_deep
from vigkit.store import Store
from vigkit.templates import Question, QuestionSet
from vigkit.templates.accreditation import Accreditation
from vigkit.templates.principles import Principles

__all__ = [
    "HTML_NAME",
    "DOCX_NAME",
    "PDF_NAME",
    "Entry",
    "Portfolio",
    "answer_text",
    "gather",
    "render_html",
    "render_docx",
    "render_pdf",
    "write_portfolio",
]

HTML_NAME = "portfolio.html"
DOCX_NAME = "portfolio.docx"
PDF_NAME = "portfolio.pdf"
TITLE = "Accreditation portfolio"  # in English; a document's is ui.say(_TITLE)
_TITLE = "documents.portfolio.title"
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


def _day(d: date, ui: Interface) -> str:
    return ui.date(d)


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
    say = ui.say

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
    progress = progress_in_words(requirements, progress, say)
    names = {p.id: p.display_name for p in store.list_practitioners()}
    clips = {
        c.clip.id or 0: say(
            "documents.portfolio.clip",
            case=c.film.case_code,
            cycle=c.film.cycle_number,
            start=f"{c.clip.start_s:g}",
            end=f"{c.clip.end_s:g}",
        )
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
        kind = say(f"documents.portfolio.mode.{r.mode.value}", minutes=r.duration_minutes)
        if r.stage:
            kind = say("documents.portfolio.with_stage", what=kind, stage=r.stage)
        supervisor = r.supervisor_id or say("documents.portfolio.not_named")
        facts = [
            kind,
            say(
                "documents.portfolio.supervisor", name=names.get(r.supervisor_id or "", supervisor)
            ),
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
                questions="; ".join(prompt(r.template_id, q) for q in a.changes),
                reason=a.reason,
            )
            for a in amendments[r.id]
        )
        supervision.append(
            Entry(
                say("documents.portfolio.supervision_on", day=_day(r.held_on, ui)),
                tuple(facts),
                _answers(qset(r.template_id), r.answers, principles, clips, ui),
                notes,
            )
        )
    reflections = []
    for ref in sorted(store.list_reflections(author_id=trainee.id), key=lambda x: x.created_at):
        found = qset(ref.template_id)
        if ref.case_code:
            where = say("documents.portfolio.case", code=ref.case_code)
        else:
            where = say("documents.portfolio.no_case")
        if ref.cycle_number:
            where = say("documents.portfolio.case_cycle", where=where, cycle=ref.cycle_number)
        reflections.append(
            Entry(
                say(
                    "documents.portfolio.reflection",
                    title=found.title if found else ref.template_id,
                    day=_day(ref.created_at.astimezone(), ui),
                ),
                (where,),
                _answers(found, ref.answers, principles, clips, ui),
            )
        )
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


def _about(p: Portfolio, ui: Interface) -> str:
    """The line under the title: who, their stage, the day it was made, and what it leaves out."""
    who = (
        ui.say("documents.portfolio.trainee_stage", trainee=p.trainee, stage=p.stage)
        if p.stage
        else p.trainee
    )
    return ui.say("documents.portfolio.about", trainee=who, day=_day(p.made_on, ui))


def _progress_columns(ui: Interface) -> list[str]:
    return [
        ui.say(f"supervision.progress.{key}") for key in ("requirement", "done", "required", "left")
    ]


def _cycle_columns(ui: Interface) -> list[str]:
    return [
        ui.say(f"documents.portfolio.col.{key}") for key in ("case", "cycle", "filmed", "stage")
    ]


def _progress_tables(p: Portfolio, ui: Interface) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Each stage's requirements, then the whole pathway's: (caption, rows) for a table."""
    tables: list[tuple[str, list[tuple[object, ...]]]] = []
    for stage in (*p.progress.stages, None):
        reqs = stage.requirements if stage else p.progress.totals
        caption = stage.label if stage else ui.say("supervision.progress.whole")
        tables.append((caption, [(r.label, r.done, r.required, r.left) for r in reqs]))
    return tables


def _cycle_rows(p: Portfolio, ui: Interface) -> list[tuple[object, ...]]:
    return [(code, n, _day(day, ui), stage) for code, n, day, stage in p.cycles]


def _sections(p: Portfolio, ui: Interface) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
    return (
        (ui.say("documents.portfolio.supervision"), p.supervision),
        (ui.say("documents.portfolio.reflections"), p.reflections),
    )


def render_html(p: Portfolio, ui: Interface | None = None) -> str:
    """The portfolio as one self-contained HTML page, for print, in ``ui``'s words."""
    ui = ui or Interface()
    title = ui.say(_TITLE)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(p.language)}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}: {_e(p.trainee)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(_about(p, ui))}</p>",
        f"<h2>{_e(ui.say('documents.portfolio.progress'))}</h2>",
    ]
    heads = "".join(f"<th>{_e(h)}</th>" for h in _progress_columns(ui))
    for stage in (*p.progress.stages, None):
        reqs = stage.requirements if stage else p.progress.totals
        caption = stage.label if stage else ui.say("supervision.progress.whole")
        rows = "".join(
            f"<tr><td>{_e(r.label)}</td><td>{r.done:g}</td><td>{r.required:g}</td><td>{_e(r.left)}</td></tr>"
            for r in reqs
        )
        out.append(
            f"<table><caption>{_e(caption)}</caption><thead><tr>{heads}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    out.append(f"<h2>{_e(ui.say('documents.portfolio.cycles'))}</h2>")
    if p.cycles:
        rows = "".join(
            f"<tr><td>{_e(code)}</td><td>{n}</td><td>{_e(_day(day, ui))}</td><td>{stage}</td></tr>"
            for code, n, day, stage in p.cycles
        )
        heads = "".join(f"<th>{_e(h)}</th>" for h in _cycle_columns(ui))
        out.append(f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    else:
        out.append(f"<p>{_e(ui.say('documents.portfolio.no_cycles'))}</p>")
    for title, entries in _sections(p, ui):
        out.append(f"<h2>{_e(title)}</h2>")
        if not entries:
            out.append(f"<p>{_e(ui.say('documents.portfolio.none_yet'))}</p>")
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


def render_docx(p: Portfolio, path: str | os.PathLike[str], ui: Interface | None = None) -> Path:
    """Write the portfolio as an A4 Word document, in ``ui``'s words."""
    from docx import Document
    from docx.shared import Mm

    ui = ui or Interface()
    p = xml_safe_deep(p)  # a NUL typed into a record would refuse the whole file
    title = ui.say(_TITLE)
    path = Path(path)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    doc.core_properties.language = p.language
    doc.add_heading(title, level=0)
    doc.add_paragraph(_about(p, ui))
    doc.add_heading(ui.say("documents.portfolio.progress"), level=1)
    for caption, rows in _progress_tables(p, ui):
        doc.add_heading(caption, level=2)
        _table(doc, _progress_columns(ui), rows)
    doc.add_heading(ui.say("documents.portfolio.cycles"), level=1)
    if p.cycles:
        _table(doc, _cycle_columns(ui), _cycle_rows(p, ui))
    else:
        doc.add_paragraph(ui.say("documents.portfolio.no_cycles"))
    for title, entries in _sections(p, ui):
        doc.add_heading(title, level=1)
        if not entries:
            doc.add_paragraph(ui.say("documents.portfolio.none_yet"))
        for entry in entries:
            doc.add_heading(entry.heading, level=2)
            for fact in entry.facts:
                doc.add_paragraph(fact)
            for prompt, answer in entry.answers:
                doc.add_paragraph().add_run(prompt).bold = True
                doc.add_paragraph(answer)
            for note in entry.notes:
                doc.add_paragraph().add_run(note).italic = True
    return write_whole(path, lambda temp: doc.save(str(temp)))


def render_pdf(p: Portfolio, path: str | os.PathLike[str], ui: Interface | None = None) -> Path:
    """Write the portfolio as an A4 PDF, in ``ui``'s words (the same as :func:`render_html`)."""
    from vigkit.reports.pdfdoc import PdfDocument

    ui = ui or Interface()
    title = ui.say(_TITLE)
    doc = PdfDocument(
        f"{title}: {p.trainee}",
        language=p.language,
        page_words=lambda page, pages: ui.say("documents.pdf.page", page=page, pages=pages),
        created=p.made_on,
    )
    doc.heading(title, level=0)
    doc.paragraph(_about(p, ui))
    doc.heading(ui.say("documents.portfolio.progress"), level=1)
    for caption, rows in _progress_tables(p, ui):
        doc.table(_progress_columns(ui), rows, caption=caption)
    doc.heading(ui.say("documents.portfolio.cycles"), level=1)
    if p.cycles:
        doc.table(_cycle_columns(ui), _cycle_rows(p, ui))
    else:
        doc.paragraph(ui.say("documents.portfolio.no_cycles"))
    for section, entries in _sections(p, ui):
        doc.heading(section, level=1)
        if not entries:
            doc.paragraph(ui.say("documents.portfolio.none_yet"))
        for entry in entries:
            doc.heading(entry.heading, level=2)
            for fact in entry.facts:
                doc.paragraph(fact)
            for prompt, answer in entry.answers:
                doc.space(1.0)
                doc.need(3 * doc.line_height())  # a prompt never alone at the foot of a page
                doc.paragraph(prompt, bold=True)
                doc.paragraph(answer)
            for note in entry.notes:
                doc.paragraph(note, italic=True)
    return doc.save(path)


def write_portfolio(
    portfolio: Portfolio, out_dir: str | os.PathLike[str], ui: Interface | None = None
) -> list[Path]:
    """Write ``portfolio.html``, ``portfolio.docx`` and ``portfolio.pdf`` into ``out_dir``;
    the paths written.

    ``ui`` words the document's headings: give the one :func:`gather` was given.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = out / HTML_NAME
    write_text_whole(page, render_html(portfolio, ui))
    return [
        page,
        render_docx(portfolio, out / DOCX_NAME, ui),
        render_pdf(portfolio, out / PDF_NAME, ui),
    ]
