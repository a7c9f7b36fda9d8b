"""Pure: which clips a group review may offer, and why each other clip is left out.

A group case holds several families, each with its own consent. In a group review the
families watch each other's clips, so a clip is offered only when its family:

1. has consent on record that is not withdrawn (withdrawal removes every clip at once);
2. agreed that other group members may see their clips (``Consent.group_viewing``);
3. is at the session, once attendance is recorded: in VIG a parent's clips are reviewed
   with the parent there, to notice and name what they see, never talked about in their
   absence;
4. and the clip is marked "better than usual": a group sees each family at its best.

The clips considered are those of films filmed at the group's sessions before the review
session (a film is micro-analysed before it is reviewed). No widgets and no I/O here:
:func:`vigkit.ui.pages.group.group_snapshot_from_store` reads the records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession
from vigkit.i18n.interface import Interface, Say, date_words

__all__ = [
    "GroupSnapshot",
    "ReviewClip",
    "MissingClip",
    "ReviewPlan",
    "review_plan",
    "family_reason",
    "group_viewing_text",
    "earlier_sessions",
]


@dataclass(frozen=True)
class GroupSnapshot:
    """Every record a group page needs, read at one moment."""

    group: Group
    members: Sequence[Case]
    consents: Mapping[str, Consent | None]
    sessions: Sequence[GroupSession]
    films: Mapping[int, Sequence[Film]] = field(default_factory=dict)  # by session id
    clips: Mapping[int, Sequence[Clip]] = field(default_factory=dict)  # by film id


@dataclass(frozen=True)
class ReviewClip:
    """A clip offered for the group review, with its family and film."""

    family: str
    film: Film
    clip: Clip
    session: GroupSession


@dataclass(frozen=True)
class MissingClip:
    """A clip not offered, and why, in plain words (the words :func:`review_plan` was given)."""

    family: str
    film: Film
    clip: Clip
    session: GroupSession
    reason: str


@dataclass(frozen=True)
class ReviewPlan:
    """What a group review may show, what it may not and why, and notes for the guider."""

    session: GroupSession
    offered: list[ReviewClip]
    missing: list[MissingClip]
    notes: list[str]


def group_viewing_text(consent: Consent | None, say: Say | None = None) -> str:
    """A family's answer on group viewing, in a few words: for the list of members.

    In ``say``'s words (:meth:`vigkit.i18n.interface.Interface.say`; default English).
    """
    say = say or Interface().say
    if consent is None:
        return say("group.viewing.none")
    if consent.withdrawn_on is not None:
        return say("group.viewing.withdrawn", when=date_words(consent.withdrawn_on, say))
    return say("group.yes" if consent.group_viewing else "group.no")


def family_reason(
    family: str, consent: Consent | None, attending: set[str] | None, say: Say | None = None
) -> str | None:
    """Why none of ``family``'s clips may be shown at this review, or None when they may.

    ``attending`` is who is at the review session; None when attendance is not recorded.
    Consent comes first: it is decisive whoever attends. In ``say``'s words (default English).
    """
    say = say or Interface().say
    if consent is None:
        return say("group.reason.no_consent", family=family)
    if consent.withdrawn_on is not None:
        when = date_words(consent.withdrawn_on, say)
        return say("group.reason.withdrew", family=family, when=when)
    if not consent.group_viewing:
        return say("group.reason.not_agreed", family=family)
    if attending is not None and family not in attending:
        return say("group.reason.not_there", family=family)
    return None


def earlier_sessions(sessions: Sequence[GroupSession], review: GroupSession) -> list[GroupSession]:
    """The sessions before ``review``, by date (same day: by the order they were added)."""

    def order(s: GroupSession) -> tuple[date, int]:
        return (s.held_on, s.id or 0)

    return sorted((s for s in sessions if order(s) < order(review)), key=order)


def review_plan(snap: GroupSnapshot, session_id: int, say: Say | None = None) -> ReviewPlan:
    """For the review at session ``session_id``: the clips offered and, for the rest, why not.

    Reasons and notes are in ``say``'s words (default English). KeyError if the session is
    not one of the group's.
    """
    say = say or Interface().say
    by_id = {s.id: s for s in snap.sessions}
    review = by_id[session_id]
    members = {case.code for case in snap.members}
    attending = set(review.attended) if review.attended else None
    notes: list[str] = []
    if attending is None:
        notes.append(say("group.note.no_attendance"))
    offered: list[ReviewClip] = []
    missing: list[MissingClip] = []
    for session in earlier_sessions(snap.sessions, review):
        for film in snap.films.get(session.id or 0, ()):
            family = film.case_code
            if family in members:
                why = family_reason(family, snap.consents.get(family), attending, say)
            else:
                why = say("group.reason.not_member", family=family)
            for clip in snap.clips.get(film.id or 0, ()):
                reason = why
                if reason is None and not clip.better_than_usual:
                    reason = say("group.reason.not_better")
                if reason is None:
                    offered.append(ReviewClip(family, film, clip, session))
                else:
                    missing.append(MissingClip(family, film, clip, session, reason))
    if not offered and not missing:
        notes.append(say("group.note.no_clips"))
    return ReviewPlan(review, offered, missing, notes)
