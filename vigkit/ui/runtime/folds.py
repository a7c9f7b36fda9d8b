"""Folds whose contents are built when first opened.

A page shows its folds closed; building every form inside them up front made the case page
send about 130 more widgets to the browser before it could show anything. :func:`lazy_folds`
builds a fold's contents on its first opening (a click on its title, or ``open_all`` in a
test), then keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

__all__ = ["LazyFolds", "lazy_folds"]


class LazyFolds:
    """An Accordion of titled parts, each made by its function on first opening."""

    def __init__(self, parts: Sequence[tuple[str, Callable[[], w.Widget]]]) -> None:
        self._makers = [make for _, make in parts]
        self._boxes = [w.VBox() for _ in parts]
        self.built: dict[int, w.Widget] = {}
        self.widget = w.Accordion(children=self._boxes, selected_index=None)
        for i, (title, _) in enumerate(parts):
            self.widget.set_title(i, title)
        self.widget.observe(self._opened, "selected_index")
        self.widget.lazy = self  # found from the page's tree

    def _opened(self, change: dict[str, Any]) -> None:
        index = change["new"]
        if index is not None:
            self.build(index)

    def build(self, index: int) -> w.Widget:
        """The contents of fold ``index``, made now if not made yet."""
        if index not in self.built:
            self.built[index] = self._makers[index]()
            self._boxes[index].children = (self.built[index],)
        return self.built[index]

    def open_all(self) -> list[w.Widget]:
        """Every fold's contents, made (for tests and for printing)."""
        return [self.build(i) for i in range(len(self._boxes))]


def lazy_folds(parts: Sequence[tuple[str, Callable[[], w.Widget]]]) -> LazyFolds:
    """Folds titled and made as ``parts`` says, each made when first opened."""
    return LazyFolds(parts)
