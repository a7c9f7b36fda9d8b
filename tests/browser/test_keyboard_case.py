"""The case page by keyboard alone, as a practitioner who does not use a mouse: open the
Consent fold, tick a use and save; open the helping questions, write one in the parent's
words, rate it and save. Tab, Space, Enter and typing only; every control reached shows a
3 px focus ring; what was saved is in the store."""

from __future__ import annotations

from vigkit.store import Store

from .conftest import Server, shot

CASE = "F023"
WORDS = "How can I tell when she is tired?"
# The focused element, its fold's or label's words, and its focus ring.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const box = e.closest('.widget-checkbox, .widget-inline-hbox, .vk-labelled');
  return {tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value || '',
          text: (e.innerText || e.textContent || '').trim(),
          label: box ? box.innerText.trim() : '',
          pressed: e.getAttribute('aria-pressed'), expanded: e.getAttribute('aria-expanded'),
          checked: !!e.checked, ring: getComputedStyle(e).outlineWidth};
}"""


def _tab_to(page, wanted, most: int = 300) -> dict:
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        active = page.evaluate(FOCUSED)
        if active and wanted(active):
            assert "3px" == active["ring"], active
            return active
        if active:
            passed.append(f"{active['tag']}:{active['text'][:20]}|{active['label'][:30]}")
    raise AssertionError(f"never reached by Tab; passed {passed[:60]}")


def test_consent_and_a_helping_question_by_keyboard(served: Server, page) -> None:
    page.goto(served.url + f"voila/render/case.ipynb?case={CASE}")
    page.get_by_role("button", name="Consent", exact=True).wait_for(timeout=90_000)

    _tab_to(page, lambda a: a["text"] == "Consent" and a["expanded"] == "false")
    page.keyboard.press("Enter")
    box = _tab_to(page, lambda a: a["type"] == "checkbox" and "VIG supervisor" in a["label"])
    if not box["checked"]:
        page.keyboard.press("Space")
    _tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "Save consent")
    page.keyboard.press("Enter")
    page.get_by_text("Consent saved as a new version").wait_for()
    shot(page, "keyboard-case-consent-saved")

    _tab_to(page, lambda a: a["text"] == "Helping questions and ratings")
    page.keyboard.press("Enter")
    _tab_to(page, lambda a: a["tag"] == "textarea" and not a["value"])
    page.keyboard.type(WORDS)
    # Its "Rating now": one stop of the tab order, at "Not rated"; → moves along, Space chooses.
    _tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "Not rated")
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.activeElement.textContent.trim() === '6'"
        " && document.activeElement.getAttribute('aria-pressed') === 'true'"
    )
    # The next Tab leaves the row: "Rating hoped for" is the next stop.
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUSED)
    assert "Rating hoped for" in after["label"], after
    occasion = _tab_to(page, lambda a: a["tag"] == "input" and "Occasion" in a["label"])
    if not occasion["value"]:
        page.keyboard.type("start")
    _tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "Save helping questions")
    page.keyboard.press("Enter")
    page.get_by_text("and 1 new rating").wait_for()
    shot(page, "keyboard-case-question-saved")

    with Store.open(served.data) as store:
        consent = store.cases.get_consent(CASE)
        questions = store.cases.list_helping_questions(CASE)
        assert consent is not None and consent.supervisor_viewing
        [mine] = [q for q in questions if q.words == WORDS]
    assert [(6, "start")] == [(r.value, r.occasion) for r in mine.ratings]
