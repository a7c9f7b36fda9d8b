"""Static HTML widgets that share one layout and one style.

Every ipywidget brings its own Layout model and, for HTML, its own style model: three models
for one paragraph, each created and sent to the browser while the visitor waits. The page's
static HTML (headings, help, tables, messages) never changes its layout or style, so all of
it shares one Layout and one HTMLStyle: one model per paragraph instead of three.

Setting ``widget.layout.…`` or ``widget.style.…`` on a widget made here would change every
one of them, so the shared models refuse it (:class:`SharedModelChanged`). Give a widget
that must be hidden or sized its own ``w.HTML``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

__all__ = ["SharedModelChanged", "StaticHTML", "is_shared", "labelled_input"]

_shared: dict[str, w.Widget] = {}
_frozen_classes: dict[type, type] = {}


class SharedModelChanged(AttributeError):
    """Code tried to change a layout or style that many widgets share."""


class _Frozen:
    """Refuses changes to synced traits once made: a shared model changed would change
    every widget that uses it. The comm may still be closed and reopened."""

    _vk_frozen = False

    if TYPE_CHECKING:  # what the widget class it is mixed into gives it (traitlets)

        def has_trait(self, name: str) -> bool: ...
        def trait_metadata(self, traitname: str, key: str) -> Any: ...

    def __setattr__(self, name: str, value: Any) -> None:
        if self._vk_frozen and not name.startswith("_") and self.has_trait(name):
            if self.trait_metadata(name, "sync"):
                raise SharedModelChanged(
                    f"{type(self).__name__}.{name} is shared by many widgets and cannot "
                    "change: give this widget its own layout or style"
                )
        super().__setattr__(name, value)


def _frozen(cls: type[w.Widget]) -> type[w.Widget]:
    if cls not in _frozen_classes:
        _frozen_classes[cls] = type(f"Shared{cls.__name__}", (_Frozen, cls), {})
    return _frozen_classes[cls]


def _one(name: str, cls: type[w.Widget], **values: Any) -> Any:
    """The kernel's shared ``cls(**values)``, frozen, made again if it was closed."""
    found = _shared.get(name)
    if found is None or found.comm is None:
        found = _frozen(cls)(**values)
        found._vk_frozen = True
        _shared[name] = found
    return found


def StaticHTML(value: str = "", **kwargs: Any) -> w.HTML:  # noqa: N802 - stands in for w.HTML
    """``w.HTML(value, **kwargs)`` with the shared layout and style (see the module's note)."""
    kwargs.setdefault("layout", _one("layout", w.Layout))
    kwargs.setdefault("style", _one("style", HTMLStyle))
    return w.HTML(value, **kwargs)


def labelled_input(cls: type[w.Widget], **kwargs: Any) -> Any:
    """``cls(**kwargs)`` with the inputs' shared labelled layout (the label above the input,
    full width) and its class's shared style (``description_width: initial``)."""
    kwargs.setdefault(
        "layout",
        _one("labelled", w.Layout, width="100%", flex_flow="column", align_items="stretch"),
    )
    style = cls.class_traits()["style"].klass
    kwargs.setdefault("style", _one(f"style:{style.__name__}", style, description_width="initial"))
    widget = cls(**kwargs)
    widget.add_class("vk-labelled")  # the page's stylesheet: label above, left, wrapping
    return widget


def is_shared(widget: w.Widget) -> bool:
    """Whether ``widget`` already has the shared labelled layout (made by labelled_input)."""
    return widget.layout is _shared.get("labelled")
