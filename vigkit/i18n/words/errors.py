"""The words of vigkit's errors (what the store, the media layer and the pages refuse), in
English. Raise ``VigkitError(key="error.…", name=value)``; pages say them through
:meth:`vigkit.i18n.interface.Interface.error`."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # Records looked for and not found (vigkit.core.errors); {kind} is one of error.kind.*.
    "error.case.not_found": "There is no case with the code {code}. Check the code on the home page.",
    "error.access.case": "This family's case is not yours to open. Ask the practitioner "
    "whose case it is, or your service lead.",
    "error.access.supervision": "These supervision records are not yours to open: only the "
    "trainee and the supervisor they chose open them.",
    "error.access.group": "This group of families is not yours to open. Ask the practitioner "
    "who runs it, or your service lead.",
    "error.access.people": (
        "People, roles and groups are kept by the service's administrators: ask one of them."
    ),
    "error.access.reflection": "This reflection is another person's: only its author opens it.",
    "error.export.name_like": "The case code {code} looks like a person's name. Exports carry "
    "pseudonymous codes only (such as F017): nothing was exported.",
    "error.access.report": "The service report is the service lead's: ask them for it.",
    "error.access.audit": "The audit trail is read by the service's administrators: ask one "
    "of them.",
    "error.access.erase": "Only the family's practitioner, or an administrator, erases a "
    "family's records.",
    "error.practitioner.not_found": "There is no practitioner with the id {ident}.",
    "error.record.not_found": "There is no {kind} with the id {ident}.",
    "error.kind.film": "film",
    "error.kind.clip": "clip",
    "error.kind.person_in_a_film": "person in a film",
    "error.kind.stretch_to_silence": "stretch to silence",
    "error.kind.helping_question": "helping question",
    "error.kind.measure_score": "measure",
    "error.kind.reflection": "reflection",
    "error.kind.group_session": "group session",
    "error.kind.session": "session",
    "error.kind.supervision_group": "supervision group",
    "error.kind.supervision_record": "supervision record",
    "error.kind.calibration": "calibration",
    "error.template.not_found": (
        "There is no template called {template}. "
        "Run {command} to list the templates that are installed."
    ),
    # The store: cases, practitioners, helping questions, cycles, consent.
    "error.practitioner.taken": "There is already a practitioner with the id {ident}.",
    "error.practitioner.has_cases": "{ident} still has {count} case(s); close or remove them first.",
    "error.case.taken": "There is already a case {code}.",
    "error.case.three_questions": "A case has at most three helping questions.",
    "error.cycle.taken": "Case {code} already has a cycle {number}.",
    "error.consent.no_filming": (
        "The family has not consented to filming, so a film cannot be logged. Record consent first."
    ),
    "error.consent.no_intervision": (
        "The family has not agreed to other trainees seeing this film (intervision), so it "
        "cannot be shown in a group session."
    ),
    "error.clip.past_film_end": "The clip ends at {end} s but the film is only {length} s long.",
    "error.clip.too_many": (
        "This film already has {most} clips, the most your service keeps on one film. "
        "Remove a clip before adding another, or ask your service lead about the limit."
    ),
    "error.clip.not_their_question": (
        "Helping question {ident} is not one of the helping questions of case {code}."
    ),
    # The database itself; {detail} is the database's own words.
    "error.store.not_migrated": (
        "The database at {where} could not be brought up to date "
        "(was it made by a newer vigkit?): {detail}"
    ),
    "error.store.not_opened": (
        "The database at {where} could not be opened or made (is the disk full, or "
        "read-only?): {detail}. Nothing was saved there."
    ),
    "error.store.no_postgres": (
        "vigkit could not start its own PostgreSQL database on this machine ({detail}). "
        "Install PostgreSQL (on Debian: apt-get install postgresql) or give a database "
        "with --database."
    ),
    "error.store.conflict": "That conflicts with what is already saved: {detail}",
    "error.store.not_written": "The database could not be written: {detail}",
    "error.store.not_kept": (
        "The database cannot keep what was typed (it may hold an invisible character, such "
        "as a NUL pasted from another program): nothing was saved. Type it again and save."
    ),
    "error.store.not_read": "The database could not be read: {detail}",
    "error.store.unreachable": (
        "The team's database cannot be reached just now; what you typed is kept on this "
        "page: save it again in a moment"
    ),
    "error.store.unreachable_read": (
        "The team's database cannot be reached just now: try again in a moment. Nothing "
        "was changed."
    ),
    "error.store.read_only": (
        "This store is on a disk vigkit may only read ({where}): its records open, but "
        "nothing can be saved there. Copy the data folder to a disk you can write to (or "
        "restore a backup there) to go on working."
    ),
    "error.store.no_id": "The database did not say which id it gave the new record.",
    # Backups and restores (vigkit backup / vigkit restore); {where} is a folder.
    "error.backup.not_empty": (
        "The folder {where} is not empty: a backup goes into a new or empty folder, so "
        "nothing is mixed into it. Choose another folder; nothing was backed up."
    ),
    "error.backup.inside": (
        "A backup cannot go inside the data folder {data} ({where}): choose a folder "
        "outside it, better on another disk. Nothing was backed up."
    ),
    "error.backup.target_not_empty": (
        "The folder {where} is not empty: a backup is restored into a new or empty folder "
        "only, so nothing there is overwritten. Nothing was restored."
    ),
    "error.backup.not_a_backup": (
        "{where} is not a finished vigkit backup (its SHA256SUMS or manifest.json is "
        "missing or unreadable). Nothing was restored."
    ),
    "error.backup.differs": (
        "The backup in {where} is not as it was made: {count} file(s) differ from its "
        "checksums or were added ({names}). Nothing was restored: use another copy of the "
        "backup."
    ),
    "error.backup.no_pg_tools": (
        "{tool} was not found: install PostgreSQL's tools (on Debian: apt-get install "
        "postgresql-client) to back up or restore a team's store."
    ),
    "error.backup.pg_failed": "{tool} could not copy the team's database: {detail}",
    # Groups of families (group VIG).
    "error.group.not_found": (
        "There is no group with the code {code}. Check the code on the home page."
    ),
    "error.group.taken": "There is already a group {code}.",
    "error.group.not_a_member": "{case} is not a member family of group {group}.",
    "error.group.member_already": "{case} is already a member family of group {group}.",
    "error.group.session_elsewhere": "Session {ident} belongs to group {group}, not {other}.",
    "error.group.film_elsewhere": "Film {film} already belongs to group session {session}.",
    # Live group supervision sessions and their calibrations.
    "error.session.not_found": (
        "There is no session with the code {code}. Check the code with your facilitator."
    ),
    "error.session.not_member": (
        "This session belongs to a supervision group you are not a member of, "
        "so you cannot join it."
    ),
    "error.session.facilitator_only": "Only the session's facilitator can do that.",
    "error.session.ended": "This session has ended: nothing more can be added to it.",
    "error.session.tags_hidden": "The tags are hidden until the facilitator reveals them.",
    "error.session.join_first": "Join the session first: open it with its code.",
    "error.session.group_needs_member": "A supervision group needs at least one member.",
    "error.session.empty_post": "Write something, or pick a heading, before posting.",
    "error.session.clip_order": "The clip's end must come after its start.",
    "error.calibration.present_first": (
        "Present a clip first: the calibration is on the presented clip."
    ),
    "error.calibration.revealed": "The tags have been revealed: they can no longer change.",
    "error.calibration.no_tags": "Nobody has saved their tags yet: wait for them, then reveal.",
    # Supervision records; {when} is error.supervision.when, {month} a date.mon.* word.
    "error.supervision.locked": (
        "This supervision record was signed by {signer} on {when} and is locked. "
        "To change it, add an amendment saying what changed and why."
    ),
    "error.supervision.when": "{day} {month} {year} {time}",
    "error.supervision.the_supervisor": "the supervisor",
    "error.supervision.not_supervisor": (
        "{name} is not a supervisor here, so cannot sign a supervision record. "
        "Only the trainee's supervisor signs it."
    ),
    "error.supervision.named_supervisor": (
        "This record names {name} as the supervisor: only they can sign it."
    ),
    "error.supervision.not_signed": (
        "This supervision record is not signed yet, so change it directly and save."
    ),
    # Film files (vigkit.media); {name} is the file's name in quotes.
    "error.media.not_found": "The file {path} was not found.",
    "error.media.stopped": "Stopped: {name} was not read to the end, and nothing was saved.",
    "error.media.copy_stopped": "The playback copy was stopped; nothing was kept.",
    "error.media.copy_not_written": "The playback copy of {name} could not be written ({detail}).",
    "error.media.folder": "{path} is a folder, not a video file.",
    "error.media.not_allowed": "vigkit is not allowed to read the file {path}.",
    "error.media.unreadable": "vigkit could not read the file {path} ({detail}).",
    "error.media.moved": "The film {path} has moved or been deleted.",
    "error.media.changed": (
        "The film {name} has changed on disk since it was logged "
        "(its fingerprint no longer matches)."
    ),
    "error.media.empty": (
        "The file {name} is empty, so it is not a video file vigkit can read "
        "(it may not have finished copying)."
    ),
    "error.media.not_a_video": "The file {name} is not a video file vigkit can read.",
    "error.media.no_pictures": (
        "The file {name} has sound but no pictures: there is no video in it."
    ),
    "error.media.no_length": (
        "The file {name} has no length vigkit can read (its duration is unknown or zero)."
    ),
    "error.media.no_moment": (
        "The file {name} is {length} long, so there is no moment at {time} to take a still from."
    ),
    "error.media.damaged": (
        "The file {name} seems damaged or incomplete (it may not have finished copying)."
    ),
    "error.media.unsupported": (
        "The file {name} uses a video format (codec {codec}) that vigkit cannot play."
    ),
    "error.media.unknown_codec": "unknown",
    # Films uploaded from the page (vigkit.media.uploads); {name} is the file's name in quotes.
    "error.upload.unknown": (
        "This upload is not known here (it may have finished or been removed). "
        "Choose the film again to send it."
    ),
    "error.upload.kind": "The file {name} is not a film vigkit takes: send a {suffixes} file.",
    "error.upload.empty": "The file {name} is empty, so there is nothing to send.",
    "error.upload.not_a_film": (
        "The file {name} arrived, but it is not a film vigkit can read, so it was not kept. "
        "Send the film itself ({suffixes}, as the camera or phone made it)."
    ),
    "error.upload.too_big": "The file {name} is larger than {limit}, more than any film needs.",
    "error.upload.no_room": (
        "There is not enough room on the server for the film {name} ({free} free). "
        "Ask whoever runs the service to make room."
    ),
    "error.upload.out_of_step": (
        "The server has {received} bytes of this film; the page sends the rest from there."
    ),
    "error.upload.not_yours": "This family's case is not yours to add films to.",
    # The hub's login page (vigkit/server/hubconfig.py).
    "error.login.refused": "That login and password do not match. Check both and try again.",
    "error.login.locked": "Too many wrong passwords for this login: it is locked for "
    "{minutes} minutes. Try again after that, or ask your service's administrator.",
    "error.upload.no_consent": (
        "The family has not consented to filming, so a film cannot be sent. Record consent first."
    ),
    "error.clip.cut_order": "A clip must end after it starts ({start}–{end}).",
    "error.clip.outside_film": (
        "The file {name} is {length} long, so there is no clip from {start} to {end} in it."
    ),
    "error.clip.not_cut": "The clip could not be cut from the file {name} ({detail}).",
    "error.clip.too_long": (
        "A clip shown to others is at most {seconds} seconds long: choose a shorter stretch."
    ),
    "error.clip.not_found": "There is no clip {clip} in case {case}.",
    "error.face.outside_picture": (
        "A face box must lie inside the picture ({width} × {height} pixels); this one, "
        "{w} × {h} at ({x}, {y}), does not. Move it back inside."
    ),
    "error.person.other_family_case": (
        "A person of another family needs that family's case code (like F017)."
    ),
    "error.person.case_only_for_other_family": (
        "Only a person of another family is given a case code: this person is not one."
    ),
    "error.muted.order": (
        "A stretch to silence ends after it starts: give a later end. Nothing was saved."
    ),
    "error.person.box_order": "A person's face boxes must be in time order, one at each moment.",
    "error.person.left_before_last_box": (
        "A person cannot leave the picture before their last face box: move the box or the time."
    ),
    "error.clip.people_not_confirmed": (
        "Film {film} was made at a group session and nobody has confirmed who is in it yet, "
        "so no clip of it is written for any use. Save who is in it on the micro-analysis "
        "page first. Nothing was written."
    ),
    "error.clip.no_consent_for_use": (
        "The family has not agreed to {use}, so this clip cannot be written for it. Nothing "
        "was written."
    ),
    "error.clip.not_yours": (
        "Only the family's practitioner takes a clip out of vigkit. Nothing was written."
    ),
    # The family's own copy (a keepsake).
    "error.keepsake.not_yours": (
        "Only the family's own practitioner makes the family's copy of {code}. Nothing was made."
    ),
    "error.keepsake.no_consent": (
        "The family of {code} has not agreed to a copy for the family (see their consent), "
        "so no copy was made."
    ),
    "error.keepsake.people_not_confirmed": (
        "Clip {clip} is from a film made at a group session, and nobody has confirmed who is "
        "in that film yet, so the family's copy was not made. Save who is in it on its "
        "micro-analysis page first."
    ),
    "error.keepsake.stopped": "Stopped: the family's copy was not made. Nothing was kept.",
    "error.keepsake.footage_gone": (
        "The footage of clip {clip} was deleted (its retention ended), so the family's copy "
        "cannot hold it. Choose other clips in the shared review. Nothing was made."
    ),
    "error.keepsake.not_joined": "The family's copy could not be written: {detail}",
    "error.keepsake.no_clips": (
        "No shared review of {code} has chosen a clip yet: choose the clips in the shared "
        'review ("Which clips will you show"), then make the family\'s copy. Nothing was made.'
    ),
    # The template preview; {folders} is home.preview.where.* words, or error.preview.anywhere.
    "error.preview.not_a_folder": "{where} is not a template folder: use {own} or {shipped}.",
    "error.preview.bad_file_name": (
        "{file} is not the name of a template file: give just the name, such as "
        "{example}, from the list below."
    ),
    "error.preview.no_file": "There is no template file called {file} in {folders}.",
    "error.preview.choose": "Choose a template to preview from the list below.",
    "error.preview.no_template": "There is no template called {model} in {folders}.",
    "error.preview.either": "{first} or {second}",
    "error.preview.anywhere": "the templates",
    # What a record refuses (vigkit.core.records.problems): a field's label, then the sentence.
    # (No verb agrees with {label}: "the parent's words" is plural, "code" is not.)
    "error.field.missing": "{label}: this is needed",
    "error.field.empty": "{label}: this cannot be empty",
    "error.field.too_long": "{label}: too long (at most {limit} characters)",
    "error.field.at_least": "{label} must be at least {bound}",
    "error.field.at_most": "{label} must be at most {bound}",
    "error.field.more_than": "{label} must be more than {bound}",
    "error.field.less_than": "{label} must be less than {bound}",
    "error.field.number": "{label} must be a number",
    "error.field.date": "{label} must be a date, such as 2026-03-14",
    "error.field.invalid": "{label}: {detail}",
    # What the records' own checks refuse (written lower-case: problems() capitalises).
    "error.code.case": (
        "a case code is 1-4 letters then 2-5 digits, such as {example}; "
        "never use a name or a date of birth"
    ),
    "error.code.group": (
        "a group code is 1-4 letters then 2-5 digits, such as {example}; never use a name or a place"
    ),
    "error.practitioner.stage_for_trainees": "only a trainee has an accreditation stage",
    "error.case.one_age": (
        "give the child's age either as weeks of pregnancy or as months, not both"
    ),
    "error.case.close_order": "the case cannot close before it opened",
    "error.consent.withdrawn_order": "consent cannot be withdrawn before it was given",
    "error.clip.order": "a clip must end after it starts",
    "error.clip.still_outside": "a still at {time} s lies outside the clip",
    "error.group.close_order": "the group cannot close before it opened",
    "error.supervision.signed_whole": "a signed record needs both who signed it and when",
    "error.supervision.amend_nothing": "an amendment needs at least one change",
    # Field labels, by the record's field name.
    "error.label.age_months": "age in months",
    "error.label.age_weeks_pregnant": "weeks of pregnancy",
    "error.label.answers": "answers",
    "error.label.submission": "the identity of the save",
    "error.label.attended": "attended",
    "error.label.author_id": "author id",
    "error.label.better_than_usual": "better than usual",
    "error.label.case_code": "case code",
    "error.label.changes": "changes",
    "error.label.clip_time_s": "clip time s",
    "error.label.closed_on": "closed on",
    "error.label.code": "code",
    "error.label.context": "context",
    "error.label.created_at": "created at",
    "error.label.created_by": "created by",
    "error.label.created_on": "created on",
    "error.label.cycle_number": "cycle number",
    "error.label.display_name": "name",
    "error.label.duration_minutes": "length of the session",
    "error.label.duration_s": "length",
    "error.label.end_s": "end",
    "error.label.ended_at": "ended at",
    "error.label.facilitator_id": "facilitator id",
    "error.label.film_id": "film id",
    "error.label.filmed_on": "filmed on",
    "error.label.eligible": "eligible for a video feedback programme",
    "error.label.footage_due_on": "footage due to be deleted on",
    "error.label.footage_deleted_on": "footage deleted on",
    "error.label.footage_deleted_by": "footage deleted by",
    "error.label.filming": "filming",
    "error.label.given_on": "given on",
    "error.label.group_code": "group code",
    "error.label.group_id": "group id",
    "error.label.group_viewing": "group viewing",
    "error.label.family_copy": "a copy for the family",
    "error.label.label": "name or note",
    "error.label.agrees": "agrees to be shown",
    "error.label.left_at": "left the picture at",
    "error.label.confirmed_at": "when the people were confirmed",
    "error.label.confirmed_by": "who confirmed the people",
    "error.label.marked_by": "who marked the stretch",
    "error.label.marked_at": "when the stretch was marked",
    "error.label.boxes": "face boxes",
    "error.label.t": "time",
    "error.label.x": "left edge",
    "error.label.y": "top edge",
    "error.label.w": "width",
    "error.label.h": "height",
    "error.label.kept": "kept from the last frame",
    "error.label.held_on": "date of the session",
    "error.label.helping_question_ids": "helping question ids",
    "error.label.hoped_for": "hoped for",
    "error.label.id": "id",
    "error.label.intervision": "intervision",
    "error.label.key": "key",
    "error.label.kind": "kind",
    "error.label.made_at": "made at",
    "error.label.member_ids": "member ids",
    "error.label.mode": "mode",
    "error.label.moved_at": "moved at",
    "error.label.name": "name",
    "error.label.notes": "notes",
    "error.label.number": "number",
    "error.label.occasion": "occasion",
    "error.label.opened_at": "opened at",
    "error.label.opened_on": "opened on",
    "error.label.path": "path",
    "error.label.playing": "playing",
    "error.label.position": "position",
    "error.label.position_s": "position s",
    "error.label.posted_at": "posted at",
    "error.label.practitioner_id": "practitioner id",
    "error.label.principle_ids": "principle ids",
    "error.label.rated_on": "rated on",
    "error.label.ratings": "ratings",
    "error.label.reason": "why it changed",
    "error.label.referral_reason": "referral reason",
    "error.label.retention_months": "retention months",
    "error.label.revealed_at": "revealed at",
    "error.label.roles": "roles",
    "error.label.seq": "seq",
    "error.label.session_id": "session id",
    "error.label.setting": "setting",
    "error.label.sha256": "file fingerprint",
    "error.label.signed_at": "signed at",
    "error.label.signed_by": "signed by",
    "error.label.stage": "stage",
    "error.label.start_s": "start",
    "error.label.started_at": "started at",
    "error.label.started_on": "started on",
    "error.label.status": "status",
    "error.label.still_times_s": "still times s",
    "error.label.supervision_id": "supervision id",
    "error.label.supervisor_id": "supervisor id",
    "error.label.supervisor_viewing": "supervisor viewing",
    "error.label.template_id": "template id",
    "error.label.template_version": "template version",
    "error.label.text": "text",
    "error.label.title": "title",
    "error.label.trainee_id": "trainee id",
    "error.label.training_events": "training events",
    "error.label.transition_meeting": "transition meeting",
    "error.label.updated_at": "updated at",
    "error.label.value": "value",
    "error.label.what_i_see": "what I see",
    "error.label.withdrawn_on": "withdrawn on",
    "error.label.words": "the parent's words",
    "error.label.working_point": "working point",
}
