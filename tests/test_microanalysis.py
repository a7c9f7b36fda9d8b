"""The micro-analysis page without a browser: register a film, mark and save clips, stills."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from vigkit import paths
from vigkit.core.records import Case, Clip, Consent, Film, HelpingQuestion, Practitioner
from vigkit.media.testvideo import make_film, make_not_a_video, make_truncated_copy
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page, video_files
from vigkit.ui.widgets import RATES, ClipMarker

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def film_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_film(
        tmp_path_factory.mktemp("film") / "master.mp4", seconds=6.0, width=160, height=96
    )


@pytest.fixture
def data(store: Store, tmp_path: Path, film_file: Path) -> Path:
    """The store's data directory, with a case that consented to filming and a film in media/."""
    data = tmp_path / "data"
    store.people.add(Practitioner(id="sam", display_name="Sam"))
    store.cases.add(Case(code="F001", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.cases.set_consent(Consent(case_code="F001", given_on=date(2024, 1, 1), filming=True))
    store.cases.save_helping_question(
        HelpingQuestion(case_code="F001", position=1, words="How can I help <b>her</b> settle?")
    )
    target = paths.media_dir(data) / "cycle1" / "play.mp4"
    target.parent.mkdir(parents=True)
    target.write_bytes(film_file.read_bytes())
    (paths.media_dir(data) / "notes.txt").write_text("not a film")
    return data


def _page(store: Store, data: Path, case: str = "F001", film: str = ""):
    page = microanalysis_page(case, film, store=store, data=data, principles=load_principles())
    return page, page.micro


def _register(store: Store, data: Path, name: str = "cycle1/play.mp4"):
    _, micro = _page(store, data)
    micro.reg_file.value = str(paths.media_dir(data) / name)
    return micro, micro.register()


def test_video_files_lists_films_not_other_files(data: Path) -> None:
    assert [p.name for p in video_files(data)] == ["play.mp4"]


def test_register_film_logs_it(store: Store, data: Path) -> None:
    micro, film = _register(store, data)
    assert film is not None and film.id is not None
    assert film.duration_s == pytest.approx(6.0, abs=0.1)
    assert "Film 1 of F001 logged" in micro.reg_msg.value
    assert "play.mp4" in micro.films_html.value
    assert [f.id for f in store.films.list("F001")] == [film.id]
    assert "Open film 1" in micro.reg_msg.value
    _, again = _page(store, data)
    assert again.reg_file.options == ()  # a logged film is not offered again


def test_a_logged_film_is_named_by_its_place_in_its_case_never_its_id(
    store: Store, data: Path, film_file: Path
) -> None:
    """A film is "film 1 of F001" where it is said and linked, though another family's film
    took id 1: its id (still in the link's address) counts every case's films."""
    store.cases.add(Case(code="F002", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.cases.set_consent(Consent(case_code="F002", given_on=date(2024, 1, 1), filming=True))
    other = Film(
        case_code="F002",
        cycle_number=1,
        path=str(film_file),
        sha256="0" * 64,
        duration_s=6.0,
        filmed_on=date(2024, 1, 2),
    )
    store.films.add(other)
    micro, film = _register(store, data)
    assert film is not None and 2 == film.id
    said = micro.reg_msg.value
    assert "Film 1 of F001 logged: cycle 1" in said
    assert ">Open film 1 of F001</a>" in said and "film=2" in said
    assert not re.search(r"[Ff]ilm 2\b", said)
    assert "Film 1: cycle 1" in micro.films_html.value


def test_the_films_list_counts_each_films_clips_and_no_other_cases(
    store: Store, data: Path, film_file: Path
) -> None:
    """Each film's line counts its own clips (read in one query for the case)."""

    def film(case: str) -> Film:
        return store.films.add(
            Film(
                case_code=case,
                cycle_number=1,
                path=str(film_file),
                sha256="0" * 64,
                duration_s=6.0,
                filmed_on=date(2024, 1, 2),
            )
        )

    store.cases.add(Case(code="F002", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.cases.set_consent(Consent(case_code="F002", given_on=date(2024, 1, 1), filming=True))
    first, _unclipped, other = film("F001"), film("F001"), film("F002")
    for one, (start, end) in [(first, (0.5, 1.5)), (first, (2.0, 3.0)), (other, (1.0, 2.0))]:
        store.films.add_clip(Clip(film_id=one.id or 0, start_s=start, end_s=end))
    _, micro = _page(store, data)
    listed = micro.films_html.value
    assert 2 == listed.count("<li>")
    assert "6 s, 2 clips" in listed and "6 s, 0 clips" in listed
    assert "1 clip" not in listed  # F002's clip is not counted here


def test_register_without_consent_saves_nothing(store: Store, data: Path) -> None:
    store.cases.set_consent(Consent(case_code="F001", given_on=date(2024, 1, 1), filming=False))
    micro, film = _register(store, data)
    assert film is None
    assert "not consented to filming" in micro.reg_msg.value
    assert store.films.list("F001") == []


def test_register_bad_file_is_a_plain_message(store: Store, data: Path) -> None:
    bad = paths.media_dir(data) / "broken.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000)
    micro, film = _register(store, data, "broken.mp4")
    assert film is None
    assert "vk-msg-error" in micro.reg_msg.value
    assert "damaged" in micro.reg_msg.value or "not a video" in micro.reg_msg.value
    assert "Traceback" not in micro.reg_msg.value
    assert store.films.list("F001") == []


def test_marker_fills_editor_and_save_adds_clip(store: Store, data: Path) -> None:
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    marker = micro.marker
    assert isinstance(marker, ClipMarker)
    assert marker.src == f"/vigkit/media/film/{film.id}"
    assert marker.duration == pytest.approx(film.duration_s)
    assert marker.principle_keys["1"]["label"] == "Being attentive"
    first, third = marker.principle_keys["1"]["id"], marker.principle_keys["3"]["id"]
    # What the browser does for "[", "]", "1", "3", Enter.
    marker.pending_start = 1.0
    marker.pending_end = 3.5
    marker.pending_principles = [first, third]
    marker.pending_start = marker.pending_end = None
    marker.pending_principles = []
    marker.marks = [*marker.marks, {"start": 1.0, "end": 3.5, "principles": [first, third]}]
    assert (micro.ed_start.value, micro.ed_end.value) == (1.0, 3.5)
    assert micro.ed_principles[first].value and micro.ed_principles[third].value
    micro.ed_seen.value = "The parent <i>waits</i>; the baby looks up."
    next(iter(micro.ed_hqs.values())).value = True
    clip = micro.save_clip()
    assert clip is not None
    saved = store.films.list_clips(film_id=film.id)
    assert len(saved) == 1 and saved[0].principle_ids == [first, third]
    assert saved[0].helping_question_ids and saved[0].better_than_usual
    assert html.escape("The parent <i>waits</i>") in micro.saved_html.value
    assert "<i>waits" not in micro.saved_html.value
    assert marker.marks[-1]["saved"] is True
    assert "Clip saved" in micro.ed_msg.value
    assert [False] == [box.value for box in micro.ed_hqs.values()]  # the next clip starts blank
    assert "" == micro.ed_seen.value


def test_clip_errors_and_gentle_warnings(store: Store, data: Path) -> None:
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    micro.ed_start.value, micro.ed_end.value = 4.0, 2.0
    assert micro.save_clip() is None and "must end after it starts" in micro.ed_msg.value
    micro.ed_start.value, micro.ed_end.value = 1.0, 60.0  # past the film: shown as its end
    assert micro.ed_end.value == pytest.approx(film.duration_s)
    micro.ed_end.value = float("1e400")  # what a browser makes of "1e400": not 0
    assert micro.ed_end.value == pytest.approx(film.duration_s)
    micro.ed_start.value, micro.ed_end.value = 2.0, 2.001
    assert micro.save_clip() is None
    assert "This clip lasts 1 ms: a clip lasts one frame (0.04 s) at least." in micro.ed_msg.value
    micro.ed_start.value, micro.ed_end.value = 1.0, 2.0
    micro.ed_seen.value = "x" * 20_001
    assert micro.save_clip() is None
    assert "What I see: too long (at most 20000 characters)" in micro.ed_msg.value
    assert store.films.list_clips(film_id=film.id) == []
    micro.ed_seen.value = ""
    for start in (0.0, 1.0, 2.0):
        micro.ed_start.value, micro.ed_end.value = start, start + 3.0
        assert micro.save_clip() is not None
    notes = micro._update_warnings()
    assert any("its 3 clips, the most your service keeps" in n for n in notes)
    # The limit the page states is the limit the store keeps (the service's setting).
    micro.ed_start.value, micro.ed_end.value = 3.0, 5.9
    assert micro.save_clip() is None
    assert "already has 3 clips" in micro.ed_msg.value
    assert 3 == len(store.films.list_clips(film_id=film.id))
    assert "up to 3 clips of about 10 seconds" in micro.widget.children[3].children[0].value


def test_save_clicked_twice_stores_one_clip(store: Store, data: Path) -> None:
    """A second click on Save (or a retry) stores nothing new and says so; a change after
    the save makes the next save a new clip."""
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    micro.ed_start.value, micro.ed_end.value = 1.0, 3.0
    micro.ed_seen.value = "Baby turns to Mum."
    first = micro.save_clip()
    second = micro.save_clip()  # the form was cleared of its text: still the same save
    assert first is not None and first == second
    assert "saved already (1.00–3.00 s): nothing new was stored" in micro.ed_msg.value
    assert [first] == store.films.list_clips(film_id=film.id)
    micro.ed_start.value, micro.ed_end.value = 4.0, 5.0
    third = micro.save_clip()
    assert third is not None and third.id != first.id
    assert 2 == len(store.films.list_clips(film_id=film.id))


def test_long_clip_warns(store: Store, data: Path) -> None:
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    micro.film = micro.film.model_copy(update={"duration_s": 60.0})
    micro.ed_end.max = 60.0  # the editor's times are bounded by the film
    micro.ed_end.value = 12.0
    assert "12.0 s long" in micro.ed_warn.value


def test_changed_film_shows_only_a_message(store: Store, data: Path) -> None:
    _, film = _register(store, data)
    path = Path(film.path)
    path.write_bytes(path.read_bytes() + b"\x00")
    _, micro = _page(store, data, film=str(film.id))
    assert "changed on disk" in micro.film_msg.value
    assert micro.marker is None and micro.film_box.children == ()
    path.unlink()
    _, micro = _page(store, data, film=str(film.id))
    assert "moved or been deleted" in micro.film_msg.value


def test_other_case_or_unknown_film(store: Store, data: Path) -> None:
    _, micro = _page(store, data, film="99")
    assert "no film" in micro.film_msg.value
    _, micro = _page(store, data, film="abc")
    assert "not a film number" in micro.film_msg.value


def test_still_written_and_shown(store: Store, data: Path) -> None:
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    micro.marker.still_requests = [2.0]
    micro.still_work.wait(30)  # drawn off the kernel's event loop
    out = paths.media_dir(data) / "stills" / "F001" / f"film{film.id}-2.00.png"
    assert out.is_file() and out.read_bytes().startswith(b"\x89PNG")
    assert micro.marker.still_requests == []
    assert micro._still_times() == [2.0]
    assert "Still taken" in micro.marker.status
    micro.marker.still_requests = [99.0]
    micro.still_work.wait(30)
    assert "no moment" in micro.marker.status
    micro.ed_start.value, micro.ed_end.value = 1.0, 3.0
    clip = micro.save_clip()
    assert clip is not None and clip.still_times_s == [2.0]
    assert micro.take_still(0.0) is not None  # the film's first frame is a still like any
    assert [2.0, 0.0] == micro._still_times()


def test_marker_traits() -> None:
    marker = ClipMarker(src="/vigkit/media/film/3", duration=60.0, fps=25.0)
    assert marker.rate == 1.0 and marker.marks == [] and marker.pending_start is None
    marker.rate = 0.3
    assert marker.rate == 0.25 and 0.25 in RATES
    marker.current_time = 75.0
    assert marker.current_time == 60.0
    traits = marker.trait_names(sync=True)
    for name in (
        "src",
        "duration",
        "fps",
        "current_time",
        "rate",
        "marks",
        "pending_start",
        "pending_end",
        "principle_keys",
        "still_requests",
        "status",
    ):
        assert name in traits
    assert 'preload: "metadata"' in marker._esm and 'tabindex: "0"' in marker._esm
    assert ":focus" in marker._css


# -- phone films and files that are not films ------------------------------------------------


def _snapshot(store: Store, data: Path) -> tuple[list[object], list[Path]]:
    """What a failed registration must leave alone: the films logged and the media folder."""
    files = sorted(p for p in paths.media_dir(data).rglob("*") if p.is_file())
    return [f.model_dump() for f in store.films.list()], files


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        (
            "shopping.mp4",
            lambda target, _film: make_not_a_video(target),
            "The file 'shopping.mp4' is not a video file vigkit can read.",
        ),
        (
            "half-copied.mp4",
            lambda target, film: make_truncated_copy(film, target, 0.4),
            "The file 'half-copied.mp4' seems damaged or incomplete "
            "(it may not have finished copying).",
        ),
        (
            "strange.mp4",
            lambda target, film: target.write_bytes(
                film.read_bytes().replace(b"avc1", b"zzzz").replace(b"avcC", b"zzzC")
            ),
            "The file 'strange.mp4' uses a video format (codec zzzz) that vigkit cannot play.",
        ),
    ],
)
def test_register_refuses_in_plain_words_and_changes_nothing(
    store: Store, data: Path, film_file: Path, name: str, make, expected: str
) -> None:
    """Not a video, half copied, or an unknown codec: one plain sentence, nothing logged or touched."""
    target = paths.media_dir(data) / name
    make(target, film_file)
    before_bytes = target.read_bytes()
    before = _snapshot(store, data)
    micro, film = _register(store, data, name)
    assert film is None
    assert html.escape(expected) in micro.reg_msg.value
    assert "vk-msg-error" in micro.reg_msg.value
    assert before == _snapshot(store, data)
    assert before_bytes == target.read_bytes()
    assert str(target) == micro.reg_file.value  # the choice stays, to try again once fixed


def test_register_offers_the_next_file_and_cycle(store: Store, data: Path) -> None:
    """Once a film is logged the form stops offering it and suggests the next cycle."""
    second = paths.media_dir(data) / "cycle2" / "bath.mp4"
    second.parent.mkdir()
    second.write_bytes(b"not looked at until chosen")
    micro, film = _register(store, data)
    assert film is not None and 1 == film.cycle_number
    assert (("cycle2/bath.mp4", str(second)),) == micro.reg_file.options
    assert 2 == micro.reg_cycle.value
    assert "not logged yet" not in micro.registrar.reg_help.value
    micro.reg_file.value = str(second)
    second.write_bytes((paths.media_dir(data) / "cycle1" / "play.mp4").read_bytes() + b"\0")
    assert micro.register() is not None
    assert () == micro.reg_file.options
    assert "No video files (.mp4, .mov) there that are not logged yet." in (
        micro.registrar.reg_help.value
    )


@pytest.mark.parametrize(("how", "codec"), [({}, "h264"), ({"codec": "hevc"}, "hevc")])
def test_marker_knows_the_films_codec(
    store: Store, data: Path, how: dict[str, str], codec: str
) -> None:
    """The marker is told the film's codec, so the browser can say when it cannot show it."""
    path = make_film(
        paths.media_dir(data) / f"phone-{codec}.mov", seconds=2.0, width=160, height=96, **how
    )
    _, film = _register(store, data, path.name)
    assert film is not None
    _, micro = _page(store, data, film=str(film.id))
    assert codec == micro.marker.codec
    assert "" == micro.marker.cannot_play
    assert "canPlayType" in micro.marker._esm and "vk-cm-notice" in micro.marker._esm


def test_review_clips_are_cut_from_the_saved_clips(store: Store, data: Path) -> None:
    """The page's button cuts each saved clip into the data folder, with progress and a message."""
    from vigkit.core.records import Clip
    from vigkit.media.films import probe
    from vigkit.ui.parts.reviewclips import ReviewClipsPart

    _, film = _register(store, data)
    part = ReviewClipsPart(store, film, data)
    assert [] == part.cut()
    assert "no saved clips" in part.message.value
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=1.0, end_s=2.5))
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=3.0, end_s=5.0))
    written = part.cut()
    assert [1.5, 2.0] == [round(probe(p).duration_s, 1) for p in written]
    assert all(p.parent == data / "media" / "review" / "F001" / "cycle-1" for p in written)
    assert "2 review clip(s) ready" in part.message.value and 1.0 == part.progress.value
    _, micro = _page(store, data, film=str(film.id))
    assert micro.widget is not None


def test_the_register_button_reads_the_film_off_the_event_loop(store: Store, data: Path) -> None:
    """The button's work runs in a thread with a progress bar; a second click while it runs
    starts nothing; the film is logged when it ends."""
    _, micro = _page(store, data)
    registrar = micro.registrar
    registrar.reg_file.value = str(paths.media_dir(data) / "cycle1" / "play.mp4")
    assert registrar.register_in_background()
    assert not registrar.register_in_background() or not registrar.work.busy
    registrar.work.wait(60)
    assert registrar.work.bar.value == 1.0
    [film] = store.films.list("F001")
    assert film.cycle_number == 1 and "vk-msg-success" in registrar.reg_msg.value
    assert registrar.work.widget.layout.display == "none"


def test_stop_ends_the_reading_and_nothing_is_saved(
    store: Store, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from vigkit.core.errors import MediaError
    from vigkit.ui.forms import filmregister

    started = threading.Event()

    def slow(path: str, *, progress: object, cancel: threading.Event) -> object:
        started.set()
        cancel.wait(30)
        raise MediaError(None, key="error.media.stopped", path=path, name=repr(Path(path).name))

    monkeypatch.setattr(filmregister, "register_film_file", slow)
    _, micro = _page(store, data)
    registrar = micro.registrar
    registrar.reg_file.value = str(paths.media_dir(data) / "cycle1" / "play.mp4")
    assert registrar.register_in_background()
    assert started.wait(10) and registrar.work.busy
    assert not registrar.register_in_background()  # a second click starts nothing
    registrar.work.stop_button.click()
    registrar.work.wait(30)
    assert "Stopped: &#x27;play.mp4&#x27; was not read to the end" in registrar.reg_msg.value
    assert store.films.list("F001") == [] and not registrar.reg_button.disabled


def test_a_full_film_takes_a_new_clip_once_one_is_removed(store: Store, data: Path) -> None:
    """At the service's most clips the page says so; Remove asks again before it removes;
    then the new clip is saved, and the player's marks follow."""
    _, film = _register(store, data)
    _, micro = _page(store, data, film=str(film.id))
    for start in (0.0, 1.0, 2.0):
        micro.ed_start.value, micro.ed_end.value = start, start + 1.0
        assert micro.save_clip() is not None
    micro.ed_start.value, micro.ed_end.value = 4.0, 5.0
    assert micro.save_clip() is None and "already has 3 clips" in micro.ed_msg.value
    first = micro.saved.removers.children[0]
    assert "Remove clip 0.00–1.00 s" == first.description
    first.click()  # asks again, removes nothing yet
    assert "Press again to remove clip 0.00–1.00 s" == first.description
    assert 3 == len(store.films.list_clips(film_id=film.id))
    first.click()
    assert 2 == len(store.films.list_clips(film_id=film.id))
    assert "Clip 0.00–1.00 s removed." in micro.saved.message.value
    assert 2 == len(micro.marker.marks) and 2 == len(micro.saved.removers.children)
    micro.ed_start.value, micro.ed_end.value = 4.0, 5.0
    assert micro.save_clip() is not None
    assert [1.0, 2.0, 4.0] == [c.start_s for c in store.films.list_clips(film_id=film.id)]
