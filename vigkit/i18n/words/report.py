"""The words of the service report page (vigkit.ui.pages.report)."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    "report.title": "Service report",
    "report.intro": (
        "What the service achieved in a period, for commissioners: reach, fidelity, change "
        "and supervision. Every count follows NHS Digital's disclosure rules, so no figure "
        "can identify a family; the footnote says the rule."
    ),
    "report.from": "From",
    "report.to": "To",
    "report.by": "Figures for each",
    "report.by.none": "(the whole service only)",
    "report.by.setting": "setting",
    "report.by.practitioner": "practitioner",
    "report.make": "Make the report",
    "report.making": "Making the report…",
    "report.ready": "The report is ready: read it below, or download it.",
    "report.failed": "The report was not made: {error}",
    "report.period_order": "Choose a first day and a last day, the first before the last.",
}
