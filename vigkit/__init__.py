"""vigkit: a reflective practice workbook for Video Interaction Guidance, served with Voilà.

The public API is imported lazily, so `import vigkit` stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Store",
    "open_store",
    "load_question_set",
    "find_question_set",
    "load_principles",
    "ReflectionForm",
    "VigkitError",
    "CaseNotFound",
    "__version__",
]

_WHERE = {
    "Store": "vigkit.store",
    "open_store": "vigkit.store",
    "load_question_set": "vigkit.templates",
    "find_question_set": "vigkit.templates",
    "load_principles": "vigkit.templates.principles",
    "ReflectionForm": "vigkit.ui.forms.questionset",
    "VigkitError": "vigkit.core.errors",
    "CaseNotFound": "vigkit.core.errors",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'vigkit' has no attribute {name!r}")
