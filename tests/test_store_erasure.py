"""`vigkit erase CASE` leaves nothing: after erasing a demo case, the whole data directory
(every file's bytes) and the whole database (every row of every table) hold neither its
code nor any text typed into it — but the one audit line saying it was erased. SQLite and
PostgreSQL alike. Other families' records, and the board's posts about them, stay."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from vigkit.cli import main
from vigkit.core.errors import CaseNotFound
from vigkit.core.measurescores import MeasureScore
from vigkit.core.records import Case, Clip, Consent, Draft, Film, Reflection
from vigkit.demo.team import DEMO_TEAM_GROUP, fill_demo_team
from vigkit.media.plotcache import cached_png
from vigkit.media.reviewclips import cut_clip, review_clip_path
from vigkit.media.stills import still_at
from vigkit.media.uploads import append_chunk, start_upload
from vigkit.reports.export import export_case
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

CODE = "F017"
# Texts typed into the case by the test (the demo's own texts are gathered from the store).
TYPED = {
    "reflection": "Kestrel-marker: I noticed how the parent waited for the baby's cue",
    "clip": "Quokka-marker: the parent names the baby's feeling <b>& smiles</b> 😊",
    "post": "Narwhal-marker: lovely turn-taking in this clip",
    "draft": "Ibex-marker: half a thought about the next cycle",
}
KEPT_POST = "Heron-marker: about the other family's clip"


def _dump(url: str) -> str:
    """Every row of every table, as text."""
    engine = sa.create_engine(url)
    try:
        names = sa.inspect(engine).get_table_names()
        with engine.connect() as conn:
            return "\n".join(
                f"{name}: {tuple(row)!r}"
                for name in names
                for row in conn.execute(sa.text(f'SELECT * FROM "{name}"'))  # noqa: S608
            )
    finally:
        engine.dispose()


def _texts_of_case(store: Store) -> list[str]:
    """What was typed into the case: referral, helping questions, clips, reflections, films."""
    case = store.cases.get(CODE)
    found = [case.referral_reason]
    found += [q.words for q in store.cases.list_helping_questions(CODE)]
    found += [c.what_i_see for c in store.films.list_clips(case_code=CODE)]
    for r in store.reflections.list(case_code=CODE):
        found += [v for v in r.answers.values() if isinstance(v, str)]
    return [t for t in found if len(t) >= 12]


def _make_derived_files(store: Store, data: Path) -> None:
    """Everything vigkit makes about a case on the way: a still, a review clip, an export,
    a cached plot, a half-sent film and a log line."""
    film = store.films.list(CODE)[0]
    clip = store.films.list_clips(case_code=CODE)[0]
    still_at(film.path, 2.0, data / "media" / "stills" / CODE / f"film{film.id}-2.00.png")
    cut_clip(film.path, 1.0, 2.0, review_clip_path(data, CODE, 1, clip.id or 0))
    export_case(store, CODE, data / "exports", data_dir=data)
    cached_png(("ratings", TYPED["clip"]), lambda: b"\x89PNG plot", case_code=CODE)
    upload = start_upload(data, "demo-guider", CODE, "visit.mp4", 10, 1)
    append_chunk(data, upload.id, "demo-guider", 0, b"01234")
    logs = data / "logs"
    logs.mkdir(exist_ok=True)
    with open(logs / "vigkit.log", "a", encoding="utf-8") as fh:
        fh.write(f"2026-12-04 vigkit WARNING refused pat view CaseRef(code='{CODE}')\n")
        fh.write("2026-12-04 vigkit INFO a line about nobody\n")


def _type_into_case(store: Store) -> int:
    """The test's own texts, in a reflection, a clip, a draft and the live board; returns
    the id of a live post about another family, which must stay."""
    store.reflections.save(
        Reflection(
            template_id="three_questions",
            template_version="1.0",
            author_id="demo-guider",
            case_code=CODE,
            cycle_number=1,
            answers={"noticed": TYPED["reflection"]},
        )
    )
    clip = store.films.list_clips(case_code=CODE)[0]
    store.films.update_clip(clip.model_copy(update={"what_i_see": TYPED["clip"]}))
    store.measures.add_score(
        MeasureScore(
            case_code=CODE,
            measure_id="epds",
            measure_version="1.0",
            taken_on=clip_day(store),
            total=14,
            items={"item10": 1},
            risk_raised=True,
        )
    )
    store.reflections.save_draft(
        Draft(
            key=f"reflection:new:three_questions:demo-guider:{CODE}:2",
            template_id="three_questions",
            template_version="1.0",
            author_id="demo-guider",
            answers={"noticed": TYPED["draft"]},
        )
    )
    # Another family, agreeing to intervision, whose clip is presented after F017's.
    other = store.cases.add(
        Case(code="F099", practitioner_id="demo-guider", opened_on=clip_day(store))
    )
    store.cases.set_consent(
        Consent(case_code=other.code, given_on=clip_day(store), filming=True, intervision=True)
    )
    film = store.films.list(CODE)[0]
    other_film = store.films.add(
        Film(
            case_code=other.code,
            cycle_number=1,
            path=film.path,
            sha256=film.sha256,
            duration_s=film.duration_s,
            filmed_on=clip_day(store),
        )
    )
    store.films.add_clip(Clip(film_id=other_film.id or 0, start_s=1.0, end_s=2.0))
    [group] = [g for g in store.sessions.list_supervision_groups() if g.name == DEMO_TEAM_GROUP]
    session = store.sessions.open(group.id or 0, "demo-guider")
    store.sessions.join(session.code, "demo-pat")
    store.sessions.present_clip(session.id, "demo-guider", film.id or 0, 1.0, 3.0)
    store.sessions.add_post(session.id, "demo-pat", TYPED["post"])
    store.calibration.start(session.id, "demo-guider")
    store.sessions.present_clip(session.id, "demo-guider", other_film.id or 0, 1.0, 2.0)
    kept = store.sessions.add_post(session.id, "demo-pat", KEPT_POST)
    return kept.id or 0


def clip_day(store: Store):  # type: ignore[no-untyped-def]
    return store.films.list(CODE)[0].filmed_on


def test_erasing_a_case_leaves_no_trace_but_one_audit_line(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    fill_demo_team(data, out=io.StringIO(), url=store_url)
    with Store.open(data, url=store_url) as store:
        kept_post = _type_into_case(store)
        _make_derived_files(store, data)
        texts = [*_texts_of_case(store), *TYPED.values()]
        clip_ids = {c.id for c in store.films.list_clips(case_code=CODE)}
        [record] = store.supervision.list(trainee_id="demo-guider")
        assert set(record.answers["clips_brought"]) & clip_ids  # the demo brought one
    # An earlier audit line about the case (an export), folded into the erasure's.
    out = str(tmp_path / "out")
    assert (
        main(
            [
                "export",
                CODE,
                "--to",
                out,
                "--as",
                "demo-guider",
                "--data",
                str(data),
                "--database",
                store_url,
            ]
        )
        == 0
    )
    capsys.readouterr()

    assert (
        main(
            ["erase", CODE, "--reason", "family's request", "--yes", "--as", "demo-guider"]
            + ["--data", str(data), "--database", store_url]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert f"Case {CODE} erased" in said

    # The database: nothing but the erasure's own audit line.
    dump = _dump(store_url)
    lines = [line for line in dump.splitlines() if CODE in line]
    assert len(lines) == 1 and lines[0].startswith("audit_events:"), lines
    assert "erase" in lines[0] and "family's request" in lines[0]
    for text in texts:
        assert text not in dump, text
    # Every file under the data directory.
    needles = [CODE.encode(), *(t.encode() for t in texts)]
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        for needle in needles:
            hits = blob.count(needle)
            if path.name == "vigkit.sqlite" and needle == CODE.encode():
                assert hits <= 2, path  # the audit line's row and its index entry
            else:
                assert hits == 0, (path, needle)
    assert "a line about nobody" in (data / "logs" / "vigkit.log").read_text()

    with Store.open(data, url=store_url) as store:
        with pytest.raises(CaseNotFound):
            store.cases.get(CODE)
        [event] = store.audit.trail(ident=CODE)
        assert (event.action, event.login, event.reason) == (
            "erase",
            "demo-guider",
            "family's request",
        )
        # Others' records stay: the other families, the shared film, the later post.
        assert store.cases.get("F051") and store.cases.get("F099")
        assert Path(store.films.list("F099")[0].path).is_file()
        [record] = store.supervision.list(trainee_id="demo-guider")
        assert not set(record.answers["clips_brought"]) & clip_ids
        posts = [
            p.id for s in store.sessions.list("demo-guider") for p in store.sessions.posts(s.id)
        ]
        assert kept_post in posts


def test_the_audit_trail_refuses_update_and_delete_even_of_an_erased_case(store: Store) -> None:
    from vigkit.core.audit import AuditEvent

    store.audit.record(AuditEvent("sam", "view", "case", "F001", True, "own case", "case page"))
    # SQLite's triggers refuse; on PostgreSQL the app role has no right to (its triggers
    # refuse the owner: tests/test_dbroles.py).
    refused = "append-only|permission denied for table audit_events"
    with pytest.raises(Exception, match=refused):
        with store._tx() as conn:  # noqa: SLF001 - around the store, as an intruder would
            conn.execute(sa.text("DELETE FROM audit_events WHERE ident = 'F001'"))
    with pytest.raises(Exception, match=refused):
        with store._tx() as conn:  # noqa: SLF001
            conn.execute(sa.text("UPDATE audit_events SET login = 'x'"))
    assert len(store.audit.trail(ident="F001")) == 1


def test_erase_asks_for_the_code_and_refuses_others(
    store_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "data"
    fill_demo_team(data, out=io.StringIO(), url=store_url)
    base = ["--data", str(data), "--database", store_url, "--reason", "recorded in error"]
    # Pat may not erase the guider's family: refused in plain words, and recorded.
    assert main(["erase", CODE, "--yes", "--as", "demo-pat", *base]) == 2
    assert "demo-pat may not erase case F017" in capsys.readouterr().err
    # Without --yes and no terminal to ask at: nothing happens.
    monkeypatch.setattr("sys.stdin", io.StringIO("F017\n"))
    assert main(["erase", CODE, "--as", "demo-guider", *base]) == 2
    assert "nothing was erased" in capsys.readouterr().err
    with Store.open(data, url=store_url) as store:
        assert store.cases.get(CODE)
        refused = [e for e in store.audit.trail(ident=CODE) if not e.allowed]
        assert [(e.login, e.action) for e in refused] == [("demo-pat", "erase")]
    # The admin may carry out an erasure without opening the case.
    assert main(["erase", CODE, "--yes", "--as", "demo-admin", *base]) == 0


def test_withdrawing_intervision_takes_the_clip_off_every_board_at_once(
    store_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    fill_demo_team(data, out=io.StringIO(), url=store_url)
    with Store.open(data, url=store_url) as store:
        [group] = [g for g in store.sessions.list_supervision_groups() if g.name == DEMO_TEAM_GROUP]
        session = store.sessions.open(group.id or 0, "demo-guider")
        film = store.films.list(CODE)[0]
        store.sessions.present_clip(session.id, "demo-guider", film.id or 0, 1.0, 3.0)
        before = store.sessions.poll(session.id).presented
        consent = store.cases.get_consent(CODE)
        assert consent is not None and before is not None and before.film_id == film.id
        store.cases.set_consent(consent.model_copy(update={"intervision": False}))
        after = store.sessions.poll(session.id)
        assert after.presented is None or after.presented.film_id is None
        assert after.posts[-1].text.startswith("took the clip off the board")
        with pytest.raises(Exception, match="intervision"):
            store.sessions.present_clip(session.id, "demo-guider", film.id or 0, 1.0, 3.0)
