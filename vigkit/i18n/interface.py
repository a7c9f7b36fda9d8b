"""The interface's own words (buttons, messages), in the practitioner's language.

Pure. :data:`ENGLISH` holds every string by key (kept in :mod:`vigkit.i18n.english`, which
the errors read too); a language's file (``templates/interface/<code>.yaml``, read by the
caller) gives some or all of them, and what it lacks falls back to English. The pseudo-language ``qps`` is generated from English,
so a page shown in it proves which of its words go through here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from string import Formatter

from vigkit.core.errors import Phrase
from vigkit.i18n.english import ENGLISH
from vigkit.templates.languages import PSEUDO, pseudo

__all__ = [
    "ENGLISH",
    "Interface",
    "Say",
    "date_words",
    "moment_words",
    "interface_problems",
    "parse_interface",
]

# A language file's own lines, beside the words: `kind: interface_words` and `language: cy`.
_HEADER = ("kind", "language")


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def interface_problems(words: Mapping[str, object]) -> list[str]:
    """Plain-words problems in a language file's words: unknown keys, wrong {names}."""
    problems = []
    for key, text in words.items():
        if key in _HEADER:
            continue
        if key not in ENGLISH:
            problems.append(f"{key!r} is not a word of the interface — check the spelling")
        elif not isinstance(text, str):
            problems.append(f"{key!r} must be text")
        else:
            try:
                extra = _names(text) - _names(ENGLISH[key])
            except ValueError:
                problems.append(f"{key!r} has a curly bracket without its pair")
                continue
            if extra:
                names = ", ".join("{" + n + "}" for n in sorted(extra))
                problems.append(f"{key!r} uses {names}, which is not filled in there")
    return problems


@dataclass(frozen=True)
class Interface:
    """The interface in one language: English where a word has no translation."""

    language: str = "en"
    words: Mapping[str, str] = field(default_factory=dict)

    def say(self, key: str, **values: object) -> str:
        """The words for ``key``, with its {names} filled in."""
        english = ENGLISH[key]
        text = self.words.get(key, english) if self.language != PSEUDO else pseudo(english)
        return text.format_map({k: str(v) for k, v in values.items()})

    def date(self, day: date, *, short: bool = False, year: bool = True) -> str:
        """A day in words: "5 March 2026", or short "05 Mar 2026" (for lists and tables);
        without the year, "05 Mar"."""
        return date_words(day, self.say, short=short, year=year)

    def moment(self, when: datetime) -> str:
        """A moment for lists: "05 Mar 2026 14:03", in the local time zone when it has one."""
        return moment_words(when, self.say)

    def error(self, exc: BaseException) -> str:
        """An error's message in this language: by its key when it has one, else as written."""
        key = getattr(exc, "key", None)
        if key in ENGLISH:
            return self._phrase(key, getattr(exc, "values", {}))
        return str(exc)

    def _phrase(self, key: str, values: Mapping[str, object]) -> str:
        """``key`` said with its values, each :class:`~vigkit.core.errors.Phrase` said first."""
        said = {
            name: self._phrase(v.key, v.values) if isinstance(v, Phrase) else v
            for name, v in values.items()
        }
        return self.say(key, **said)


#: :meth:`Interface.say` or the like: ``say(key, **values)``, the words for a key.
Say = Callable[..., str]


def date_words(day: date, say: Say | None = None, *, short: bool = False, year: bool = True) -> str:
    """A day in ``say``'s words (default English): "5 March 2026", or short "05 Mar 2026";
    without the year, "05 Mar".

    For pure modules that are given a ``say`` rather than an :class:`Interface`.
    """
    say = say or Interface().say
    if not year:
        return say("date.day_month", day=f"{day.day:02d}", month=say(f"date.mon.{day.month}"))
    if short:
        month = say(f"date.mon.{day.month}")
        return say("date.short", day=f"{day.day:02d}", month=month, year=day.year)
    return say("date.long", day=day.day, month=say(f"date.month.{day.month}"), year=day.year)


def moment_words(when: datetime, say: Say | None = None) -> str:
    """A moment in ``say``'s words: "05 Mar 2026 14:03", local time when it has a time zone."""
    say = say or Interface().say
    if when.tzinfo is not None:
        when = when.astimezone()
    return say("date.moment", date=date_words(when, say, short=True), time=f"{when:%H:%M}")


def missing_words(words: Mapping[str, object]) -> list[str]:
    """The interface's keys a language file does not give, in the order of :data:`ENGLISH`."""
    return [key for key in ENGLISH if not isinstance(words.get(key), str)]


def words_file(
    language: str, words: Mapping[str, str] | None = None, *, only_missing: bool = False
) -> str:
    """A language file for translators: the header, then ``key: text`` for every word —
    the file's own translation where ``words`` has one, else the English to translate.
    With ``only_missing``, just the words ``words`` lacks."""
    import yaml

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
    import yaml

    class WordsLoader(yaml.SafeLoader):
        pass

    WordsLoader.yaml_implicit_resolvers = {
        first: [r for r in found if r[0] != "tag:yaml.org,2002:bool"]
        for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return WordsLoader


def parse_interface(text: str, source: str = "<string>") -> dict[str, str]:
    """The words of an interface language file; TemplateProblem naming each problem's line."""
    import yaml

    from vigkit.core.errors import TemplateProblem
    from vigkit.templates.yamlsource import located

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
    return {k: v for k, v in data.items() if k not in _HEADER}


def _keyed_problems(data: Mapping[str, object]) -> list[tuple[str, str]]:
    return [(key, msg) for key in data for msg in interface_problems({key: data[key]})]
