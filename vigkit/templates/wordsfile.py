"""An interface language file (``templates/interface/<code>.yaml``), read and written.

The words and their rules are :mod:`vigkit.i18n.interface`'s (pure, and knowing no files);
this module reads such a file, naming each problem's line as the other templates do
(:class:`~vigkit.core.errors.TemplateProblem`), and writes one for translators
(``vigkit templates words``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import yaml

from vigkit.core.errors import TemplateProblem
from vigkit.i18n.interface import ENGLISH, HEADER, interface_problems, missing_words
from vigkit.templates.yamlsource import located

__all__ = ["parse_interface", "words_file"]


def words_file(
    language: str, words: Mapping[str, str] | None = None, *, only_missing: bool = False
) -> str:
    """A language file for translators: the header, then ``key: text`` for every word —
    the file's own translation where ``words`` has one, else the English to translate.
    With ``only_missing``, just the words ``words`` lacks."""
    words = words or {}
    keys = missing_words(words) if only_missing else list(ENGLISH)
    header = {"kind": "interface_words", "language": language}
    body = {key: words.get(key, ENGLISH[key]) for key in keys}

    def dump(data: dict[str, str]) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)

    return dump(header) + dump(body) if body else dump(header)


@cache
def _words_loader() -> type:
    """YAML's safe loader without yes/no/on/off as true/false: in a words file ``yes: Ie``
    is the word "yes", and ``no: Na`` must not become ``False: False``."""

    class WordsLoader(yaml.SafeLoader):
        pass

    WordsLoader.yaml_implicit_resolvers = {
        first: [r for r in found if r[0] != "tag:yaml.org,2002:bool"]
        for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return WordsLoader


def parse_interface(text: str, source: str = "<string>") -> dict[str, str]:
    """The words of an interface language file; TemplateProblem naming each problem's line."""
    try:
        data = yaml.load(text, Loader=_words_loader())  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise TemplateProblem(
            source, [f"{source}{line}: not valid YAML — check the spacing"]
        ) from None
    if not isinstance(data, dict):
        raise TemplateProblem(source, [f"{source}: should be lines of `key: words`"])
    problems = [((str(key),), msg) for key, msg in _keyed_problems(data)]
    if problems:
        raise TemplateProblem(source, located(text, source, problems))
    return {k: v for k, v in data.items() if k not in HEADER}


def _keyed_problems(data: Mapping[str, object]) -> list[tuple[str, str]]:
    return [(key, msg) for key in data for msg in interface_problems({key: data[key]})]
