"""Steps of a live group supervision session in Chromium that more than one test takes."""

from __future__ import annotations

import re

PAGE = "voila/render/groupsession.ipynb"


def open_session(url: str, lead: object, lead_id: str, members: dict[str, object]) -> str:
    """``lead`` (practitioner ``lead_id``) opens a live session on the server at ``url``;
    each of ``members`` (by practitioner id) joins with its code; the code."""
    lead.goto(url + f"{PAGE}?me={lead_id}")  # type: ignore[attr-defined]
    opener = lead.get_by_role("button", name=re.compile(r"^Open a session for "))  # type: ignore[attr-defined]
    opener.click(timeout=120_000)
    lead.wait_for_selector(".vk-code", timeout=30_000)  # type: ignore[attr-defined]
    code = lead.locator(".vk-code").get_attribute("data-code")  # type: ignore[attr-defined]
    assert code and len(code) == 6, code
    for who, page in members.items():  # all at once: their kernels start side by side
        page.goto(url + f"{PAGE}?session={code}&me={who}", wait_until="commit")  # type: ignore[attr-defined]
    for page in members.values():
        page.wait_for_selector(".vk-live", timeout=120_000)  # type: ignore[attr-defined]
    return str(code)


def present(lead: object, start_s: float, end_s: float) -> None:
    """The facilitator presents the chosen film's seconds ``start_s``–``end_s``."""
    for name, value in (("From (s)", start_s), ("To (s)", end_s)):
        box = lead.get_by_role("spinbutton", name=name, exact=True)  # type: ignore[attr-defined]
        box.fill(f"{value:g}")
        box.press("Tab")
    lead.get_by_role("button", name="Present to the group").click()  # type: ignore[attr-defined]
