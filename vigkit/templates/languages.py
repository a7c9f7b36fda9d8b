"""Templates in several languages: any text a person reads may be one string or a mapping
of language codes to strings, e.g. ``prompt: {en: What did you notice?, cy: Beth …?}``.

Pure. :func:`localize` turns the raw YAML data of a question set into the data of one
language before it is validated, so the rest of vigkit only ever sees plain strings: the
chosen language, else the template's own ``language``, else English, else the first one
given. :func:`missing_translations` lists, for ``templates check``, every text that lacks
one of the languages the file uses. :data:`PSEUDO` ("qps") is a generated test language:
every text becomes a bracketed, accented copy, which proves that each string a template
shows goes through here (the pseudo-language itself is :mod:`vigkit.i18n.pseudo`'s).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from vigkit.i18n.pseudo import PSEUDO, pseudo
from vigkit.templates.fields import CHOICE_KINDS, option_dict

__all__ = [
    "PSEUDO",
    "LANGUAGE_CODE",
    "is_localized",
    "localize",
    "languages_in",
    "missing_translations",
    "pseudo",
    "pick",
]

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

# Which keys hold text people read, at each level of a question set.
_SET_TEXT = ("title", "description")
_SECTION_TEXT = ("title", "intro")
_QUESTION_TEXT = ("prompt", "help")


def is_localized(value: Any) -> bool:
    """True for a mapping of language codes to text (``{en: …, cy: …}``)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and LANGUAGE_CODE.match(k) for k in value)
    )


def pick(value: Any, language: str, fallback: str) -> Any:
    """One language of a text: itself when plain, else the language, the fallback, English,
    then the first given. In the pseudo-language every text is pseudo-translated."""
    if is_localized(value):
        for lang in (language, fallback, "en"):
            if isinstance(value.get(lang), str):
                chosen = value[lang]
                break
        else:
            chosen = next(iter(value.values()))
        if (
            language == PSEUDO
            and isinstance(chosen, str)
            and not isinstance(value.get(PSEUDO), str)
        ):
            return pseudo(chosen)
        return chosen
    if language == PSEUDO and isinstance(value, str):
        return pseudo(value)
    return value


def _texts(data: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (location, value) of text people read in raw question-set data."""
    if not isinstance(data, dict):
        return
    for key in _SET_TEXT:
        if key in data:
            yield (key,), data[key]
    for s, section in enumerate(data.get("sections") or []):
        if not isinstance(section, dict):
            continue
        for key in _SECTION_TEXT:
            if key in section:
                yield ("sections", s, key), section[key]
        for q, question in enumerate(section.get("questions") or []):
            if not isinstance(question, dict):
                continue
            where = ("sections", s, "questions", q)
            for key in _QUESTION_TEXT:
                if key in question:
                    yield (*where, key), question[key]
            # A principle picker's options are ids, not words.
            options = question.get("options") if question.get("kind") in CHOICE_KINDS else None
            for o, option in enumerate(options or []):
                if isinstance(option, dict) and "label" in option:
                    yield (*where, "options", o, "label"), option["label"]
            anchors = question.get("anchors")
            if isinstance(anchors, dict):
                for k, v in anchors.items():
                    yield (*where, "anchors", k), v


def _set(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def localize(data: Any, language: str | None) -> Any:
    """A copy of raw question-set data with every text in one language (None: the file's own).

    Plain options (``- Feeding``) keep an id made from their words, so a translated option
    needs the ``{id: …, label: {en: …, cy: …}}`` form; the option's id never changes.
    """
    if not isinstance(data, dict):
        return data
    own = data.get("language")
    fallback: str = own if isinstance(own, str) else "en"
    chosen: str = language or fallback
    data = _copy(data)
    for section in data.get("sections") or []:
        questions = section.get("questions") if isinstance(section, dict) else None
        for question in questions if isinstance(questions, list) else []:
            options = question.get("options") if isinstance(question, dict) else None
            if question.get("kind") in CHOICE_KINDS and isinstance(options, list):
                # A plain option's id is made from its own-language words, before translation.
                question["options"] = [option_dict(o) for o in options]
    out = _copy(data)
    for loc, value in list(_texts(data)):
        _set(out, loc, pick(value, chosen, fallback))
    if isinstance(out.get("language"), str):
        out["language"] = chosen if chosen != PSEUDO else out["language"]
    return out


def languages_in(data: Any) -> set[str]:
    """The languages a question set's texts are given in (its own ``language`` included)."""
    found = {data.get("language", "en")} if isinstance(data, dict) else set()
    for _, value in _texts(data):
        if is_localized(value):
            found |= set(value)
    return {lang for lang in found if isinstance(lang, str)}


def missing_translations(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """(location, note) for each text that lacks a language the file uses elsewhere.

    A file with plain strings only is in one language and has nothing missing.
    """
    langs = languages_in(data)
    if len(langs) < 2:
        return []
    notes = []
    for loc, value in _texts(data):
        given = set(value) if is_localized(value) else {data.get("language", "en")}
        lacking = sorted(langs - given)
        if lacking:
            shown = ", ".join(lacking)
            notes.append(
                (
                    loc,
                    f"no {shown} translation here — people reading {shown} see the "
                    f"{data.get('language', 'en')} words instead",
                )
            )
    return notes
