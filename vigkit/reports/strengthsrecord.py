"""What the record of strengths shows (read from the store by
:func:`vigkit.reports.strengths.gather`) and how its sentences are said: shared by its
layouts, the HTML page and Word file (:mod:`vigkit.reports.strengths`) and the PDF
(:mod:`vigkit.reports.strengthspdf`). Pure: no store, no disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vigkit.core.records import Rating
from vigkit.i18n.interface import Interface
from vigkit.templates.wording import Wording

__all__ = [
    "QuestionLine",
    "PrincipleLine",
    "Moment",
    "StrengthsRecord",
    "day_words",
    "rating_lines",
    "moment_title",
    "principle_text",
]


@dataclass(frozen=True)
class QuestionLine:
    """A helping question in the parent's words, with its first and latest ratings."""

    position: int
    words: str
    hoped_for: int | None
    first: Rating | None
    latest: Rating | None  # None unless there is more than one rating


@dataclass(frozen=True)
class PrincipleLine:
    """A principle seen in a clip, in the template's words."""

    heading: str
    description: str


@dataclass(frozen=True)
class Moment:
    """A "better than usual" clip as the family sees it."""

    clip_id: int
    cycle: int
    filmed_on: date
    context: str
    still_time_s: float
    principles: tuple[PrincipleLine, ...]
    what_i_see: str
    film_path: str  # never shown in the document (a file name can hold a name)
    film_sha256: str
    still: str | None = None  # path relative to the document, e.g. "stills/clip-3.png"
    note: str = ""  # a plain note shown instead of the still


@dataclass(frozen=True)
class StrengthsRecord:
    """Everything the document shows, read from the store."""

    case_code: str
    questions: tuple[QuestionLine, ...]
    moments: tuple[Moment, ...]
    made_on: date
    source: str
    language: str = "en"


# --------------------------------------------------------------------------- words


def day_words(d: date, ui: Interface) -> str:
    """A day as the page's words say it."""
    return ui.date(d)


def _rating(words: Wording, key: str, r: Rating, ui: Interface) -> str:
    return words.say(key, value=r.value, occasion=r.occasion, day=day_words(r.rated_on, ui))


def rating_lines(q: QuestionLine, words: Wording, ui: Interface) -> list[str]:
    """The first and latest ratings and the hoped-for one, in the wording's sentences."""
    lines = []
    if q.first is not None:
        lines.append(_rating(words, "first_rating", q.first, ui))
    if q.latest is not None:
        lines.append(_rating(words, "latest_rating", q.latest, ui))
    if q.hoped_for is not None:
        lines.append(words.say("hoped_for", value=q.hoped_for))
    return lines


def moment_title(number: int, m: Moment, words: Wording, ui: Interface) -> str:
    """A moment's heading: its number, cycle, context and day."""
    context = f" · {m.context}" if m.context else ""
    return words.say(
        "moment_title",
        number=number,
        cycle=m.cycle,
        context=context,
        day=day_words(m.filmed_on, ui),
    )


def principle_text(p: PrincipleLine) -> str:
    """A principle seen, as one line: its heading and what was seen."""
    return f"{p.heading}: {p.description}" if p.description else p.heading
