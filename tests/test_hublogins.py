"""Logins to a real team hub (`vigkit team --demo`), tried as an attacker would (issue 27):
wrong passwords meet a growing delay and then a lockout said in plain words; a login that
does not exist takes as long to refuse as one that does; a cookie copied before logout
opens nothing afterwards, and logging out stops the person's server.

Plain HTTP (requests), as a script guessing passwords would use; tests/browser/test_team.py
drives the same hub with a browser.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests

from tests.browser.conftest import free_port, stop_server, wait_for_http
from vigkit.i18n.english import ENGLISH

pytestmark = pytest.mark.slow

LOCKED = ENGLISH["error.login.locked"].split(":")[0]  # "Too many wrong passwords for this login"
REFUSED = ENGLISH["error.login.refused"]


@dataclass
class Hub:
    url: str
    data: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    passwords: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _start_hub(data: Path, **settings: str) -> Hub:
    """`vigkit team --demo` on a free port, with ``settings`` in its environment."""
    port = free_port()
    log_path = data / "hub.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIGKIT_", "JUPYTERHUB_"))}
    env.update(settings)
    args = [sys.executable, "-m", "vigkit", "team", "--data", str(data), "--demo"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*args, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "hub/login", timeout=180)
        _until_the_hub_answers(url + "hub/login")
    except TimeoutError:
        process.kill()
        raise AssertionError(log_path.read_text()) from None
    passwords = json.loads((data / "hub" / "accounts.json").read_text())
    return Hub(url, data, process, log_path, passwords)


def _stop_hub(hub: Hub) -> None:
    stop_server(hub)  # type: ignore[arg-type]  # same shape: process and its children
    from vigkit.store.cluster import LocalPostgres

    LocalPostgres(hub.data / "postgres").destroy()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    hub = _start_hub(tmp_path_factory.mktemp("logins"))
    yield hub
    _stop_hub(hub)


def _until_the_hub_answers(url: str, timeout: float = 120) -> None:
    """The proxy answers (404) before the hub's route is added: wait for the login page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if requests.get(url, timeout=30).status_code == 200:
            return
        time.sleep(0.5)
    raise TimeoutError(url)


@dataclass
class Answer:
    status: int
    seconds: float
    text: str
    location: str


def log_in(hub: Hub, login: str, password: str, session: requests.Session | None = None) -> Answer:
    """One try at the hub's login form, as a browser sends it (with the form's _xsrf)."""
    session = session or requests.Session()
    form = session.get(hub.url + "hub/login", timeout=60)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
    fields = {"username": login, "password": password}
    if xsrf:
        fields["_xsrf"] = xsrf.group(1)
    started = time.monotonic()
    answer = session.post(hub.url + "hub/login", data=fields, allow_redirects=False, timeout=120)
    seconds = time.monotonic() - started
    text = " ".join(answer.text.replace("&#39;", "'").split())
    return Answer(answer.status_code, seconds, text, answer.headers.get("location", ""))


def test_twenty_wrong_passwords_lock_the_login_and_the_page_says_so(hub: Hub) -> None:
    answers = [log_in(hub, "demo-supervisor", f"guess-{n}") for n in range(20)]
    assert all(a.status == 200 for a in answers), [(a.status, a.text[-300:]) for a in answers]
    # The first is answered at once; then each waits longer than the one before...
    waits = [a.seconds for a in answers[:5]]
    for n, least in enumerate([0.0, 0.5, 1.0, 2.0, 4.0]):
        assert waits[n] >= least, waits
    assert waits[0] < waits[1] < waits[2] < waits[3] < waits[4], waits
    assert REFUSED in answers[0].text and LOCKED not in answers[0].text
    # ...and from the fifth on, the login is locked, in plain words.
    for answer in answers[4:]:
        assert LOCKED in answer.text and "15 minutes" in answer.text, answer.text[-600:]
    # The right password does not open a locked login.
    right = log_in(hub, "demo-supervisor", hub.passwords["demo-supervisor"])
    assert right.status == 200 and LOCKED in right.text
    # A login that does not exist is locked the same way: the lockout lists no logins.
    ghost = [log_in(hub, "no-such-person", f"guess-{n}") for n in range(6)]
    assert [LOCKED in a.text for a in ghost] == [False] * 4 + [True] * 2
    # Others are not locked out by it.
    other = log_in(hub, "demo-trainer", hub.passwords["demo-trainer"])
    assert other.status == 302, other.text[-600:]


def test_an_unknown_login_is_refused_as_slowly_as_a_known_one(hub: Hub) -> None:
    """Each login's first wrong password (no delay yet): known ones are checked against
    their bcrypt hash, unknown ones against a stand-in of the same cost."""
    known = ["demo-admin", "demo-lead", "demo-guider"]
    log_in(hub, "warm-up", "x")  # the first login of a hub opens its store
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for round_ in range(3):
        for n, login in enumerate(known):
            times["known"].append(log_in(hub, login, "not-it").seconds)
            times["unknown"].append(log_in(hub, f"nobody-{round_}-{n}", "not-it").seconds)
            # The right password clears the count, so the next wrong one has no delay either.
            assert log_in(hub, login, hub.passwords[login]).status == 302
    k, u = statistics.median(times["known"]), statistics.median(times["unknown"])
    assert k > 0.05, times  # a bcrypt check: not an instant answer
    assert abs(u - k) <= 0.4 * k, times


def _open_home(hub: Hub, login: str) -> requests.Session:
    """Log ``login`` in, start their server and open their home page."""
    session = requests.Session()
    assert log_in(hub, login, hub.passwords[login], session).status == 302
    session.get(hub.url + "hub/spawn", timeout=300)
    home = hub.url + f"user/{login}/voila/render/home.ipynb"
    for _ in range(150):
        page = session.get(home, timeout=300)
        if page.status_code == 200 and f"/user/{login}/" in page.url:
            return session
        time.sleep(2)
    raise AssertionError(hub.log()[-4000:])


def _servers_of(login: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            env = proc.info["environ"] or {}
        except (psutil.Error, TypeError):
            continue
        if "serve --team" in cmd and env.get("JUPYTERHUB_USER") == login:
            found.append(proc)
    return found


def test_a_cookie_copied_before_logout_gets_the_login_page(hub: Hub) -> None:
    login = "demo-pat"
    person = _open_home(hub, login)
    assert _servers_of(login)
    assert any(c.name == f"jupyterhub-user-{login}" for c in person.cookies)
    copied = requests.utils.dict_from_cookiejar(person.cookies)
    # A second browser of the same person, still logged in when the first logs out.
    elsewhere = requests.Session()
    assert log_in(hub, login, hub.passwords[login], elsewhere).status == 302

    person.get(hub.url + "hub/logout", timeout=120)

    deadline = time.monotonic() + 60
    while _servers_of(login) and time.monotonic() < deadline:
        time.sleep(1)
    assert not _servers_of(login), "logging out left the person's server running"
    thief = requests.Session()
    for name, value in copied.items():
        thief.cookies.set(name, value)
    for where in ["hub/home", "hub/spawn", f"user/{login}/voila/render/home.ipynb"]:
        page = thief.get(hub.url + where, timeout=120)
        assert "/hub/login" in page.url and 'name="password"' in page.text, (where, page.url)
    page = elsewhere.get(hub.url + "hub/home", timeout=120)
    assert "/hub/login" in page.url, "the other browser's login outlived the logout"
    # The person logs in again: the copied server cookie does not open the new server.
    again = _open_home(hub, login)
    page = thief.get(hub.url + f"user/{login}/voila/render/home.ipynb", timeout=120)
    assert "/hub/login" in page.url and 'name="password"' in page.text, page.url
    again.get(hub.url + "hub/logout", timeout=120)


def test_a_persons_server_and_kernels_hold_only_the_app_roles_url(hub: Hub) -> None:
    """The issue's attack, from what a server holds: its database URL cannot turn the audit
    triggers off or delete the trail (tests/test_dbroles.py tries the rest)."""
    import psycopg

    login = "demo-guider"
    person = _open_home(hub, login)
    try:
        [server] = _servers_of(login)
        urls = {p.environ().get("VIGKIT_DATABASE_URL") for p in [server, *server.children()]}
        assert len(urls) == 1 and len(server.children()) >= 1
        [url] = urls
        assert url and url.startswith("postgresql+psycopg://vigkit_app:"), url
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        for attack in [
            "set local session_replication_role = replica",
            "delete from audit_events",
            "update audit_events set allowed = true",
        ]:
            with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
    finally:
        person.get(hub.url + "hub/logout", timeout=120)


def test_an_idle_server_is_stopped_and_its_person_logged_out(tmp_path: Path) -> None:
    """With a one-minute idle timeout (``VIGKIT_IDLE_MINUTES``; 30 by default), a home page
    left alone: the idle culler stops the server, and its cookie then gets the login page."""
    hub = _start_hub(tmp_path, VIGKIT_IDLE_MINUTES="1")
    try:
        login = "demo-lead"
        person = _open_home(hub, login)
        assert _servers_of(login)
        left_at = time.monotonic()
        deadline = left_at + 240
        while _servers_of(login) and time.monotonic() < deadline:
            time.sleep(2)
        idle_for = time.monotonic() - left_at
        assert not _servers_of(login), hub.log()[-3000:]
        assert idle_for >= 50, idle_for  # not before its minute
        # The hub finishes the stop (and logs the person out) a moment after the process ends.
        for _ in range(30):
            page = person.get(hub.url + "hub/home", timeout=120)
            if "/hub/login" in page.url:
                break
            time.sleep(1)
        assert "/hub/login" in page.url and 'name="password"' in page.text, page.url
    finally:
        _stop_hub(hub)
