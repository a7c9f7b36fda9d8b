"""The group session pages, the live view and the session player speak through Interface.say."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from groupfixture import fill_tuesday_group
from pagetext import shown

from vigkit.core.livesession import board_html, event_words, minutes_words
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.session import WORDS
from vigkit.store import Store
from vigkit.templates.languages import PSEUDO
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.groupsession import LiveSessionView, find_person, group_session_page
from vigkit.ui.runtime.page import Page
from vigkit.ui.widgets.session_player import _ESM, PLAYER_ENGLISH, SessionPlayer, player_words

# Words on the page that are data or names of things, not interface words (KM: the example
# session code's letters, which the test language keeps).
ALLOWED = {"vigkit", "F101", "KM"}

# The agreement's plain sentences ("what it means") come from vigkit.core.agreement, in English.
MEANINGS = re.compile(r'<td class="vk-meaning">([^<]*)</td>')


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store with a group of sue, ann and bob (eve outside it) and a film they may show."""
    monkeypatch.setenv("VIGKIT_HOME", str(tmp_path / "data"))
    one = fill_tuesday_group(Store.open(tmp_path / "data"))
    yield one
    one.close()


def _visible(widget: w.Widget | Page) -> list[str]:
    """Every text a person can read or hear in ``widget``: HTML without its tags (and its
    title attributes), descriptions, placeholders, button labels, options, the player's words."""
    widget = shown(widget)
    found: list[str] = []
    if isinstance(widget, w.HTML):
        value = re.sub(r"<style>.*?</style>", " ", str(widget.value), flags=re.S)
        found += [html.unescape(x) for x in re.findall(r"title='([^']*)'", value)]
        found += [html.unescape(x) for x in re.split(r"<[^>]+>", value)]
    for name in ("description", "tooltip", "placeholder"):
        found.append(str(getattr(widget, name, None) or ""))
    if isinstance(widget, w.Dropdown):
        found += list(widget._options_labels)
    if isinstance(widget, SessionPlayer):
        found += [widget.caption, *widget.words.values()]
    for child in getattr(widget, "children", ()):
        found += _visible(child)
    return [x.strip() for x in found if x and x.strip()]


def _page_texts(page: w.Widget) -> list[str]:
    """The page's texts; of the shared header (nav, who is here) only its title is ours."""
    header, *rest = page.widget.children
    texts = [html.unescape(re.search(r"<h1>(.*)</h1>", header.value).group(1))]
    for child in rest:
        texts += _visible(child)
    return texts


def _english_left(texts: list[str], data: list[str]) -> list[tuple[str, str]]:
    """Plain English words left in ``texts`` once the data is taken out."""
    english = {text for text in WORDS.values() if len(text) > 2}
    left = []
    for text in texts:
        assert text not in english, text
        rest = text
        for item in sorted(data, key=len, reverse=True):
            rest = rest.replace(item, " ")
        rest = re.sub(r"\d+(?:[.:]\d+)*", " ", rest)  # numbers, times and dates
        rest = re.sub(r"\{\w+\}", " ", rest)  # {names} the player fills in
        # A pseudo-translated word has an accented letter; a plain English one has none.
        for word in re.findall(r"[^\W\d_]+", rest):
            if word.isascii() and len(word) > 1 and word not in ALLOWED:
                left.append((word, text))
    return left


def test_session_words_are_a_part_with_session_keys() -> None:
    assert "session" in PARTS
    assert WORDS and all(key.startswith("session.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


def test_player_words_cover_every_word_its_javascript_uses() -> None:
    """Each t("…") in the player's ES module has an English word, and the page's fill them."""
    used = set(re.findall(r'\bt\("([\w.]+)"', _ESM))
    used |= {k for pair in re.findall(r'\bt\(\w+ \? "([\w.]+)" : "([\w.]+)"', _ESM) for k in pair}
    used |= {
        k for pair in re.findall(r'\bt\([\w.()"]+ \? "([\w.]+)" : "([\w.]+)"\)', _ESM) for k in pair
    }
    assert {"label.lead", "label.follow", "paused", "playing", "following"} <= used
    assert used <= set(PLAYER_ENGLISH), used - set(PLAYER_ENGLISH)
    assert player_words() == PLAYER_ENGLISH
    assert '"play": "Play the clip"' in _ESM  # English defaults, so it works without words
    assert SessionPlayer().words == {}
    qps = player_words(Interface(PSEUDO))
    assert qps.keys() == PLAYER_ENGLISH.keys()
    assert all(x.startswith("[") and x.endswith("]") for x in qps.values())
    assert "{error}" in qps["could_not_play"] and "{start}" in qps["clip"]


def test_english_stays_as_it_was() -> None:
    """The pure parts' English is what it was before the words had keys."""
    assert "1 minute" == minutes_words(1.2) and "25 minutes" == minutes_words(25)
    assert "Nothing on the board yet." in board_html([], {}, str)
    # The store keeps the film's id (3, counted across cases); the board names its place in
    # its case, and times with two decimals as every page writes them.
    kept = "presented film 3 (F017), 2.0–6.0 s."
    assert "presented film 2 of F017, 2.00–6.00 s." == event_words(
        kept, film_place=lambda film, case: 2 if (film, case) == (3, "F017") else None
    )
    assert "presented a film of F017 (since removed), 2.00–6.00 s." == event_words(
        kept, film_place=lambda film, case: None
    )
    assert "presented a film of F017 (since removed), 2.00–6.00 s." == event_words(kept)
    qps = Interface(PSEUDO).say
    assert event_words("joined.", qps).startswith("[")
    assert "F017" in event_words("presented film 3 (F017), 2.0–6.0 s.", qps)
    assert "something new" == event_words("something new", qps)  # not one we know: as kept


def test_the_test_language_reaches_every_word_of_the_session_pages(store: Store) -> None:
    """In the pseudo-language no English interface word is left on the session pages:
    the join form, the start view and its group form, both live views through a presented
    clip, posts, a calibration, its reveal and the session's record."""
    for ident in ("sue", "ann", "bob", "eve"):
        store.settings.set(f"language:{ident}", PSEUDO)
    store.settings.set("current_practitioner", "bob")
    principles = load_principles()
    texts: list[str] = []

    # Where to go: the join form, and a name nobody has.
    join_page = group_session_page(store=store, start_polling=False)
    join_page.widget.children[2].value = ""
    join_page.widget.children[5].click()
    texts += _page_texts(join_page)
    with pytest.raises(Exception) as unknown:
        find_person(store, "nobody here", Interface(PSEUDO))
    texts.append(str(unknown.value))

    # The facilitator opens a session; a member joins; they work through a clip.
    session = store.sessions.open(1, "sue")
    lead_page = group_session_page(session=session.code, me="sue", store=store, start_polling=False)
    member_page = group_session_page(
        session=session.code, me="ann", store=store, start_polling=False
    )
    lead: LiveSessionView = lead_page.view
    member: LiveSessionView = member_page.view
    lead.clip.film_choice.value = None
    lead.clip.present()  # no film chosen yet: "choose a film first"
    texts += _visible(lead.clip.present_box)
    lead.clip.film_choice.value = 1
    lead.clip.clip_start.value, lead.clip.clip_end.value = 2.0, 6.0
    lead.clip.present()
    member.save_tags()  # no calibration open
    texts += _visible(member.tag_status)
    lead.reveal()  # no calibration yet
    texts += _visible(lead.cal_status)
    member.poll_once()
    member.text.value = "Here the baby turns"
    member.with_time.value = True
    member.post_boxes[0].value = True
    member.post()
    lead.start_calibration()
    member.poll_once()
    member.save_tags()  # none of the headings
    texts += _visible(member.tag_status)
    lead.tag_boxes[0].value = True
    lead.save_tags()
    lead.poll_once()
    texts += _page_texts(lead_page) + _page_texts(member_page)  # the tagged line, the board
    lead.reveal()
    member.poll_once()
    lead.live_status.value = ""
    lead.end()
    member.poll_once()
    texts += _page_texts(lead_page) + _page_texts(member_page)  # the reveal and the record

    # The start view: groups, sessions (one ended), the hours, the new group form's problem.
    start_page = group_session_page(me="bob", store=store, start_polling=False)
    form = start_page.widget.children[1].children[-1]
    form.children[1].value = "Friday group"
    form.children[2].value = "nobody here"
    form.children[3].click()
    texts += _page_texts(start_page)
    eve_page = group_session_page(me="eve", store=store, start_polling=False)
    texts += _page_texts(eve_page)  # in no group yet, no sessions

    reveal = lead.reveal_out.value
    data = [
        *(p.heading for p in principles.headings),
        *(html.unescape(m) for m in MEANINGS.findall(reveal)),
        "Sue",
        "Ann",
        "Bob",
        "Eve",
        "Tuesday",
        "Friday group",
        "nobody here",
        "Here the baby turns",
        f"groupsession.ipynb?session={session.code}",
        session.code,
    ]
    left = _english_left(texts, data)
    assert not left, sorted({word for word, _ in left})
    assert MEANINGS.findall(reveal), "the reveal was shown"
    # What the scan saw: every part of the session, in the test language.
    qps = Interface(PSEUDO).say
    seen = "\n".join(texts)
    for key in (
        "session.page.intro",
        "session.clip.choose_first",
        "session.cal.none_open",
        "session.cal.start_first",
        "session.cal.no_headings",
        "session.event.calibration",
        "session.event.revealed",
        "session.event.ended",
        "session.reveal.heading",
        "session.reveal.n_help",
        "session.reveal.overall",
        "session.reveal.help",
        "session.record.caption",
        "session.record.clips",
        "session.start.ended",
        "session.start.no_groups",
        "session.start.none",
        "session.group.heading",
        "session.person.none",
        "session.live.role.member",
    ):
        assert qps(key) in seen, key
    assert "Here the baby turns" in member.board.value and lead.ended


def test_english_pages_are_unchanged(store: Store) -> None:
    """Without a chosen language the pages show their English words."""
    session = store.sessions.open(1, "sue")
    page = group_session_page(session=session.code, me="sue", store=store, start_polling=False)
    lead: LiveSessionView = page.view
    text = " ".join(_page_texts(page))
    for words in ("Group supervision", "Presented clip", "Board", "Post", "Save my tags"):
        assert words in text
    assert "Supervision group <strong>Tuesday</strong>, facilitated by <strong>Sue</strong>. " in (
        lead.header.value
    )
    assert "You are the facilitator." in lead.header.value
    assert "Film 1 of F101, cycle 1 (30 s)" in lead.clip.film_choice._options_labels
    assert lead.clip.player.words == PLAYER_ENGLISH
    lead.clip.film_choice.value = 1
    lead.clip.present()
    assert "Film 1 of F101, 0.00–10.00 s" == lead.clip.player.caption
    assert "opened the session." in lead.board.value
    start = group_session_page(me="bob", store=store, start_polling=False)
    listed = start.widget.children[1].children[-2].value
    assert f">{session.code}</a> — " in listed and " (open)</li>" in listed
    assert "Your group supervision from sessions here: 0.0 hours." in listed
