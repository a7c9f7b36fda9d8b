"""The group session page without a browser: two people's views on one store, as two kernels."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from groupfixture import fill_tuesday_group

from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.groupsession import LiveSessionView, group_session_page

XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two stores on one file (one per kernel), with a group of sue, ann and bob and a film."""
    one = fill_tuesday_group(Store.open(tmp_path / "data"))
    two = Store.open(tmp_path / "data")
    yield one, two
    one.close()
    two.close()


def _views(stores: tuple[Store, Store]) -> tuple[LiveSessionView, LiveSessionView]:
    one, two = stores
    principles = load_principles()
    session = one.sessions.open(1, "sue")
    lead = LiveSessionView(one, session, one.people.get("sue"), principles)
    joined = two.sessions.join(session.code, "ann")
    member = LiveSessionView(two, joined, two.people.get("ann"), principles)
    return lead, member


def test_a_post_shows_in_the_other_view_as_text(two_stores: tuple[Store, Store]) -> None:
    """A member's post, HTML and all, shows on the facilitator's board as escaped text."""
    lead, member = _views(two_stores)
    member.text.value = XSS
    member.post_boxes[0].value = True
    member.post_button.click()
    lead.poll_once()
    assert "&lt;img src=x onerror=alert(1)&gt;" in lead.board.value
    assert "<img" not in lead.board.value and "<script" not in lead.board.value
    assert "Ann" in lead.board.value and "Being attentive" in lead.board.value
    assert ("", False) == (member.text.value, member.post_boxes[0].value)


def test_members_player_follows_the_facilitator(two_stores: tuple[Store, Store]) -> None:
    """A presented clip reaches the member's player, and so does the facilitator's position."""
    lead, member = _views(two_stores)
    lead.clip.film_choice.value = 1
    lead.clip.clip_start.value, lead.clip.clip_end.value = 2.0, 6.0
    lead.clip.present_button.click()
    member.poll_once()
    # Everyone plays the rendering of seconds 2 to 6 for intervision, never the film: its
    # time 0 is the clip's start.
    assert ("/vigkit/media/clip/1/intervision/2000-6000.mp4", 0.0, 4.0) == (
        member.clip.player.src,
        member.clip.player.start_s,
        member.clip.player.end_s,
    )
    assert lead.clip.player.src == member.clip.player.src
    # The board names the film as people do, never by its id.
    film = two_stores[0].films.get(1)
    assert f"presented film 1 of {film.case_code}, 2.00–6.00 s." in member.board.value
    assert {"t": 0.0, "playing": False} == {k: member.clip.player.lead[k] for k in ("t", "playing")}
    lead.clip.player.current_time = 2.25  # what the facilitator's browser reports after a seek
    member.poll_once()
    assert 2.25 == member.clip.player.lead["t"]
    assert 4.25 == member.clip.position()  # in film time, as posts keep it


def test_calibration_reveal_reaches_everyone(two_stores: tuple[Store, Store]) -> None:
    """Tags stay hidden until the reveal; then both views show the same table."""
    lead, member = _views(two_stores)
    lead.clip.film_choice.value = 1
    lead.clip.clip_start.value, lead.clip.clip_end.value = 2.0, 6.0
    lead.clip.present()
    lead.start_calibration()
    member.poll_once()
    assert (None, True) == (member.tagging.layout.display, member.calibration_id is not None)
    member.tag_boxes[0].value = True
    member.tag_button.click()
    lead.tag_boxes[0].value = lead.tag_boxes[2].value = True
    lead.save_tags()
    lead.poll_once()
    assert "2 of 2 have saved their tags" in lead.tagged_line.value
    assert "" == member.reveal_out.value
    lead.reveal_button.click()
    member.poll_once()
    assert 'class="vk-overall"' in member.reveal_out.value
    assert lead.reveal_out.value == member.reveal_out.value


def test_non_member_is_refused_plainly(two_stores: tuple[Store, Store]) -> None:
    """Someone outside the group who types the code gets a plain refusal, no board."""
    one, _ = two_stores
    session = one.sessions.open(1, "sue")
    page = group_session_page(session=session.code, store=one, start_polling=False)
    name, button = page.widget.children[2], page.widget.children[5]
    assert isinstance(button, w.Button)
    name.value = "Eve"
    button.click()
    assert "not a member" in page.widget.children[6].value
    assert page.view is None


def test_polling_task_brings_posts_within_a_second(two_stores: tuple[Store, Store]) -> None:
    """The background poll (an asyncio task) shows another person's post without a call."""
    lead, member = _views(two_stores)

    async def scenario() -> float:
        lead.start_polling(every=0.1)
        member.store.sessions.add_post(member.session_id, "ann", "seen by the task?")
        started = time.monotonic()
        while "seen by the task?" not in lead.board.value:
            assert time.monotonic() - started < 30, "the post never showed"
            await asyncio.sleep(0.02)
        lead.end()
        return time.monotonic() - started

    # In a thread of its own: a browser test earlier in the run may leave a loop in this one.
    took: list[float] = []
    worker = threading.Thread(target=lambda: took.append(asyncio.run(scenario())))
    worker.start()
    worker.join()
    assert took and took[0] < 1.0
    assert lead.ended and "ended" in lead.ended_box.value
    assert "Who joined and what they did" in lead.record_box.value


def test_a_post_can_carry_the_film_time(two_stores: tuple[Store, Store]) -> None:
    """ "At the film's time now" stores where the facilitator's player is."""
    lead, member = _views(two_stores)
    lead.clip.film_choice.value = 1
    lead.clip.clip_start.value, lead.clip.clip_end.value = 2.0, 6.0
    lead.clip.present()
    lead.clip.player.current_time = 1.5  # 1.5 s into the rendering of seconds 2 to 6
    member.poll_once()
    member.text.value = "Here the baby turns"
    member.with_time.value = True
    saved = member.post()
    assert saved is not None and 3.5 == saved.clip_time_s


def test_start_a_supervision_group_from_the_page(two_stores: tuple[Store, Store]) -> None:
    """The start view makes a group of you and the people you name, then offers to open it."""
    one, _ = two_stores
    page = group_session_page(me="bob", store=one, start_polling=False)
    form = page.widget.children[1].children[-1]
    name, members, create = form.children[1], form.children[2], form.children[3]
    name.value = "Friday group"
    members.value = "Eve, ann"
    create.click()
    assert ["ann", "bob", "eve"] == one.sessions.list_supervision_groups(member_id="eve")[
        0
    ].member_ids
    opened = [b for b in page.widget.children[1].children if isinstance(b, w.VBox)]
    assert any("Friday group" in getattr(c, "value", "") for v in opened for c in v.children)
    form = page.widget.children[1].children[-1]  # the view was rebuilt with the new group
    form.children[1].value = "Another"
    form.children[2].value = "nobody here"
    form.children[3].click()
    assert "There is nobody called &#x27;nobody here&#x27;" in form.children[4].value
    assert ["Friday group", "Tuesday"] == [
        g.name for g in one.sessions.list_supervision_groups("bob")
    ]


def test_a_member_joins_by_typing_their_name(two_stores: tuple[Store, Store]) -> None:
    """With only the code in the link, a member types their name and gets the live view."""
    one, _ = two_stores
    session = one.sessions.open(1, "sue")
    page = group_session_page(session=session.code, store=one, start_polling=False)
    name, code, help_, go = page.widget.children[2:6]
    assert "reads out its code" in help_.value  # where the code comes from, under its box
    name.value = "Ann"
    go.click()
    assert ["sue", "ann"] == one.sessions.poll(session.id or 0).attendees
    assert "You are a member." in page.view.header.value


def test_in_a_team_the_page_knows_you_by_your_login(
    two_stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under JupyterHub nobody types a name: the login is who you are, and the page says how
    members join a session."""
    one, two = two_stores
    monkeypatch.setenv("VIGKIT_MODE", "team")
    monkeypatch.setenv("VIGKIT_USER", "sue")
    page = group_session_page(store=one, start_polling=False)
    shown = str([getattr(c, "value", "") for c in page.widget.children[1].children])
    assert not any(getattr(c, "description", "") == "Your name" for c in page.widget.children)
    assert "Open a session for Tuesday" in str(
        [b.description for b in page.widget.children[1].children[1].children]
    )
    assert "reads out its code" in shown
    session = one.sessions.open(1, "sue")
    monkeypatch.setenv("VIGKIT_USER", "ann")
    joined = group_session_page(session=session.code, store=two, start_polling=False)
    assert joined.view is not None
    assert "You are a member." in joined.view.header.value
    assert "each is known by their login" in joined.view.header.value
    # A login the store does not know gets no page to type a name into.
    monkeypatch.setenv("VIGKIT_USER", "mallory")
    nobody = group_session_page(session=session.code, store=two, start_polling=False)
    assert nobody.view is None
    assert not any(isinstance(c, w.Text) for c in nobody.widget.children)


def test_a_withdrawal_stops_every_player_at_once(two_stores: tuple[Store, Store]) -> None:
    """The family withdraws intervision while its clip is presented: the clip leaves the
    board, and on the next poll every player drops it (none keeps playing it hidden)."""
    lead, member = _views(two_stores)
    lead.clip.film_choice.value = 1
    lead.clip.clip_start.value, lead.clip.clip_end.value = 2.0, 6.0
    lead.clip.present()
    member.poll_once()
    assert member.clip.player.src.endswith("/intervision/2000-6000.mp4")
    store = two_stores[0]
    code = store.films.get(1).case_code
    given = store.cases.get_consent(code)
    assert given is not None
    store.cases.set_consent(given.model_copy(update={"intervision": False}))
    member.poll_once()
    lead.poll_once()
    for view in (member, lead):
        assert view.clip.player.src == "" and view.clip.presented.film_id is None
        assert "Nothing presented" in view.clip.nothing_shown.value


@pytest.mark.both_databases
def test_a_nul_typed_on_the_board_is_left_out_and_the_page_says_so(
    engine: str, store_url: str
) -> None:
    """PostgreSQL cannot keep a NUL: the post used to vanish without a word."""
    stores = (fill_tuesday_group(Store.open(url=store_url)), Store.open(url=store_url))
    try:
        lead, member = _views(stores)
        member.text.value = "Here\x00 the baby turns"
        saved = member.post()
        assert saved is not None and saved.text == "Here the baby turns"
        assert "invisible character" in member.post_status.value
        lead.poll_once()
        assert "Here the baby turns" in lead.board.value
    finally:
        for store in stores:
            store.close()
