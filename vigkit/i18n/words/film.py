"""The words of the micro-analysis page, the film register form and the clip marker.

Keys ``film.marker.…`` are the clip marker's own words: the page hands them to the marker's
``words`` (see :func:`vigkit.ui.widgets.clip_marker.marker_words`) with their ``{names}`` left
for the browser to fill in.
"""

from __future__ import annotations

__all__ = ["WORDS", "CONTEXT_KEYS"]

# What was filmed: the value a film record keeps -> the key of the words shown for it.
CONTEXT_KEYS = {
    "play": "film.context.play",
    "feeding": "film.context.feeding",
    "bath": "film.context.bath",
    "nappy change": "film.context.nappy_change",
    "other": "film.context.other",
    "shared review": "film.context.shared_review",
}

WORDS: dict[str, str] = {
    # The page
    "film.page.title": "Micro-analysis",
    "film.page.title_case": "Micro-analysis: case {case}",
    "film.page.open_from_case": "Open this page from a case, e.g. {example}.",
    "film.page.back": "Back to case {case}",
    "film.films.heading": "Films",
    "film.open.not_a_number": "{film} is not a film number.",
    "film.open.not_found": "There is no film with the id {film}.",
    "film.open.other_case": "Film {film} is not a film of case {case}.",
    "film.title": "Micro-analysis: cycle {cycle}, {context} of {date}",
    "film.look_for": (
        "Look for “better than usual” moments: up to {most} clips of about {seconds} seconds "
        "or less, each a chain of initiative, reception and response."
    ),
    # What was filmed, and dates
    "film.context.none": "film",
    "film.context.play": "play",
    "film.context.feeding": "feeding",
    "film.context.bath": "bath",
    "film.context.nappy_change": "nappy change",
    "film.context.other": "other",
    "film.context.shared_review": "the shared review itself (for supervision)",
    # Stills
    "film.stills.heading": "Stills",
    "film.stills.progress": "Taking stills…",
    "film.still.time": "{time} s",
    "film.still.alt": "Still from the cycle {film} film at {time} seconds",
    "film.still.taken": "Still taken at {time} s.",
    # The clip editor
    "film.clip.heading": "Clip",
    "film.clip.start": "Start (s)",
    "film.clip.end": "End (s)",
    "film.clip.principles": "Principle headings",
    "film.clip.what_i_see": "What I see",
    "film.clip.what_i_see.help": (
        "Behaviour, not interpretation: who does what, looks, sounds, turns."
    ),
    "film.clip.helping_questions": "Linked helping questions",
    "film.clip.no_helping_questions": "No helping questions yet.",
    "film.clip.better": "Better than usual",
    "film.clip.save": "Save clip",
    "film.clip.too_long": (
        "This clip is {length} s long. Clips of about {usual} seconds or less are "
        "easier to watch together; you can still save it."
    ),
    "film.clip.many": (
        "This film has its {count} clips, the most your service keeps on one film: remove "
        "one before adding another."
    ),
    "film.clip.already_saved": "This clip is saved already ({start}–{end} s): nothing new was stored.",
    "film.clip.before_start": "The start cannot be before the beginning of the film (0 s).",
    "film.clip.not_a_time": "The start and end must be times in seconds, such as 12.4.",
    "film.clip.too_short": (
        "This clip lasts {length} ms: a clip lasts one frame ({least} s) at least."
    ),
    "film.clip.end_first": "The clip must end after it starts (start {start} s, end {end} s).",
    "film.clip.past_end": "The clip ends at {end} s but the film is only {duration} s long.",
    "film.clip.not_saved": "The clip could not be saved: check its start and end.",
    "film.clip.saved": "Clip saved: {start}–{end} s.",
    # The film's clips
    "film.clips.heading": "Clips of this film",
    "film.clips.none": "No clips saved yet.",
    "film.clip.remove": "Remove clip {span}",
    "film.clip.remove.confirm": "Press again to remove clip {span}",
    "film.clip.removed": "Clip {span} removed.",
    "film.clips.span": "{start}–{end} s",
    "film.clips.col.clip": "Clip",
    "film.clips.col.principles": "Principles",
    "film.clips.col.what_i_see": "What I see",
    # The case's films
    "film.list.none": "No films logged for this case yet. Register one below.",
    "film.list.link": "Film {number}: cycle {cycle}, {context}, {date}",
    "film.list.details": "({seconds} s, {clips})",
    "film.list.clips.one": "{count} clip",
    "film.list.clips.many": "{count} clips",
    # Register a film
    "film.register.heading": "Register a film",
    "film.register.help": (
        "Copy the film into {where} (any folder inside it), then choose it here. The film "
        "stays where it is; vigkit keeps its fingerprint so a changed or swapped file is noticed."
    ),
    "film.register.no_files": "No video files ({suffixes}) there that are not logged yet.",
    "film.register.file": "Video file",
    "film.register.context": "What was filmed",
    "film.register.date": "Filmed on",
    "film.register.cycle": "Cycle number",
    "film.register.button": "Register film",
    "film.register.choose_file": "Choose a video file first.",
    "film.register.give_date": "Give the date of filming.",
    "film.register.no_consent": (
        "The family has not consented to filming, so a film cannot be logged. Record consent first."
    ),
    "film.register.failed": "The film was not registered: vigkit could not read it (the "
    "detail is in the log).",
    "film.work.stop": "Stop",
    "film.work.busy": (
        "vigkit is still working on the last film (see the progress bar): register this one "
        "when it is done."
    ),
    "film.copy.making": (
        "This browser cannot show film {number} of {case} as it was recorded: making a copy it can play "
        "(H.264)… A long film takes a few minutes; the film is logged, so you can go on."
    ),
    "film.copy.made": (
        "Film {number} of {case} now has a playback copy this browser can show. Times, stills and review "
        "clips still come from the film itself."
    ),
    "film.copy.failed": (
        "Film {number} of {case} is logged, but its playback copy could not be made: {problem} Its times "
        "and stills still work."
    ),
    "film.copy.see_log": "something went wrong (the detail is in the log).",
    "film.copy.making_here": (
        "This browser cannot show this film's pictures: making a copy it can play (H.264)… "
        "You can mark times and take stills meanwhile."
    ),
    "film.copy.made_here": (
        "This film now has a playback copy this browser can show. Times, stills and review "
        "clips still come from the film itself."
    ),
    "film.copy.failed_here": (
        "This film is logged, but its playback copy could not be made: {problem} Its times "
        "and stills still work."
    ),
    "film.register.checking": (
        "Checking the film and taking its fingerprint… a long film takes a minute."
    ),
    "film.register.variable_rate": (
        "its frame rate varies (phone video), so frame steps are approximate"
    ),
    "film.register.logged": "Film {number} of {case} logged: cycle {cycle}, {seconds} s.",
    "film.register.note": "Note: {notes}.",
    "film.register.open": "Open film {number} of {case}",
    "film.register.team_help": (
        "Choose the film on this computer and send it: it goes to the service's own storage, "
        "never into a notebook, and vigkit keeps its fingerprint so a changed file is noticed."
    ),
    "film.register.or_send": (
        "Or send a film from anywhere on this computer: a copy goes into {where}."
    ),
    "film.register.sent_unreadable": (
        "The film was sent, but cannot be used, so the copy on the server was removed: {problem}"
    ),
    # The film sender (an upload in resumable chunks); {sent} and {size} are megabytes
    "film.upload.label": "Send a film",
    "film.upload.choose": "Film on this computer ({suffixes})",
    "film.upload.send": "Send and register",
    "film.upload.stop": "Stop sending",
    "film.upload.progress": "How much of the film has been sent",
    "film.upload.choose_first": "Choose a film first.",
    "film.upload.chosen": "{name} ({size} MB) is ready to send.",
    "film.upload.starting": "Sending {name}…",
    "film.upload.resuming": "The server already has {sent} MB of this film: sending the rest.",
    "film.upload.sent": "Sent {sent} MB of {size} MB ({percent}%).",
    "film.upload.retrying": (
        "The connection dropped after {sent} MB. Trying again in {seconds} s…"
    ),
    "film.upload.lost": (
        "The connection is lost after {sent} MB. Nothing sent is lost: choose the same film "
        "again and press Send to send the rest."
    ),
    "film.upload.stopped": (
        "Stopped. What was sent is kept: choose the same film and press Send to go on."
    ),
    "film.upload.no_server": "The server did not answer. Check the connection and try again.",
    "film.upload.failed": "The film could not be sent.",
    "film.upload.checking": "{name} is on the server. Checking it and taking its fingerprint…",
    # The clip marker: keyboard help (its own trait), then its words in the browser
    "film.keys_help": (
        "Keys (click the player or Tab to it first): Space play/pause · ← → one frame · "
        "Shift+← → one second · [ set start · ] set end · , . slower/faster · S take a still · "
        "1–6 principle headings · Enter add the clip"
    ),
    "film.marker.label": "Clip marker: film player. Keys are listed below the buttons.",
    "film.marker.seek": "Position in the film (seconds)",
    "film.marker.principles": "Principle headings of the pending clip",
    "film.marker.marks": "Clips marked",
    "film.marker.codec.hevc": "HEVC (H.265, the format iPhones and many Android phones use)",
    "film.marker.format.named": "it was recorded as {name}, a format this browser does not play",
    "film.marker.format.unknown": "this browser does not play its video format",
    "film.marker.cannot_show": (
        "This browser cannot show the pictures of this film: {format}. vigkit is making a "
        "copy it can play, and will show it here when it is ready. The keys, the times and the "
        "stills work meanwhile (vigkit takes stills from the film file itself). Next time, the "
        "phone's “Most compatible” (H.264) setting saves the wait."
    ),
    "film.marker.could_not_play": "The film could not play: {error}",
    "film.marker.load_failed": (
        "The film could not be loaded. Reload the page; if it still fails, check the film file "
        "is where it was logged."
    ),
    "film.marker.start_set": "Start set at {time}.",
    "film.marker.end_set": "End set at {time}.",
    "film.marker.taking_still": "Taking a still at {time}…",
    "film.marker.principle_added": "{label}: added.",
    "film.marker.principle_removed": "{label}: removed.",
    "film.marker.need_start_end": "Set a start ( [ ) and an end ( ] ) first.",
    "film.marker.end_after_start": "The end must come after the start: set them again.",
    "film.marker.clip_added": "Clip {start}–{end} added. Describe it below, then save it.",
    "film.marker.play": "Play",
    "film.marker.pause": "Pause",
    "film.marker.play.tip": "Play or pause (Space)",
    "film.marker.back1": "−1 s",
    "film.marker.back1.tip": "Back one second (Shift+Left)",
    "film.marker.backf": "−1 frame",
    "film.marker.backf.tip": "Back one frame (Left)",
    "film.marker.fwdf": "+1 frame",
    "film.marker.fwdf.tip": "Forward one frame (Right)",
    "film.marker.fwd1": "+1 s",
    "film.marker.fwd1.tip": "Forward one second (Shift+Right)",
    "film.marker.start": "[ Start",
    "film.marker.start.tip": "Set the clip's start here ([)",
    "film.marker.end": "End ]",
    "film.marker.end.tip": "Set the clip's end here (])",
    "film.marker.r025.tip": "Play at quarter speed",
    "film.marker.r05.tip": "Play at half speed",
    "film.marker.r1.tip": "Play at normal speed",
    "film.marker.still": "Still (S)",
    "film.marker.still.tip": "Take a still here (S)",
    "film.marker.add": "Add clip ⏎",
    "film.marker.add.tip": "Add the pending clip (Enter)",
    "film.marker.principle.tip": "Toggle {label} on the pending clip ({number})",
    "film.marker.clock": "{time} / {duration} · speed {rate}× · {state}",
    "film.marker.paused": "paused",
    "film.marker.playing": "playing",
    "film.marker.pending": "Pending clip: start {start} · end {end}",
    "film.marker.pending.length": "{seconds} s",
    "film.marker.mark": "{start}–{end} ({seconds} s)",
    "film.marker.mark.saved": "saved",
    "film.review.heading": "Review clips",
    "film.review.help": (
        "Cut the saved clips into short films of their own, to show the parent at the shared "
        "review. They are kept in the data folder on this computer, never in an export."
    ),
    "film.review.button": "Cut the review clips",
    "film.review.progress": "Cutting",
    "film.review.none": "There are no saved clips on this film yet.",
    "film.review.not_confirmed": (
        "This film was made at a group session and nobody has confirmed who is in it yet, "
        "so no review clip is cut from it. Save who is in this film (below) first."
    ),
    "film.review.done": "{count} review clip(s) ready in {folder}",
    "film.review.failed": "A review clip could not be cut: {error} Nothing else has changed.",
    # Who is in this film (vigkit.ui.parts.filmpeople)
    "film.people.heading": "Who is in this film",
    "film.people.help": (
        "Everyone seen in the film, with their face box over time. Whoever may not be seen "
        "for a use is hidden for good in every clip and still made for it. Detectors miss "
        "babies and faces seen from the side: check each person, and add a box by hand where "
        "one is missing."
    ),
    "film.people.confirmed": "Who is in this film was confirmed by {who}, {when}.",
    "film.people.not_confirmed": "Nobody has confirmed who is in this film yet.",
    "film.people.not_confirmed_group": (
        "Nobody has confirmed who is in this film yet. It was filmed at a group session, so "
        "none of it is shown for any use — review, group review, supervision, intervision, "
        "training or the family's copy — until you save who is in it."
    ),
    "film.people.time": "Still at (s)",
    "film.people.earlier": "Earlier",
    "film.people.earlier.tip": "Go to the chosen person's box before this time",
    "film.people.later": "Later",
    "film.people.later.tip": "Go to the chosen person's box after this time",
    "film.people.player_time": "Still at the player's time",
    "film.people.no_earlier": "There is no box before {time} s.",
    "film.people.no_later": "There is no box after {time} s.",
    "film.people.boxes_for": "New boxes are for",
    "film.people.nobody": "nobody yet: add a person first",
    "film.people.kind": "Who",
    "film.people.kind.parent": "this family's parent",
    "film.people.kind.baby": "this family's baby",
    "film.people.kind.sibling": "this family's sibling",
    "film.people.kind.carer": "another carer of this family",
    "film.people.kind.other_family": "another family of the group",
    "film.people.kind.staff": "staff",
    "film.people.kind.unknown": "someone unknown",
    "film.people.family": "Which family",
    "film.people.no_other_family": "no other family shares a group with this one",
    "film.people.label": "Name or label",
    "film.people.agrees": "Agreed to be shown",
    "film.people.agrees.not_asked": "not asked",
    "film.people.agrees.yes": "yes",
    "film.people.agrees.no": "no",
    "film.people.person_n": "{kind} {number}",
    "film.people.boxes": "face boxes: {count}, from {first} s to {last} s",
    "film.people.no_boxes": "face boxes: none yet",
    "film.people.unsaved": "not saved yet",
    "film.people.none": "Nobody is recorded in this film yet.",
    "film.people.add_person": "Add a person",
    "film.people.added_person": (
        "{name} added. Say who they are, then give them a box on the picture."
    ),
    "film.people.remove": "Remove {name}",
    "film.people.remove.confirm": "Press again to remove {name}",
    "film.people.removed": "{name} is taken off the list; saving removes them from the film.",
    "film.muted.heading": "Sound to silence",
    "film.muted.help": (
        "Mark the seconds in which a name or an address is spoken: their sound is silenced "
        "in every clip and copy of this film shown to anyone else, for any use. Only you "
        "hear the film itself."
    ),
    "film.muted.from": "From (s)",
    "film.muted.to": "To (s)",
    "film.muted.use_clip": "Use the clip's start and end",
    "film.muted.no_clip": "No clip is set in the clip editor above: type the seconds instead.",
    "film.muted.silence": "Silence this stretch",
    "film.muted.span": "{start}–{end} s",
    "film.muted.none": "No stretch of this film is silenced.",
    "film.muted.outside": (
        "That stretch is not inside the film, which lasts {seconds} seconds: give seconds "
        "within it. Nothing was saved."
    ),
    "film.muted.saved": "Silenced {span}: every clip of this film made from now on is silent there.",
    "film.muted.remove": "Remove silenced stretch {span}",
    "film.muted.remove.confirm": "Press again to hear {span} again",
    "film.muted.removed": "{span} is no longer silenced.",
    "film.people.find": "Find faces in this clip's seconds",
    "film.people.find.help": (
        "Looks for faces in the seconds of the clip set in the clip editor above, or in the "
        "film's first {seconds} seconds when no clip is set. Nothing found is saved until you "
        "save who is in this film."
    ),
    "film.people.finding": "Looking for faces in {start}–{end} s…",
    "film.people.found": (
        "Found {count} faces in {start}–{end} s. They are listed below, not saved: say who "
        "each is, correct their boxes, then save."
    ),
    "film.people.found_none": (
        "No face was found in {start}–{end} s. Detectors often miss babies and faces seen "
        "from the side: mark each face by hand."
    ),
    "film.people.stopped": (
        "Stopped at {reached} s: {count} faces found so far are listed below, not saved."
    ),
    "film.people.find_failed": "The faces could not be looked for: {problem}",
    "film.people.busy": "vigkit is still looking for faces: wait for it, or press Stop.",
    "film.people.mark_by_hand": "Mark a face by hand",
    "film.people.marked": (
        "A box for {name} is in the middle of the picture at {time} s: drag it onto their "
        "face, or Tab to it and move it with the arrow keys."
    ),
    "film.people.save": "Save who is in this film",
    "film.people.saved": (
        "Saved who is in this film: {count} listed. Clips and stills made from now on hide "
        "whoever may not be seen."
    ),
    "film.people.box_outside": (
        "{name}'s box at {time} s is outside the picture ({width} × {height} pixels). Move it "
        "back inside: nothing was saved."
    ),
    "film.people.not_saved": "{name}: {problem} Nothing was saved.",
    "film.people.no_size": (
        "The film's picture size could not be read, so its boxes cannot be checked: nothing "
        "was saved. {problem}"
    ),
    # The face boxes over the still (their words in the browser)
    "film.faces.label": "Face boxes on a still of the film",
    "film.faces.add": "Add a box",
    "film.faces.add.tip": "Add a face box for the chosen person in the middle of the picture",
    "film.faces.help": (
        "Drag a box to move it, drag its corner to resize it, click the picture to add a box "
        "for the chosen person. Keys: Tab to a box, arrows move it, Shift+arrows resize it, "
        "Delete removes it."
    ),
    "film.faces.box": "Face box of {name} at {time} s",
    "film.faces.box.carried": "Face box of {name}, carried from earlier to {time} s",
    "film.faces.carried": "(carried)",
    "film.faces.outside": "(outside the picture)",
    "film.faces.outside.said": "It is outside the picture: move it back inside before saving.",
    "film.faces.no_person": "Add a person first (“Add a person” below), then their box.",
    "film.faces.has_box": "{name} already has a box here: move it.",
    "film.faces.added": "Box of {name} added at {time} s.",
    "film.faces.removed": "Box of {name} at {time} s removed.",
    "film.faces.carried_stays": (
        "This box of {name} is carried from earlier: go to that time to remove it."
    ),
    "film.faces.moved": "Box of {name} moved to {x}, {y}.",
    "film.faces.resized": "Box of {name} is now {w} × {h} pixels.",
}
