"""Static HTML widgets that share one layout and one style.

Every ipywidget brings its own Layout model and, for HTML, its own style model: three models
for one paragraph, each created and sent to the browser while the visitor waits. The page's
static HTML (headings, help, tables, messages) never changes its layout or style, so all of
it shares one Layout and one HTMLStyle: one model per paragraph instead of three.

Never set ``widget.layout.…`` or ``widget.style.…`` on a widget made here — it would change
every one of them. Give a widget that must be hidden or sized its own ``w.HTML``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

__all__ = ["StaticHTML", "is_shared", "labelled_input"]

_shared: dict[str, w.Widget] = {}


def _one(name: str, make: Callable[[], w.Widget]) -> Any:
    """The kernel's shared ``make`` instance, made again if it was closed."""
    found = _shared.get(name)
    if found is None or found.comm is None:
        found = _shared[name] = make()
    return found


def StaticHTML(value: str = "", **kwargs: Any) -> w.HTML:  # noqa: N802 - stands in for w.HTML
    """``w.HTML(value, **kwargs)`` with the shared layout and style (see the module's note)."""
    kwargs.setdefault("layout", _one("layout", w.Layout))
    kwargs.setdefault("style", _one("style", HTMLStyle))
    return w.HTML(value, **kwargs)


def _labelled_layout() -> w.Layout:
    return w.Layout(width="100%", flex_flow="column", align_items="stretch")


def labelled_input(cls: type[w.Widget], **kwargs: Any) -> Any:
    """``cls(**kwargs)`` with the inputs' shared labelled layout (the label above the input,
    full width) and its class's shared style (``description_width: initial``)."""
    kwargs.setdefault("layout", _one("labelled", _labelled_layout))
    style = cls.class_traits()["style"].klass
    kwargs.setdefault(
        "style", _one(f"style:{style.__name__}", lambda: style(description_width="initial"))
    )
    return cls(**kwargs)


def is_shared(widget: w.Widget) -> bool:
    """Whether ``widget`` already has the shared labelled layout (made by labelled_input)."""
    return widget.layout is _shared.get("labelled")
