"""Tests of vigkit.reports.export and the record of strengths: tables, documents, stills, no video, CLI."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import av
import pandas as pd
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx import Document
from PIL import Image

from vigkit import paths
from vigkit.cli import main
from vigkit.core.errors import CaseNotFound
from vigkit.core.records import Case, Clip, Consent, Film, HelpingQuestion, Practitioner, Rating
from vigkit.demo.caseload import fill_demo
from vigkit.media.films import register_film_file
from vigkit.media.testvideo import make_film
from vigkit.reports.export import (
    CLIP_COLUMNS,
    RATING_COLUMNS,
    clips_table,
    export_case,
    ratings_table,
)
from vigkit.reports.strengths import NO_STILL, STILL_WIDTH, render_html
from vigkit.store import Store
from vigkit.templates.principles import load_principles

pytestmark = pytest.mark.sqlite_only

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".3gp", ".mts", ".ts", ".wmv"}
EVIL = "<script>alert('x')</script> & “quotes”"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """The demo caseload, exported once: (data dir, export dir, paths written)."""
    root = tmp_path_factory.mktemp("demo")
    data, out = root / "data", root / "export"
    fill_demo(data, out=io.StringIO())
    with Store.open(data) as store:
        written = export_case(store, "F017", out, data_dir=data)
    return data, out, written


def _small_case(store: Store, data: Path, what_i_see: str = EVIL) -> Film:
    """A case F101 with one helping question, a 2-second film and one clip; returns the film."""
    store.people.add(Practitioner(id="jo", display_name="Jo Guider"))
    store.cases.add(Case(code="F101", practitioner_id="jo", opened_on=date(2026, 1, 5)))
    store.cases.set_consent(Consent(case_code="F101", given_on=date(2026, 1, 5), filming=True))
    hq = store.cases.save_helping_question(
        HelpingQuestion(
            case_code="F101",
            position=1,
            words="How can I <b>calm</b> her?",
            ratings=[Rating(value=2, rated_on=date(2026, 1, 5))],
        )
    )
    path = make_film(data / "media" / "f101.mp4", seconds=2.0, width=160, height=90, audio=False)
    info, digest = register_film_file(path)
    film = store.films.add(
        Film(
            case_code="F101",
            cycle_number=1,
            path=str(path),
            sha256=digest,
            duration_s=info.duration_s,
            filmed_on=date(2026, 1, 12),
        )
    )
    store.films.add_clip(
        Clip(
            film_id=film.id or 0,
            start_s=0.5,
            end_s=1.5,
            principle_ids=["attentive.turning_towards"],
            what_i_see=what_i_see,
            helping_question_ids=[hq.id or 0],
        )
    )
    return film


def _is_video(path: Path) -> bool:
    """True when the file has a video extension or PyAV finds a video stream in it."""
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return True
    try:
        with av.open(str(path)) as container:
            return bool(container.streams.video) and path.suffix.lower() not in {".png"}
    except (av.error.FFmpegError, OSError):
        return False


def test_clips_csv_has_one_row_per_clip_and_principle(demo: tuple[Path, Path, list[Path]]) -> None:
    """clips.csv holds the demo's 3 clips × 2 principles with the store's times and headings."""
    data, out, _ = demo
    table = pd.read_csv(out / "F017" / "clips.csv", keep_default_na=False)
    principles = load_principles()
    with Store.open(data) as store:
        clips = store.films.list_clips(case_code="F017")
        film = store.films.list("F017")[0]
    assert CLIP_COLUMNS == list(table.columns)
    assert 6 == len(table)
    expected = [
        (c.id, c.start_s, c.end_s, p, principles.heading_of(p).heading)
        for c in clips
        for p in c.principle_ids
    ]
    actual = list(
        zip(
            table.clip_id,
            table.start_s,
            table.end_s,
            table.principle_id,
            table.principle_heading,
            strict=True,
        )
    )
    assert expected == actual
    assert [round(c.end_s - c.start_s, 3) for c in clips for _ in c.principle_ids] == list(
        table.length_s
    )
    assert {film.filmed_on.isoformat()} == set(table.film_date)
    assert {"play on the mat"} == set(table.film_context)
    assert {1} == set(table.cycle)
    joined = [";".join(str(i) for i in c.helping_question_ids) for c in clips for _ in range(2)]
    assert joined == [str(v) for v in table.helping_question_ids]


def test_clip_without_principle_gives_one_empty_row(store: Store, tmp_path: Path) -> None:
    """A clip tagged with no principle gives a single row whose principle is empty."""
    film = _small_case(store, tmp_path / "data")
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=0.1, end_s=0.4))
    table = clips_table(store, "F101")
    assert 2 == len(table)
    assert ["", "attentive.turning_towards"] == list(table.principle_id)
    assert ["", "Being attentive"] == list(table.principle_heading)


def test_ratings_csv_matches_the_store(demo: tuple[Path, Path, list[Path]]) -> None:
    """ratings.csv has one row per rating, as the store holds them."""
    data, out, _ = demo
    table = pd.read_csv(out / "F017" / "ratings.csv")
    with Store.open(data) as store:
        expected = [
            ("F017", hq.id, hq.position, hq.words, r.occasion, r.rated_on.isoformat(), r.value)
            + (hq.hoped_for,)
            for hq in store.cases.list_helping_questions("F017")
            for r in hq.ratings
        ]
        in_memory = ratings_table(store, "F017")
    assert RATING_COLUMNS == list(table.columns)
    assert expected == [tuple(row) for row in table.itertuples(index=False)]
    assert 3 == len(in_memory)


def test_export_writes_the_expected_files(demo: tuple[Path, Path, list[Path]]) -> None:
    """The export returns every file it wrote, all inside the case folder."""
    _, out, written = demo
    case_dir = out / "F017"
    names = sorted(p.relative_to(case_dir).as_posix() for p in written)
    expected = sorted(
        ["clips.csv", "ratings.csv", "reflections.csv", "measures.csv"]
        + ["record-of-strengths.html", "record-of-strengths.docx", "record-of-strengths.pdf"]
        + [f"stills/{p.name}" for p in (case_dir / "stills").glob("*.png")]
    )
    assert expected == names
    assert sorted(p for p in case_dir.rglob("*") if p.is_file()) == sorted(written)


def test_no_video_in_the_export(demo: tuple[Path, Path, list[Path]]) -> None:
    """Nothing in the export has a video extension or video content."""
    _, out, _ = demo
    files = [p for p in out.rglob("*") if p.is_file()]
    assert [] == [p for p in files if _is_video(p)]


def test_stills_are_real_pngs(demo: tuple[Path, Path, list[Path]]) -> None:
    """Each better-than-usual clip has a PNG still, 480 pixels wide."""
    _, out, _ = demo
    stills = sorted((out / "F017" / "stills").glob("*.png"))
    assert 3 == len(stills)
    for still in stills:
        assert b"\x89PNG\r\n\x1a\n" == still.read_bytes()[:8]
        with Image.open(still) as image:
            assert ("PNG", STILL_WIDTH) == (image.format, image.width)


def test_html_has_the_parents_words_and_stills(demo: tuple[Path, Path, list[Path]]) -> None:
    """The HTML page names the case, the helping questions, principles and relative stills."""
    _, out, _ = demo
    page = (out / "F017" / "record-of-strengths.html").read_text(encoding="utf-8")
    assert "Our record of strengths" in page
    assert "F017" in page
    assert "How can I help my baby settle?" in page
    assert "How can I enjoy playing with her?" in page
    assert "Being attentive" in page
    assert "@page" in page and "A4" in page
    assert 3 == page.count('<img src="stills/clip-')
    assert "Sam Okafor" not in page
    assert "F017-cycle1-play" not in page


def test_docx_opens_with_words_and_three_pictures(demo: tuple[Path, Path, list[Path]]) -> None:
    """The Word document opens and holds the parent's words and three inline pictures."""
    _, out, _ = demo
    doc = Document(str(out / "F017" / "record-of-strengths.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Our record of strengths" in text
    assert "How can I help my baby settle?" in text
    assert "Receiving initiatives" in text
    assert "the parent smiles back" in text
    assert 3 == len(doc.inline_shapes)


def test_user_text_is_escaped_in_html(store: Store, tmp_path: Path) -> None:
    """A <script> typed into what_i_see or the parent's words appears escaped in the HTML."""
    data = tmp_path / "data"
    _small_case(store, data)
    written = export_case(store, "F101", tmp_path / "out", data_dir=data)
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in page
    assert "How can I &lt;b&gt;calm&lt;/b&gt; her?" in page


def test_deleted_film_leaves_a_note(store: Store, tmp_path: Path) -> None:
    """With the film deleted the export still succeeds, with a note and no still."""
    data = tmp_path / "data"
    film = _small_case(store, data, what_i_see="She looks up.")
    Path(film.path).unlink()
    written = export_case(store, "F101", tmp_path / "out", data_dir=data)
    case_dir = tmp_path / "out" / "F101"
    assert [] == list(case_dir.glob("stills/*.png"))
    page = (case_dir / "record-of-strengths.html").read_text(encoding="utf-8")
    assert NO_STILL in page
    assert str(film.path) not in page
    doc = Document(str(case_dir / "record-of-strengths.docx"))
    assert 0 == len(doc.inline_shapes)
    assert NO_STILL in "\n".join(p.text for p in doc.paragraphs)
    pdf = pdfium.PdfDocument(case_dir / "record-of-strengths.pdf")
    text = " ".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", " ")
    images = [list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])) for page in pdf]
    pdf.close()
    assert NO_STILL in text and [] == [i for found in images for i in found]
    assert str(film.path) not in text
    assert 7 == len(written)


def test_changed_film_leaves_a_note(store: Store, tmp_path: Path) -> None:
    """A film whose bytes changed since it was logged gives a note instead of a still."""
    data = tmp_path / "data"
    film = _small_case(store, data, what_i_see="She looks up.")
    with Path(film.path).open("ab") as fh:
        fh.write(b"\0" * 16)
    export_case(store, "F101", tmp_path / "out", data_dir=data)
    page = (tmp_path / "out" / "F101" / "record-of-strengths.html").read_text(encoding="utf-8")
    assert NO_STILL in page
    assert "<img" not in page


def test_clip_not_better_than_usual_is_left_out(store: Store, tmp_path: Path) -> None:
    """Only clips marked better than usual go into the record of strengths."""
    data = tmp_path / "data"
    film = _small_case(store, data)
    store.films.add_clip(
        Clip(film_id=film.id or 0, start_s=0.2, end_s=0.9, better_than_usual=False, what_i_see="X9")
    )
    written = export_case(store, "F101", tmp_path / "out", data_dir=data)
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert 1 == page.count("<img")
    assert "X9" not in page
    assert 2 == len(clips_table(store, "F101"))


def test_missing_case_raises(store: Store, tmp_path: Path) -> None:
    """Exporting a case that does not exist raises CaseNotFound and writes nothing."""
    with pytest.raises(CaseNotFound):
        export_case(store, "Z999", tmp_path / "out", data_dir=tmp_path)
    assert not (tmp_path / "out").exists()


def test_render_html_without_moments() -> None:
    """A record with no moments still renders, saying none were chosen."""
    from vigkit.reports.strengths import StrengthsRecord

    record = StrengthsRecord(
        case_code="F1", questions=(), moments=(), made_on=date(2026, 3, 14), source="S."
    )
    page = render_html(record)
    assert "No moments have been chosen yet." in page
    assert "14 March 2026" in page


def test_cli_export(
    demo: tuple[Path, Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`vigkit export F017` prints each file written and returns 0."""
    data, _, _ = demo
    out = tmp_path / "cli"
    assert 0 == main(["export", "F017", "--to", str(out), "--data", str(data)])
    printed = capsys.readouterr().out.split()
    written = sorted(str(p) for p in (out / "F017").rglob("*") if p.is_file())
    assert written == sorted(printed)


def test_cli_export_missing_case(
    demo: tuple[Path, Path, list[Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing case exits 1 with the CaseNotFound message."""
    data, _, _ = demo
    assert 1 == main(["export", "Z999", "--to", str(tmp_path / "cli"), "--data", str(data)])
    assert str(CaseNotFound("Z999")) in capsys.readouterr().err


def test_formula_text_is_inert_in_a_spreadsheet() -> None:
    """Text a spreadsheet would run (=, +, -, @) gets a leading quote; numbers are untouched."""
    from vigkit.reports.export import spreadsheet_safe

    table = pd.DataFrame(
        {
            "words": ['=HYPERLINK("http://x","y")', "+1 smiles", "-", "@me", "calm ☺ <b>"],
            "value": [-1, 2, 3, 4, 5],
        }
    )
    safe = spreadsheet_safe(table)
    expected = ['\'=HYPERLINK("http://x","y")', "'+1 smiles", "'-", "'@me", "calm ☺ <b>"]
    assert expected == list(safe["words"])
    assert [-1, 2, 3, 4, 5] == list(safe["value"])
    assert '=HYPERLINK("http://x","y")' == table["words"][0]


def test_reflections_csv_has_each_answer_with_its_prompt(
    demo: tuple[Path, Path, list[Path]],
) -> None:
    """reflections.csv: one row per answer, with the template version and the prompt given."""
    from vigkit.reports.export import REFLECTION_COLUMNS

    data, out, _ = demo
    table = pd.read_csv(out / "F017" / "reflections.csv")
    assert REFLECTION_COLUMNS == list(table.columns)
    with Store.open(data) as store:
        reflections = store.reflections.list(case_code="F017")
    assert sum(len(r.answers) for r in reflections) == len(table)
    assert len(reflections) >= 1 and table["prompt"].notna().all()


def test_reflection_answers_keep_old_prompts_in_the_export(store: Store, tmp_path: Path) -> None:
    """An answer saved under version 1.0 exports with 1.0's prompt, after the template changed."""
    from vigkit.core.records import Reflection
    from vigkit.reports.export import reflections_table, template_prompts

    _small_case(store, tmp_path / "data")
    v1 = {
        "schema_version": 1,
        "id": "our_log",
        "version": "1.0",
        "title": "Our log",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {"id": "noticed", "prompt": "What did you notice?", "kind": "long_text"}
                ],
            }
        ],
    }
    author = store.people.list()[0].id
    store.reflections.save(
        Reflection(
            template_id="our_log",
            template_version="1.0",
            author_id=author,
            case_code="F101",
            answers={"noticed": "=1+1 🙂"},
        ),
        template_body=v1,
    )
    table = reflections_table(store, "F101", template_prompts(store, [tmp_path / "none"]))
    row = table.iloc[0]
    assert ("What did you notice?", "=1+1 🙂", "1.0") == (
        row["prompt"],
        row["answer"],
        row["template_version"],
    )


def test_a_portrait_still_never_fills_the_printed_page(tmp_path: Path) -> None:
    """Word: landscape stills are 120 mm wide, portrait ones 110 mm tall."""
    from docx.shared import Mm

    from vigkit.reports.strengths import _picture_size

    Image.new("RGB", (480, 270)).save(tmp_path / "wide.png")
    Image.new("RGB", (270, 480)).save(tmp_path / "tall.png")
    assert {"width": Mm(120)} == _picture_size(tmp_path / "wide.png")
    assert {"height": Mm(110)} == _picture_size(tmp_path / "tall.png")


HOSTILE = "a\x00b\x01c\x0bd\x1fe — \u202eRTL\u202c 🙂 <b>x</b>\r\nnext line"


def test_control_characters_never_stop_a_word_document(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A NUL (and other characters XML cannot hold) typed into a clip is kept as typed in the
    store, and the record of strengths is still written: the Word file shows U+FFFD there."""
    from docx import Document

    data = tmp_path / "data"
    _small_case(store, data, what_i_see=HOSTILE)
    assert store.films.list_clips(case_code="F101")[0].what_i_see == HOSTILE  # kept as typed
    written = export_case(store, "F101", tmp_path / "out", data_dir=data)
    docx = next(p for p in written if p.suffix == ".docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "a\ufffdb\ufffdc\ufffdd\ufffde — \u202eRTL\u202c 🙂 <b>x</b>" in text
    assert "\x00" not in text


def test_control_characters_never_stop_the_portfolio(store: Store, tmp_path: Path) -> None:
    from docx import Document

    from vigkit.core.records import Reflection
    from vigkit.reports.portfolio import DOCX_NAME, gather, write_portfolio
    from vigkit.templates import find_question_set
    from vigkit.templates.accreditationfile import load_accreditation

    store.people.add(Practitioner(id="jo", display_name="Jo\x00Guider"))
    store.reflections.save(
        Reflection(
            template_id="reflection_what",
            template_version="1",
            author_id="jo",
            answers={"what": HOSTILE},
        )
    )
    trainee = store.people.get("jo")
    dirs = [paths.templates_dir() / "question_sets"]
    portfolio = gather(store, trainee, load_accreditation(), lambda i: find_question_set(i, dirs))
    write_portfolio(portfolio, tmp_path / "p")
    text = "\n".join(p.text for p in Document(str(tmp_path / "p" / DOCX_NAME)).paragraphs)
    assert "Jo\ufffdGuider" in text


def test_the_command_line_never_prints_a_traceback(
    demo: tuple[Path, Path, list[Path]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever goes wrong that vigkit did not foresee, the command says so in a sentence."""
    import vigkit.reports.export as export_module

    def broken(*_args: object, **_kwargs: object) -> list[Path]:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(export_module, "export_case", broken)
    monkeypatch.delenv("VIGKIT_DEBUG", raising=False)
    data, _, _ = demo
    assert main(["export", "F017", "--to", str(tmp_path / "x"), "--data", str(data)]) == 1
    said = capsys.readouterr().err
    assert "did not expect (All strings must be XML compatible)" in said
    assert "Traceback" not in said
