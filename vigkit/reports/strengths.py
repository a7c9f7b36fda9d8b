"""The record of strengths: a printable A4 document the family keeps at the end of VIG.

It holds the case code only (never a name), the helping questions in the parent's own
words with their first and latest ratings, and, for each "better than usual" clip, a
still, the principles seen (heading and behaviours, worded by the principles template)
and what the guider saw. Video is never copied: each still is one PNG frame written
into a ``stills/`` folder beside the document.

:func:`gather` reads the store (no disk), :func:`make_stills` writes the stills,
:func:`render_html`, :func:`render_docx` and :func:`render_pdf` lay the document out, and
:func:`write_record_of_strengths` does all of it in one call.

The sentences are the wording template's; its dates are said by the ``ui`` the functions
take (the page's :class:`~vigkit.i18n.interface.Interface`; default English).
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit.core import clock
from vigkit.core.access import Use, consents_to
from vigkit.core.errors import MediaError
from vigkit.core.records import REVIEW_FILM_CONTEXT, Film, HelpingQuestion
from vigkit.i18n.interface import Interface
from vigkit.media.fingerprint import verify_unchanged
from vigkit.media.footage import FootageFiles, note_documents
from vigkit.media.stills import still_at
from vigkit.reports.strengthspdf import render_pdf
from vigkit.reports.strengthsrecord import (
    Moment,
    PrincipleLine,
    QuestionLine,
    StrengthsRecord,
    day_words,
    moment_title,
    rating_lines,
)
from vigkit.reports.whole import write_text_whole, write_whole
from vigkit.reports.xmltext import xml_safe_deep
from vigkit.store import Store
from vigkit.templates.principles import Behaviour, Principles, load_principles
from vigkit.templates.wording import Wording, load_wording

__all__ = [
    "TITLE",
    "CLOSING",
    "STILL_WIDTH",
    "STILLS_DIR",
    "QuestionLine",
    "PrincipleLine",
    "Moment",
    "StrengthsRecord",
    "film_file",
    "gather",
    "make_stills",
    "render_html",
    "render_docx",
    "render_pdf",
    "write_record_of_strengths",
]

if TYPE_CHECKING:
    from docx.shared import Length

log = logging.getLogger(__name__)

# The shipped words (templates/documents/record_of_strengths.yaml rewords them).
TITLE = Wording().title
CLOSING = Wording().closing
NO_STILL = Wording().no_still
STILL_WIDTH = 480
STILLS_DIR = "stills"
HTML_NAME = "record-of-strengths.html"
DOCX_NAME = "record-of-strengths.docx"
PDF_NAME = "record-of-strengths.pdf"
_SHORT_BEHAVIOURS = 3  # behaviours named for a heading tagged without a specific behaviour


# --------------------------------------------------------------------------- reading


def film_file(film: Film | str, data_dir: str | os.PathLike[str] | None) -> Path:
    """Where a film's file is: its logged path, a relative one taken from ``data_dir``."""
    path = Path(film.path if isinstance(film, Film) else film).expanduser()
    if not path.is_absolute() and data_dir is not None:
        path = Path(data_dir) / path
    return path


def _question_line(hq: HelpingQuestion) -> QuestionLine:
    ratings = hq.ratings
    return QuestionLine(
        position=hq.position,
        words=hq.words,
        hoped_for=hq.hoped_for,
        first=ratings[0] if ratings else None,
        latest=ratings[-1] if len(ratings) > 1 else None,
    )


def _principle_lines(ids: Sequence[str], principles: Principles) -> tuple[PrincipleLine, ...]:
    """One line per heading seen; tagged behaviours named, else the heading's first few."""
    order: list[str] = []
    named: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    for ident in ids:
        try:
            heading = principles.heading_of(ident)
        except KeyError:  # an id the template no longer has: show it as it was recorded
            if ident not in headings:
                order.append(ident)
                headings[ident] = ident
                named[ident] = []
            continue
        if heading.id not in headings:
            order.append(heading.id)
            headings[heading.id] = heading.heading
            named[heading.id] = []
        found = principles.by_id(ident)
        if isinstance(found, Behaviour) and found.label not in named[heading.id]:
            named[heading.id].append(found.label)
    lines = []
    for hid in order:
        labels = named[hid]
        if not labels:
            try:
                labels = [b.label for b in principles.heading_of(hid).behaviours]
            except KeyError:
                labels = []
            labels = labels[:_SHORT_BEHAVIOURS]
        lines.append(PrincipleLine(heading=headings[hid], description="; ".join(labels)))
    return tuple(lines)


def gather(
    store: Store, case_code: str, *, principles: Principles | None = None
) -> StrengthsRecord:
    """The record of strengths for a case, from the store; CaseNotFound if there is none."""
    case = store.cases.get(case_code)
    principles = principles or load_principles()
    questions = tuple(_question_line(hq) for hq in store.cases.list_helping_questions(case.code))
    films = {f.id: f for f in store.films.list(case.code)}
    moments = []
    for clip in store.films.list_clips(case_code=case.code):
        film = films.get(clip.film_id)
        if film is None or not clip.better_than_usual or film.context == REVIEW_FILM_CONTEXT:
            continue  # a review film's clips are the guider's, for supervision
        at = clip.still_times_s[0] if clip.still_times_s else (clip.start_s + clip.end_s) / 2
        moments.append(
            Moment(
                clip_id=clip.id or 0,
                cycle=film.cycle_number,
                filmed_on=film.filmed_on,
                context=film.context,
                still_time_s=at,
                principles=_principle_lines(clip.principle_ids, principles),
                what_i_see=clip.what_i_see,
                film_path=film.path,
                film_sha256=film.sha256,
            )
        )
    moments.sort(key=lambda m: (m.cycle, m.filmed_on, m.still_time_s, m.clip_id))
    return StrengthsRecord(
        case_code=case.code,
        questions=questions,
        moments=tuple(moments),
        made_on=clock.today(),
        source=principles.source,
        language=principles.language,
    )


# --------------------------------------------------------------------------- stills


def make_stills(
    record: StrengthsRecord,
    out_dir: str | os.PathLike[str],
    data_dir: str | os.PathLike[str],
    *,
    note: str = NO_STILL,
    consented: str | None = None,
) -> StrengthsRecord:
    """Write a PNG still per moment into ``out_dir/stills``; a plain note where none can be made.

    A film that was deleted, moved or changed since it was logged gives a note, never an
    error. Older ``clip-*.png`` stills of moments no longer in the record are removed.
    ``consented`` is the note every moment gets, and no still is made, when the family's
    consent to the use of their footage no longer stands (None: it stands).
    """
    stills = Path(out_dir) / STILLS_DIR
    moments = []
    keep: set[str] = set()
    for moment in record.moments:
        name = f"clip-{moment.clip_id}.png"
        path = film_file(moment.film_path, data_dir)
        if consented is not None:
            moments.append(replace(moment, still=None, note=consented))
            continue
        try:
            verify_unchanged(path, moment.film_sha256)
            still_at(path, moment.still_time_s, stills / name, width=STILL_WIDTH)
        except MediaError as exc:
            log.warning("record of strengths, clip %s: %s", moment.clip_id, exc)
            moments.append(replace(moment, still=None, note=note))
            continue
        keep.add(name)
        moments.append(replace(moment, still=f"{STILLS_DIR}/{name}", note=""))
    if stills.is_dir():
        for old in stills.glob("clip-*.png"):
            if old.name not in keep:
                old.unlink(missing_ok=True)
    return replace(record, moments=tuple(moments))


# --------------------------------------------------------------------------- HTML

_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.45;
       color: #222; max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; border-bottom: 1px solid #bbb; }
h3 { font-size: 13pt; margin: 0 0 2mm; }
.case { color: #555; margin: 0 0 6mm; }
.question { margin: 0 0 4mm; }
.words { font-size: 13pt; font-style: italic; margin: 0; }
.ratings { margin: 1mm 0 0; padding-left: 6mm; }
.moment { break-inside: avoid; page-break-inside: avoid; margin: 0 0 8mm; }
.moment img { display: block; max-width: 100%; max-height: 110mm; width: auto; height: auto;
              margin: 2mm 0 3mm; border: 1px solid #ccc; }
.note { font-style: italic; color: #555; }
.principle-heading { font-weight: bold; }
.closing { margin-top: 10mm; font-size: 13pt; }
.source { margin-top: 6mm; font-size: 9pt; color: #666; }
@media print { body { padding: 0; } h2 { break-after: avoid; page-break-after: avoid; } }
"""


def render_html(
    record: StrengthsRecord, *, words: Wording | None = None, ui: Interface | None = None
) -> str:
    """The record as one self-contained HTML page (stills linked from ``stills/``)."""
    words = words or Wording()
    ui = ui or Interface()

    def e(text: object) -> str:
        return html.escape(str(text), quote=True)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(record.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(words.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(words.title)}</h1>",
        f'<p class="case">{e(words.say("made_on", case=record.case_code, day=day_words(record.made_on, ui)))}</p>',
    ]
    if record.questions:
        out.append(f"<h2>{e(words.questions_heading)}</h2>")
        for q in record.questions:
            out.append('<div class="question">')
            out.append(f'<p class="words">“{e(q.words)}”</p>')
            lines = rating_lines(q, words, ui)
            if lines:
                items = "".join(f"<li>{e(line)}</li>" for line in lines)
                out.append(f'<ul class="ratings">{items}</ul>')
            out.append("</div>")
    out.append(f"<h2>{e(words.moments_heading)}</h2>")
    if not record.moments:
        out.append(f'<p class="note">{e(words.no_moments)}</p>')
    for number, m in enumerate(record.moments, start=1):
        out.append('<section class="moment">')
        out.append(f"<h3>{e(moment_title(number, m, words, ui))}</h3>")
        if m.still:
            out.append(f'<img src="{e(m.still)}" alt="{e(words.say("still_alt", number=number))}">')
        if m.note:
            out.append(f'<p class="note">{e(m.note)}</p>')
        if m.principles:
            out.append(f"<p>{e(words.what_we_see)}</p><ul>")
            for p in m.principles:
                rest = f": {e(p.description)}" if p.description else ""
                out.append(f'<li><span class="principle-heading">{e(p.heading)}</span>{rest}</li>')
            out.append("</ul>")
        if m.what_i_see:
            paragraphs = [part.strip() for part in m.what_i_see.split("\n\n") if part.strip()]
            out.append(f"<p><strong>{e(words.what_i_see)}</strong></p>")
            out.extend(f"<p>{e(part)}</p>".replace("\n", "<br>") for part in paragraphs)
        out.append("</section>")
    out.append(f'<p class="closing">{e(words.closing)}</p>')
    out.append(f'<p class="source">{e(words.say("source", source=record.source))}</p>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- Word


def render_docx(
    record: StrengthsRecord,
    path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    words: Wording | None = None,
    ui: Interface | None = None,
) -> Path:
    """Write the record as an A4 Word document; stills are read from ``base_dir`` (default: beside it)."""
    from docx import Document
    from docx.shared import Mm, Pt

    words = words or Wording()
    ui = ui or Interface()
    record = xml_safe_deep(record)  # a NUL typed into a clip would refuse the whole file
    path = Path(path)
    base = Path(base_dir) if base_dir is not None else path.parent
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    doc.core_properties.title = words.title
    doc.core_properties.author = ""
    doc.add_heading(words.title, level=0)
    doc.add_paragraph(
        words.say("made_on", case=record.case_code, day=day_words(record.made_on, ui))
    )
    if record.questions:
        doc.add_heading(words.questions_heading, level=1)
        for q in record.questions:
            doc.add_paragraph().add_run(f"“{q.words}”").italic = True
            for line in rating_lines(q, words, ui):
                doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(words.moments_heading, level=1)
    if not record.moments:
        doc.add_paragraph().add_run(words.no_moments).italic = True
    for number, m in enumerate(record.moments, start=1):
        doc.add_heading(moment_title(number, m, words, ui), level=2)
        if m.still:
            doc.add_picture(str(base / m.still), **_picture_size(base / m.still))
        if m.note:
            doc.add_paragraph().add_run(m.note).italic = True
        if m.principles:
            doc.add_paragraph(words.what_we_see)
            for p in m.principles:
                para = doc.add_paragraph(style="List Bullet")
                para.add_run(p.heading).bold = True
                if p.description:
                    para.add_run(f": {p.description}")
        if m.what_i_see:
            doc.add_paragraph().add_run(words.what_i_see).bold = True
            for part in m.what_i_see.split("\n\n"):
                if part.strip():
                    doc.add_paragraph(part.strip())
    doc.add_paragraph().add_run(words.closing).font.size = Pt(13)
    doc.add_paragraph().add_run(words.say("source", source=record.source)).font.size = Pt(9)
    return write_whole(path, lambda temp: doc.save(str(temp)))


def _picture_size(path: Path) -> dict[str, Length]:
    """120 mm wide, or 110 mm tall for a portrait still, so one never fills the page."""
    from docx.shared import Mm
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
    return {"height": Mm(110)} if height * 120 > width * 110 else {"width": Mm(120)}


# --------------------------------------------------------------------------- one call


def write_record_of_strengths(
    store: Store,
    case_code: str,
    out_dir: str | os.PathLike[str],
    data_dir: str | os.PathLike[str],
    *,
    principles: Principles | None = None,
    words: Wording | None = None,
    ui: Interface | None = None,
) -> list[Path]:
    """Write the record (HTML, .docx, .pdf and its PNG stills) into ``out_dir``; the paths written.

    ``words`` defaults to the wording template; a broken one raises TemplateProblem before
    anything is written. ``ui`` says the dates (default English).
    """
    words = words or load_wording()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Stills are footage: only while the family's consent to its use stands.
    stands = consents_to(store.cases.get_consent(case_code), Use.review)
    record = make_stills(
        gather(store, case_code, principles=principles),
        out,
        data_dir,
        note=words.no_still,
        consented=None if stands else words.no_still_consent,
    )
    page = out / HTML_NAME
    write_text_whole(page, render_html(record, words=words, ui=ui))
    word = render_docx(record, out / DOCX_NAME, words=words, ui=ui)
    pdf = render_pdf(record, out / PDF_NAME, words=words, ui=ui)
    stills = [out / m.still for m in record.moments if m.still]
    if out.resolve() == FootageFiles(Path(data_dir).resolve()).exports(case_code):
        # vigkit's own exports (the routes serve them): which carry stills, for withdrawal.
        note_documents(out, [HTML_NAME, DOCX_NAME, PDF_NAME], with_stills=bool(stills))
    return [page, word, pdf, *stills]
