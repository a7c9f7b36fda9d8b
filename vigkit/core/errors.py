"""Errors vigkit raises. Each carries a message a practitioner can read."""

from __future__ import annotations

import re

from vigkit.i18n.phrase import Phrase

__all__ = [
    "VigkitError",
    "NotFound",
    "CaseNotFound",
    "PractitionerNotFound",
    "RecordNotFound",
    "TemplateNotFound",
    "DuplicateRecord",
    "ConsentRequired",
    "TemplateProblem",
    "MediaError",
    "StoreError",
    "refuse_a_name",
]


class VigkitError(Exception):
    """Base class: ``str(err)`` is a plain-words message fit to show in a page.

    An error raised with ``key`` (a word of :mod:`vigkit.i18n.words.errors`) and its {values}
    can be said in the practitioner's language by :meth:`vigkit.i18n.interface.Interface.error`;
    ``str(err)`` stays the English words. One raised with a plain message stays as written.
    """

    key: str | None = None
    values: dict[str, object]

    def __init__(self, message: str | None = None, *, key: str | None = None, **values: object):
        if key is not None:
            from vigkit.i18n.words.errors import WORDS

            message = WORDS[key].format_map({k: str(v) for k, v in values.items()})
        super().__init__(message)
        self.key = key
        self.values = values


class NotFound(VigkitError):
    """A record asked for by id or code does not exist."""


class CaseNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(key="error.case.not_found", code=repr(code))
        self.code = code


class PractitionerNotFound(NotFound):
    def __init__(self, ident: str) -> None:
        super().__init__(key="error.practitioner.not_found", ident=repr(ident))
        self.ident = ident


class RecordNotFound(NotFound):
    def __init__(self, kind: str, ident: object) -> None:
        from vigkit.i18n.words.errors import WORDS

        word = f"error.kind.{kind.replace(' ', '_')}"
        said = Phrase(word) if word in WORDS else kind
        super().__init__(key="error.record.not_found", kind=said, ident=repr(ident))
        self.kind = kind
        self.ident = ident


class TemplateNotFound(NotFound):
    def __init__(self, template_id: str) -> None:
        super().__init__(
            key="error.template.not_found",
            template=repr(template_id),
            command="`vigkit templates check`",
        )
        self.template_id = template_id


class DuplicateRecord(VigkitError):
    """Saving would create a second record where only one may exist."""


class AccessRefused(VigkitError):
    """The access policy does not let the logged-in person do this."""


class ConsentRequired(VigkitError):
    """The family has not consented to what was asked for."""


class TemplateProblem(VigkitError):
    """A template is not valid; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems) if problems else f"{path}: not a valid template")


class MediaError(VigkitError):
    """A video file could not be read, or is not a video."""


class StoreError(VigkitError):
    """The database could not be opened or written."""


# Two capitalised words, as "Jane Smith" or "Smith-Jones, Amy": a name, not a case code.
_NAME_LIKE = re.compile(r"^\W*[A-Z][a-z'’]+[\s,._-]+[A-Z][a-z'’]+", re.UNICODE)


def refuse_a_name(code: str) -> str:
    """``code`` unchanged, unless it looks like a person's name (two capitalised words):
    then VigkitError in plain words. Exports carry pseudonymous codes only."""
    if _NAME_LIKE.match(code):
        raise VigkitError(key="error.export.name_like", code=repr(code))
    return code
