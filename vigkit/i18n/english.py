"""Every English word of the interface, by key: the forms' own words (here) and each part's
(:mod:`vigkit.i18n.words`, merged in).

Nothing but the words: :class:`vigkit.i18n.phrase.Phrase` reads its English here without the
interface's machinery, and :mod:`vigkit.i18n.interface` builds on it (languages fall back to it).
"""

from __future__ import annotations

from vigkit.i18n.words import all_words

__all__ = ["ENGLISH"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()

ENGLISH: dict[str, str] = {
    "save": "Save",
    "save.tooltip": "Save this reflection (your typing is also kept as a draft)",
    "saved_at": "Saved at {when}.",
    "not_saved.count": "Not saved yet: {which} attention (shown in red). Your draft is kept.",
    "not_saved.one": "1 question needs",
    "not_saved.many": "{count} questions need",
    "not_saved.error": "Not saved: {error} Your text is still here and kept as a draft.",
    "draft.kept": "Draft kept {time}",
    "draft.cut": (
        "An answer is longer than an answer may be: only its first part is kept in the draft."
    ),
    "draft.unreadable": "Your earlier draft could not be read: {error}",
    "draft.not_kept": (
        "Your typing could not be kept as a draft just now ({error}). "
        "Please copy anything long before closing this page."
    ),
    "draft.restored": "Restored what you typed on {when}. It is kept as a draft until you save.",
    "yes": "Yes",
    "no": "No",
    "none": "(none)",
    "clip.slot": "{ordinal} clip",
    "clip.none_yet": (
        "No clips in this cycle yet: mark them on the micro-analysis page, then come back."
    ),
    "kept.heading": "Answers kept from an earlier version",
    "kept.help": (
        "The template has changed since this was written: these answers belong to questions "
        "it no longer asks. They stay with the record and in exports."
    ),
    "answer.required": "This question needs an answer before you save.",
    "answer.text": "Please write an answer as text.",
    "answer.too_long": "This answer is too long: at most {limit} characters.",
    "answer.scale": "Choose a number from {low} to {high}.",
    "answer.single": "Choose one of the options.",
    "answer.multiple": "Choose from the options shown.",
    "answer.clips_once": "Choose each clip once, in the order you will show them.",
    "answer.clip_gone": (
        "A chosen clip is no longer in this cycle: choose again from the clips shown."
    ),
    "answer.yes_no": "Choose yes or no.",
    "answer.date": "Give a date, such as 2026-03-14.",
    # Dates: a day written out ("5 March 2026"), a short day ("05 Mar 2026"), a moment.
    "date.long": "{day} {month} {year}",
    "date.short": "{day} {month} {year}",
    "date.moment": "{date} {time}",
    "date.day_month": "{day} {month}",
    **{f"date.month.{n}": name for n, name in enumerate(_MONTHS, start=1)},
    **{f"date.mon.{n}": name[:3] for n, name in enumerate(_MONTHS, start=1)},
}


def _merge_parts() -> None:
    parts = all_words()
    twice = set(parts) & set(ENGLISH)
    if twice:
        raise ValueError(f"interface keys used twice: {', '.join(sorted(twice))}")
    ENGLISH.update(parts)


_merge_parts()
