"""Who is in this film, in Chromium: a person is added, their face box added and moved by
keyboard, saved and there after a reload; a box dragged with the mouse moves; a box dragged
outside the picture is refused in plain words."""

from __future__ import annotations

import re
import time
from pathlib import Path

from vigkit.media.films import decoded_size
from vigkit.store import Store

from .conftest import Server, shot

PAGE = "voila/render/microanalysis.ipynb?case=F017&film=1"


def _boxes(served: Server) -> list[tuple[float, int, int, int, int]]:
    with Store.open(served.data) as store:
        return [
            (b.t, b.x, b.y, b.w, b.h)
            for person in store.people_in_films.list(1)
            if person.label == "Mum"
            for b in person.boxes
        ]


def _saved_when(served: Server, check, timeout: float = 30.0):
    """Mum's boxes in the store once ``check(boxes)`` holds (a save answered)."""
    deadline = time.monotonic() + timeout
    while True:
        boxes = _boxes(served)
        if check(boxes) or time.monotonic() > deadline:
            return boxes
        time.sleep(0.2)


def _part_shot(page, name: str) -> Path:
    out = Path(__file__).resolve().parents[2] / "test-artifacts" / f"{name}.png"
    out.parent.mkdir(exist_ok=True)
    page.locator(".vk-film-people").screenshot(path=str(out))
    return out


def test_a_face_box_by_keyboard_and_mouse_saved_and_refused_outside(served: Server, page) -> None:
    page.set_default_timeout(30_000)
    page.goto(served.url + PAGE)
    page.wait_for_selector(".vk-fb-stage", timeout=90_000)
    part = page.locator(".vk-film-people")
    part.scroll_into_view_if_needed()
    with Store.open(served.data) as store:
        width, _height = decoded_size(store.films.get(1).path)
    step = max(1, round(width / 80))
    try:
        page.get_by_role("button", name="Add a person").click()
        page.get_by_text("Someone unknown 1 added.").wait_for()
        label = part.get_by_role("textbox", name="Name or label").first
        label.fill("Mum")
        label.press("Tab")  # sent when the field loses focus
        page.get_by_role("button", name="Remove Mum").wait_for()

        # By keyboard: "Add a box" puts Mum's box in the middle and gives it focus.
        add = page.get_by_role("button", name="Add a box")
        add.focus()
        page.keyboard.press("Enter")
        box = page.get_by_role("button", name="Face box of Mum at 0.00 s")
        box.wait_for()
        assert page.evaluate("document.activeElement.classList.contains('vk-fb-box')")
        ring = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert ring == "3px", ring
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.get_by_text(re.compile(r"^Box of Mum moved to \d+, \d+\.$")).wait_for()
        shot(page, "face-boxes-keyboard")
        page.get_by_role("button", name="Save who is in this film").click()
        page.get_by_text("Saved who is in this film: 1 listed.").wait_for()
        [(t, x, _y, w, _h)] = _boxes(served)
        assert t == 0.0 and abs(x - ((width - w) // 2 + 3 * step)) <= 1, (x, w, width)

        # Kept after a reload; a drag with the mouse moves it.
        page.reload()
        page.wait_for_selector(".vk-fb-box", timeout=90_000)
        part.scroll_into_view_if_needed()
        box = page.get_by_role("button", name="Face box of Mum at 0.00 s")
        assert "confirmed by" in part.inner_text()
        stage = page.locator(".vk-fb-stage").bounding_box()
        scale = width / stage["width"]
        where = box.bounding_box()
        cx, cy = where["x"] + where["width"] / 2, where["y"] + where["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + 30, cy + 10, steps=5)
        page.mouse.move(cx + 60, cy + 20, steps=5)
        page.mouse.up()
        page.get_by_text(re.compile(r"^Box of Mum moved to")).wait_for()
        page.get_by_role("button", name="Save who is in this film").click()
        [(_, dragged, _, _, _)] = _saved_when(served, lambda b: b and b[0][1] != x)
        assert abs(dragged - (x + 60 * scale)) <= 2 * scale + 1, (dragged, x, scale)

        # Its corner handle resizes it.
        box.scroll_into_view_if_needed()
        corner = box.locator(".vk-fb-handle").bounding_box()
        hx, hy = corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2
        page.mouse.move(hx, hy)
        page.mouse.down()
        page.mouse.move(hx + 40, hy + 20, steps=5)
        page.mouse.up()
        page.get_by_text(re.compile(r"^Box of Mum is now \d+ × \d+ pixels\.$")).wait_for()
        page.get_by_role("button", name="Save who is in this film").click()
        [(_, still_x, _, wider, _)] = _saved_when(served, lambda b: b and b[0][3] != w)
        assert still_x == dragged and abs(wider - (w + 40 * scale)) <= 2 * scale + 1

        # Dragged past the left edge: drawn red, and saving refuses it in words.
        box.scroll_into_view_if_needed()
        stage = page.locator(".vk-fb-stage").bounding_box()
        where = box.bounding_box()
        cx, cy = where["x"] + where["width"] / 2, where["y"] + where["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(max(2, stage["x"] - 60), cy, steps=8)  # in the window
        page.mouse.up()
        page.get_by_text("(outside the picture)").wait_for()
        page.get_by_role("button", name="Save who is in this film").click()
        page.get_by_text(re.compile(r"Mum's box at 0\.00 s is outside the picture")).wait_for()
        assert [(0.0, dragged)] == [(b[0], b[1]) for b in _boxes(served)]
        shot(page, "face-boxes-outside")
        _part_shot(page, "face-boxes-part")
    finally:
        with Store.open(served.data) as store:
            for person in store.people_in_films.list(1):
                store.people_in_films.remove(person.id or 0)
