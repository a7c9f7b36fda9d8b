"""vigkit's pages, in layers: each layer imports only those below it.

- :mod:`vigkit.ui.pages` — one module per workbook, and what the workbooks call;
- :mod:`vigkit.ui.parts` — sections a page is made of (lists, a film's parts, panels);
- :mod:`vigkit.ui.forms` — forms over the store, their logic in pure functions;
- :mod:`vigkit.ui.widgets` — the anywidget front-end pieces;
- :mod:`vigkit.ui.runtime` — what every page stands on: its data and context, HTML helpers,
  language, long work, folds, links to the server's routes, logs.

Workbooks written before the layers (a service's or a trainer's copy of a page) import the
old flat names, such as ``vigkit.ui.casepage``: :data:`OLD_NAMES` keeps them working.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

OLD_NAMES = {
    "pagedata": "runtime.pagedata",
    "pagehtml": "runtime.pagehtml",
    "pagelanguage": "runtime.pagelanguage",
    "auditpage": "pages.audit",
    "casepage": "pages.case",
    "grouppage": "pages.group",
    "sessionpage": "pages.groupsession",
    "homepage": "pages.home",
    "microanalysis": "pages.microanalysis",
    "peoplepage": "pages.people",
    "previewpage": "pages.preview",
    "reflectionpage": "pages.reflection",
    "reportpage": "pages.report",
    "supervisionpage": "pages.supervision",
}


class _OldNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``vigkit.ui.<old name>`` as the module that now holds it (the same object)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        prefix, _, name = fullname.rpartition(".")
        if prefix == __name__ and name in OLD_NAMES:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(f"{__name__}.{OLD_NAMES[spec.name.rpartition('.')[2]]}")
        self._specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """The module ran when it was imported under its own name; the import machinery has
        just given it the old name's spec, so give it back its own."""
        module.__spec__ = self._specs.pop(module.__name__, module.__spec__)


if not any(isinstance(f, _OldNames) for f in sys.meta_path):
    sys.meta_path.append(_OldNames())
