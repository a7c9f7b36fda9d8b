"""A trainee's portfolio for a transition or accreditation meeting: progress, cycles,
supervision records (with their sign-off and amendments) and reflections.

Never video and never stills: families appear only by case code. :func:`gather` (in
:mod:`vigkit.reports.portfoliodata`) reads the store, :func:`render_html` (for print),
:func:`render_docx` (Word) and :func:`render_pdf` lay it out, and :func:`write_portfolio` writes all three into a folder.

Every word of the document's own is said by the ``ui`` each function takes (keys
``documents.portfolio.…`` in :mod:`vigkit.i18n.words.documents`; default English): the trainee's
language. What the records hold (answers, prompts, names) stays as written.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vigkit.i18n.interface import Interface
from vigkit.reports.portfoliodata import Entry, Portfolio, answer_text, gather
from vigkit.reports.whole import write_text_whole, write_whole
from vigkit.reports.xmltext import xml_safe_deep

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
    return ui.say("documents.portfolio.about", trainee=who, day=ui.date(p.made_on))


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
    return [(code, n, ui.date(day), stage) for code, n, day, stage in p.cycles]


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
        f"<title>{_e(title)}: {_e(p.trainee)}</title><style>{_CSS}</style></head><body><main>",
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
            f"<tr><td>{_e(code)}</td><td>{n}</td><td>{_e(ui.date(day))}</td><td>{stage}</td></tr>"
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
    out += ["</main></body></html>", ""]
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
