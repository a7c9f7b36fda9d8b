"""Words said inside an error's message: :class:`Phrase`.

Kept with the words (not with the errors) so that :mod:`vigkit.i18n.interface` can say a
phrase in the page's language without knowing vigkit's errors: the errors use the words,
never the other way round.
"""

from __future__ import annotations

__all__ = ["Phrase"]


class Phrase(str):
    """Words said inside an error's message (a record's kind, a month): ``str`` is the
    English, and :meth:`vigkit.i18n.interface.Interface.error` says ``key`` with its ``values``
    in the page's language. Give one as a value of a keyed
    :class:`~vigkit.core.errors.VigkitError`."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Phrase:
        from vigkit.i18n.english import ENGLISH

        said = super().__new__(cls, ENGLISH[key].format_map({k: str(v) for k, v in values.items()}))
        said.key = key
        said.values = values
        return said
