"""The interface's English words, one module per part of the workbook.

Each module holds ``WORDS``: key -> English text, keys prefixed by the module's part
(``case.…``, ``film.…``, ``home.…``). :data:`vigkit.i18n.english.ENGLISH` merges them with the
forms' own words; a key used twice is a mistake caught by the tests.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["PARTS", "all_words"]

# Add a part here when you add its module.
PARTS: tuple[str, ...] = (
    "case",
    "film",
    "home",
    "group",
    "session",
    "supervision",
    "errors",
    "documents",
    "people",
    "governance",
    "measures",
    "report",
)


def all_words() -> dict[str, str]:
    """Every part's words, merged; ValueError naming a key that two parts both use."""
    merged: dict[str, str] = {}
    for part in PARTS:
        words: dict[str, str] = import_module(f"vigkit.i18n.words.{part}").WORDS
        twice = set(words) & set(merged)
        if twice:
            raise ValueError(f"interface keys used twice: {', '.join(sorted(twice))}")
        merged.update(words)
    return merged
