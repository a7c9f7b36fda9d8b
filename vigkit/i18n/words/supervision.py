"""The supervision workbook's words: the supervision page, its form (sign-off, amendments,
clips not offered) and the accreditation progress (tables, plots and their alt text).

Keys start with ``supervision.``; ``{names}`` are filled in by
:meth:`vigkit.i18n.interface.Interface.say`. What people recorded (names, answers, reasons), the
question set's prompts (translated by the templates) and what a trainer wrote in
``templates/accreditation.yaml`` (a stage's own label, the meeting that ends it) are data.
"""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    # -- the page ----------------------------------------------------------------------------
    "supervision.page.title": "Supervision",
    "supervision.page.who_first": "Open the Home page first and say who you are.",
    "supervision.page.own_only": "You can open only your own supervision records.",
    "supervision.page.not_trainee": (
        "{name} is not a trainee, so has no supervision records here."
    ),
    "supervision.page.not_a_number": "{record} is not a record number.",
    "supervision.page.not_theirs": "Supervision record {record} is not one of {name}'s.",
    "supervision.page.not_chosen": "(not chosen)",
    "supervision.page.supervisor": "Supervisor",
    "supervision.page.amendments": "Amendments",
    "supervision.brought.heading": "Clips brought to this session",
    "supervision.brought.help": (
        "Each plays only the clip's seconds, as the family agreed a VIG supervisor may see them."
    ),
    "supervision.brought.clip": "{case} cycle {cycle}, {start}–{end} s",
    "supervision.brought.no_consent": (
        "not shown: the family has not agreed to viewing by the VIG supervisor"
    ),
    "supervision.page.intro": "Supervision of {name}.",
    "supervision.page.intro.stage": "Supervision of {name}, stage {stage}.",
    "supervision.page.role.locked": (
        "This record is signed and locked: a change is made as an amendment, below."
    ),
    "supervision.page.role.supervisor": (
        "You are the supervisor: you can answer every question and sign the record."
    ),
    "supervision.page.role.trainee": (
        "Questions for the supervisor are shown greyed: your supervisor fills them in "
        "and signs the record."
    ),
    "supervision.page.draft_note": "What you type is kept as a draft as you go.",
    # the list of records and of trainees
    "supervision.records.heading": "Supervision records",
    "supervision.records.item": "{day}: {mode}, {minutes} min, {state}",
    "supervision.records.signed": "signed {day}",
    "supervision.records.not_signed": "not signed yet",
    "supervision.records.open_below": "(open below)",
    "supervision.records.none": "No records yet.",
    "supervision.records.new": "Start a new supervision record",
    "supervision.mode.individual": "individual",
    "supervision.mode.group": "group",
    "supervision.trainees.heading": "Trainees",
    "supervision.trainees.none": "There are no trainees in this workbook yet.",
    "supervision.trainees.stage": "(stage {stage})",
    "supervision.clip.cycle": "{case} cycle {cycle}",
    # -- the portfolio -----------------------------------------------------------------------
    "supervision.portfolio.heading": "Portfolio",
    "supervision.portfolio.help": (
        "For a transition or accreditation meeting: your cycles, supervision records and "
        "reflections. No video."
    ),
    "supervision.portfolio.make": "Make the portfolio",
    "supervision.portfolio.make.tooltip": (
        "Cycles, supervision records and reflections, for a transition meeting"
    ),
    "supervision.portfolio.making": "Making the portfolio…",
    "supervision.portfolio.failed": "The portfolio could not be made: {error}",
    "supervision.portfolio.failed.unexpected": (
        "The portfolio could not be made, for a reason vigkit did not expect. "
        "Nothing you saved is changed; the detail is in vigkit's log for whoever runs it."
    ),
    "supervision.portfolio.ready": "The portfolio is ready.",
    "supervision.portfolio.print": "Open it to print (A4)",
    "supervision.portfolio.word": "Word version",
    "supervision.portfolio.pdf": "PDF version",
    # -- the form ----------------------------------------------------------------------------
    "supervision.form.save.tooltip": "Save this record (your typing is also kept as a draft)",
    "supervision.form.sign": "Sign and lock",
    "supervision.form.sign.tooltip": "Sign the record as its supervisor; it is then locked",
    "supervision.form.locked": "This record is signed and locked: add an amendment instead.",
    "supervision.form.not_saved": "Not saved: {problems}. Your draft is kept.",
    "supervision.form.only_supervisor": (
        "Only the trainee's supervisor signs a supervision record."
    ),
    "supervision.form.not_signed": "Saved but not signed: {error}",
    "supervision.form.signed": "Signed. The record is now locked.",
    "supervision.form.signature": (
        "Signed by {name} on {when}. This record is locked: a later change is an "
        "amendment, kept beside it."
    ),
    "supervision.form.the_supervisor": "the supervisor",
    "supervision.when": "{day} at {time}",
    # clips not offered, and why (the families' consent)
    "supervision.held_back.heading": "Not offered here:",
    "supervision.held_back.one": "{reason} (1 clip not offered)",
    "supervision.held_back.many": "{reason} ({count} clips not offered)",
    "supervision.consent.family": "family {code}",
    "supervision.consent.family.start": "Family {code}",
    "supervision.consent.the_family": "the family",
    "supervision.consent.the_family.start": "The family",
    "supervision.consent.none": "No consent is recorded for {family}, so its clips cannot be shown.",
    "supervision.consent.withdrawn": (
        "{family} withdrew consent on {day}, so its clips cannot be shown."
    ),
    "supervision.consent.no_supervisor": (
        "{family} has not agreed to viewing by the VIG supervisor, so its clips cannot be "
        "shown in supervision."
    ),
    "supervision.consent.no_intervision": (
        "{family} has not agreed to intervision with other trainees, so its clips cannot "
        "be shown in group supervision."
    ),
    # amendments
    "supervision.amend.heading": "Add an amendment",
    "supervision.amend.help": (
        "The signed record stays as it is; the amendment is kept beside it with your name, "
        "the time, and why."
    ),
    "supervision.amend.question": "Answer to change",
    "supervision.amend.reason": "Why it changed *",
    "supervision.amend.save": "Save amendment",
    "supervision.amend.choose_first": "Choose the answer to change first.",
    "supervision.amend.unchanged": "That is the same as before: nothing changed.",
    "supervision.amend.why_needed": "Please say why it changed.",
    "supervision.amend.failed": "Amendment not saved: {error}",
    "supervision.amend.saved": "Amendment saved beside the signed record.",
    "supervision.amend.none": "No amendments.",
    "supervision.amend.by": "Amended by {name} on {when}",
    "supervision.amend.why": "Why: {reason}",
    "supervision.amend.empty": "(empty)",
    # -- accreditation progress --------------------------------------------------------------
    "supervision.progress.heading": "Accreditation progress",
    "supervision.progress.unreadable": "The accreditation requirements could not be read: {error}",
    "supervision.progress.is_in": "{name} is in {stage}. {summary}",
    "supervision.progress.help": (
        "Cycles count when they have a film, clips and a shared review; supervision hours "
        "count once the supervisor has signed the record, and those of a live group session "
        "once it has ended; a stage ends with a signed record marked as its transition meeting."
    ),
    "supervision.progress.stage_title": "{stage}: what is done and what is left",
    "supervision.progress.whole": "The whole pathway",
    "supervision.progress.requirement": "Requirement",
    "supervision.progress.done": "Done",
    "supervision.progress.required": "Required",
    "supervision.progress.left": "Left",
    "supervision.progress.stage": "Stage {stage}",
    "supervision.progress.complete": "{stage} is complete.",
    "supervision.progress.left_for": "Left for {stage}: {left}.",
    "supervision.progress.and": "{rest} and {last}",
    "supervision.progress.label.cycles": "Cycles",
    "supervision.progress.label.families_first": "Different families",
    "supervision.progress.label.families_new": "Families new in this stage",
    "supervision.progress.label.hours": "Hours of supervision",
    "supervision.progress.label.statement": "Written reflective statement",
    "supervision.progress.label.cycles_all": "Cycles in all",
    "supervision.progress.label.families_all": "Different families in all",
    "supervision.progress.label.hours_all": "Hours of supervision in all",
    "supervision.progress.nothing_left": "nothing left",
    "supervision.progress.more.cycle": "{count} more cycle",
    "supervision.progress.more.cycles": "{count} more cycles",
    "supervision.progress.more.family_cycle": "{count} more cycle with a different family",
    "supervision.progress.more.family_cycles": "{count} more cycles with a different family",
    "supervision.progress.more.not_earlier": "{left} (not one from an earlier stage)",
    "supervision.progress.more.family": "{count} more different family",
    "supervision.progress.more.families": "{count} more different families",
    "supervision.progress.more.hour": "{count} more hour of supervision",
    "supervision.progress.more.hours": "{count} more hours of supervision",
    "supervision.progress.more.statement": "the written reflective statement",
    "supervision.progress.more.meeting": "the {meeting}",
    "supervision.progress.plot.of": "{done} of {required}",
    "supervision.progress.alt.item": "{label}: {done} of {required}",
    "supervision.progress.alt.item_left": "{label}: {done} of {required} (still to do: {left})",
    "supervision.progress.alt": "{title}. {items}.",
}
