"""The words of the group VIG page (``group.ipynb``) and the groups on the home page."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # The groups, on the home page and the page without a group code.
    "group.none": "No groups yet.",
    "group.families.one": "{count} family",
    "group.families.many": "{count} families",
    "group.list.title": "Groups",
    "group.list.heading": "Your groups",
    "group.list.help": (
        "Open a group to see its families, sessions and the plan for a group review."
    ),
    # One group's page.
    "group.title": "Group {code}",
    "group.opened": "opened {when}",
    "group.closed": "closed {when}",
    "group.help": (
        "Each family has its own case and its own consent. A group review offers only the "
        "clips of families who agreed that other group members may see them, and who are "
        "there."
    ),
    "group.families": "Families",
    "group.sessions": "Sessions and attendance",
    "group.add_session": "Add a session",
    "group.plan": "Group review plan",
    "group.review_at": "Review at",
    # Member families.
    "group.members.none": "No member families yet.",
    "group.members.caption": "Member families",
    "group.col.family": "Family",
    "group.col.setting": "Setting",
    "group.col.filming": "Filming",
    "group.col.viewing": "Other group members may see their clips",
    "group.yes": "yes",
    "group.no": "no",
    "group.viewing.none": "no consent recorded",
    "group.viewing.withdrawn": "consent withdrawn on {when}",
    # Sessions.
    "group.session": "Session {number}, {when}",
    "group.session.lower": "session {number}, {when}",
    "group.sessions.none": "No sessions yet.",
    "group.filmed": "Filmed: {films}",
    "group.clips.one": "{count} clip",
    "group.clips.many": "{count} clips",
    "group.clip_times": "{start}–{end} s",
    # The review plan.
    "group.plan.add_first": "Add a session to plan a group review.",
    "group.plan.caption": "Clips offered for the group review",
    "group.col.filmed_at": "Filmed at",
    "group.col.clip": "Clip",
    "group.col.what_i_see": "What I see",
    "group.plan.nothing": "No clip may be shown at this review.",
    "group.plan.missing": "Not offered, and why",
    "group.plan.missing_item": "{family}, clip {times} filmed at {session}: {reason}",
    "group.reason.no_consent": "{family} has no consent on record",
    "group.reason.withdrew": "{family} withdrew consent on {when}",
    "group.reason.not_agreed": (
        "{family} has not agreed that other group members may see their clips"
    ),
    "group.reason.not_there": (
        "{family} did not attend this session (a family's clips are reviewed with them there)"
    ),
    "group.reason.not_member": "{family} is no longer a member family of this group",
    "group.reason.not_better": "this clip is not marked “better than usual”",
    "group.note.no_attendance": (
        "Attendance is not recorded for this session yet, so the plan assumes every family "
        "comes. Tick who came to update it."
    ),
    "group.note.no_clips": "No clips from earlier sessions of this group yet.",
    # Attendance.
    "group.attendance.help": "Tick each family who came.",
    "group.attendance.save": "Save attendance",
    "group.attendance.not_saved": "Not saved: {error} Your ticks are still here.",
    "group.attendance.saved.one": "Attendance saved: {count} family came.",
    "group.attendance.saved.many": "Attendance saved: {count} families came.",
    # A new session.
    "group.new.date": "Date of the session *",
    "group.new.notes": "Notes (no names: “the parents”)",
    "group.new.add": "Add session",
    "group.new.no_date": "Give the date of the session.",
    "group.new.not_saved": "Not saved: {error}",
    "group.new.added": "Session of {when} added.",
}
