"""The words of the group supervision session pages: open, join, the live board, the presented
clip, calibration and the session's record.

Keys ``session.player.…`` are the session player's own words: the page hands them to the
player's ``words`` (see :func:`vigkit.ui.widgets.session_player.player_words`) with their
``{names}`` left for the browser to fill in. Keys ``session.event.…`` are the board's lines
for what happened (the store keeps them in English; the board shows them in these words).
"""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, str] = {
    # The page: who is here, and where to go
    "session.page.title": "Group supervision",
    "session.page.intro": (
        "A live session of your supervision group: a board everyone writes on, "
        "the clip the facilitator presents, and calibration."
    ),
    "session.page.your_name": "Your name",
    "session.page.code": "Session code",
    "session.page.join": "Join the session",
    "session.page.continue": "Continue",
    "session.person.none": "Please give your name first.",
    "session.person.unknown": (
        "There is nobody called {name} in this workbook. "
        "Use the name the home page shows, or the practitioner id."
    ),
    # Where to open or join a session
    "session.start.groups": "Your supervision groups",
    "session.start.open": "Open a session for {group}",
    "session.start.no_groups": "You are not in a supervision group yet.",
    "session.start.join_heading": "Join a session",
    "session.start.code_example": "e.g. KM4TXA",
    "session.start.code_help": (
        "The facilitator opens the session from their own Group supervision page and reads "
        "out its code: six letters and digits at the top of their board."
    ),
    "session.start.join": "Join",
    "session.start.sessions": "Sessions of your groups",
    "session.start.ended": "(ended)",
    "session.start.open_now": "(open)",
    "session.start.none": "None yet.",
    "session.start.hours": "Your group supervision from sessions here: {hours} hours.",
    # Starting a supervision group
    "session.group.heading": "Start a supervision group",
    "session.group.name": "Name",
    "session.group.name_example": "e.g. Tuesday supervision group",
    "session.group.members": "Members",
    "session.group.members_help": "names or ids, separated by commas",
    "session.group.create": "Start the group",
    # The live view: who, and the session code
    "session.live.header": (
        "Supervision group {group}, facilitated by {facilitator}. You are {role}."
    ),
    "session.live.role.lead": "the facilitator",
    "session.live.role.member": "a member",
    "session.live.code": "Session code: {code} · members join at {link} with their name.",
    "session.live.code_team": (
        "Session code: {code} · members join at {link}, or type the code on their Group "
        "supervision page; each is known by their login."
    ),
    "session.live.here": "Here: {names}.",
    "session.live.nul_left_out": (
        "Posted. An invisible character (a NUL, pasted from another program) was left out."
    ),
    # The presented clip
    "session.clip.heading": "Presented clip",
    "session.clip.nothing": "Nothing presented yet.",
    "session.clip.choose": "Choose a film and the part to show, then present it.",
    "session.clip.film_option": "Film {number} of {case}, cycle {cycle} ({seconds} s)",
    "session.clip.film": "Film",
    "session.clip.from": "From (s)",
    "session.clip.to": "To (s)",
    "session.clip.present": "Present to the group",
    "session.clip.no_consent": (
        "No film can be shown: none has the family's consent to intervision."
    ),
    "session.clip.choose_first": "Choose a film first.",
    "session.clip.presented": (
        "Presented {start}–{end} s. Everyone's player follows yours while they have “Follow” on."
    ),
    "session.clip.caption": "Film {number} of {case}, {start}–{end} s",
    # The board sends a kept post by itself once the database answers again.
    "session.board.unreachable": (
        "The team's database cannot be reached just now; what you typed is kept on this "
        "page and will be saved when it is back"
    ),
    "session.clip.rendering": "Preparing the clip for the group (only these seconds are shown)…",
    "session.clip.not_rendered": (
        "The clip could not be prepared, so the group cannot see it. Check that the film is "
        "still where it was registered, then present it again."
    ),
    # The board
    "session.board.heading": "Board",
    "session.board.empty": "Nothing on the board yet.",
    "session.board.at": "at {time}",
    "session.board.add": "Add to the board",
    "session.board.no_names": "Write about “the parent” and “the baby”: no names.",
    "session.board.placeholder": "What do you notice? What might the parent feel?",
    "session.board.with_time": "At the film's time now",
    "session.board.post": "Post",
    "session.board.not_refreshed": "The board could not be refreshed just now; it keeps trying.",
    # What happened, as the board shows it
    "session.event.opened": "opened the session.",
    "session.event.joined": "joined.",
    "session.event.presented": "presented film {number} of {case}, {start}–{end} s.",
    "session.event.presented_gone": "presented a film of {case} (since removed), {start}–{end} s.",
    "session.event.calibration": (
        "started a calibration: tag the presented clip with the headings you see."
    ),
    "session.event.revealed": "revealed the tags.",
    "session.event.ended": "ended the session.",
    "session.event.withdrawn": "took the clip off the board: the family's consent no longer "
    "allows it.",
    # Calibration
    "session.cal.heading": "Calibration",
    "session.cal.help": (
        "Tick the headings you see in the presented clip, on your own. "
        "Nobody sees your tags until the facilitator reveals them."
    ),
    "session.cal.save": "Save my tags",
    "session.cal.start": "Start a calibration on this clip",
    "session.cal.reveal": "Reveal everyone's tags",
    "session.cal.none_open": "There is no calibration open.",
    "session.cal.start_first": "Start a calibration first.",
    "session.cal.saved": "Your tags are saved ({headings}). You can change them until the reveal.",
    "session.cal.no_headings": "none of the headings",
    "session.cal.tagged": (
        "Calibration on {start}–{end} s: {count} of {total} have saved their tags ({names})."
    ),
    "session.cal.nobody": "nobody yet",
    "session.cal.clip": "film {number} of {case}, {start}–{end} s",
    # The reveal table
    "session.reveal.caption": "Calibration on {clip}: what {count} people saw",
    "session.reveal.heading": "Heading",
    "session.reveal.tagged": "Tagged it",
    "session.reveal.agreement": "Agreement",
    "session.reveal.kappa": "Kappa",
    "session.reveal.n": "n",
    "session.reveal.n_help": "How many answers were compared",
    "session.reveal.meaning": "What it means",
    "session.reveal.tagged_of": "{count} of {total}",
    "session.reveal.overall": "Overall",
    "session.reveal.people": "{count} people",
    "session.reveal.cohen": "Cohen's",
    "session.reveal.fleiss": "Fleiss'",
    # What an agreement figure means (vigkit.core.agreement.meaning_words)
    "session.agreement.alone": (
        "Only one person has tagged so far, so there is nobody to agree with yet."
    ),
    "session.agreement.no_kappa.same": (
        "Everyone gave the same answer, so kappa cannot be computed; agreement is {percent}%."
    ),
    "session.agreement.no_kappa.one_clip": (
        "With one clip, kappa cannot be computed for a single heading; agreement is {percent}%."
    ),
    "session.agreement.two": (
        "The two members agreed on {percent}% of answers, and {kind} kappa of {kappa} means "
        "{beyond} (Landis & Koch)"
    ),
    "session.agreement.pairs": (
        "Pairs of members agreed on {percent}% of answers, and {kind} kappa of {kappa} means "
        "{beyond} (Landis & Koch)"
    ),
    "session.agreement.below_chance": "less agreement than chance alone would give",
    "session.agreement.beyond_chance": "{band} agreement beyond chance",
    "session.agreement.band.poor": "poor",
    "session.agreement.band.slight": "slight",
    "session.agreement.band.fair": "fair",
    "session.agreement.band.moderate": "moderate",
    "session.agreement.band.substantial": "substantial",
    "session.agreement.band.almost_perfect": "almost perfect",
    "session.agreement.sentence": "{sentence}.",
    "session.agreement.small_sample": (
        "{sentence}, but with only {count} one different answer can move it a lot, so take it "
        "as a start for talking, not a score."
    ),
    "session.agreement.clips.one": "{count} clip",
    "session.agreement.clips.many": "{count} clips",
    "session.agreement.answers.one": "{count} clip-and-heading answer",
    "session.agreement.answers.many": "{count} clip-and-heading answers",
    "session.reveal.help": (
        "Agreement is the share of pairs of people who gave the same "
        "answer. Kappa takes away the agreement chance alone would give: Cohen's for two "
        "people, Fleiss' for more; n is how many answers each person gave."
    ),
    # The end, and the session's record
    "session.record.heading": "The session's record",
    "session.end": "End the session",
    "session.ended": (
        "This session ended at {time} after {minutes}. "
        "It counts towards the supervision hours of everyone who joined."
    ),
    "session.minutes.one": "{count} minute",
    "session.minutes.many": "{count} minutes",
    "session.record.still_open": "still open",
    "session.record.started": "Started {when} UTC · {length}.",
    "session.record.caption": "Who joined and what they did",
    "session.record.who": "Who",
    "session.record.joined": "Joined",
    "session.record.posts": "Posts",
    "session.record.tags": "Calibration tags",
    "session.record.clips": "Clips presented",
    # The session player's own words (shown by the browser)
    "session.player.label.lead": "The clip you present",
    "session.player.label.follow": "The clip the facilitator presents",
    "session.player.clip": "clip {start}–{end}",
    "session.player.paused": "paused",
    "session.player.playing": "playing",
    "session.player.following": "following the facilitator",
    "session.player.not_following": "not following",
    "session.player.muted": "Playing without sound: click the film to hear it.",
    "session.player.press_play": "Press play to follow the facilitator.",
    "session.player.to_start": "Go to the clip's start",
    "session.player.play": "Play the clip",
    "session.player.could_not_play": "The film could not play: {error}",
    "session.player.follow": "Follow the facilitator",
    "session.player.load_failed": (
        "The film could not be loaded. Reload the page; if it still fails, ask the "
        "facilitator to check the film file is where it was logged."
    ),
}
