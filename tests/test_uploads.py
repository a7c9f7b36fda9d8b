"""Films sent from the page in resumable chunks: the upload area on disk, and the page's
register form taking a whole film from it (or removing one it cannot use)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from vigkit import paths
from vigkit.core.records import Case, Consent, Practitioner
from vigkit.media import uploads as up
from vigkit.media.testvideo import make_film, make_not_a_video, make_truncated_copy
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page

pytestmark = pytest.mark.sqlite_only

SIZE = 10_000


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real film's bytes (about 15 KB): only a film is kept when its last byte arrives."""
    where = tmp_path_factory.mktemp("film") / "film.mp4"
    return make_film(where, seconds=1.0, width=160, height=96).read_bytes()


def _send(data: Path, owner: str, body: bytes, *, chunk: int = 4096, name: str = "film.mp4"):
    upload = up.start_upload(data, owner, "F001", name, len(body), 123)
    while not upload.done:
        start = upload.received
        upload = up.append_chunk(data, upload.id, owner, start, body[start : start + chunk])
    return upload


def test_a_film_arrives_in_chunks_and_lands_under_its_case(tmp_path: Path, film: bytes) -> None:
    body = film
    upload = _send(tmp_path, "sam", body, name="Baby bath (1).MP4")
    path = Path(upload.path)
    assert path.read_bytes() == body
    assert path.parent == up.uploads_dir(tmp_path) / "F001"
    assert path.name == f"{upload.id[:8]}-Baby-bath-1.mp4"
    assert up.completed_upload(tmp_path, upload.id, "sam", "F001") == path
    assert not list((up.uploads_dir(tmp_path) / ".partial").glob("*.part"))


def test_the_same_file_resumes_where_it_stopped(tmp_path: Path, film: bytes) -> None:
    body, size = film, len(film)
    first = up.start_upload(tmp_path, "sam", "F001", "film.mp4", size, 123)
    up.append_chunk(tmp_path, first.id, "sam", 0, body[:4096])
    # The connection drops; the page (or a new tab) starts the same file again.
    again = up.start_upload(tmp_path, "sam", "F001", "film.mp4", size, 123)
    assert (again.id, again.received) == (first.id, 4096)
    assert up.upload_state(tmp_path, first.id, "sam").received == 4096
    done = up.append_chunk(tmp_path, first.id, "sam", 4096, body[4096:])
    assert Path(done.path).read_bytes() == body
    # Another file (another size or time) is another upload.
    other = up.start_upload(tmp_path, "sam", "F001", "film.mp4", size, 124)
    assert other.id != first.id and other.received == 0


def test_a_chunk_out_of_step_is_refused_with_what_the_server_has(tmp_path: Path) -> None:
    body = os.urandom(SIZE)
    upload = up.start_upload(tmp_path, "sam", "F001", "film.mp4", SIZE, 1)
    up.append_chunk(tmp_path, upload.id, "sam", 0, body[:4096])
    for start in (0, 5000):  # sent twice, or a gap
        with pytest.raises(up.UploadError) as refused:
            up.append_chunk(tmp_path, upload.id, "sam", start, body[start : start + 100])
        assert refused.value.values["received"] == 4096
    with pytest.raises(up.UploadError):  # more than the film's size
        up.append_chunk(tmp_path, upload.id, "sam", 4096, os.urandom(SIZE))
    assert up.upload_state(tmp_path, upload.id, "sam").received == 4096


def test_an_upload_is_only_its_senders(tmp_path: Path, film: bytes) -> None:
    upload = _send(tmp_path, "sam", film)
    for owner in ("pat", ""):
        with pytest.raises(up.UploadError, match="not known here"):
            up.upload_state(tmp_path, upload.id, owner)
        with pytest.raises(up.UploadError, match="not known here"):
            up.completed_upload(tmp_path, upload.id, owner, "F001")
    with pytest.raises(up.UploadError, match="not known here"):  # another case's page
        up.completed_upload(tmp_path, upload.id, "sam", "F002")
    for bad in ("../../etc/passwd", "0" * 31, "Z" * 32):
        with pytest.raises(up.UploadError, match="not known here"):
            up.upload_state(tmp_path, bad, "sam")


@pytest.mark.parametrize(
    ("name", "size", "words"),
    [
        ("notes.txt", 10, "not a film vigkit takes"),
        ("film.avi", 10, "not a film vigkit takes"),
        ("film.mp4", 0, "is empty"),
        ("film.mp4", up.MAX_FILM_BYTES + 1, "larger than"),
    ],
)
def test_files_that_are_not_films_are_refused_in_plain_words(
    tmp_path: Path, name: str, size: int, words: str
) -> None:
    with pytest.raises(up.UploadError, match=words):
        up.start_upload(tmp_path, "sam", "F001", name, size, 0)
    assert not list((up.uploads_dir(tmp_path) / ".partial").glob("*.json"))


@pytest.mark.parametrize(
    "body",
    [b"Notes from the visit: baby smiled at mum.\n" * 300, b"\x00" * 12_000],
    ids=["text", "zeros"],
)
def test_a_file_named_mp4_that_is_not_a_film_is_refused_when_it_arrives(
    tmp_path: Path, body: bytes
) -> None:
    """The name says film; PyAV, at the last byte, says otherwise: nothing of it stays."""
    with pytest.raises(up.UploadError) as refused:
        _send(tmp_path, "sam", body, name="visit.mp4")
    words = str(refused.value)
    assert "'visit.mp4'" in words and "not a film vigkit can read" in words
    assert "was not kept" in words
    assert [p for p in up.uploads_dir(tmp_path).rglob("*") if p.is_file()] == []


def test_a_case_code_that_is_not_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(up.UploadError):
        up.start_upload(tmp_path, "sam", "../F001", "film.mp4", 10, 0)


def test_discard_removes_a_film_that_cannot_be_used_and_keeps_a_registered_one(
    tmp_path: Path, film: bytes
) -> None:
    kept = _send(tmp_path, "sam", film, name="kept.mp4")
    up.discard_upload(tmp_path, kept.id, "sam", keep_film=True)
    assert Path(kept.path).is_file()
    gone = _send(tmp_path, "sam", film, name="gone.mp4")
    up.discard_upload(tmp_path, gone.id, "pat", keep_film=False)  # not pat's: nothing happens
    assert Path(gone.path).is_file()
    up.discard_upload(tmp_path, gone.id, "sam", keep_film=False)
    assert not Path(gone.path).exists()
    assert not list((up.uploads_dir(tmp_path) / ".partial").iterdir())


def test_uploads_nobody_finished_for_two_weeks_are_removed(tmp_path: Path) -> None:
    old = up.start_upload(tmp_path, "sam", "F001", "old.mp4", SIZE, 1)
    up.append_chunk(tmp_path, old.id, "sam", 0, b"x" * 100)
    weeks_ago = time.time() - up.STALE_SECONDS - 60
    for leftover in (up.uploads_dir(tmp_path) / ".partial").iterdir():
        os.utime(leftover, (weeks_ago, weeks_ago))
    up.start_upload(tmp_path, "sam", "F001", "new.mp4", SIZE, 1)
    with pytest.raises(up.UploadError):
        up.upload_state(tmp_path, old.id, "sam")


# -- the register form takes a sent film ----------------------------------------------------


@pytest.fixture
def data(store: Store, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store.people.add(Practitioner(id="sam", display_name="Sam"))
    store.cases.add(Case(code="F001", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.cases.set_consent(Consent(case_code="F001", given_on=date(2024, 1, 1), filming=True))
    return data


def _micro(store: Store, data: Path):
    page = microanalysis_page("F001", "", store=store, data=data, principles=load_principles())
    return page.micro


def _sent(data: Path, source: Path) -> up.Upload:
    return _send(data, "", source.read_bytes(), chunk=1 << 20, name=source.name)


def test_a_sent_film_is_registered_from_the_page(store: Store, data: Path, tmp_path: Path) -> None:
    film_file = make_film(tmp_path / "phone.mp4", seconds=3.0, width=160, height=96)
    upload = _sent(data, film_file)
    micro = _micro(store, data)
    micro.registrar.reg_cycle.value = 2
    micro.registrar.upload.uploaded = {"id": upload.id, "name": "phone.mp4"}
    [film] = store.films.list("F001")
    assert film.path == upload.path and film.cycle_number == 2
    assert "Film 1 of F001 logged" in micro.registrar.upload.result
    assert "Film 1 of F001 logged" in micro.reg_msg.value
    assert Path(upload.path).is_file()  # the registered film stays
    assert not list((up.uploads_dir(data) / ".partial").iterdir())


def test_a_sent_film_that_cannot_be_read_is_removed(
    store: Store, data: Path, tmp_path: Path
) -> None:
    """A film whose header opens but whose end is missing (a copy cut short) arrives, and
    the page's probe refuses it."""
    whole = make_film(tmp_path / "whole.mp4", seconds=2.0, width=160, height=96, faststart=True)
    upload = _sent(data, make_truncated_copy(whole, tmp_path / "holiday.mp4", 0.97))
    micro = _micro(store, data)
    micro.registrar.upload.uploaded = {"id": upload.id, "name": "holiday.mp4"}
    assert store.films.list("F001") == []
    assert "was removed" in micro.reg_msg.value
    assert "damaged or incomplete" in micro.reg_msg.value
    assert not Path(upload.path).exists()
    assert micro.registrar.upload.uploaded == {}


def test_a_file_that_is_not_a_film_never_reaches_the_page(data: Path, tmp_path: Path) -> None:
    with pytest.raises(up.UploadError, match="not a film vigkit can read"):
        _sent(data, make_not_a_video(tmp_path / "holiday.mp4"))
    assert [p for p in up.uploads_dir(data).rglob("*") if p.is_file()] == []


def test_a_page_cannot_register_someone_elses_upload(
    store: Store, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    film_file = make_film(tmp_path / "theirs.mp4", seconds=2.0, width=160, height=96)
    theirs = _send(data, "pat", film_file.read_bytes(), chunk=1 << 20, name="theirs.mp4")
    micro = _micro(store, data)
    micro.registrar.upload.uploaded = {"id": theirs.id, "name": "theirs.mp4"}
    assert store.films.list("F001") == []
    assert "not known here" in micro.reg_msg.value
    assert Path(theirs.path).is_file()  # not this page's to remove


def test_in_a_team_the_form_offers_sending_not_the_servers_folder(
    store: Store, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "sam")
    micro = _micro(store, data)
    children = micro.registrar.widget.children
    assert micro.registrar.upload in children
    assert micro.reg_file not in children and micro.reg_button not in children
    assert str(paths.media_dir(data)) not in micro.registrar.reg_help.value
