"""Text made safe for XML documents (Word files are XML): what a practitioner typed is
kept as typed in the store, but a character XML cannot hold — a NUL, most control
characters, an unpaired surrogate — would make python-docx refuse the whole document.
Each becomes U+FFFD (the replacement character), so the document is written and shows
where something could not be."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

__all__ = ["xml_safe", "xml_safe_deep"]

# XML 1.0 allows tab, newline, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and beyond.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
T = TypeVar("T")


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_safe_deep(value: T) -> T:
    """``value`` with every string in it made :func:`xml_safe`: dataclasses (frozen too),
    tuples, lists and dicts are copied, anything else is kept."""
    return _deep(value)  # type: ignore[no-any-return]


def _deep(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _deep(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_deep(v) for v in value)
    if isinstance(value, list):
        return [_deep(v) for v in value]
    if isinstance(value, dict):
        return {_deep(k): _deep(v) for k, v in value.items()}
    return value
