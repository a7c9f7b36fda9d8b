"""A form's save, made once: the identity a form sends with every try of one save.

A form holds one :class:`Submission`. Every try of the save (a second click, a retry after a
reported failure, the same form reloaded from its draft) sends the same key, and the store
gives back what the first try stored (``vigkit/store/once.py``). When the person changes
something after a save went through, the next save is a new one with a new key.
"""

from __future__ import annotations

import secrets

__all__ = ["Submission", "new_key"]


def new_key() -> str:
    """A fresh save identity: 22 letters, digits, ``-`` and ``_`` (128 random bits)."""
    return secrets.token_urlsafe(16)


class Submission:
    """The identity of the save a form is on its way to."""

    def __init__(self, key: str | None = None) -> None:
        self.key = key or new_key()
        self.saved_id: int | None = None  # the record the save made, once it went through

    def went_through(self, record_id: int | None) -> bool:
        """Note that the save stored ``record_id``; True when an earlier try had already
        stored it (nothing new was stored this time)."""
        again = record_id is not None and record_id == self.saved_id
        self.saved_id = record_id
        return again

    def changed(self) -> None:
        """The person changed the form: after a save went through, the next is a new save."""
        if self.saved_id is not None:
            self.key, self.saved_id = new_key(), None
