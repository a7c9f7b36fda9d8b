"""The record of strengths and the portfolio as PDF (vigkit.reports.pdfdoc on fpdf2): each
page is rendered to PNG with pdfium and looked at — not blank, the still there — and its text
holds what the HTML page holds and nothing of the family's that the page leaves out.

Set VIGKIT_PDF_PNGS to a folder to keep the PNGs of the demo's two documents there to look at.
"""

from __future__ import annotations

import io
import os
import shutil
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from vigkit import paths
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.i18n.interface import Interface
from vigkit.reports import pdfdoc
from vigkit.reports.pdfdoc import PdfDocument, printable
from vigkit.reports.portfolio import PDF_NAME as PORTFOLIO_PDF
from vigkit.reports.portfolio import Portfolio, gather, write_portfolio
from vigkit.reports.strengths import HTML_NAME, PDF_NAME, write_record_of_strengths
from vigkit.store import Store
from vigkit.templates import find_question_set
from vigkit.templates.accreditationfile import load_accreditation
from vigkit.templates.languages import PSEUDO

QPS = Interface(PSEUDO)


def _pages(pdf: Path, out: Path) -> list[tuple[str, Image.Image, int]]:
    """Each page's text, its picture (also saved as PNG in ``out``) and its image objects."""
    out.mkdir(parents=True, exist_ok=True)
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for number, page in enumerate(doc, start=1):
            text = page.get_textpage().get_text_range()
            picture = page.render(scale=1.4).to_pil().convert("RGB")
            picture.save(out / f"{pdf.stem}-{number}.png")
            images = len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
            pages.append((text, picture, images))
        return pages
    finally:
        doc.close()


def _dark(picture: Image.Image) -> int:
    """How many pixels are dark (text, rules, pictures)."""
    grey = picture.convert("L")
    return sum(grey.histogram()[:128])


def _coloured(picture: Image.Image) -> int:
    """How many pixels are clearly coloured (no text here is)."""
    return sum(1 for r, g, b in picture.getdata() if max(r, g, b) - min(r, g, b) > 60)


def _keep(pdf_pngs: Path) -> None:
    folder = os.environ.get("VIGKIT_PDF_PNGS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for png in pdf_pngs.glob("*.png"):
            shutil.copy(png, Path(folder) / png.name)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    data = tmp_path_factory.mktemp("pdf") / "data"
    fill_demo(data, out=io.StringIO())
    return data, Store.open(data)


@pytest.fixture(scope="module")
def record(
    demo: tuple[Path, Store], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Path]]:
    data, store = demo
    out = tmp_path_factory.mktemp("record")
    return out, write_record_of_strengths(store, "F017", out, data)


def test_the_record_of_strengths_is_written_as_pdf_beside_the_page_and_word_file(
    record: tuple[Path, list[Path]],
) -> None:
    out, written = record
    assert out / PDF_NAME in written
    assert [".html", ".docx", ".pdf"] == [p.suffix for p in written[:3]]
    assert (out / PDF_NAME).read_bytes().startswith(b"%PDF-")
    assert [] == [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temp file left


def test_the_record_of_strengths_pdf_reads_like_its_page(
    record: tuple[Path, list[Path]], demo: tuple[Path, Store], tmp_path: Path
) -> None:
    """Not blank; the case code, the parent's words, the principles, page numbers; and
    nothing that identifies the family which the HTML page leaves out."""
    out, _ = record
    _, store = demo
    pages = _pages(out / PDF_NAME, tmp_path)
    _keep(tmp_path)
    assert 2 <= len(pages) <= 5
    for _, picture, _ in pages:
        assert _dark(picture) > 2000, "a blank page"
    text = "\n".join(t for t, _, _ in pages)
    for words in (
        "Our record of strengths",
        "F017",
        "How can I help my baby settle?",
        "How can I enjoy playing with her?",
        "Being attentive",
        "Receiving initiatives",
        "the parent smiles back",
        "These are moments you and your baby shared.",
    ):
        assert words in text.replace("\r\n", " ").replace("\n", " "), words
    assert f"Page 1 of {len(pages)}" in pages[0][0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1][0]
    page = (out / HTML_NAME).read_text(encoding="utf-8")
    case = store.cases.get("F017")
    private = [
        case.setting,
        case.referral_reason,
        *(p.display_name for p in store.people.list()),
    ]
    for film in store.films.list("F017"):
        private += [film.path, Path(film.path).name, Path(film.path).stem, film.sha256]
    for thing in private:
        if thing and thing not in page:
            assert thing not in text, thing


def test_the_stills_are_in_the_record_of_strengths_pdf(
    record: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """Three stills, drawn: image objects in the PDF and the stills' colours on its pages."""
    out, written = record
    pages = _pages(out / PDF_NAME, tmp_path)
    assert 3 == len([p for p in written if p.suffix == ".png"])
    assert 3 == sum(images for _, _, images in pages)
    assert pages[0][2] >= 1
    first = pages[0][1]
    assert _coloured(first) > first.width * first.height // 20  # a still, not only text


def test_the_record_of_strengths_pdf_is_the_same_for_the_same_record(
    record: tuple[Path, list[Path]], demo: tuple[Path, Store], tmp_path: Path
) -> None:
    from vigkit.reports.strengths import gather as gather_record
    from vigkit.reports.strengths import make_stills, render_pdf

    out, _ = record
    data, store = demo
    made = make_stills(gather_record(store, "F017"), tmp_path, data)
    first = render_pdf(made, tmp_path / "a.pdf").read_bytes()
    assert first == render_pdf(made, tmp_path / "b.pdf").read_bytes()


def _portfolio_of(store: Store, ui: Interface | None = None) -> Portfolio:
    dirs = [paths.templates_dir() / "question_sets"]
    return gather(
        store,
        store.people.get(DEMO_PRACTITIONER),
        load_accreditation(),
        lambda ident: find_question_set(ident, dirs),
        ui=ui,
    )


@pytest.fixture(scope="module")
def portfolio(
    demo: tuple[Path, Store], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("portfolio")
    return out, write_portfolio(_portfolio_of(demo[1]), out)


def test_the_portfolio_pdf_reads_like_its_page(
    portfolio: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    out, written = portfolio
    assert [".html", ".docx", ".pdf"] == [p.suffix for p in written]
    pages = _pages(out / PORTFOLIO_PDF, tmp_path)
    _keep(tmp_path)
    assert 2 <= len(pages) <= 8
    for _, picture, images in pages:
        assert _dark(picture) > 2000, "a blank page"
        assert 0 == images  # never a still in the portfolio
    text = " ".join(t for t, _, _ in pages).replace("\r\n", " ").replace("\n", " ")
    for words in (
        "Accreditation portfolio",
        "Sam Okafor (demo guider)",
        "Hours of supervision",
        "F017",
        "Supervision on ",
        "F017 cycle 1, 8.00–15.50 s",
        "Signed by Alex Reid (demo supervisor)",
    ):
        assert words in text, words
    assert "Tired this month" not in text  # the trainee's wellbeing stays out
    assert f"Page 1 of {len(pages)}" in pages[0][0]
    doc = pdfium.PdfDocument(out / PORTFOLIO_PDF)
    assert "Accreditation portfolio: Sam Okafor (demo guider)" == doc.get_metadata_dict()["Title"]
    doc.close()


def test_the_portfolio_pdf_numbers_its_pages_in_the_page_words(
    demo: tuple[Path, Store], tmp_path: Path
) -> None:
    from vigkit.reports.portfolio import render_pdf

    made = _portfolio_of(demo[1], QPS)
    pages = _pages(render_pdf(made, tmp_path / "qps.pdf", QPS), tmp_path)
    first = pages[0][0]
    assert QPS.say("documents.pdf.page", page=1, pages=len(pages)) in first
    assert QPS.say("documents.portfolio.title") in first
    assert "Page 1" not in first


# -- the writer ----------------------------------------------------------------------------


def test_a_failed_write_leaves_no_file_and_the_old_one_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = PdfDocument("Title")
    doc.paragraph("Some words.")
    target = tmp_path / "out.pdf"

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pdfdoc.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        doc.save(target)
    assert [] == list(tmp_path.iterdir())
    target.write_bytes(b"the old one")
    with pytest.raises(OSError, match="disk full"):
        doc.save(target)
    assert [target] == list(tmp_path.iterdir())
    assert b"the old one" == target.read_bytes()


def test_a_record_whose_pdf_fails_leaves_no_pdf(
    demo: tuple[Path, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, store = demo

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(PdfDocument, "image", broken)
    with pytest.raises(RuntimeError, match="the writer broke"):
        write_record_of_strengths(store, "F017", tmp_path, data)
    assert not (tmp_path / PDF_NAME).exists()
    assert [] == [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")]


def test_what_the_fonts_cannot_show_never_stops_the_document(tmp_path: Path) -> None:
    hostile = "<b>x</b> **y** {nb} & a\x00b\x01\x0b\x1f\r\n\u202eRTL\u202c שלום 🙂👶🏽 " + "w" * 900
    doc = PdfDocument(hostile, language="en", created=date(2026, 3, 5))
    doc.heading(hostile, level=0)
    doc.heading(hostile, level=1)
    doc.paragraph(hostile * 30)
    doc.paragraph([(hostile, "B"), (hostile, "I"), (hostile, "BI")], small=True)
    doc.bullets([hostile, [(hostile, "B"), (": " + hostile, "")]])
    doc.table(["One", "Two", hostile], [[hostile * 20, 1.5, None], ["short"]], caption=hostile)
    path = doc.save(tmp_path / "hostile.pdf")
    pages = _pages(path, tmp_path)
    assert len(pages) >= 3
    text = "".join(t for t, _, _ in pages)
    assert "<b>x</b> **y** {nb} &" in text  # markup and fpdf2's page alias stay literal
    assert "\x00" not in text and "\ufffd" in text
    assert "wwwwwwwww" in text


def test_a_row_taller_than_a_page_goes_on_with_the_head_repeated(tmp_path: Path) -> None:
    doc = PdfDocument("Table")
    doc.table(["Prompt", "Answer"], [["Short", "word " * 3000], ["Last", "row"]])
    pages = _pages(doc.save(tmp_path / "table.pdf"), tmp_path)
    assert len(pages) >= 3
    assert all("Prompt" in text and "Answer" in text for text, _, _ in pages)
    assert "Last" in pages[-1][0]


def test_printable_keeps_newlines_and_marks_what_cannot_be_shown() -> None:
    glyphs = frozenset(map(ord, "ab\u202e"))
    assert "a\ufffdb\nb\n" == printable("a\x00b\r\nb\r")
    assert "a    b" == printable("a\tb")
    assert "\u202ea\ufffd" == printable("\u202ea\U0001f642\u200d", glyphs)
    assert "\ufffd" == printable("\ud800")
