"""The workbooks as a person uses them: in Chromium, against a real `vigkit serve`."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urljoin, urlparse

import psutil

from vigkit.store import Store

from .conftest import Server, shot, start_server, stop_server

ERROR_WORDS = ("Traceback", "Error:", "There was an error when executing cell", "went wrong")


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".vk-page", timeout=90_000)


def test_home_page_shows_who_and_caseload(served: Server, page) -> None:
    """The home page says who you are, links the workbooks, lists the demo cases; nothing external loads."""
    outside: list[str] = []
    page.on(
        "request",
        lambda req: (
            outside.append(req.url)
            if urlparse(req.url).hostname not in ("127.0.0.1", "localhost", None)
            and not req.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    _open(page, served.url)
    text = page.inner_text("body")
    shot(page, "home")
    assert "Sam Okafor (demo guider)" in text
    assert "F017" in text and "F023" in text
    assert page.get_by_role("link", name="Reflection").count() >= 1
    assert not any(word in text for word in ERROR_WORDS)
    assert [] == outside


def test_every_workbook_loads_without_error_text(served: Server, page) -> None:
    """Each workbook, opened on a demo record by URL, renders with no error text."""
    for path in ("voila/render/case.ipynb?case=F017", "voila/render/reflection.ipynb?case=F017"):
        _open(page, served.url + path)
        text = page.inner_text("body")
        assert not any(word in text for word in ERROR_WORDS), (path, text[:500])
    assert "How can I help my baby settle?" in _case_text(served, page)


def _case_text(served: Server, page) -> str:
    _open(page, served.url + "voila/render/case.ipynb?case=F017")
    shot(page, "case-F017")
    return page.inner_text("body")


def test_unknown_case_is_a_plain_message(served: Server, page) -> None:
    """A case code that does not exist gets a sentence, not a traceback."""
    page.goto(served.url + "voila/render/case.ipynb?case=Z999")
    page.wait_for_selector(".vk-msg-error", timeout=90_000)
    text = page.inner_text("body")
    assert "There is no case with the code 'Z999'" in text
    assert "Traceback" not in text


def test_reflection_saved_survives_reload(served: Server, page) -> None:
    """A reflection typed and saved is there after the page is reloaded."""
    words = "Reload test: the parent waited 🙂 and said «dyma hi» <b>not bold</b>"
    _open(page, served.url + "voila/render/reflection.ipynb?model=reflection_gibbs")
    page.get_by_role("textbox", name="What happened in the session?").fill(words)
    page.locator(".vk-form").get_by_text("Draft kept").wait_for()
    # The model's other required answer (a missing one would stop the save: "Saved at" never shows).
    page.get_by_role("textbox", name="Date of the session").fill("2026-11-20")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved at").wait_for()
    shot(page, "reflection-saved")
    page.reload()
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.get_by_text(words).wait_for()
    assert 0 == page.locator("b", has_text="not bold").count()


def test_unsaved_text_survives_a_killed_kernel(tmp_path, page) -> None:
    """Text typed and never saved comes back after the kernel is killed and the page reopened."""
    server = start_server(tmp_path)
    try:
        url = server.url + "voila/render/reflection.ipynb?model=reflection_what"
        _open(page, url)
        words = "Unsaved words: سلام, cześć, 👶 — kept as a draft"
        page.get_by_role("textbox", name="What happened?").fill(words)
        page.locator(".vk-form").get_by_text("Draft kept").wait_for()
        config = json.loads(page.locator("#jupyter-config-data").first.text_content())
        mine = [
            k for k in server.kernels() if any(config["kernelId"] in part for part in k.cmdline())
        ]
        assert 1 == len(mine)
        mine[0].kill()
        mine[0].wait(timeout=10)
        page.close()
        fresh = page.context.new_page()
        _open(fresh, url)
        box = fresh.get_by_role("textbox", name="What happened?")
        assert words == box.input_value()
        assert "Restored what you typed" in fresh.inner_text("body")
        shot(fresh, "reflection-restored")
    finally:
        stop_server(server)


def test_host_beyond_loopback_needs_a_token(tmp_path) -> None:
    """`vigkit serve --host 0.0.0.0` without a token refuses to start and says what to do."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vigkit",
            "serve",
            "--data",
            str(tmp_path),
            "--host",
            "0.0.0.0",
            "--no-browser",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert 2 == done.returncode
    assert "Refusing to serve on 0.0.0.0 without a token" in done.stderr


def test_token_protects_the_pages(tmp_path, page) -> None:
    """With a token, a page without it is refused; the printed link with it opens the workbook."""
    server = start_server(tmp_path, "--token", "sesame-1234-5678-abcd", demo=False)
    try:
        response = page.goto(server.url + "voila/render/home.ipynb")
        body = page.inner_text("body")
        assert response is not None
        assert "Sam" not in body and "vk-page" not in page.content()
        # vigkit's own login page, in plain words: a wrong token, then the right one.
        page.goto(server.url + "login")
        assert "Setup a Password" not in page.inner_text("body")
        page.get_by_role("textbox", name="Token").fill("not-the-token")
        page.get_by_role("button", name="Open vigkit").click()
        page.get_by_text("This workbook is protected").wait_for()
        page.get_by_role("textbox", name="Token").fill("sesame-1234-5678-abcd")
        page.get_by_role("button", name="Open vigkit").click()
        page.wait_for_selector(".vk-page", timeout=90_000)
        _open(page, server.url + "?token=sesame-1234-5678-abcd")
        assert "Welcome" in page.inner_text("body") or "Using vigkit" in page.inner_text("body")
        assert (
            "open http://127.0.0.1" in server.log()
            and "token=sesame-1234-5678-abcd" in server.log()
        )
    finally:
        stop_server(server)


def test_pages_open_after_every_kernel_died(tmp_path, page) -> None:
    """When all kernels die, preheated ones included, the next visitor still gets a working page."""
    server = start_server(tmp_path)
    try:
        _open(page, server.url + "voila/render/home.ipynb")
        kernels = server.kernels()
        for kernel in kernels:
            kernel.kill()
        psutil.wait_procs(kernels, timeout=10)
        _open(page, server.url + "voila/render/reflection.ipynb?case=F017")
        page.get_by_role("textbox", name="What happened in the session?").wait_for()
        assert "dead kernel" not in page.inner_text("body").lower()
        assert "died; starting another" in server.log()
    finally:
        stop_server(server)


def test_closing_a_page_can_shut_its_kernel_down(served: Server) -> None:
    """The page's shutdown beacon carries no XSRF header; the server must not refuse it (voila #1458)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        served.url + "voila/api/shutdown/00000000-0000-0000-0000-000000000000", method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert 403 != status


def test_new_case_then_consent_is_kept(served: Server, page) -> None:
    """A practitioner opens a new case, records filming consent, reloads, and both are there."""
    _open(page, served.url + "voila/render/case.ipynb")
    page.get_by_role("textbox", name="Case code").fill("G042")
    page.get_by_role("button", name="Save case details").click()
    page.get_by_text("Case G042 saved.").wait_for()
    page.get_by_role("link", name="Open case G042").click()
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.get_by_role("button", name="Consent", exact=True).click()
    page.get_by_role("checkbox", name="Filming", exact=True).check()
    page.get_by_role("button", name="Save consent").click()
    page.locator(".vk-msg-success").filter(has_text="onsent").first.wait_for()
    page.reload()
    page.wait_for_selector(".vk-page", timeout=90_000)
    body = page.inner_text("body")
    shot(page, "case-G042")
    assert "Case G042" in body
    assert "filming: yes" in body


def test_record_of_strengths_in_one_click(served: Server, page) -> None:
    """The case page makes the record of strengths; its link opens the A4 page with stills."""
    _open(page, served.url + "voila/render/case.ipynb?case=F017")
    page.get_by_role("button", name="Make the record of strengths").click()
    link = page.get_by_role("link", name="Open it to print (A4)")
    link.wait_for(timeout=60_000)
    href = link.get_attribute("href")
    document = page.context.new_page()
    response = document.goto(urljoin(page.url, href))
    assert response is not None and 200 == response.status
    assert "Our record of strengths" in document.inner_text("body")
    assert "How can I help my baby settle?" in document.inner_text("body")
    # One still per "better than usual" clip of the case, however many earlier tests added.
    with Store.open(served.data) as store:
        better = [c for c in store.films.list_clips(case_code="F017") if c.better_than_usual]
    images = document.locator("img")
    assert len(better) >= 3 and len(better) == images.count()
    assert all(
        document.evaluate("(img) => img.naturalWidth", img.element_handle()) > 0
        for img in images.all()
    )
    shot(document, "record-of-strengths")
    document.close()


def test_shared_review_page_offers_rescaling(served: Server, page) -> None:
    """The shared review of a cycle has its question set and the helping questions to re-scale."""
    _open(page, served.url + "voila/render/reflection.ipynb?model=shared_review&case=F017&cycle=1")
    body = page.inner_text("body")
    assert "What did the parent notice?" in body
    assert "Re-scale the helping questions" in body
    typed = page.locator("textarea").evaluate_all("(boxes) => boxes.map((b) => b.value)")
    assert "How can I help my baby settle?" in typed
