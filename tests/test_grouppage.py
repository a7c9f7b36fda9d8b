"""The group workbook page without a browser: members, attendance saved, the review plan."""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as w
import pytest

from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession, Practitioner
from vigkit.store import GroupNotFound, Store
from vigkit.ui import pages
from vigkit.ui.pages import group as grouppage
from vigkit.ui.runtime import workbook

pytestmark = pytest.mark.sqlite_only

SCRIPT = "<script>alert(1)</script> 👶🏽 مرحبا"


def _text(widget: w.Widget) -> str:
    """All the HTML a page shows, in order."""
    if isinstance(widget, w.HTML):
        return str(widget.value)
    return "".join(_text(child) for child in getattr(widget, "children", ()))


@pytest.fixture
def group_store(memory_store: Store) -> Store:
    """G001 with F031 (agrees to group viewing) and F032 (does not), one filmed session, one next."""
    store = memory_store
    store.add_practitioner(Practitioner(id="jo", display_name="Jo"))
    store.add_group(
        Group(code="G001", practitioner_id="jo", title="Baby bonding group", setting=SCRIPT)
    )
    for code, viewing in (("F031", True), ("F032", False)):
        store.add_case(Case(code=code, practitioner_id="jo", opened_on=date(2026, 3, 1)))
        store.set_consent(
            Consent(case_code=code, given_on=date(2026, 3, 1), filming=True, group_viewing=viewing)
        )
        store.add_group_member("G001", code)
    filmed = store.add_group_session(
        GroupSession(
            group_code="G001", held_on=date(2026, 3, 8), attended=["F031", "F032"], notes=SCRIPT
        )
    )
    store.add_group_session(GroupSession(group_code="G001", held_on=date(2026, 3, 15)))
    for code in ("F031", "F032"):
        film = store.add_film(
            Film(
                case_code=code,
                cycle_number=1,
                path="/m.mp4",
                sha256="0" * 64,
                duration_s=60,
                filmed_on=date(2026, 3, 8),
            )
        )
        store.add_film_to_session(film.id or 0, filmed.id or 0)
        store.add_clip(Clip(film_id=film.id or 0, start_s=2, end_s=9, what_i_see=SCRIPT))
    return store


def test_page_shows_members_consent_and_plan(group_store: Store) -> None:
    """Members with their group-viewing answer; F031's clip offered, F032's missing with why."""
    page = grouppage.group_page("g001", store=group_store)
    text = _text(page)
    assert "<h1>Group G001</h1>" in text
    assert "Other group members may see their clips" in text
    assert "F032 has not agreed that other group members may see their clips." in text
    assert 1 == text.count("Clips offered for the group review")


def test_typed_text_is_shown_as_text(group_store: Store) -> None:
    """Setting, notes and what-I-see with HTML-looking text are escaped, never markup."""
    text = _text(grouppage.group_page("G001", store=group_store))
    assert "<script>" not in text
    assert html.escape(SCRIPT) in text


def test_attendance_saved_is_kept_and_changes_the_plan(group_store: Store) -> None:
    """Ticking who came and saving records it; a fresh page shows the ticks and the new plan."""
    built = grouppage.group_page("G001", store=group_store).group  # type: ignore[attr-defined]
    review = group_store.list_group_sessions("G001")[1]
    form = built.attendance[review.id]
    form.boxes["F032"].value = True
    saved = form.save()
    assert saved is not None and ["F032"] == saved.attended
    assert "Attendance saved: 1 family came." in form.message.value
    assert "F031 did not attend this session" in built.plan.value
    again = grouppage.group_page("G001", store=group_store).group  # type: ignore[attr-defined]
    boxes = again.attendance[review.id].boxes
    assert {"F031": False, "F032": True} == {code: box.value for code, box in boxes.items()}


def test_new_session_appears(group_store: Store) -> None:
    """Adding a session lists it with its own attendance form."""
    built = grouppage.group_page("G001", store=group_store).group  # type: ignore[attr-defined]
    built.new_session.held_on.value = date(2026, 3, 22)
    saved = built.new_session.save()
    assert saved is not None and saved.id in built.attendance
    assert "Session 3, 22 March 2026" in _text(built.widget)


def test_unknown_group_is_a_plain_message(
    group_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown group code shows a sentence through run_page, never a traceback."""
    with pytest.raises(GroupNotFound):
        grouppage.group_page("G404", store=group_store)
    shown: list[w.Widget] = []
    monkeypatch.setattr(workbook, "display", shown.append)
    pages.run_page(lambda: grouppage.group_page("G404", store=group_store))
    assert "There is no group with the code &#x27;G404&#x27;" in _text(shown[0])


def test_without_a_code_the_groups_are_listed(group_store: Store) -> None:
    """With no ?group=, the page lists the groups with links."""
    text = _text(grouppage.group_page("", store=group_store))
    assert 'href="group.ipynb?group=G001"' in text
    assert "2 families" in text


def test_in_a_team_another_practitioners_group_is_refused_in_plain_words(
    group_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged in as someone else, Jo's group is refused in the page; as Jo, it opens."""
    from vigkit import paths

    group_store.add_practitioner(Practitioner(id="pat", display_name="Pat"))
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "pat")
    shown: list[w.Widget] = []
    monkeypatch.setattr(workbook, "display", shown.append)
    pages.run_page(lambda: grouppage.group_page("G001", store=group_store))
    text = _text(shown[0])
    assert "This group of families is not yours to open." in text and "F031" not in text
    monkeypatch.setenv("VIGKIT_USER", "jo")
    assert "<h1>Group G001</h1>" in _text(grouppage.group_page("G001", store=group_store))
