"""A page as built: the widget its workbook shows, and the parts on it a caller reads.

Every page function returns a :class:`Page` (or a subclass naming its parts with their
types: the reflection page's form, the case page's erasure panel …), so tests and a
service's own workbook read a page through typed fields rather than attributes hung on
widgets. :func:`vigkit.ui.runtime.workbook.run_page` shows ``page.widget``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ipywidgets as w

__all__ = ["Page", "page_box"]


def page_box(children: Iterable[w.Widget] = ()) -> w.VBox:
    """The box a page is shown in (``vk-page``: the stylesheet's page width and spacing)."""
    box = w.VBox(list(children))
    box.add_class("vk-page")
    return box


@dataclass(eq=False)
class Page:
    """A built page; ``widget`` is what the workbook shows."""

    widget: w.Widget
