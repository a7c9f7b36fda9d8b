"""The one owner of footage on disk: every kind of file made from a film has its place in
:class:`vigkit.media.footage.FootageFiles`, and erasure, retention and a withdrawal of
consent each remove every kind it lists (a test per kind), nothing of another family."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vigkit.core.access import Use
from vigkit.core.records import Consent, Film
from vigkit.media.casefiles import delete_footage, erase_case_files, withdraw_footage
from vigkit.media.footage import FootageFiles, Kind, note_documents, write_whole

CODE, OTHER = "F017", "F051"


def _film(data: Path, code: str = CODE, film_id: int = 1) -> Film:
    path = FootageFiles(data).uploads() / code / f"film-{film_id}.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"a film")
    return Film(
        id=film_id,
        case_code=code,
        cycle_number=1,
        path=str(path),
        sha256="0" * 64,
        duration_s=60.0,
        filmed_on=date(2026, 11, 2),
    )


def _one_of_each(data: Path, code: str = CODE, film_id: int = 1) -> dict[Kind, Path]:
    """A file of every kind made from the case's film, as the pages and routes make them."""
    files = FootageFiles(data)
    made = {
        Kind.upload: Path(_film(data, code, film_id).path),
        Kind.still: files.still(code, film_id, 12.5),
        Kind.review: files.review(code, 1, 7),
        Kind.playback: files.playback(code, film_id),
        Kind.rendering: files.rendering(code, film_id, Use.intervision, 1.0, 5.0),
        Kind.document: files.exports(code) / "record-of-strengths.pdf",
        Kind.keepsake: files.keepsake(code, "20261207-1403") / "family-copy.mp4",
        Kind.check: files.checked(code, film_id),
    }
    for kind, path in made.items():
        if kind is not Kind.upload:
            with write_whole(path) as tmp:
                tmp.write_bytes(f"{kind} of {code}".encode())
    note_documents(files.exports(code), ["record-of-strengths.pdf"], with_stills=True)
    return made


def test_every_kind_has_a_place_under_its_case() -> None:
    files = FootageFiles(Path("/data"))
    assert set(files.case_folders(CODE)) == set(Kind)
    for kind, folder in files.case_folders(CODE).items():
        assert CODE in folder.parts, kind


@pytest.mark.parametrize("kind", list(Kind))
def test_erasure_removes_every_kind(tmp_path: Path, kind: Kind) -> None:
    made = _one_of_each(tmp_path)
    kept = _one_of_each(tmp_path, OTHER, 2)
    gone = erase_case_files(tmp_path, CODE, [_film(tmp_path)])
    assert not made[kind].exists() and made[kind] in gone.removed
    assert kept[kind].exists(), "another family's file went too"


@pytest.mark.parametrize("kind", list(Kind))
def test_retention_removes_every_kind_made_from_the_film(tmp_path: Path, kind: Kind) -> None:
    made = _one_of_each(tmp_path)
    film = _film(tmp_path)
    delete_footage(tmp_path, film, [7])
    assert not made[kind].exists()


# The film (its upload) waits, unused, for its retention; a check holds no footage.
@pytest.mark.parametrize("kind", [k for k in Kind if k not in (Kind.upload, Kind.check)])
def test_withdrawal_removes_every_kind_made_from_the_footage(tmp_path: Path, kind: Kind) -> None:
    made = _one_of_each(tmp_path)
    kept = _one_of_each(tmp_path, OTHER, 2)
    given = Consent(case_code=CODE, given_on=date(2026, 10, 1), filming=True, intervision=True)
    withdrawn = given.model_copy(update={"withdrawn_on": date(2026, 11, 1)})
    gone = withdraw_footage(tmp_path, CODE, withdrawn)
    assert not made[kind].exists() and made[kind] in gone.removed
    assert made[Kind.upload].exists(), "the film waits for its retention, unused"
    assert kept[kind].exists()


def test_withdrawing_one_use_removes_only_its_renderings(tmp_path: Path) -> None:
    made = _one_of_each(tmp_path)
    files = FootageFiles(tmp_path)
    supervision = files.rendering(CODE, 1, Use.supervision, 8.0, 15.5)
    with write_whole(supervision) as tmp:
        tmp.write_bytes(b"for the supervisor")
    no_intervision = Consent(
        case_code=CODE, given_on=date(2026, 10, 1), filming=True, supervisor_viewing=True
    )
    withdraw_footage(tmp_path, CODE, no_intervision)
    assert not made[Kind.rendering].exists()
    assert supervision.exists() and made[Kind.still].exists() and made[Kind.document].exists()


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "media" / "renderings" / CODE / "clip.mp4"
    with pytest.raises(RuntimeError), write_whole(target) as tmp:
        tmp.write_bytes(b"half a clip")
        raise RuntimeError("the disk filled up")
    assert not target.exists() and list(target.parent.iterdir()) == []
    with write_whole(target) as tmp:
        assert tmp.suffix == ".mp4"  # PyAV picks the format by the name
        tmp.write_bytes(b"a clip")
    assert target.read_bytes() == b"a clip" and list(target.parent.iterdir()) == [target]


def test_documents_with_stills_are_known_and_a_remade_one_is_not(tmp_path: Path) -> None:
    files = FootageFiles(tmp_path)
    folder = files.exports(CODE)
    folder.mkdir(parents=True)
    (folder / "record-of-strengths.html").write_text("with a still")
    (folder / "clips.csv").write_text("no stills")
    note_documents(folder, ["record-of-strengths.html"], with_stills=True)
    assert files.carries_stills(CODE, "record-of-strengths.html")
    assert files.carries_stills(CODE, "stills/clip-1.png")
    assert not files.carries_stills(CODE, "clips.csv")
    note_documents(folder, ["record-of-strengths.html"], with_stills=False)
    assert not files.carries_stills(CODE, "record-of-strengths.html")
