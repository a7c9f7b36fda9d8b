"""The supervision workbook in Chromium: the supervisor fills a record and signs it; after a
reload it is locked with the signer's name and time; an amendment is saved beside it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.records import Practitioner, Role
from vigkit.core.supervisionrecords import Supervision
from vigkit.store import Store

from .conftest import Server, shot, start_server, stop_server

ERROR_WORDS = ("Traceback", "Error:", "There was an error when executing cell", "went wrong")
WORDS = "I waited for the parent 🙂 — انتظرت — <b>not bold</b>"
# The supervision model's questions, as their text boxes are named.
SELF_EVALUATION = "How do I judge my attunement and activation of the parent?"
OBSERVATIONS = "What the supervisor saw"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Its own demo server, with a supervisor who is the one using the workbook."""
    data: Path = tmp_path_factory.mktemp("supervision")
    running = start_server(data)
    with Store.open(data) as store:
        store.people.add(
            Practitioner(id="ali", display_name="Ali Reid (supervisor)", roles=[Role.supervisor])
        )
        store.settings.set("current_practitioner", "ali")
    yield running
    stop_server(running)


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".vk-page", timeout=90_000)


def _whole_page_shot(page, name: str) -> None:
    """A screenshot of the whole page: Voilà scrolls inside the window, so make the window tall."""
    height = page.evaluate("() => document.querySelector('.vk-page').scrollHeight")
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 200, 8000)})
    shot(page, name)


def test_sign_reload_locked_then_amend(server: Server, page) -> None:
    """Fill, sign, reload: locked with name and time; an amendment is listed beside it."""
    _open(page, server.url + "voila/render/supervision.ipynb?trainee=demo-guider")
    form = page.locator(".vk-form")
    form.get_by_role("textbox", name="Date of the supervision").fill("2026-11-20")
    # Each question's options are radio buttons named by their words, under its prompt.
    form.locator(".vk-q-mode").get_by_role("radio", name="Individual", exact=True).check()
    form.locator(".vk-q-duration_minutes").get_by_role("radio", name="90 minutes").check()
    form.get_by_role("textbox", name=SELF_EVALUATION).fill(WORDS)
    form.get_by_text("Draft kept").wait_for()
    form.get_by_role("textbox", name=OBSERVATIONS).fill("You gave the parent time at 0:12.")
    page.get_by_role("button", name="Sign and lock").click()
    page.get_by_text("Signed. The record is now locked.").wait_for()
    with Store.open(server.data) as store:  # the demo has a record by its own supervisor too
        [record] = store.supervision.list(trainee_id="demo-guider", supervisor_id="ali")
    assert ("ali", 90, WORDS) == (
        record.signed_by,
        record.duration_minutes,
        record.answers["self_evaluation"],
    )

    _open(
        page, server.url + f"voila/render/supervision.ipynb?trainee=demo-guider&record={record.id}"
    )
    signed_at = record.signed_at.astimezone().strftime("%d %b %Y at %H:%M")  # type: ignore[union-attr]
    page.get_by_text(f"Signed by Ali Reid (supervisor) on {signed_at}").wait_for()
    body = page.inner_text("body")
    assert not any(word in body for word in ERROR_WORDS)
    box = page.locator(".vk-form").get_by_role("textbox", name=SELF_EVALUATION)
    assert (WORDS, True) == (box.input_value(), box.is_disabled())
    assert 0 == page.get_by_role("button", name="Save", exact=True).count()
    assert 0 == page.locator("b", has_text="not bold").count()
    _whole_page_shot(page, "supervision-signed")

    amend = page.locator(".vk-amend")
    amend.get_by_role("combobox", name="Answer to change").select_option(label=OBSERVATIONS)
    amend.get_by_role("textbox", name=OBSERVATIONS).fill("You gave the parent time at 0:14.")
    amend.get_by_role("textbox", name="Why it changed").fill("The clip time was wrong.")
    amend.get_by_role("button", name="Save amendment").click()
    page.get_by_text("Amendment saved beside the signed record.").wait_for()
    page.get_by_text("Amended by Ali Reid (supervisor)").wait_for()
    with Store.open(server.data) as store:
        [made] = store.supervision.list_amendments(record.id or 0)
        still = store.supervision.get(record.id or 0).answers["observations"]
    assert ("The clip time was wrong.", "You gave the parent time at 0:12.") == (made.reason, still)

    page.reload()
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.get_by_text("Why: The clip time was wrong.").wait_for()
    page.get_by_text(
        "You gave the parent time at 0:12. → You gave the parent time at 0:14."
    ).wait_for()
    _whole_page_shot(page, "supervision-amended")


def _signed_by_ali(store: Store) -> Supervision:
    """A record Ali held and signed, as the signing test leaves one (whichever runs first)."""
    answers = {"held_on": "2026-11-20", "mode": "individual", "duration_minutes": "90"}
    answers |= {"self_evaluation": WORDS, "observations": "You gave the parent time at 0:12."}
    record = store.supervision.save(
        Supervision(
            trainee_id="demo-guider",
            supervisor_id="ali",
            held_on=date(2026, 11, 20),
            duration_minutes=90,
            stage=1,
            answers=answers,
            created_by="ali",
        )
    )
    return store.supervision.sign(record.id or 0, "ali")


def test_trainee_sees_the_signed_record_and_progress(server: Server, page) -> None:
    """The trainee opens their signed record: locked, the signature, and their progress."""
    with Store.open(server.data) as store:
        records = store.supervision.list(
            trainee_id="demo-guider", supervisor_id="ali", signed_only=True
        )
        if not records:  # this test alone: Ali signs a record of her own first
            records = [_signed_by_ali(store)]
        store.settings.set("current_practitioner", "demo-guider")
    try:
        _open(page, server.url + f"voila/render/supervision.ipynb?record={records[0].id}")
        page.get_by_text("Signed by Ali Reid (supervisor) on ").wait_for()
        page.get_by_text("Accreditation progress").wait_for()
        body = page.inner_text("body")
        assert not any(word in body for word in ERROR_WORDS)
        assert page.locator(".vk-form").get_by_role("textbox", name=OBSERVATIONS).is_disabled()
        assert 2 == page.locator("img.vk-plot[alt]").count()
        _whole_page_shot(page, "supervision-trainee-view")
    finally:
        with Store.open(server.data) as store:
            store.settings.set("current_practitioner", "ali")
