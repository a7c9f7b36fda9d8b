"""`vigkit subject-access CASE --to DIR`: everything held about one family, readable (HTML
and PDF) and as a CSV per kind, films and stills listed with their deletion days, no video
unless --with-media. The access policy decides on a team's store. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from vigkit.cli import main
from vigkit.demo.team import DEMO_TEAM_GROUP, fill_demo_team
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

CODE = "F017"
SAID_ON_THE_BOARD = "Lovely waiting for the baby's cue here"


@pytest.fixture
def home(store_url: str, tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    fill_demo_team(data, out=io.StringIO(), url=store_url)
    with Store.open(data, url=store_url) as store:
        [group] = [g for g in store.sessions.list_supervision_groups() if g.name == DEMO_TEAM_GROUP]
        session = store.sessions.open(group.id or 0, "demo-guider")
        film = store.films.list(CODE)[0]
        store.sessions.present_clip(session.id, "demo-guider", film.id or 0, 1.0, 3.0)
        store.sessions.add_post(session.id, "demo-guider", SAID_ON_THE_BOARD)
    return data, store_url


def _run(home: tuple[Path, str], to: Path, *extra: str) -> int:
    data, url = home
    argv = ["subject-access", CODE, "--to", str(to), "--data", str(data), "--database", url]
    return main([*argv, *extra])


def _pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_the_bundle_holds_everything_about_the_family_and_no_video(
    home: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(home, tmp_path / "out", "--as", "demo-guider") == 0
    out = tmp_path / "out" / f"subject-access-{CODE}"
    names = sorted(p.name for p in out.iterdir())
    for kind in ("case", "consents", "ratings", "cycles", "clips", "reflections", "audit"):
        assert f"{kind}.csv" in names
    assert "subject-access.html" in names and "subject-access.pdf" in names
    assert not [n for n in names if n.endswith((".mp4", ".mov", ".png"))]  # no video, no still

    with Store.open(home[0], url=home[1]) as store:
        words = [q.words for q in store.cases.list_helping_questions(CODE)]
        seen = store.films.list_clips(case_code=CODE)[0].what_i_see
    page = (out / "subject-access.html").read_text(encoding="utf-8")
    text = _pdf_text(out / "subject-access.pdf")
    for expected in (*words, seen, SAID_ON_THE_BOARD, "Who opened the records", CODE):
        assert html.escape(expected) in page, expected
        assert " ".join(expected.split()) in " ".join(text.split()), expected
    assert "<script" not in page and "http" not in page

    films = list(csv.DictReader((out / "films-and-stills.csv").open(encoding="utf-8")))
    assert [f["kind"] for f in films] == ["film"] and films[0]["held_now"] == "True"
    audit = list(csv.DictReader((out / "audit.csv").open(encoding="utf-8")))
    assert ("demo-guider", "export", "True") in {
        (a["login"], a["action"], a["allowed"]) for a in audit
    }
    # Records read as people speak: the model's title and "film 1 of F017", never an id.
    assert f"Clip {1}: film 1 of {CODE}" in page or f": film 1 of {CODE}, " in page
    assert "reflection_" not in page and "shared_review" not in page
    # The other family is not in it.
    assert "F051" not in page and "F051" not in text


def test_with_media_the_films_are_copied_and_others_are_refused(
    home: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(home, tmp_path / "pat", "--as", "demo-pat") == 2
    assert "demo-pat may not export case F017" in capsys.readouterr().err
    assert not (tmp_path / "pat").exists()
    assert _run(home, tmp_path / "out", "--as", "demo-guider", "--with-media") == 0
    media = tmp_path / "out" / f"subject-access-{CODE}" / "media"
    [film] = list(media.glob("film-*.mp4"))
    with Store.open(home[0], url=home[1]) as store:
        assert film.read_bytes() == Path(store.films.list(CODE)[0].path).read_bytes()


def test_an_export_refuses_a_code_that_looks_like_a_name(
    home: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, url = home
    argv = ["--data", str(data), "--database", url, "--as", "demo-guider"]
    assert main(["export", "Jane Smith", "--to", str(tmp_path / "x"), *argv]) == 1
    assert "looks like a person's name" in capsys.readouterr().err
    assert main(["subject-access", "Jane Smith", "--to", str(tmp_path / "x"), *argv]) == 1
    assert "looks like a person's name" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
