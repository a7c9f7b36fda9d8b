"""The case workbook's words: the case page, its forms, plots and summaries.

Keys start with ``case.``; ``{names}`` are filled in by :meth:`vigkit.i18n.interface.Interface.say`.
What a family or practitioner recorded (codes, the parent's words, dates, numbers,
occasions such as "review 1") and the principles' headings are data, never here.
"""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    # -- small words shared across the page -------------------------------------------------
    "case.yes": "yes",
    "case.no": "no",
    "case.not_given": "not given",
    "case.months.one": "1 month",
    "case.months.many": "{count} months",
    # -- the case page ---------------------------------------------------------------------
    "case.page.title": "Case {code}",
    "case.page.caseload_title": "Case workbook",
    "case.page.setting": "Setting: {setting}",
    "case.page.age": "Child's age at referral: {age}",
    "case.page.status": "Status: {status}",
    "case.page.reason": "Referral reason: {reason}",
    "case.page.age_months": "{count} months",
    "case.page.age_pregnant": "{count} weeks pregnant",
    "case.page.groups": "Group VIG: {links}",
    "case.page.consent": "Consent",
    "case.page.consent.none": (
        "No consent recorded yet: nothing may be filmed until the family has consented."
    ),
    "case.page.consent.given": (
        "Given on {day}; footage erased {months} months after the end of involvement."
    ),
    "case.page.consent.use": "{use}: {answer}",
    "case.page.consent.withdrawn": "Withdrawn on {day}.",
    "case.page.use.filming": "filming",
    "case.page.use.supervisor_viewing": "viewing by the VIG supervisor",
    "case.page.use.intervision": "intervision with other trainees",
    "case.page.use.training_events": "training events or presentations",
    "case.page.use.group_viewing": "viewing by other group members",
    "case.page.use.family_copy": "a copy of their clips for the family to keep",
    "case.page.helping_questions": "Helping questions",
    "case.page.hq.item": "“{words}” — ratings: {ratings}{hoped}",
    "case.page.hq.rating": "{value} ({occasion}, {day})",
    "case.page.hq.none_rated": "none yet",
    "case.page.hq.hoped": "; hoped for {value}",
    "case.page.hq.none": "None yet.",
    "case.page.films": "Films and clips",
    "case.page.register": "Register a film and mark its clips",
    "case.page.films.none": "No films yet.",
    "case.page.film": "Cycle {cycle}: film of {day} ({context}, {seconds} s)",
    "case.page.film.everyday": "everyday interaction",
    "case.page.film.analyse": "Micro-analysis",
    "case.page.film.review": "Shared review of cycle {cycle}",
    "case.page.clips.clip": "Clip",
    "case.page.clips.principles": "Principles",
    "case.page.clips.what_i_see": "What I see",
    "case.page.clips.times": "{start}–{end} s",
    "case.page.clips.none": "No clips yet.",
    "case.page.reflections": "Reflections",
    "case.page.reflect": "Write a reflection on this case",
    # progress
    "case.progress.next_step": "Next step",
    "case.progress.attention": "Needs attention",
    "case.progress.attention.none": "Nothing needs attention.",
    "case.progress.heading": "Progress",
    "case.progress.ratings_alt": (
        "Helping-question ratings (0 to 10) across occasions; the same figures are "
        "listed under Helping questions."
    ),
    "case.progress.principles_alt": (
        "How often each principle was tagged in the clips of each cycle."
    ),
    "case.progress.drawing": "Drawing the plot…",
    "case.progress.no_plots": "No ratings or clips yet: the plots appear as they come.",
    "case.fidelity.caption": "Fidelity to the VIG model",
    "case.fidelity.measure": "Measure",
    "case.fidelity.this_case": "This case",
    "case.fidelity.target": "Target",
    "case.fidelity.met": "Met",
    # the forms' folds, the new case, footage, the record of strengths
    "case.forms.heading": "Keep the case up to date",
    "case.forms.details": "Case details",
    "case.forms.consent": "Consent",
    "case.forms.helping_questions": "Helping questions and ratings",
    "case.new.heading": "New case",
    "case.new.saved": "Case {code} saved.",
    "case.new.open": "Open case {code}",
    "case.new.next": "record consent and the helping questions next.",
    "case.footage": "Footage of case {code} is to be deleted by {day} ({why}).",
    "case.strengths.heading": "Record of strengths",
    "case.strengths.make": "Make the record of strengths",
    "case.strengths.make.tooltip": (
        "An A4 document for the family: stills, the principles, the parent's words"
    ),
    "case.strengths.making": "Making the record of strengths…",
    "case.strengths.failed": "The record of strengths could not be made: {error}",
    "case.strengths.failed.unexpected": (
        "The record of strengths could not be made, for a reason vigkit did not expect. "
        "Nothing you saved is changed; the detail is in vigkit's log for whoever runs it."
    ),
    "case.strengths.ready": "The record of strengths is ready.",
    "case.strengths.print": "Open it to print (A4)",
    "case.strengths.word": "Word version",
    "case.strengths.pdf": "PDF version",
    # -- the case details form ---------------------------------------------------------------
    "case.details.code": "Case code *",
    "case.details.code.placeholder": "e.g. F017",
    "case.details.code.help": "A code, never a name or date of birth.",
    "case.details.code.taken": "{error} Choose another code.",
    "case.details.setting": "Setting",
    "case.details.setting.placeholder": "e.g. home visits",
    "case.details.age": "Child's age at referral",
    "case.details.age.not_given": "Not given",
    "case.details.age.pregnant": "Pregnant: weeks of pregnancy",
    "case.details.age.born": "Born: months since birth (0 to 24)",
    "case.details.age.number": "Weeks or months",
    "case.details.age.help": (
        "Weeks of pregnancy (4 to 42) or months since birth (0 to 24), never a date of birth."
    ),
    "case.details.reason": "Referral reason",
    "case.details.status": "Status",
    "case.details.eligible": "Eligible for a video feedback programme?",
    "case.details.eligible.unknown": "Not recorded",
    "case.details.eligible.help": (
        "As your service decides eligibility (NICE quality standard QS133): the service "
        "report counts how many eligible families were offered VIG."
    ),
    "case.details.save": "Save case details",
    "case.details.saved": "Saved case {code}.",
    "case.status.referred": "referred",
    "case.status.active": "active",
    "case.status.paused": "paused",
    "case.status.closed": "closed",
    "case.not_saved": "Not saved yet.",
    "case.not_saved.one": "1 thing needs attention (shown beside it in red).",
    "case.not_saved.many": "{count} things need attention (shown beside it in red).",
    "case.not_saved.kept": "What you typed is still here.",
    # -- the consent form --------------------------------------------------------------------
    "case.consent.use.filming": "Filming",
    "case.consent.use.supervisor_viewing": "Viewing by the VIG supervisor",
    "case.consent.use.intervision": "Intervision with other trainees",
    "case.consent.use.training_events": "Training events or presentations",
    "case.consent.use.group_viewing": "Viewing by other group members (group VIG)",
    "case.consent.use.family_copy": "A copy of their clips for the family to keep",
    "case.consent.text": (
        "Given on {day}. {uses}. Footage kept up to {months} after involvement ends."
    ),
    "case.consent.text.use": "{use}: {answer}",
    "case.consent.text.withdrawn": (
        "Withdrawn on {day}: no more filming. Footage to be deleted by {due}."
    ),
    "case.consent.current": "Current consent",
    "case.consent.record": "Record consent",
    "case.consent.withdrawal": "Withdrawal",
    "case.consent.earlier": "Earlier versions",
    "case.consent.earlier.none": "No earlier versions.",
    "case.consent.none": "No consent recorded yet. Record consent before any filming.",
    "case.consent.deletion": "Footage to be deleted by {day}.",
    "case.consent.given_on": "Date consent was given *",
    "case.consent.uses.help": "Tick each use the family said yes to. An unticked box means no.",
    "case.consent.retention": "Months footage is kept",
    "case.consent.retention.help": "Months after the end of involvement by which footage is erased.",
    "case.consent.save": "Save consent",
    "case.consent.withdrawn_on": "Date consent was withdrawn",
    "case.consent.withdraw": "Consent withdrawn",
    "case.consent.withdraw.tooltip": "Record that the family withdrew consent: no more filming",
    "case.consent.not_saved": (
        "Not saved yet: see the message beside the field. What you ticked is still here."
    ),
    "case.consent.unchanged": "Nothing has changed since the last version.",
    "case.consent.saved": "Consent saved as a new version; earlier ones are kept.",
    "case.consent.withdraw.no_date": "Give the date consent was withdrawn.",
    "case.consent.withdraw.nothing": "There is no consent to withdraw yet.",
    "case.consent.withdraw.already": "Consent was already withdrawn on {day}.",
    "case.consent.withdraw.check_date": "Check the date.",
    "case.consent.withdraw.done": "Withdrawal recorded: no more filming for this case.",
    "case.consent.error": "Not saved: {error} What you entered is still here.",
    # -- the helping questions form ----------------------------------------------------------
    "case.hq.intro": (
        "One to three questions, in the parent's own words. "
        "Leave a question empty if it is not needed."
    ),
    "case.hq.question": "Helping question {position}",
    "case.hq.question.help": "In the parent's words.",
    "case.hq.now": "Rating now (0 = not at all, 10 = fully)",
    "case.hq.now.none": "Not rated",
    "case.hq.hoped_for": "Rating hoped for",
    "case.hq.hoped_for.none": "Not given",
    "case.hq.occasion": "Occasion",
    "case.hq.occasion.help": "Such as start, review 1 or end.",
    "case.hq.rated_on": "Date of the rating",
    "case.hq.save": "Save helping questions",
    "case.hq.empty_saved": "A saved helping question cannot be left empty: reword it instead.",
    "case.hq.words_first": "Write the helping question before rating it.",
    "case.hq.occasion_missing": "Say when the rating was given, such as start or review 1.",
    "case.hq.rating_exists": (
        "There is already a rating of {value} for {occasion} on {day}. A saved rating cannot "
        "be changed here; choose the occasion of this rating, such as review 1."
    ),
    "case.hq.history.line": "{occasion}, {day}: {value} out of 10",
    "case.hq.history.hoped": "Hoped for: {value} out of 10.",
    "case.hq.history.none": "No ratings yet.",
    "case.hq.history.so_far": "Ratings so far:",
    "case.hq.nothing": "Nothing to save yet: write a helping question.",
    "case.hq.error": "Not everything was saved: {error} What you typed is still here.",
    "case.hq.saved": "Saved {questions}.",
    "case.hq.saved_with_ratings": "Saved {questions} and {ratings}.",
    "case.hq.questions.one": "1 helping question",
    "case.hq.questions.many": "{count} helping questions",
    "case.hq.ratings.one": "1 new rating",
    "case.hq.ratings.many": "{count} new ratings",
    # -- summaries: what needs attention, the next step, fidelity, deletion ------------------
    "case.days.one": "1 day",
    "case.days.many": "{count} days",
    "case.films.one": "1 film",
    "case.films.many": "{count} films",
    "case.deletion.closed": "{months} after the case closed",
    "case.deletion.withdrawn": "{months} after consent was withdrawn",
    "case.attention.film": "Film of {day} (cycle {cycle})",
    "case.attention.consent_missing": "No consent is recorded. Record consent before any filming.",
    "case.attention.consent_withdrawn": "Consent was withdrawn on {day}: no more filming.",
    "case.attention.before_consent": "{film} is dated before consent to filming was given.",
    "case.attention.before_consent.on": (
        "{film} is dated before consent to filming was given ({day})."
    ),
    "case.attention.after_withdrawal": (
        "{film} is dated after consent to filming was withdrawn or changed."
    ),
    "case.attention.after_withdrawal.on": (
        "{film} is dated after consent to filming was withdrawn or changed on {day}."
    ),
    "case.attention.no_review": "{film} has no shared review after {days}.",
    "case.attention.film_length": (
        "{film} is {minutes} minutes long; films are usually {low} to {high} minutes."
    ),
    "case.attention.too_many_clips": "{film} has {count} clips; usually there are up to {most}.",
    "case.attention.clip_too_long": (
        "A clip at {start} s of the {film} is {length} seconds; clips are usually "
        "{most} seconds or less."
    ),
    "case.attention.deletion_due": (
        "Footage was due for deletion on {day} ({why}). Delete the {films} and note the date."
    ),
    "case.next.closed": "Nothing more to do: the case is closed",
    "case.next.consent": "Record consent before filming",
    "case.next.withdrawn": "Consent was withdrawn: do not film, and plan the deletion of footage",
    "case.next.talk": "Talk with the family about consent to filming before any filming",
    "case.next.helping_questions": "Agree the helping questions with the parent",
    "case.next.analyse": "Micro-analyse film of {day}: pick up to {count} clips",
    "case.next.review": "Shared review of cycle {cycle}",
    "case.next.close": "Close the case and make the record of strengths",
    "case.next.film": "Film cycle {cycle}",
    "case.fidelity.consent": "Consent before filming",
    "case.fidelity.films_in_range": "Films in length range",
    "case.fidelity.clips_per_film": "Clips per film",
    "case.fidelity.clip_length": "Clip length",
    "case.fidelity.days_to_review": "Days from film to review",
    "case.fidelity.cycles_done": "Cycles done",
    "case.fidelity.n_of": "{count} of {total}",
    "case.fidelity.no_films": "no films yet",
    "case.fidelity.no_clips": "no clips yet",
    "case.fidelity.no_review": "no review yet",
    "case.fidelity.minutes": "{low}–{high} minutes",
    "case.fidelity.clips": "mean {mean}, max {most}",
    "case.fidelity.up_to": "up to {count}",
    "case.fidelity.lengths": "median {median} s, max {most} s",
    "case.fidelity.seconds_or_less": "{seconds} s or less",
    "case.fidelity.median": "median {median}",
    "case.fidelity.within_days": "within {days} days",
    "case.fidelity.at_least": "at least {count}",
    # -- plots -------------------------------------------------------------------------------
    "case.plot.ratings.title": "Helping questions: ratings from 0 to 10",
    "case.plot.ratings.none": "No ratings yet",
    "case.plot.ratings.question": "Q{position}: {words}",
    "case.plot.ratings.hoped": "Q{position}: hoped for",
    "case.plot.ratings.x": "Occasion",
    "case.plot.ratings.y": "Rating (0 = not at all, 10 = fully)",
    "case.plot.principles.title": "Principles seen in the clips, by cycle",
    "case.plot.principles.none": "No clips tagged yet",
    "case.plot.principles.cycle": "Cycle {cycle}",
    "case.plot.principles.x": "Cycle",
    "case.plot.principles.y": "Clips tagged with the heading",
    # -- the family's own copy (a keepsake): the case page's part and the page to print
    "case.keepsake.heading": "The family's copy",
    "case.keepsake.help": (
        "With the family's consent to a copy, make them a keepsake: the clips chosen in the "
        "shared reviews, with everyone else hidden, as a video that plays on any phone, and "
        "a page to print with stills, the parent's own words and the record of strengths. "
        "Once handed over, the family keeps it: vigkit cannot take it back."
    ),
    "case.keepsake.make": "Make the family's copy",
    "case.keepsake.making": "Making the family's copy…",
    "case.keepsake.ready": "The family's copy is ready: {clips} clips, {seconds} seconds.",
    "case.keepsake.video": "Download the video (MP4)",
    "case.keepsake.print": "Open the page to print",
    "case.keepsake.failed": "The family's copy was not made: {error}",
    "case.keepsake.failed.unexpected": (
        "The family's copy could not be made, for a reason vigkit did not expect. Nothing "
        "was handed over; the detail is in vigkit's log for whoever runs it."
    ),
    "case.keepsake.none": "No copy has been made for the family yet.",
    "case.keepsake.handover": "Family's copy made {day} by {by}, {clips} clips",
    "case.keepsake.handed_over": (
        "Handed over to the family: {list}. The family keeps what was handed over: vigkit "
        "cannot take it back, and erasing the case does not reach it."
    ),
    "case.keepsake.page.title": "Our moments together",
    "case.keepsake.page.made": "A copy for the family of {code}, made on {day}",
    "case.keepsake.page.clips": "Your clips",
    "case.keepsake.page.clip": "Clip {number} · {seconds} seconds · filmed on {day}",
    "case.keepsake.page.still_alt": "A still from clip {number}",
    "case.keepsake.page.seen": "What we can see:",
    "case.keepsake.page.words": "In your own words",
    "case.keepsake.page.said_on": "Said in the shared review on {day}",
}
