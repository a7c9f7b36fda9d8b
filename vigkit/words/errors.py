"""The words of vigkit's errors (what the store, the media layer and the pages refuse), in
English. Raise ``VigkitError(key="error.…", name=value)``; pages say them through
:meth:`vigkit.interface.Interface.error`."""

from __future__ import annotations

WORDS: dict[str, str] = {
}
