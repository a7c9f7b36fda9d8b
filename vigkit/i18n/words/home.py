"""The words of the home page, the page header and navigation, the reflection page (not its
form: that is the forms' own words) and the template preview, in English."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # The header every page shows.
    "home.nav.label": "Workbooks",
    "home.nav.home": "Home",
    "home.nav.reflection": "Reflection",
    "home.nav.preview": "Template preview",
    "home.who": "Using vigkit as {person}.",
    "home.who.roles": "{name} ({roles})",
    "home.who.nobody": "nobody yet",
    "home.role.practitioner": "practitioner",
    "home.role.trainee": "trainee",
    "home.role.supervisor": "supervisor",
    "home.role.trainer": "trainer",
    "home.role.lead": "service lead",
    "home.role.admin": "administrator",
    # A page that could not be built.
    "home.page.failed": (
        "Something went wrong while opening this page. Nothing you saved has changed. "
        "Reload the page to try again; the details are in the server log."
    ),
    # The home page.
    "home.title": "Your VIG workbook",
    "home.workbooks": "Workbooks",
    "home.write": "Write a reflection",
    "home.caseload": "Caseload",
    "home.groups": "Groups",
    "home.help.codes": (
        "Families are known here only by a case code. Write about “the parent” and “the "
        "baby”: no names, dates of birth or addresses."
    ),
    "home.workbook.home": "Home",
    "home.workbook.home.about": "who you are, your caseload, where to go next",
    "home.workbook.case": "Case workbook",
    "home.workbook.case.about": "a family's consent, helping questions, films and clips",
    "home.workbook.reflection": "Reflection",
    "home.workbook.reflection.about": "your reflective log, with a model you choose",
    "home.workbook.group": "Group VIG",
    "home.workbook.group.about": "a group's families, sessions, attendance and group review plan",
    "home.workbook.groupsession": "Group supervision",
    "home.workbook.groupsession.about": "a live board, a presented clip and calibration",
    "home.workbook.supervision": "Supervision",
    "home.workbook.supervision.about": ("supervision records, sign-off, accreditation progress"),
    "home.workbook.report": "Service report",
    "home.workbook.report.about": "reach, fidelity and change for commissioners, never naming a family",
    "home.workbook.audit": "Audit trail",
    "home.workbook.audit.about": "who opened, played, exported, changed or erased what",
    "home.workbook.people": "People and groups",
    "home.workbook.people.about": "who uses vigkit here, their roles and supervision groups",
    "home.workbook.preview": "Template preview",
    "home.workbook.preview.about": "see a question set as practitioners will, as you edit it",
    # First run: who is using the workbook.
    "home.setup.welcome": "Welcome. There is nobody in this workbook yet.",
    "home.setup.name": "Your name, as it should appear on your own records",
    "home.setup.start": "Start",
    "home.setup.no_name": "Please give your name first.",
    # The language picker.
    "home.language": "Language",
    "home.language.kept": (
        "Kept. Questions and buttons open in this language from now on; "
        "what a template has not translated stays in its own language."
    ),
    "home.language.test": "Test language (shows which words can be translated)",
    # The caseload table.
    "home.cases.none": "No cases yet.",
    "home.caseload.caption": "Your caseload",
    "home.col.case": "Case",
    "home.col.setting": "Setting",
    "home.col.age": "Child's age",
    "home.col.status": "Status",
    "home.col.consent": "Consent",
    "home.col.cycles": "Cycles",
    "home.col.films": "Films",
    "home.col.clips": "Clips",
    "home.col.next": "Next step",
    "home.consent.missing": "missing",
    "home.consent.withdrawn": "withdrawn {when}",
    "home.consent.filming": "filming agreed",
    "home.consent.no_filming": "no filming",
    "home.age.months": "{count} months",
    "home.age.pregnant": "{count} weeks pregnant",
    "home.attention.more": "(+{count} more)",
    "home.status.referred": "referred",
    "home.status.active": "active",
    "home.status.paused": "paused",
    "home.status.closed": "closed",
    # Saved reflections, on the reflection and case pages.
    "home.reflections.none": "No saved reflections yet.",
    "home.reflections.link": "{model}, {when}",
    "home.reflections.gone": "Reflection (its model is no longer installed)",
    "home.reflections.case": ", case {case}",
    # The reflection page's own words (the form has the forms' words).
    "home.reflection.title": "Reflection",
    "home.team.not_known": (
        "You are logged in as {login}, who is not one of this service's people yet. "
        "Ask your service's admin to add you."
    ),
    "home.reflection.who_first": "Open the Home page first and say who you are.",
    "home.reflection.not_number": "{given} is not a reflection number.",
    "home.reflection.not_cycle": "{given} is not a cycle number.",
    "home.reflection.supervision_record": (
        "{model} is a supervision record, with answers only a supervisor gives: open it from "
        "the Supervision page, not as a reflection."
    ),
    "home.reflection.case": "For case {case}.",
    "home.reflection.others": "Other models: {links}.",
    "home.reflection.help": (
        "What you type is kept as a draft as you go, so nothing is lost if the page closes. "
        "Save when you are done."
    ),
    "home.reflection.rescale": "Re-scale the helping questions",
    "home.reflection.rescale.help": (
        "Where is the parent now, 0 to 10? Give the occasion, for example “review 1”."
    ),
    "home.reflection.saved": "Saved reflections",
    "home.version.kept": (
        "This was written with version {kept} of this model and opens with the questions as "
        "they were then ({now_is})."
    ),
    "home.version.current_is": "the current one is {version}",
    "home.version.gone": "it is no longer installed",
    "home.version.newer": (
        "This was written with version {old} of this model; it opens with version {new}. "
        "Answers to questions that version no longer asks are shown below the form and kept."
    ),
    # The template preview.
    "home.preview.title": "Template preview",
    "home.preview.not_saved": (
        "This is a preview. Nothing typed here is saved to any record: answers stay in this "
        "page only, and are gone when it closes. Save checks the answers as it would for a "
        "practitioner."
    ),
    "home.preview.follows": (
        "Edit the file in a text editor or JupyterLab and save it: this preview follows "
        "within a second or two."
    ),
    "home.preview.reload": "Reload this page to see the file as it is now.",
    "home.preview.choose": (
        "Choose a question set to see it as practitioners will. Edit its file and save: the "
        "preview follows, and says what to fix if the file has a mistake."
    ),
    "home.preview.found": "Templates found",
    "home.preview.own_go": (
        "Your own templates go in {folder}; {command} copies a shipped one there to adapt."
    ),
    "home.preview.where.own": "your service's own templates",
    "home.preview.where.shipped": "the shipped templates",
    "home.preview.heading.own": "Your service's own templates",
    "home.preview.heading.shipped": "The shipped templates",
    "home.preview.none_yet": "None yet.",
    "home.preview.file_problems.one": "⚠ 1 problem: open it to see",
    "home.preview.file_problems.many": "⚠ {count} problems: open it to see",
    "home.preview.file_about": "id {id}, version {version} ({file})",
    "home.preview.shown_above": "(shown above)",
    "home.preview.status": "Previewing {file} in {folder} ({path}).",
    "home.preview.status_of": (
        "Previewing {title} (id {id}, version {version}) from {file} in {folder} ({path})."
    ),
    "home.preview.shown_at": "Shown as saved at {time}.",
    "home.preview.problems.one": "{file} has 1 problem (checked {time}). Fix it and save again.",
    "home.preview.problems.many": (
        "{file} has {count} problems (checked {time}). Fix them and save again."
    ),
    "home.preview.last_good": "Below is the last preview that worked, from {time}.",
    "home.preview.nothing": "There is nothing to preview until the file is valid.",
    "home.preview.not_built": "{file}: the form could not be built ({error})",
    "home.preview.example_clip": "(an example clip)",
}
