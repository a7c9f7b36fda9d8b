"""Controls a keyboard reaches and a screen reader can name, found as a person would: by
their role and name (Playwright's get_by_role), never by a CSS class.

The case page's folds are buttons in the tab order that say whether they are open; the 0-10
rating buttons say which is chosen, in a group named by its question; "What I see" has a name;
a still has words; every control's focus ring is 3 px.
"""

from __future__ import annotations

from .conftest import Server, shot
from .test_keyboard import ACTIVE

FOLDS = (
    "Case details",
    "Consent",
    "Helping questions and ratings",
    "Outcome measures",
    "Erase this family's records",
)


def test_every_fold_of_the_case_page_opens_by_keyboard(served: Server, page) -> None:
    page.goto(served.url + "voila/render/case.ipynb?case=F017")
    page.get_by_role("button", name=FOLDS[0]).wait_for(timeout=90_000)
    opened = []
    for _ in range(300):  # Tab from the top of the page, as a person does
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if not active or active["text"] not in FOLDS or active["text"] in opened:
            continue
        fold = page.get_by_role("button", name=active["text"], exact=True)
        assert "false" == fold.get_attribute("aria-expanded")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert "3px" == outline, (active["text"], outline)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.activeElement.getAttribute('aria-expanded') === 'true'"
        )
        opened.append(active["text"])
        if len(opened) == len(FOLDS):
            break
    assert list(FOLDS) == opened
    shot(page, "case-folds-open-by-keyboard")
    # Space closes a fold again.
    page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'false'")


def test_rating_buttons_say_which_is_chosen_in_a_named_group(served: Server, page) -> None:
    page.goto(served.url + "voila/render/case.ipynb?case=F017")
    page.get_by_role("button", name="Helping questions and ratings").click()
    groups = page.get_by_role("group", name="Rating now")
    groups.first.wait_for(timeout=60_000)
    ten = groups.first.get_by_role("button", name="10", exact=True)
    assert "false" == ten.get_attribute("aria-pressed")
    ten.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[aria-pressed=true]')]"
        ".some(b => b.textContent.trim() === '10')"
    )
    assert "true" == ten.get_attribute("aria-pressed")


def test_what_i_see_and_a_still_have_names(served: Server, page) -> None:
    page.goto(served.url + "voila/render/microanalysis.ipynb?case=F017&film=1")
    seen = page.get_by_role("textbox", name="What I see")
    seen.wait_for(timeout=90_000)
    seen.fill("Named by its question")
    page.get_by_role("group", name="Clip marker").focus()
    page.keyboard.press("s")
    still = page.get_by_role("img", name="Still from the cycle 1 film at")
    still.first.wait_for(timeout=60_000)
    shot(page, "microanalysis-named-still")
