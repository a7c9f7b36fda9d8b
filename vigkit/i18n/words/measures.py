"""The words of outcome measures on the case page (vigkit.ui.parts.measures)."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    "measures.fold": "Outcome measures",
    "measures.pick": "Measure",
    "measures.pick.none": "Choose a measure",
    "measures.taken_on": "Day it was taken",
    "measures.occasion": "When in the work",
    "measures.occasion.start": "at the start",
    "measures.occasion.review": "at a review",
    "measures.occasion.end": "at the end",
    "measures.total": "Total",
    "measures.total.range": "Total ({low} to {high})",
    "measures.total.missing": "Type the total from the completed form: a number from {low} "
    "to {high}.",
    "measures.item": "Item {number}",
    "measures.item.none": "(not scored yet)",
    "measures.score_only": (
        "Scores only: this scale is licensed, so vigkit never holds its items. Enter the "
        "total from the family's completed form."
    ),
    "measures.citation": "Source: {citation}",
    "measures.save": "Save the measure",
    "measures.saved": "Saved: {measure}, {total}{band}.",
    "measures.already_saved": "This measure is saved already: nothing new was stored.",
    "measures.missing": "Score every item before saving (each has a drop-down).",
    "measures.invalid": "The measure could not be saved: check the day and the total.",
    "measures.none": "No measures taken yet.",
    "measures.col.day": "Day",
    "measures.col.measure": "Measure",
    "measures.col.occasion": "When",
    "measures.col.total": "Total (band)",
    "measures.col.risk": "Risk",
    "measures.risk.heading": "Risk: {what}.",
    "measures.risk.flagged": "risk procedure shown {when}",
    "measures.plot.alt": "A line per measure: its totals on the days they were taken.",
}
