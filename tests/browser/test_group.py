"""The group workbook in Chromium: tick attendance, save, reload, see it kept and the plan's reasons."""

from __future__ import annotations

from vigkit.store import Store

from .conftest import Server, shot

ERROR_WORDS = ("Traceback", "Error:", "There was an error when executing cell", "went wrong")


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".vk-page", timeout=90_000)


def _whole_page_shot(page, name: str) -> None:
    """A screenshot of the whole page: Voilà scrolls inside the window, so make the window tall."""
    height = page.evaluate("() => document.querySelector('.vk-page').scrollHeight")
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 200, 6000)})
    shot(page, name)


def test_group_attendance_is_kept_and_the_plan_says_why(served: Server, page) -> None:
    """Ticking who came to the next session and saving survives a reload; missing clips say why."""
    url = served.url + "voila/render/group.ipynb?group=G001"
    _open(page, url)
    body = page.inner_text("body")
    assert "F032 has not agreed that other group members may see their clips." in body
    assert not any(word in body for word in ERROR_WORDS)
    upcoming = page.locator(".vk-session").last
    upcoming.get_by_role("checkbox", name="F031", exact=True).check()
    upcoming.get_by_role("checkbox", name="F033", exact=True).check()
    upcoming.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved: 2 families came.").wait_for()
    page.get_by_text("F032 has not agreed that other group members may see their clips.").wait_for()
    page.reload()
    page.wait_for_selector(".vk-page", timeout=90_000)
    upcoming = page.locator(".vk-session").last
    ticks = {
        code: upcoming.get_by_role("checkbox", name=code, exact=True).is_checked()
        for code in ("F031", "F032", "F033")
    }
    assert {"F031": True, "F032": False, "F033": True} == ticks
    with Store.open(served.data) as store:
        last = store.groups.list_sessions("G001")[-1]
    assert ["F031", "F033"] == last.attended
    _whole_page_shot(page, "group-G001")


def test_absent_family_is_missing_with_the_reason(served: Server, page) -> None:
    """Choosing the session where F033 was away lists F033's clip as missing, saying why."""
    _open(page, served.url + "voila/render/group.ipynb?group=G001")
    page.get_by_role("combobox", name="Review at").select_option(
        label=_second_session_label(served)
    )
    page.get_by_text("F033 did not attend this session").wait_for()
    _whole_page_shot(page, "group-G001-review-session-2")


def _second_session_label(served: Server) -> str:
    with Store.open(served.data) as store:
        second = store.groups.list_sessions("G001")[1].held_on
    return f"Session 2, {second.day} {second:%B %Y}"


def test_unknown_group_is_a_plain_message(served: Server, page) -> None:
    """A group code that does not exist gets a sentence, not a traceback."""
    page.goto(served.url + "voila/render/group.ipynb?group=G404")
    page.wait_for_selector(".vk-msg-error", timeout=90_000)
    text = page.inner_text("body")
    assert "There is no group with the code 'G404'" in text
    assert "Traceback" not in text


def test_home_links_to_the_group(served: Server, page) -> None:
    """The home page lists the demo group; its link opens the group page."""
    _open(page, served.url)
    page.get_by_role("link", name="G001").click()
    page.wait_for_selector(".vk-page", timeout=90_000)
    assert "Group G001" in page.inner_text("body")
