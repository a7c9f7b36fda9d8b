"""The pages, one module per workbook, and what the workbooks call.

A workbook notebook is thin::

    import vigkit.ui.pages as pages
    pages.warm_up()
    params = pages.request_params(case=case)
    pages.run_page(lambda: pages.case_page(**params))

``pages.<name>_page`` is imported when first asked for, so a page that does not show
another (a live session's) does not load what that one needs. A page never imports
another page: what two pages show alike lives in :mod:`vigkit.ui.parts`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from vigkit.ui.runtime.workbook import request_params, run_page, warm_up

PAGES = {
    "audit_page": "audit",
    "case_page": "case",
    "group_page": "group",
    "group_session_page": "groupsession",
    "home_page": "home",
    "microanalysis_page": "microanalysis",
    "people_page": "people",
    "preview_page": "preview",
    "reflection_page": "reflection",
    "report_page": "report",
    "supervision_page": "supervision",
}
__all__ = ["request_params", "run_page", "warm_up", *PAGES]


def __getattr__(name: str) -> Any:
    """``pages.case_page`` and the other page functions, imported when first asked for."""
    if name in PAGES:
        return getattr(import_module(f"{__name__}.{PAGES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
