"""Remove buttons that ask twice (vigkit/ui/widgets/asktwice.py): one press removes nothing,
a second press on the same button removes, and one button asks at a time."""

from __future__ import annotations

import ipywidgets as w

from vigkit.ui.widgets.asktwice import AskTwice

WORDS = {"remove": "Remove {name}", "remove.confirm": "Press again to remove {name}"}


def _buttons() -> tuple[AskTwice[str], dict[str, w.Button], list[str], w.HTML]:
    message = w.HTML("Saved.")
    asking: AskTwice[str] = AskTwice("remove", message)
    removed: list[str] = []
    buttons = {
        name: asking.add(
            name,
            lambda key, n=name: WORDS[key].format(name=n),
            lambda n=name: removed.append(n),
        )
        for name in ("Ann", "Bob")
    }
    return asking, buttons, removed, message


def test_one_press_asks_again_and_removes_nothing() -> None:
    asking, buttons, removed, message = _buttons()
    assert ["Remove Ann", "Remove Bob"] == [b.description for b in asking.buttons]
    buttons["Ann"].click()
    assert removed == []
    assert "Press again to remove Ann" == buttons["Ann"].description
    assert "danger" == buttons["Ann"].button_style
    assert "" == message.value  # what it said was about before


def test_a_second_press_on_the_same_button_removes() -> None:
    _, buttons, removed, _ = _buttons()
    buttons["Bob"].click()
    buttons["Bob"].click()
    assert ["Bob"] == removed


def test_pressing_another_button_makes_the_first_stop_asking() -> None:
    _, buttons, removed, _ = _buttons()
    buttons["Ann"].click()
    buttons["Bob"].click()  # asks about Bob; Ann's button back to its plain words
    assert removed == []
    assert "Remove Ann" == buttons["Ann"].description and "" == buttons["Ann"].button_style
    assert "Press again to remove Bob" == buttons["Bob"].description
    buttons["Ann"].click()  # asks again: the first press on Ann was forgotten
    assert removed == []
    buttons["Ann"].click()
    assert ["Ann"] == removed


def test_a_dropped_or_cleared_button_asks_afresh() -> None:
    asking, buttons, removed, _ = _buttons()
    buttons["Ann"].click()
    asking.drop("Ann")
    assert asking.armed is None and [buttons["Bob"]] == asking.buttons
    buttons["Bob"].click()
    asking.clear()
    assert asking.armed is None and asking.buttons == []
    assert removed == []


def test_an_existing_button_is_used_and_its_words_follow_a_changed_name() -> None:
    name = ["Ann"]
    button = w.Button()
    asking: AskTwice[int] = AskTwice("remove")
    assert button is asking.add(1, lambda key: WORDS[key].format(name=name[0]), list, button)
    assert "Remove Ann" == button.description
    name[0] = "Anna"
    asking.show()
    assert "Remove Anna" == button.description
