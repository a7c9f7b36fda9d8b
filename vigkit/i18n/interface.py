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
from string import Formatter

from vigkit.i18n.english import ENGLISH
from vigkit.i18n.phrase import Phrase
from vigkit.i18n.pseudo import PSEUDO, pseudo

__all__ = [
    "ENGLISH",
    "HEADER",
    "Interface",
    "Say",
    "clip_time",
    "date_words",
    "moment_words",
    "interface_problems",
    "missing_words",
]

# A language file's own lines, beside the words: `kind: interface_words` and `language: cy`.
HEADER = ("kind", "language")


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def interface_problems(words: Mapping[str, object]) -> list[str]:
    """Plain-words problems in a language file's words: unknown keys, wrong {names}."""
    problems = []
    for key, text in words.items():
        if key in HEADER:
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
        """``key`` said with its values, each :class:`~vigkit.i18n.phrase.Phrase` said first."""
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


def clip_time(seconds: float) -> str:
    """A time in a film (a clip's start or end) as every page writes it: seconds with two
    decimals, "11.04" (the words around it say "s"), as the clip marker steps in frames."""
    return f"{seconds:.2f}"


def moment_words(when: datetime, say: Say | None = None) -> str:
    """A moment in ``say``'s words: "05 Mar 2026 14:03", local time when it has a time zone."""
    say = say or Interface().say
    if when.tzinfo is not None:
        when = when.astimezone()
    return say("date.moment", date=date_words(when, say, short=True), time=f"{when:%H:%M}")


def missing_words(words: Mapping[str, object]) -> list[str]:
    """The interface's keys a language file does not give, in the order of :data:`ENGLISH`."""
    return [key for key in ENGLISH if not isinstance(words.get(key), str)]
