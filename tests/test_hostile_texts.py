"""The hostile walk's texts through every text a family's case and a trainee's portfolio
hold — NUL and other control characters, CR/LF, right-to-left marks, emoji, markup, a
formula, each as long as its field allows — then every document and export (HTML, Word,
PDF, CSV): each is written and opens, the store keeps what was typed, and nothing runs as
markup or formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from vigkit import paths
from vigkit.core.records import HelpingQuestion, Reflection
from vigkit.core.supervisionrecords import Supervision
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.reports.export import export_case
from vigkit.reports.portfolio import DOCX_NAME, HTML_NAME, PDF_NAME, gather, write_portfolio
from vigkit.store import Store
from vigkit.templates import find_question_set
from vigkit.templates.accreditationfile import load_accreditation

PIECE = "=cmd|'/C calc'!A0 a\x00b\x01\x0b\x1f\r\n\u202eRTL\u202c שלום 🙂👶🏽 <script>x</script> & "


def _hostile(length: int) -> str:
    return (PIECE * (length // len(PIECE) + 1))[:length]


def _pdf_text(path: Path) -> tuple[int, str]:
    """A PDF's page count and text, each page rendered too (it opens and draws)."""
    doc = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in doc:
            texts.append(page.get_textpage().get_text_range())
            darkest, _ = page.render(scale=0.5).to_pil().convert("L").getextrema()
            assert darkest < 128, "a blank page"
        return len(doc), "".join(texts)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    fill_demo(data, out=io.StringIO())
    store = Store.open(data)
    case = store.cases.get("F017")
    store.cases.update(
        case.model_copy(update={"setting": _hostile(300), "referral_reason": _hostile(20_000)})
    )
    for hq in store.cases.list_helping_questions("F017"):
        store.cases.save_helping_question(hq.model_copy(update={"words": _hostile(1000)}))
    store.cases.save_helping_question(
        HelpingQuestion(case_code="F017", position=3, words=_hostile(1000), hoped_for=5)
    )
    for clip in store.films.list_clips(case_code="F017"):
        store.films.update_clip(clip.model_copy(update={"what_i_see": _hostile(20_000)}))
    store.reflections.save(
        Reflection(
            template_id="reflection_what",
            template_version="1",
            author_id=DEMO_PRACTITIONER,
            case_code="F017",
            answers={"what": _hostile(20_000), "so_what": _hostile(20_000)},
        )
    )
    store.supervision.save(
        Supervision(
            trainee_id=DEMO_PRACTITIONER,
            supervisor_id="demo-supervisor",
            held_on=date(2026, 11, 2),
            duration_minutes=60,
            stage=1,
            answers={"self_evaluation": _hostile(20_000), "observations": _hostile(4000)},
            created_by=DEMO_PRACTITIONER,
        )
    )
    return data, store


def test_the_store_keeps_what_was_typed(walked: tuple[Path, Store]) -> None:
    _, store = walked
    assert store.cases.get("F017").referral_reason == _hostile(20_000)
    assert all("\x00" in c.what_i_see for c in store.films.list_clips(case_code="F017"))


def test_every_export_of_the_case_is_written_and_reads(
    walked: tuple[Path, Store], tmp_path: Path
) -> None:
    data, store = walked
    written = export_case(store, "F017", tmp_path, data_dir=data)
    kinds = {p.suffix for p in written}
    assert {".csv", ".html", ".docx", ".pdf"} <= kinds
    for path in written:
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8")
            assert "\x00" not in text
            for row in csv.DictReader(io.StringIO(text)):
                for value in row.values():
                    assert not (value or "").startswith(("=", "+", "-", "@")), value
        elif path.suffix == ".html":
            page = path.read_text(encoding="utf-8")
            assert "<script>" not in page and "&lt;script&gt;" in page
        elif path.suffix == ".docx":
            words = "\n".join(p.text for p in Document(str(path)).paragraphs)
            assert "🙂👶🏽" in words and "\x00" not in words and "\ufffd" in words
        elif path.suffix == ".pdf":
            pages, words = _pdf_text(path)
            assert pages >= 1
            assert "x</script> &" in words and "\x00" not in words and "\ufffd" in words


def test_the_portfolio_is_written_and_reads(walked: tuple[Path, Store], tmp_path: Path) -> None:
    _, store = walked
    dirs = [paths.templates_dir() / "question_sets"]
    portfolio = gather(
        store,
        store.people.get(DEMO_PRACTITIONER),
        load_accreditation(),
        lambda ident: find_question_set(ident, dirs),
    )
    write_portfolio(portfolio, tmp_path)
    words = "\n".join(p.text for p in Document(str(tmp_path / DOCX_NAME)).paragraphs)
    assert "🙂👶🏽" in words and "\x00" not in words
    page = (tmp_path / HTML_NAME).read_text(encoding="utf-8")
    assert "<script>" not in page
    pages, words = _pdf_text(tmp_path / PDF_NAME)
    assert pages > 10  # each 20,000-character answer takes pages
    assert "x</script> &" in words and "\x00" not in words
