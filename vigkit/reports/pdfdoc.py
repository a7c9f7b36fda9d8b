"""A small A4 PDF writer for vigkit's documents, on fpdf2: no browser, no network.

The record of strengths and the portfolio are written with it; any document made of
headings, paragraphs, bullet lists, tables and pictures can be::

    doc = PdfDocument("Our record of strengths", language="en")
    doc.heading("Our record of strengths", level=0)
    doc.paragraph("F017 · made on 5 March 2026", small=True)
    doc.bullets(["First rating: 3 out of 10", [("Being attentive", "B"), (": looking", "")]])
    doc.table(["Case", "Cycle"], [["F017", 1]], caption="Cycles")
    doc.image("stills/clip-3.png", 120, max_height_mm=110)
    doc.save("record-of-strengths.pdf")

``PdfDocument(title, *, language=None, page_words=None, created=None)``
    ``title`` goes into the PDF's metadata (the document's own heading is written with
    :meth:`~PdfDocument.heading`); ``page_words(page, pages)`` words the footer (default
    "Page 2 of 5"); ``created`` is the creation date written, which makes the bytes the
    same for the same content (default: now).
``heading(text, level=1)``
    Level 0 is the document's title, 1 a section (ruled beneath), 2 and 3 smaller; a
    heading is never left alone at the foot of a page.
``paragraph(text, *, small=False, italic=False, bold=False, size=None)``
    ``text`` is a string or a sequence of runs ``(text, style)``, style ``""``, ``"B"``,
    ``"I"`` or ``"BI"``, flowed together. A newline in the text starts a new line.
``bullets(items, *, small=False)``
    One bullet per item (a string or runs), wrapped with a hanging indent.
``table(head, rows, *, caption=None)``
    A full-width ruled table: cells wrap, the head row is repeated on each new page, and a
    row too tall for one page goes on over the next.
``image(path, width_mm, *, max_height_mm=None)``
    A picture (PNG or JPEG) ``width_mm`` wide, narrower if it would be taller than
    ``max_height_mm`` or the page; on the next page when it does not fit on this one.
``need(height_mm)``, ``space(height_mm)``
    A new page unless ``height_mm`` is left on this one (to keep things together); blank
    space (never at the top of a page).
``line_height(*, small=False) -> float``, ``image_height(path, width_mm, *, max_height_mm=None) -> float``
    How much room, in mm, a line of text or a picture takes, for :meth:`~PdfDocument.need`.
``save(path) -> Path`` / ``to_bytes() -> bytes``
    The finished PDF, with "Page n of m" in each footer; nothing can be added after. ``save``
    writes a temporary file beside ``path`` and renames it over it, so a failure leaves no
    half-written file (and an older file as it was).

All text is shown as literal text (no markup is read) in DejaVu Sans, the TrueType fonts
matplotlib ships. Text the fonts cannot show never stops the document: control
characters become U+FFFD (as in the Word files, see :mod:`vigkit.reports.xmltext`),
invisible format characters the font lacks (joiners, some direction marks) are left out,
and any other character it lacks, such as most emoji, becomes U+FFFD. Very long words
are broken at the margin. fpdf2 orders right-to-left runs (Hebrew reads right to left);
without text shaping, scripts whose letters join (Arabic) are shown unjoined.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import matplotlib
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

from vigkit.reports.whole import write_bytes_whole

__all__ = ["PdfDocument", "Run", "font_dir", "printable"]

Run = tuple[str, str]  # (text, style): style "", "B", "I" or "BI"

_FAMILY = "DejaVu"
_FACES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
_MARGIN = 18.0  # mm, each side and the top
_BOTTOM = 20.0  # mm kept free for the footer
_BODY = 11.0  # pt
_SMALL = 9.0
_LEADING = 1.45  # line height as a multiple of the font size
_PT = 25.4 / 72  # mm per point
_INK = (34, 34, 34)
_GREY = (85, 85, 85)
_RULE = (170, 170, 170)
_HEADINGS = {0: (20.0, 0.0, 3.0), 1: (15.0, 7.0, 3.0), 2: (12.5, 5.0, 2.0), 3: (11.5, 4.0, 1.5)}
_BULLET = 5.0  # mm of hanging indent
_CELL_PAD = 1.5  # mm inside each table cell

# Characters no document shows: C0 and C1 controls but newline, unpaired surrogates,
# the non-characters; the line and paragraph separators become newlines.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x85]")


def font_dir() -> Path:
    """Where the DejaVu fonts are: inside matplotlib's own data."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def printable(text: object, glyphs: frozenset[int] | None = None) -> str:
    """``text`` as the PDF shows it: newlines kept, tabs as spaces, control characters as
    U+FFFD, and (given the font's ``glyphs``) characters the font lacks left out when they
    are invisible format characters and shown as U+FFFD otherwise."""
    text = _NEWLINES.sub("\n", str(text)).replace("\t", "    ")
    text = _CONTROL.sub("\ufffd", text)
    if glyphs is None:
        return text
    out = []
    for char in text:
        if char == "\n" or ord(char) in glyphs:
            out.append(char)
        elif unicodedata.category(char) not in ("Cf", "Mn", "Me"):
            out.append("\ufffd")
    return "".join(out)


@lru_cache(maxsize=1)
def _glyphs() -> dict[str, frozenset[int]]:
    """The characters each face of DejaVu Sans has."""
    from fontTools.ttLib import TTFont

    found = {}
    for style, name in _FACES.items():
        with TTFont(font_dir() / name, lazy=True) as font:
            found[style] = frozenset(font.getBestCmap())
    return found


def _english_pages(page: int, pages: int) -> str:
    return f"Page {page} of {pages}"


class PdfDocument:
    """An A4 document written top to bottom; see the module's docstring for the calls."""

    def __init__(
        self,
        title: str,
        *,
        language: str | None = None,
        page_words: Callable[[int, int], str] | None = None,
        created: datetime | date | None = None,
    ) -> None:
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        for style, name in _FACES.items():
            pdf.add_font(_FAMILY, style, str(font_dir() / name))
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        pdf.c_margin = 0  # text starts at the margin, as pictures and rules do
        pdf.alias_nb_pages("")  # no alias: "{nb}" in a text stays "{nb}" (footers know the count)
        pdf.set_auto_page_break(True, margin=_BOTTOM)
        pdf.set_title(printable(title))
        pdf.set_creator("vigkit")
        if language:
            pdf.set_lang(printable(language))
        if created is not None:
            if not isinstance(created, datetime):
                created = datetime.combine(created, time(), tzinfo=UTC)
            pdf.set_creation_date(created)
        pdf.set_text_color(*_INK)
        pdf.add_page()
        self._pdf = pdf
        self._page_words = page_words or _english_pages
        self._glyphs = _glyphs()
        self._style = ""
        self._size = _BODY
        self._done: bytes | None = None
        self._font("", _BODY)

    # ------------------------------------------------------------------ small helpers

    def _font(self, style: str, size: float) -> None:
        self._style, self._size = style, size
        self._pdf.set_font(_FAMILY, style, size)

    def _line(self, size: float | None = None) -> float:
        """The line height, in mm, of text ``size`` points high."""
        return (size or self._size) * _PT * _LEADING

    def _clean(self, text: object, style: str | None = None) -> str:
        return printable(text, self._glyphs[self._style if style is None else style])

    def _at_top(self) -> bool:
        return bool(self._pdf.get_y() <= self._pdf.t_margin + 0.01)

    def _left(self) -> float:
        return float(self._pdf.page_break_trigger - self._pdf.get_y())

    def space(self, height_mm: float) -> None:
        """Vertical space, never at the top of a page."""
        if not self._at_top() and self._left() > height_mm:
            self._pdf.ln(height_mm)

    def need(self, height_mm: float) -> None:
        """A new page unless ``height_mm`` is left on this one (or this page is still empty)."""
        if not self._at_top() and self._left() < height_mm:
            self._pdf.add_page()

    def _runs(self, text: str | Sequence[Run], style: str) -> list[Run]:
        if isinstance(text, str):
            return [(text, style)]
        return [(str(part), "".join(sorted(set(style + run_style)))) for part, run_style in text]

    def _flow(self, runs: Sequence[Run], size: float) -> None:
        """Runs written one after another from the current point, wrapping at the margin."""
        height = self._line(size)
        for text, style in runs:
            self._font(style, size)
            self._pdf.write(height, self._clean(text))
        self._pdf.ln(height)
        self._font("", _BODY)

    # ------------------------------------------------------------------ the calls

    def heading(self, text: str, level: int = 1) -> None:
        """A heading: 0 the title, 1 a section, 2 and 3 below it."""
        size, before, after = _HEADINGS[max(0, min(level, 3))]
        line = self._line(size)
        self.space(before)
        self.need(line * 2 + 3 * self._line(_BODY))  # never alone at the foot of a page
        self._font("B", size)
        self._pdf.multi_cell(
            0, line, self._clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        if level == 1:
            pdf = self._pdf
            pdf.set_draw_color(*_RULE)
            pdf.set_line_width(0.3)
            pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
            pdf.ln(1.0)
        self._pdf.ln(after)
        self._font("", _BODY)

    def paragraph(
        self,
        text: str | Sequence[Run],
        *,
        small: bool = False,
        italic: bool = False,
        bold: bool = False,
        size: float | None = None,
    ) -> None:
        """A paragraph: small ones are grey; ``size`` in points overrides."""
        size = size or (_SMALL if small else _BODY)
        style = ("B" if bold else "") + ("I" if italic else "")
        if small:
            self._pdf.set_text_color(*_GREY)
        self._flow(self._runs(text, style), size)
        self._pdf.set_text_color(*_INK)
        self.space(self._line(size) * 0.4)

    def bullets(self, items: Iterable[str | Sequence[Run]], *, small: bool = False) -> None:
        """A bullet list, each item wrapped under its own first word."""
        size = _SMALL if small else _BODY
        pdf = self._pdf
        left = pdf.l_margin
        for item in items:
            self.need(self._line(size))
            pdf.set_x(left)
            self._font("", size)
            pdf.cell(_BULLET, self._line(size), "•")
            pdf.set_left_margin(left + _BULLET)
            try:
                self._flow(self._runs(item, ""), size)
            finally:
                pdf.set_left_margin(left)
                pdf.set_x(left)
            pdf.ln(0.8)
        self.space(self._line(size) * 0.3)

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        caption: str | None = None,
    ) -> None:
        """A ruled table as wide as the text, its head row bold and repeated on each page."""
        if not head:
            return
        pdf = self._pdf
        line = self._line(_BODY)
        head_cells = [self._clean(h, "B") for h in head]
        body = [[self._clean(_cell_text(v), "") for v in row] for row in rows]
        widths = self._widths(head_cells, body)
        head_lines = self._wrap(head_cells, widths, "B")
        head_h = max(len(lines) for lines in head_lines) * line + 2 * _CELL_PAD
        wrapped = [self._wrap(cells, widths, "") for cells in body]
        heights = [max(len(x) for x in lines) * line + 2 * _CELL_PAD for lines in wrapped]
        whole = head_h + sum(heights)
        # a short table stays on one page; a long one starts with its head and a row or so
        first = min(heights[0], 4 * line) if heights else 0.0
        keep = whole if whole < self._page_room() / 2 else head_h + first
        if caption:
            self.need(self._line() + keep)
            self.paragraph(caption, italic=True)
        self.need(keep)
        self._put(head_lines, widths, "B")
        # the head row again on each new page, unless it would fill too much of one
        again = head_lines if head_h <= self._page_room() / 4 else None
        for lines in wrapped:
            self._put(lines, widths, "", again)
        pdf.ln(2.5)
        self._font("", _BODY)

    def _put(
        self,
        lines: Sequence[Sequence[str]],
        widths: Sequence[float],
        style: str,
        head: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """A row, on the next page (after ``head``) if it fits there and not here, else
        split: as many lines as fit on each page."""
        line = self._line(_BODY)
        head_h = max(len(x) for x in head) * line + 2 * _CELL_PAD if head else 0.0
        fresh = False  # on a new page: always draw something
        while True:
            fit = int((self._left() - 2 * _CELL_PAD) // line)
            tall = max(len(x) for x in lines)
            too_tall = tall * line + 2 * _CELL_PAD > self._page_room() - head_h
            if tall <= fit or fresh or (fit >= 3 and too_tall):
                fit = max(fit, 1)
                self._row([x[:fit] for x in lines], widths, style, shade=style == "B")
                lines = [x[fit:] for x in lines]
                if not any(lines):
                    return
            self._pdf.add_page()
            if head:
                self._row(head, widths, "B", shade=True)
            fresh = True

    def _page_room(self) -> float:
        pdf = self._pdf
        return float(pdf.page_break_trigger - pdf.t_margin)

    def _widths(self, head: Sequence[str], body: Sequence[Sequence[str]]) -> list[float]:
        """Column widths filling the text width: narrow columns get what they need, the
        others share the rest equally, and no column is narrower than a few letters."""
        pdf = self._pdf
        room = float(pdf.epw)
        columns = len(head)
        least = min(room / columns, 12.0)

        def natural(column: int) -> float:
            self._font("B", _BODY)
            widest = max(pdf.get_string_width(x) for x in head[column].split("\n"))
            self._font("", _BODY)
            for row in body:
                if column < len(row):
                    for text in row[column].split("\n"):
                        widest = max(widest, pdf.get_string_width(text))
            return float(widest) + 2 * _CELL_PAD + 0.5

        wanted = [max(least, natural(c)) for c in range(columns)]
        widths = [0.0] * columns
        left, count = room, columns
        for column in sorted(range(columns), key=lambda c: wanted[c]):
            widths[column] = min(wanted[column], left / count)
            left -= widths[column]
            count -= 1
        if left > 0:
            widest = max(range(columns), key=lambda c: wanted[c])
            widths[widest] += left
        return widths

    def _wrap(self, cells: Sequence[str], widths: Sequence[float], style: str) -> list[list[str]]:
        """Each cell's text as the lines it wraps to (a missing cell is empty)."""
        self._font(style, _BODY)
        out = []
        for column, width in enumerate(widths):
            text = cells[column] if column < len(cells) else ""
            lines = self._pdf.multi_cell(
                width - 2 * _CELL_PAD,
                self._line(),
                text,
                dry_run=True,
                output="LINES",
                wrapmode=WrapMode.WORD,
            )
            out.append([str(x) for x in cast(list[str], lines)] or [""])
        return out

    def _row(
        self,
        lines: Sequence[Sequence[str]],
        widths: Sequence[float],
        style: str,
        shade: bool = False,
    ) -> None:
        """One row (or the part of one that fits) of cells already wrapped into lines."""
        pdf = self._pdf
        line = self._line(_BODY)
        height = max(len(x) for x in lines) * line + 2 * _CELL_PAD
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.2)
        pdf.set_fill_color(238, 238, 238)
        self._font(style, _BODY)
        for width, cell in zip(widths, lines, strict=False):
            pdf.rect(x, y, width, height, style="DF" if shade else "D")
            for n, text in enumerate(cell):
                pdf.set_xy(x + _CELL_PAD, y + _CELL_PAD + n * line)
                pdf.cell(width - 2 * _CELL_PAD, line, text)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    def _image_size(
        self, path: str | os.PathLike[str], width_mm: float, max_height_mm: float | None
    ) -> tuple[float, float]:
        from PIL import Image

        with Image.open(path) as picture:
            pixels_w, pixels_h = picture.size
        width = min(width_mm, float(self._pdf.epw))
        tallest = min(max_height_mm or self._page_room(), self._page_room() - 2)
        height = width * pixels_h / max(pixels_w, 1)
        if height > tallest:
            width, height = width * tallest / height, tallest
        return width, height

    def image_height(
        self, path: str | os.PathLike[str], width_mm: float, *, max_height_mm: float | None = None
    ) -> float:
        """How tall :meth:`image` draws the picture, in mm (to keep it with its heading)."""
        return self._image_size(path, width_mm, max_height_mm)[1] + 4.5

    def image(
        self, path: str | os.PathLike[str], width_mm: float, *, max_height_mm: float | None = None
    ) -> None:
        """A picture with a thin frame, on the next page if it does not fit on this one."""
        pdf = self._pdf
        width, height = self._image_size(path, width_mm, max_height_mm)
        self.space(1.5)
        self.need(height + 1)
        x, y = pdf.l_margin, pdf.get_y()
        pdf.image(str(path), x=x, y=y, w=width, h=height)
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.3)
        pdf.rect(x, y, width, height)
        pdf.set_xy(pdf.l_margin, y + height)
        self.space(3.0)

    def line_height(self, *, small: bool = False) -> float:
        """The height, in mm, of one line of body (or small) text."""
        return self._line(_SMALL if small else _BODY)

    # ------------------------------------------------------------------ the end

    def to_bytes(self) -> bytes:
        """The finished PDF (the footers are written the first time)."""
        if self._done is None:
            pdf = self._pdf
            pages = pdf.page
            pdf.set_auto_page_break(False)
            self._font("", _SMALL)
            pdf.set_text_color(*_GREY)
            for page in range(1, pages + 1):
                pdf.page = page
                # fpdf2 names the font in a page only when it changes: name it on each one
                pdf.set_font(_FAMILY, "B", _SMALL)
                self._font("", _SMALL)
                pdf.set_xy(pdf.l_margin, pdf.h - _BOTTOM + 7)
                words = self._clean(self._page_words(page, pages))
                pdf.cell(0, self._line(), words, align="C")
            pdf.page = pages
            self._done = bytes(pdf.output())
        return self._done

    @property
    def pages(self) -> int:
        """How many pages the document has so far."""
        return int(self._pdf.page)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the PDF to ``path`` through a temporary file beside it; the path."""
        return write_bytes_whole(path, self.to_bytes())


def _cell_text(value: Any) -> str:
    """A table cell's value as text: floats without trailing zeros, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
