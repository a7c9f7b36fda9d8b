"""The words of the documents vigkit writes for a practitioner: the accreditation portfolio.

(The family's record of strengths has its own wording template,
``templates/documents/record_of_strengths.yaml``; only its dates and the page numbers of
its PDF come from here.)
"""

from __future__ import annotations

WORDS: dict[str, str] = {
    # The portfolio (vigkit.reports.portfolio): title, the line under it, sections.
    "documents.portfolio.title": "Accreditation portfolio",
    "documents.portfolio.trainee_stage": "{trainee}, stage {stage}",
    "documents.portfolio.about": (
        "{trainee}. Made on {day}. Families appear only by case code; no video or stills."
    ),
    "documents.portfolio.progress": "Progress",
    "documents.portfolio.cycles": "Cycles",
    "documents.portfolio.col.case": "Case",
    "documents.portfolio.col.cycle": "Cycle",
    "documents.portfolio.col.filmed": "Filmed",
    "documents.portfolio.col.stage": "Stage",
    "documents.portfolio.no_cycles": "No finished cycles yet.",
    "documents.portfolio.supervision": "Supervision records",
    "documents.portfolio.reflections": "Reflections",
    "documents.portfolio.none_yet": "None yet.",
    # A supervision record.
    "documents.portfolio.supervision_on": "Supervision on {day}",
    "documents.portfolio.mode.individual": "Individual supervision, {minutes} minutes",
    "documents.portfolio.mode.group": "Group supervision, {minutes} minutes",
    "documents.portfolio.with_stage": "{what}, stage {stage}",
    "documents.portfolio.supervisor": "Supervisor: {name}",
    "documents.portfolio.not_named": "not named",
    "documents.portfolio.transition": "The meeting that ends the stage (transition meeting).",
    "documents.portfolio.signed": "Signed by {name} on {when}.",
    "documents.portfolio.not_signed": "Not signed yet: not counted in the hours.",
    "documents.portfolio.amended": "Amended by {name} on {when} ({questions}): {reason}",
    "documents.portfolio.at": "{day} at {time}",
    # A reflection.
    "documents.portfolio.reflection": "{title}: {day}",
    "documents.portfolio.case": "case {code}",
    "documents.portfolio.no_case": "no case",
    "documents.portfolio.case_cycle": "{where}, cycle {cycle}",
    # Answers: a clip brought to supervision.
    "documents.portfolio.clip": "{case} cycle {cycle}, {start}–{end} s",
    "documents.portfolio.clip_id": "clip {id}",
    # The foot of each page of a PDF (the portfolio's and the record of strengths').
    "documents.pdf.page": "Page {page} of {pages}",
}
