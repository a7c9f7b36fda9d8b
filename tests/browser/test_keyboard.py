"""A practitioner who uses only the keyboard: a reflection and a clip, from the page's start to
saved, with Tab, typing, Space and Enter (no click, no focus() from the test)."""

from __future__ import annotations

import re
from collections.abc import Callable

from vigkit.store import Store

from .conftest import Server, shot

ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const group = e.type === 'radio' ? document.getElementsByName(e.name) : [];
  return {tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value || '',
          text: (e.innerText || e.textContent || '').trim(),
          classes: String(e.className), ancestors: [...(function* () {
            for (let p = e.parentElement; p; p = p.parentElement) yield String(p.className); })()
          ].join(' '),
          groupChecked: [...group].some(r => r.checked)};
}"""


def tab_until(page, wanted, most: int = 250, key: str = "Tab") -> dict:
    """Press Tab (or ``key``) until the focused element is ``wanted``; it must be reachable
    from the keyboard."""
    for _ in range(most):
        page.keyboard.press(key)
        active = page.evaluate(ACTIVE)
        if active and wanted(active):
            return active
    raise AssertionError("never reached by Tab")


def is_focused(control) -> Callable[[dict], bool]:
    """A ``wanted`` for :func:`tab_until`: the focused element is ``control`` (a locator)."""
    return lambda _active: bool(control.evaluate("e => e === document.activeElement"))


def test_a_reflection_from_start_to_saved_by_keyboard(served: Server, page) -> None:
    words = "Keyboard only: the parent paused and the baby answered"
    page.goto(served.url + "voila/render/reflection.ipynb?model=reflection_what")
    assert "en-US" == page.evaluate("navigator.language")
    page.wait_for_selector(".vk-form textarea", timeout=90_000)
    answered = 0
    for _ in range(250):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if not active or "vk-form" not in active["ancestors"] + active["classes"]:
            continue
        if active["tag"] == "textarea" and not active["value"]:
            page.keyboard.type(f"{words} ({answered + 1})")
            answered += 1
        elif active["type"] == "date" and not active["value"]:
            page.keyboard.type("11202026")  # month, day, year: Chromium's en-US date field
        elif active["type"] == "radio" and not active["groupChecked"]:
            page.keyboard.press("Space")
        elif active["tag"] == "button" and active["text"] == "Save":
            page.keyboard.press("Enter")
            break
    else:
        raise AssertionError("the Save button was never reached by Tab")
    try:
        page.get_by_text("Saved at").wait_for()
    finally:
        shot(page, "keyboard-reflection-saved")
    assert answered >= 3
    with Store.open(served.data) as store:
        texts = [str(r.answers) for r in store.reflections.list()]
    assert any(f"{words} (1)" in text and "2026-11-20" in text for text in texts)


def test_a_clip_from_start_to_saved_by_keyboard(served: Server, page) -> None:
    words = "Keyboard clip: the baby turns and the parent smiles back"
    page.goto(served.url + "voila/render/microanalysis.ipynb?case=F017&film=1")
    page.wait_for_selector(".vk-cm video", timeout=90_000)
    page.wait_for_function(
        "() => { const v = document.querySelector('.vk-cm video');"
        " return v && Number.isFinite(v.duration) && v.duration > 0; }",
        timeout=60_000,
    )
    tab_until(page, is_focused(page.get_by_role("group", name="Clip marker")))
    for key in ["Shift+ArrowRight"] * 7 + ["["] + ["Shift+ArrowRight"] * 2 + ["]", "2"]:
        page.keyboard.press(key)
    page.get_by_text("Pending clip: start 0:07.00 · end 0:09.00").wait_for()
    page.keyboard.press("Enter")
    page.get_by_text("added. Describe it below").wait_for()
    tab_until(page, is_focused(page.get_by_role("textbox", name="What I see", exact=True)))
    page.keyboard.type(words)
    with Store.open(served.data) as store:
        full = len(store.films.list_clips(film_id=1)) >= 3  # the service's most on a film
    tab_until(page, lambda a: a["tag"] == "button" and a["text"] == "Save clip")
    page.keyboard.press("Enter")
    if full:  # said; Tab on to a clip's Remove, Enter twice, Shift+Tab back to Save clip
        page.get_by_text("already has 3 clips").wait_for()
        tab_until(page, lambda a: a["tag"] == "button" and a["text"].startswith("Remove clip"))
        page.keyboard.press("Enter")
        page.get_by_role("button", name=re.compile("^Press again to remove clip")).wait_for()
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(r"Clip .* removed\.")).wait_for()
        tab_until(
            page, lambda a: a["tag"] == "button" and a["text"] == "Save clip", key="Shift+Tab"
        )
        page.keyboard.press("Enter")
    page.get_by_text("Clip saved: 7.00–9.00 s.").wait_for()
    shot(page, "keyboard-clip-saved")
    with Store.open(served.data) as store:
        clips = store.films.list_clips(film_id=1)
    saved = [c for c in clips if c.what_i_see == words]
    assert 1 == len(saved), [(c.start_s, c.end_s, c.what_i_see) for c in clips]
    assert (7.0, 9.0) == (saved[0].start_s, saved[0].end_s)
