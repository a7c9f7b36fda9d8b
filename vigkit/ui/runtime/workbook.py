"""How a workbook runs its page: read the page's parameters, warm the kernel up, run a page.

A notebook holds no logic: it calls :func:`warm_up`, :func:`request_params` and
:func:`run_page` (through :mod:`vigkit.ui.pages`) with a page function such as
``pages.case_page``. Every page is built inside :func:`run_page`, so a practitioner sees a
plain message, never a traceback; the detail goes to the server log and
``<data>/logs/vigkit.log``. No page imports this module.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from importlib import import_module
from urllib.parse import parse_qs

import ipywidgets as w
from IPython.display import display

from vigkit.core.errors import NotFound, VigkitError
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.templates import list_question_sets
from vigkit.ui.runtime.logs import setup_logging
from vigkit.ui.runtime.page import Page
from vigkit.ui.runtime.pagedata import (
    current_practitioner,
    page_store,
    principles_template,
    question_set_dirs,
    reflection_models,
    service_settings,
)
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.pagelanguage import available_languages, page_interface, page_language
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["request_params", "run_page", "warm_up"]

log = logging.getLogger("vigkit.ui.pages")

_PARAM = re.compile(r"^[A-Za-z0-9_.:-]{0,80}$")


def request_params(**defaults: str) -> dict[str, str]:
    """The page's query parameters over ``defaults`` (waits for the visitor in a preheated kernel).

    Only names given in ``defaults`` are read; values that do not look like ids are ignored.
    """
    query = ""
    if os.environ.get("VOILA_PREHEAT") == "True" or "QUERY_STRING" in os.environ:
        from voila.utils import get_query_string

        query = get_query_string() or ""
    given = parse_qs(query, keep_blank_values=True)
    params = {key: str(value) for key, value in defaults.items()}
    for key in defaults:
        if key in given and _PARAM.match(given[key][0]):
            params[key] = given[key][0]
    return params


def warm_up(*, documents: bool = True) -> None:
    """Open the store and read the templates while a preheated kernel waits for its visitor.

    ``documents=False``: a page that makes no plots or documents and plays no film itself
    (a live session's) skips loading them, which keeps its kernel some 60 MB smaller."""
    setup_logging()
    try:
        store = page_store()
        principles_template()
        list_question_sets(question_set_dirs())
        _warm_languages(store)
        service_settings()
        if documents:
            for name in _PAGE_MODULES:
                import_module(name)
            _first_plot()
    except Exception:  # noqa: BLE001 - the page itself will show the problem in plain words
        log.exception("warm-up failed; the page will say what is wrong")


def _warm_languages(store: Store) -> None:
    """Read the templates' languages and the visitor's reflective models in their language
    (each file is parsed once, then kept until it changes)."""
    available_languages()
    who = current_practitioner(store)
    reflection_models(service_settings(), page_language(store, who))


# Modules the pages import only when they need them (video, documents, the media route):
# imported while the kernel waits, so the visitor does not wait for them.
_PAGE_MODULES = (
    "vigkit.media.films",
    "vigkit.server.mediaroute",
    "vigkit.reports.strengths",
    "vigkit.media.plotcache",
)


def _first_plot() -> None:
    """Draw a tiny plot: matplotlib's first drawing (fonts, renderer) costs a tenth of a second."""
    from matplotlib.figure import Figure

    from vigkit.reports.plots import figure_png

    fig = Figure(figsize=(1, 1))
    fig.add_subplot().set_title("warm-up")
    figure_png(fig, dpi=20)


def run_page(build: Callable[[], Page]) -> None:
    """Build a page and display it; any failure becomes a plain message in the page."""
    setup_logging()
    widget: w.Widget
    try:
        widget = build().widget
    except NotFound as exc:
        widget = StaticHTML(message_html(_failure_interface().error(exc), "error"))
    except VigkitError as exc:
        log.exception("page could not be built")
        widget = StaticHTML(message_html(_failure_interface().error(exc), "error"))
    except Exception:  # noqa: BLE001 - the page's last line of defence: message here, detail in the log
        log.exception("unexpected error while building a page")
        widget = StaticHTML(message_html(_failure_interface().say("home.page.failed"), "error"))
    display(widget)  # type: ignore[no-untyped-call]


def _failure_interface() -> Interface:
    """The visitor's interface for a message about a failed page; English if even that fails."""
    try:
        store = page_store()
        return page_interface(store, current_practitioner(store))
    except Exception:  # noqa: BLE001 - the store may be what failed: say it in English
        return Interface()
