"""The pure parts of live group supervision: codes, the board, the reveal, following, hours."""

from __future__ import annotations

import html
import random
from datetime import UTC, datetime, timedelta

from vigkit.core.agreement import calibration_reveal
from vigkit.core.livesession import (
    CODE_ALPHABET,
    board_html,
    hours_by_practitioner,
    lead_position_now,
    looks_like_session_code,
    new_session_code,
    norm_session_code,
    reveal_html,
)
from vigkit.core.supervisionrecords import LiveSession, PostKind, SessionPost

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_codes_avoid_look_alikes() -> None:
    """Codes are six characters with none of 0 O 1 I L 5 S 2 Z 8 B."""
    rng = random.Random(4)
    codes = [new_session_code(rng.choice) for _ in range(200)]
    assert set() == set("".join(codes)) & set("0O1IL5S2Z8B")
    assert [True] * 200 == [looks_like_session_code(c) for c in codes]
    assert 25 == len(set(CODE_ALPHABET))


def test_typed_codes_are_normalised() -> None:
    """A code typed in lower case with a dash or spaces is the stored code."""
    assert "KM4TXA" == norm_session_code(" km4-txa ")
    assert (True, False) == (looks_like_session_code("km4 txa"), looks_like_session_code("KM0TXA"))


def _post(ident: int, author: str, text: str, **more: object) -> SessionPost:
    return SessionPost.model_validate(
        {"id": ident, "session_id": 1, "author_id": author, "text": text, "posted_at": T0} | more
    )


def test_board_escapes_and_orders() -> None:
    """The board lists posts by id with their author; HTML in a post or a name is text."""
    posts = [
        _post(3, "bob", XSS),
        _post(1, "ann", "She waits.", principle_ids=["attentive"], clip_time_s=64.5),
        _post(2, "ann", "joined.", kind=PostKind.joined),
    ]
    out = board_html(posts, {"ann": "Ann <b>A</b>", "bob": "Bob"}, lambda h: f"H:{h}")
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in out
    assert out.index('data-post="1"') < out.index('data-post="2"') < out.index('data-post="3"')
    assert "Ann &lt;b&gt;A&lt;/b&gt;" in out and "H:attentive" in out and "at 1:04.5" in out


def test_reveal_table_shows_per_heading_and_overall() -> None:
    """The reveal table has a row per heading and an overall row carrying the kappa."""
    tags = {"ann": {"c": ["a", "b"]}, "bob": {"c": ["a"]}, "cat": {"c": ["b"]}}
    reveal = calibration_reveal(tags, ["a", "b", "c"])
    out = reveal_html(reveal, str.upper, "film 1, 0:02–0:06")
    assert 4 == out.count("<tr data-heading=") + out.count('class="vk-overall"')
    assert f'data-kappa="{reveal.overall.kappa:.6f}"' in out
    assert "(Fleiss&#x27;)" in out and "2 of 3" in out
    assert html.escape(reveal.overall.meaning) in out


def test_lead_position_moves_on_while_playing() -> None:
    """A playing leader has moved on by the time since its report; a paused one has not."""
    later = T0 + timedelta(seconds=0.75)
    assert 4.75 == lead_position_now(4.0, True, T0, later)
    assert 4.0 == lead_position_now(4.0, False, T0, later)
    assert 4.5 == lead_position_now(4.0, True, T0, later, end_s=4.5)
    assert 4.6 == lead_position_now(4.6, False, T0, later, end_s=4.5)


def test_hours_count_ended_sessions_for_who_joined() -> None:
    """Each ended session counts its length for each person who joined it, once."""
    done = LiveSession(
        id=1,
        code="KM4TXA",
        group_id=1,
        facilitator_id="sue",
        started_at=T0,
        ended_at=T0 + timedelta(minutes=90),
    )
    still_open = LiveSession(id=2, code="KM4TXC", group_id=1, facilitator_id="sue", started_at=T0)
    hours = hours_by_practitioner([done, still_open], {1: ["sue", "ann", "ann"], 2: ["bob"]})
    assert {"ann": 1.5, "sue": 1.5} == hours
