"""Remove buttons that ask twice, so a stray click or key removes nothing.

The first press on a button turns it into its "Press again to …" words (in the danger style)
and removes nothing; a second press on the same button removes. One button asks at a time:
pressing another turns the first back to its plain words and makes the other ask.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import ipywidgets as w

__all__ = ["AskTwice"]

K = TypeVar("K", bound=Hashable)


class AskTwice(Generic[K]):
    """A set of Remove buttons, each by its key, of which at most one asks again.

    ``words`` is the key of the buttons' words (``film.clip.remove``); an asking button says
    those of ``words + ".confirm"``. A first press empties ``message`` (what it said was
    about before)."""

    def __init__(self, words: str, message: w.HTML | None = None) -> None:
        self.words, self.message = words, message
        self.armed: K | None = None  # the key whose button asks "Press again …"
        self._buttons: dict[K, tuple[w.Button, Callable[[str], str]]] = {}

    @property
    def buttons(self) -> list[w.Button]:
        """The buttons, in the order they were added."""
        return [button for button, _ in self._buttons.values()]

    def clear(self) -> None:
        """Forget every button (and which one asks): the list is made again."""
        self.armed, self._buttons = None, {}

    def add(
        self,
        key: K,
        say: Callable[[str], str],
        remove: Callable[[], object],
        button: w.Button | None = None,
    ) -> w.Button:
        """A Remove button for ``key`` (``button``, or a new one): ``say(words_key)`` gives
        its description in words; ``remove`` runs on its second press."""
        button = button or w.Button()
        self._buttons[key] = (button, say)
        button.on_click(lambda _b: self.press(key, remove))
        self._show(key)
        return button

    def drop(self, key: K) -> None:
        """Forget ``key``'s button (its item is gone); nothing asks any longer if it did."""
        self._buttons.pop(key, None)
        if self.armed == key:
            self.armed = None

    def press(self, key: K, remove: Callable[[], object]) -> None:
        """First press: ask again (every other button back to its plain words). Second press
        on the same key: ``remove``."""
        if self.armed == key:
            remove()
            return
        self.armed = key
        self.show()
        if self.message is not None:
            self.message.value = ""

    def show(self) -> None:
        """Every button's words and style again (a name in them may have changed)."""
        for key in self._buttons:
            self._show(key)

    def _show(self, key: K) -> None:
        button, say = self._buttons[key]
        asking = self.armed == key
        button.description = say(f"{self.words}.confirm" if asking else self.words)
        button.button_style = "danger" if asking else ""
