"""The family's record of strengths as an A4 PDF: the same words and stills as its HTML
page (:func:`vigkit.reports.strengths.render_html`), laid out by
:class:`vigkit.reports.pdfdoc.PdfDocument`. :func:`vigkit.reports.strengths.write_record_of_strengths`
writes it beside the page and the Word file.
"""

from __future__ import annotations

import os
from pathlib import Path

from vigkit.i18n.interface import Interface
from vigkit.reports.strengthsrecord import (
    StrengthsRecord,
    day_words,
    moment_title,
    rating_lines,
)
from vigkit.templates.wording import Wording

__all__ = ["render_pdf"]

STILL_MM = 120  # as wide as the Word file's stills
STILL_MAX_MM = 110  # a portrait still never fills the page


def render_pdf(
    record: StrengthsRecord,
    path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    words: Wording | None = None,
    ui: Interface | None = None,
) -> Path:
    """Write the record as an A4 PDF; stills are read from ``base_dir`` (default: beside it).

    The same words and stills as :func:`render_html`; the page numbers are said by ``ui``.
    """
    from vigkit.reports.pdfdoc import PdfDocument  # fpdf2 is loaded when a PDF is made

    words = words or Wording()
    ui = ui or Interface()
    path = Path(path)
    base = Path(base_dir) if base_dir is not None else path.parent
    doc = PdfDocument(
        words.title,
        language=record.language,
        page_words=lambda page, pages: ui.say("documents.pdf.page", page=page, pages=pages),
        created=record.made_on,
    )
    doc.heading(words.title, level=0)
    doc.paragraph(words.say("made_on", case=record.case_code, day=day_words(record.made_on, ui)))
    if record.questions:
        doc.heading(words.questions_heading, level=1)
        for q in record.questions:
            doc.paragraph(f"“{q.words}”", italic=True, size=12.5)
            doc.bullets(rating_lines(q, words, ui))
    doc.heading(words.moments_heading, level=1)
    if not record.moments:
        doc.paragraph(words.no_moments, italic=True)
    for number, m in enumerate(record.moments, start=1):
        still = base / m.still if m.still else None
        below = doc.image_height(still, STILL_MM, max_height_mm=STILL_MAX_MM) if still else 0.0
        doc.need(2 * doc.line_height() + below)  # the title on the page of its still
        doc.heading(moment_title(number, m, words, ui), level=2)
        if still is not None:
            doc.image(still, STILL_MM, max_height_mm=STILL_MAX_MM)
        if m.note:
            doc.paragraph(m.note, italic=True)
        if m.principles:
            doc.paragraph(words.what_we_see)
            doc.bullets(
                [(p.heading, "B"), (f": {p.description}" if p.description else "", "")]
                for p in m.principles
            )
        if m.what_i_see:
            doc.need(3 * doc.line_height())  # the label with the first lines it heads
            doc.paragraph(words.what_i_see, bold=True)
            for part in m.what_i_see.split("\n\n"):
                if part.strip():
                    doc.paragraph(part.strip())
    doc.space(6.0)
    doc.paragraph(words.closing, size=13)
    doc.space(3.0)
    doc.paragraph(words.say("source", source=record.source), small=True)
    return doc.save(path)
