"""A real team: JupyterHub logs two practitioners in, spawns a vigkit server for each, and
neither can reach the other's workbook or films — by link, by guessed id, or as the hub sees it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import free_port, shot, stop_server, wait_for_http
from tests.browser.test_supervision import OBSERVATIONS, SELF_EVALUATION

pytestmark = pytest.mark.slow


@dataclass
class Hub:
    url: str
    data: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    passwords: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def database_url(self) -> str:
        """The team's store: the PostgreSQL `vigkit team` started in the data directory."""
        from vigkit.store.cluster import LocalPostgres

        cluster = LocalPostgres.running(self.data / "postgres")
        assert cluster is not None, self.log()
        return cluster.url("vigkit")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp("team")
    port = free_port()
    log_path = data / "hub.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIGKIT_", "JUPYTERHUB_"))}
    args = [sys.executable, "-m", "vigkit", "team", "--data", str(data), "--demo"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*args, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "hub/login", timeout=120)
    except TimeoutError:
        process.kill()
        raise AssertionError(log_path.read_text()) from None
    passwords = json.loads((data / "hub" / "accounts.json").read_text())
    hub = Hub(url, data, process, log_path, passwords)
    yield hub
    stop_server(hub)  # type: ignore[arg-type]  # same shape: process and its children
    from vigkit.store.cluster import LocalPostgres

    assert LocalPostgres.running(data / "postgres") is None, "the team's PostgreSQL kept running"
    LocalPostgres(data / "postgres").destroy()


def log_in(browser: object, hub: Hub, login: str) -> object:
    """A browser context of its own, logged in through the hub's login form."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(150_000)
    for attempt in range(3):  # a hub busy spawning someone else's server can be slow to answer
        try:
            page.goto(hub.url + "hub/login")
            page.wait_for_selector("input[name=username]", timeout=30_000)
            break
        except Exception:
            if attempt == 2:
                raise
    page.get_by_role("textbox", name="Username").fill(login)
    password = page.get_by_role("textbox", name="Password")
    password.fill(hub.passwords[login])
    password.press("Enter")
    return page


@contextmanager
def pages_of(browser: object, hub: Hub) -> Iterator[Callable[[str], Any]]:
    """``login(name)`` logs a person in, in a browser context of their own; every context
    closes at the end, and the hub's log is printed when something failed."""
    opened: list[Any] = []

    def login(name: str) -> Any:
        opened.append(log_in(browser, hub, name))
        return opened[-1]

    try:
        yield login
    except Exception:
        print(hub.log()[-6000:])
        raise
    finally:
        for page in opened:
            page.context.close()


def test_each_person_reaches_only_their_own_workbook(browser: object, hub: Hub) -> None:
    with pages_of(browser, hub) as login:
        guider = login("demo-guider")
        pat = login("demo-pat")
        guider.get_by_text("Using vigkit as Sam Okafor").wait_for()  # type: ignore[attr-defined]
        assert "/user/demo-guider/" in guider.url  # type: ignore[attr-defined]
        pat.get_by_text("Using vigkit as Pat Lindqvist").wait_for()  # type: ignore[attr-defined]
        pat.get_by_text("F051").first.wait_for()  # type: ignore[attr-defined]
        shot(pat, "team-pat-home")
        body = pat.inner_text("body")  # type: ignore[attr-defined]
        assert "F017" not in body, "Pat's home lists the guider's family"

        # Pat, logged in, opens the guider's workbook and a film by its id: refused.
        other = hub.url + "user/demo-guider/"
        for path in (
            "voila/render/home.ipynb",
            "vigkit/media/film/1",
            "voila/render/case.ipynb?case=F017",
        ):
            answer = pat.request.get(other + path)  # type: ignore[attr-defined]
            assert answer.status == 403, (path, answer.status, answer.text()[:300])
        # On her own server, the guider's film by its id, and the guider's family's exports,
        # are refused by the access policy: the store is shared, the family is not hers.
        from vigkit.store import Store

        with Store.open(url=hub.database_url()) as store:
            pats_film = store.films.list("F051")[0].id
        mine = hub.url + "user/demo-pat/"
        for path in ("vigkit/media/film/1", "vigkit/media/still/1/2.png"):
            answer = pat.request.get(mine + path)  # type: ignore[attr-defined]
            assert answer.status == 403, (path, answer.status)
            assert answer.text() == "This is not yours to open."
        answer = pat.request.get(mine + "vigkit/exports/F017/record.html")  # type: ignore[attr-defined]
        assert answer.status == 403, answer.status
        answer = pat.request.get(  # type: ignore[attr-defined]
            mine + f"vigkit/media/film/{pats_film}", headers={"Range": "bytes=0-99"}
        )
        assert answer.status == 206, answer.status
        assert "refused demo-pat play" in hub.log()
        with Store.open(url=hub.database_url()) as store:
            refused = {
                (e.action, e.door) for e in store.audit.trail(login="demo-pat") if not e.allowed
            }
        assert ("play", "/user/demo-pat/vigkit/media/film/1") in refused, refused
        assert ("export", "/user/demo-pat/vigkit/exports/F017/record.html") in refused, refused
        for page_path in (
            "case.ipynb?case=F017",
            "microanalysis.ipynb?case=F017&film=1",
            "reflection.ipynb?case=F017",
        ):
            pat.goto(mine + "voila/render/" + page_path)  # type: ignore[attr-defined]
            pat.get_by_text("This family's case is not yours to open.").wait_for()  # type: ignore[attr-defined]
        # The guider's own film plays for the guider.
        own = guider.request.get(other + "vigkit/media/film/1", headers={"Range": "bytes=0-99"})  # type: ignore[attr-defined]
        assert own.status in (200, 206), own.status
        # Not logged in at all: sent to the hub's login, never the page.
        stranger = browser.new_context()  # type: ignore[attr-defined]
        try:
            answer = stranger.request.get(other + "vigkit/media/film/1")
            assert answer.status in (200, 403) and "/hub/login" in answer.url
            assert not answer.body().startswith(b"\x00\x00\x00")  # not an MP4 box
        finally:
            stranger.close()


def _sees(page: object, text: str, timeout_ms: int = 10_000) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        "t => { const b = document.querySelector('.vk-board');"
        " return b && b.innerText.includes(t); }",
        arg=text,
        timeout=timeout_ms,
    )


def test_a_supervision_session_with_three_people_each_as_themselves(
    browser: object, hub: Hub
) -> None:
    """The guider opens a live session on her server; Pat and the supervisor join it from
    theirs. Each post carries the poster's own name, whatever ?me= says; a member cannot
    open the guider's supervision records."""
    session = "voila/render/groupsession.ipynb"
    with pages_of(browser, hub) as login:
        guider = login("demo-guider")
        pat = login("demo-pat")
        sup = login("demo-supervisor")
        for page in (guider, pat, sup):
            page.get_by_text("Using vigkit as").first.wait_for()  # type: ignore[attr-defined]
        guider.goto(hub.url + "user/demo-guider/" + session)  # type: ignore[attr-defined]
        opener = guider.get_by_role("button", name=re.compile(r"^Open a session for "))  # type: ignore[attr-defined]
        opener.first.click(timeout=150_000)
        guider.wait_for_selector(".vk-code", timeout=60_000)  # type: ignore[attr-defined]
        code = guider.locator(".vk-code").get_attribute("data-code")  # type: ignore[attr-defined]
        assert code
        # Pat claims to be the supervisor in the URL: the login decides, not ?me=.
        pat.goto(hub.url + f"user/demo-pat/{session}?session={code}&me=demo-supervisor")  # type: ignore[attr-defined]
        sup.goto(hub.url + f"user/demo-supervisor/{session}?session={code}")  # type: ignore[attr-defined]
        for page in (pat, sup):
            page.wait_for_selector(".vk-live", timeout=150_000)  # type: ignore[attr-defined]
        _sees(guider, "Pat Lindqvist", 20_000)
        _sees(guider, "Alex Reid", 20_000)
        for page, text in (
            (pat, "what the baby does next"),
            (sup, "what might the parent feel here"),
            (guider, "lovely turn-taking at the start"),
        ):
            page.get_by_role("textbox", name="Add to the board").fill(text)  # type: ignore[attr-defined]
            page.get_by_role("button", name="Post", exact=True).click()  # type: ignore[attr-defined]
        for page in (guider, pat, sup):
            for text in ("what the baby does next", "what might the parent feel here"):
                _sees(page, text)
            _sees(page, "lovely turn-taking at the start")
        shot(sup, "team-session-supervisor")
        with_names = guider.locator(".vk-board").inner_text()  # type: ignore[attr-defined]
        pats_line = next(line for line in with_names.splitlines() if "baby does next" in line)
        assert "Alex Reid" not in pats_line, with_names
        # A member of the group opening the guider's supervision records: refused.
        pat.goto(hub.url + "user/demo-pat/voila/render/supervision.ipynb?trainee=demo-guider")  # type: ignore[attr-defined]
        pat.get_by_text("You can open only your own supervision records.").wait_for()  # type: ignore[attr-defined]


def test_a_film_sent_and_a_record_signed_each_as_the_login(
    browser: object, hub: Hub, tmp_path: Path
) -> None:
    """The guider sends a film from her computer through her own server into the team's
    media storage; Pat cannot send one to the guider's family; the supervisor signs the
    guider's supervision record under her own name."""
    from vigkit.media.testvideo import make_film
    from vigkit.store import Store

    film = make_film(tmp_path / "bath on the phone.mp4", seconds=5.0)
    with pages_of(browser, hub) as login:
        guider = login("demo-guider")
        pat = login("demo-pat")
        sup = login("demo-supervisor")
        for page in (guider, pat, sup):
            page.get_by_text("Using vigkit as").first.wait_for()  # type: ignore[attr-defined]

        mine = hub.url + "user/demo-guider/"
        guider.goto(mine + "voila/render/microanalysis.ipynb?case=F017")  # type: ignore[attr-defined]
        guider.wait_for_selector(".vk-up", timeout=150_000)  # type: ignore[attr-defined]
        form = guider.inner_text(".vk-register")  # type: ignore[attr-defined]
        assert "Video file" not in form and str(hub.data) not in form, form
        # A file input is a button, named by its label.
        chooser = guider.get_by_role("button", name="Film on this computer")  # type: ignore[attr-defined]
        chooser.set_input_files(str(film))
        guider.get_by_role("button", name="Send and register").click()  # type: ignore[attr-defined]
        guider.locator(".vk-up-status", has_text="logged").wait_for(timeout=120_000)  # type: ignore[attr-defined]
        shot(guider, "team-film-sent")
        with Store.open(url=hub.database_url()) as store:
            sent = [f for f in store.films.list("F017") if "bath-on-the-phone" in f.path]
        assert len(sent) == 1
        assert Path(sent[0].path).read_bytes() == film.read_bytes()
        assert Path(sent[0].path).is_relative_to(hub.data / "media" / "uploads" / "F017")

        # Pat, on her own server, sending a film to the guider's family: refused.
        pats = hub.url + "user/demo-pat/vigkit/upload"
        token = pat.request.get(pats).json()["xsrf"]  # type: ignore[attr-defined]
        answer = pat.request.post(  # type: ignore[attr-defined]
            pats,
            data=json.dumps({"case": "F017", "name": "x.mp4", "size": 100, "modified": 1}),
            headers={"X-XSRFToken": token, "Content-Type": "application/json"},
        )
        assert answer.status == 403, answer.text()
        assert answer.json()["error"] == "This is not yours to open."

        # The supervisor signs the guider's record: it carries her name, from her login.
        sup.goto(  # type: ignore[attr-defined]
            hub.url + "user/demo-supervisor/voila/render/supervision.ipynb?trainee=demo-guider"
        )
        record = sup.locator(".vk-form")  # type: ignore[attr-defined]
        record.get_by_role("textbox", name="Date of the supervision").fill("2026-11-20")
        record.locator(".vk-q-mode").get_by_role("radio", name="Individual", exact=True).check()
        record.locator(".vk-q-duration_minutes").get_by_role("radio", name="90 minutes").check()
        record.get_by_role("textbox", name=SELF_EVALUATION).fill("Waiting for the parent.")
        record.get_by_text("Draft kept").wait_for()
        record.get_by_role("textbox", name=OBSERVATIONS).fill("You gave the parent time.")
        sup.get_by_role("button", name="Sign and lock").click()  # type: ignore[attr-defined]
        sup.get_by_text("Signed. The record is now locked.").wait_for()  # type: ignore[attr-defined]
        sup.get_by_text("Signed by Alex Reid (demo supervisor) on").first.wait_for()  # type: ignore[attr-defined]
        shot(sup, "team-signed-by-supervisor")
        with Store.open(url=hub.database_url()) as store:
            signed = [
                r
                for r in store.supervision.list(trainee_id="demo-guider")
                if r.answers.get("observations") == "You gave the parent time."
            ]
        assert [r.signed_by for r in signed] == ["demo-supervisor"]


def test_the_admin_adds_a_person_who_then_logs_in_with_their_first_password(
    browser: object, hub: Hub
) -> None:
    """The demo admin adds Kim on the people page; Kim logs in with the first password the
    page showed, and vigkit knows her; Pat cannot open the people page."""
    with pages_of(browser, hub) as login:
        admin = login("demo-admin")
        admin.get_by_text("Using vigkit as Robin Hale").wait_for()  # type: ignore[attr-defined]
        admin.get_by_role("link", name="People and groups").click()  # type: ignore[attr-defined]
        admin.wait_for_selector(".vk-people", timeout=150_000)  # type: ignore[attr-defined]
        admin.get_by_role("textbox", name="Login (the name they log in with").fill("kim")  # type: ignore[attr-defined]
        admin.get_by_role("textbox", name="Name as colleagues know them").fill("Kim Lee")  # type: ignore[attr-defined]
        admin.get_by_role("checkbox", name="trainee").check()  # type: ignore[attr-defined]
        admin.get_by_role("button", name="Save person").click()  # type: ignore[attr-defined]
        admin.get_by_text("Added Kim Lee (kim)").wait_for()  # type: ignore[attr-defined]
        shot(admin, "team-admin-added-kim")
        said = admin.locator(".vk-msg-success").inner_text()  # type: ignore[attr-defined]
        found = re.search(r"first password is (\S+) ", said)
        assert found, said
        hub.passwords["kim"] = found.group(1)

        kim = login("kim")
        kim.get_by_text("Using vigkit as Kim Lee").wait_for()  # type: ignore[attr-defined]
        assert "People and groups" not in kim.inner_text("body")  # type: ignore[attr-defined]

        pat = login("demo-pat")
        pat.get_by_text("Using vigkit as Pat Lindqvist").wait_for()  # type: ignore[attr-defined]
        pat.goto(hub.url + "user/demo-pat/voila/render/people.ipynb")  # type: ignore[attr-defined]
        pat.get_by_text(
            "People, roles and groups are kept by the service's administrators"
        ).wait_for()  # type: ignore[attr-defined]


def test_a_group_member_gets_only_the_seconds_presented_and_the_supervisor_only_clips(
    browser: object, hub: Hub
) -> None:
    """While the guider presents seconds 1-5 of a family's film, a group member's own server
    sends a rendering of those seconds (its probed length is the clip's), and refuses the
    film, a still outside the clip, and any other seconds (403, audited); the supervisor
    gets the practitioner's chosen clip rendered for supervision, never the film."""
    import io

    import av

    from vigkit.store import Store

    with pages_of(browser, hub) as login:
        pat, sup = login("demo-pat"), login("demo-supervisor")
        for page in (pat, sup):
            page.get_by_text("Using vigkit as").first.wait_for()  # type: ignore[attr-defined]
        with Store.open(hub.data, url=hub.database_url()) as store:
            film = store.films.list("F017")[0]
            chosen = store.films.list_clips(film_id=film.id)[0]
            group = store.sessions.list_supervision_groups(member_id="demo-pat")[0]
            session = store.sessions.open(group.id or 0, "demo-guider")
            store.sessions.present_clip(session.id or 0, "demo-guider", film.id or 0, 1.0, 5.0)
            before = len(store.audit.trail(ident="F017"))

        def get(page: Any, login_name: str, route: str) -> Any:
            url = f"{hub.url}user/{login_name}/vigkit/media/{route}"
            return page.request.get(url, timeout=150_000)

        shown = get(pat, "demo-pat", f"clip/{film.id}/intervision/1000-5000.mp4")
        assert shown.status == 200, shown.text()[:300]
        with av.open(io.BytesIO(shown.body())) as container:
            assert container.duration is not None
            assert abs(container.duration / 1e6 - 4.0) < 0.3
        inside = get(pat, "demo-pat", f"still/{film.id}/2.00.png?for=intervision")
        assert inside.status == 200 and inside.body().startswith(b"\x89PNG")
        for route in (
            f"film/{film.id}",
            f"still/{film.id}/59.00.png",
            f"still/{film.id}/59.00.png?for=intervision",
            f"clip/{film.id}/intervision/0-60000.mp4",
            f"clip/{film.id}/supervision/1000-5000.mp4",
        ):
            answer = get(pat, "demo-pat", route)
            assert answer.status == 403, (route, answer.status)

        span = f"{round(chosen.start_s * 1000)}-{round(chosen.end_s * 1000)}"
        supervised = get(sup, "demo-supervisor", f"clip/{film.id}/supervision/{span}.mp4")
        assert supervised.status == 200, supervised.text()[:300]
        assert get(sup, "demo-supervisor", f"film/{film.id}").status == 403
        # On the trainee's supervision record, the supervisor watches the clips brought.
        sup.goto(  # type: ignore[attr-defined]
            hub.url + "user/demo-supervisor/voila/render/supervision.ipynb"
            "?trainee=demo-guider&record=1"
        )
        player = sup.locator(".vk-brought video").first  # type: ignore[attr-defined]
        player.wait_for(timeout=150_000)
        assert "/supervision/" in (player.get_attribute("src") or "")
        length = sup.wait_for_function(  # type: ignore[attr-defined]
            "() => { const v = document.querySelector('.vk-brought video');"
            " return v && v.readyState >= 1 && v.duration; }",
            timeout=60_000,
        ).json_value()
        assert abs(length - (chosen.end_s - chosen.start_s)) < 0.3
        shot(sup, "team-supervisor-clips-brought")

        # A case that does not exist answers as one that is not yours: codes cannot be listed.
        for case in ("F017", "F999"):
            url = f"{hub.url}user/demo-pat/vigkit/exports/{case}/record-of-strengths.html"
            answer = pat.request.get(url)  # type: ignore[attr-defined]
            assert (answer.status, answer.text()) == (403, "This is not yours to open."), case

        with Store.open(hub.data, url=hub.database_url()) as store:
            store.sessions.end(session.id or 0, "demo-guider")
            lines = store.audit.trail(ident="F017")[before:]
        assert get(pat, "demo-pat", f"clip/{film.id}/intervision/1000-5000.mp4").status == 403
        refused = [e for e in lines if not e.allowed]
        assert {e.login for e in refused} == {"demo-pat", "demo-supervisor"}
        assert len(refused) >= 6
