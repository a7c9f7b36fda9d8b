"""Who may do what: the one access policy, pure and deny by default.

Every door — a store query, a page, a film/still/export route, an export — describes the
person (:class:`Principal`, from the login) and the thing (a resource below) and asks
:func:`decide`. Anything the rules below do not allow is refused, with a reason key for the
audit line. The family's consent decides every use of their footage:

- a practitioner (or trainee) sees and works on their own cases and reflections, and
  plays their own families' footage while the family's filming consent stands;
- a supervisor sees their supervisees' supervision records, signs those they supervise,
  and plays renderings of a supervisee's chosen clips only when the family consented to
  supervisor viewing;
- a supervision-group member plays the rendering of the clip presented to their group now,
  and nothing outside its seconds, only with the family's intervision consent;
- a trainer sees and edits templates, and plays renderings of clips offered for training
  only with the family's consent to training events;
- the service lead sees the service report, which counts and never names, and no case;
- an admin manages people, roles and groups, and sees no case; they may erase one (a
  family's request, the end of retention) without opening it.

Only the family's own practitioner ever gets the film itself (any of its seconds, for
micro-analysis). Everyone else gets a *rendering*: a clip's seconds, cut and re-encoded for
one :class:`Use`, which the family's consent must name. Withdrawn consent allows no use of
footage by anyone.

A rendering shows only the people who may be seen for its use: :func:`must_hide` names,
from the people visible in its seconds (:attr:`Footage.people`), everyone to be hidden —
a member of this family whose family did not consent to the use or who said no; a member
of another family of the group unless their family consented to the use (for the shared
review, to group viewing; never in a copy for this family); staff and unknown people unless
marked as agreeing. The film itself, to the family's practitioner, hides nobody.

A film filmed at a group session (:attr:`Footage.group_film`) shows other families, whom
nobody may have recorded yet: until its practitioner has confirmed who is in it
(:attr:`Footage.people_confirmed`), no rendering or still of it is made for any use, for
anyone — deny by default. A one-to-one film keeps the rule above: nobody recorded in it,
nobody hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from vigkit.core.filmpeople import FAMILY_KINDS, PersonKind
from vigkit.core.records import Consent

__all__ = [
    "AccessRole",
    "Action",
    "Principal",
    "CaseRef",
    "FamilyGroupRef",
    "Footage",
    "PersonInFrame",
    "PEOPLE_NOT_CONFIRMED",
    "Use",
    "consents_to",
    "must_hide",
    "unconfirmed_group_film",
    "ReflectionRef",
    "SupervisionRef",
    "GroupSessionRef",
    "Templates",
    "ServiceReport",
    "People",
    "AuditTrail",
    "Resource",
    "Decision",
    "decide",
    "visible",
]


class AccessRole(StrEnum):
    practitioner = "practitioner"
    trainee = "trainee"
    supervisor = "supervisor"
    trainer = "trainer"
    lead = "lead"
    admin = "admin"


class Action(StrEnum):
    view = "view"  # open the page or record
    play = "play"  # play, still or cut footage
    edit = "edit"  # change or add
    export = "export"  # write it out of vigkit
    sign = "sign"  # sign a supervision record as the supervisor
    erase = "erase"  # erase a family's records, or delete footage whose retention ended


@dataclass(frozen=True)
class Principal:
    """The logged-in person, as the login and vigkit's people table say."""

    id: str
    roles: frozenset[AccessRole] = frozenset()
    supervisees: frozenset[str] = frozenset()  # practitioner ids this person supervises
    groups: frozenset[int] = frozenset()  # supervision groups this person belongs to


@dataclass(frozen=True)
class CaseRef:
    code: str
    owner: str


@dataclass(frozen=True)
class FamilyGroupRef:
    """A group of families (group VIG): its practitioner's, like a case."""

    code: str
    owner: str


class Use(StrEnum):
    """What a rendering of a clip is made for: each needs its own yes in the family's consent."""

    review = "review"  # the family's practitioner and the parent (the shared review)
    supervision = "supervision"  # the practitioner's VIG supervisor
    intervision = "intervision"  # a supervision group (a live session)
    group_review = "group_review"  # the other families of a group VIG group
    training = "training"  # a training event
    family_copy = "family_copy"  # a copy of their own clips for the family to keep


#: The consent field that must be yes for each use.
CONSENT_FIELD = {
    Use.review: "filming",
    Use.supervision: "supervisor_viewing",
    Use.intervision: "intervision",
    Use.group_review: "group_viewing",
    Use.training: "training_events",
    Use.family_copy: "family_copy",
}

Span = tuple[float, float]


@dataclass(frozen=True)
class PersonInFrame:
    """Someone visible in the seconds asked for (:class:`vigkit.core.filmpeople.PersonInFilm`
    as the policy sees them): ``consent`` is their family's current consent (this film's
    family for its members, theirs for another family; None for staff and unknown people),
    ``agrees`` their own say (None: nobody asked)."""

    id: int
    kind: PersonKind
    consent: Consent | None = None
    agrees: bool | None = None


@dataclass(frozen=True)
class Footage:
    """A film of one family's case, or some of its seconds rendered for a use.

    ``use`` None is the film itself (played whole, or stilled at any moment); a use is a
    rendering of ``seconds`` (a still's moment is ``(t, t)``) for that use."""

    case_code: str
    owner: str
    consent: Consent | None
    groups: frozenset[int] = frozenset()  # supervision groups it is presented to now
    for_training: bool = False  # offered at a training event
    use: Use | None = None
    seconds: Span | None = None  # the seconds asked for
    shown: tuple[tuple[int, float, float], ...] = ()  # (group, start, end) presented now
    chosen: tuple[Span, ...] = ()  # the clips the practitioner chose (start, end)
    people: tuple[PersonInFrame, ...] = ()  # who is visible in the seconds asked for
    group_film: bool = False  # filmed at a group session (other families in the frame)
    people_confirmed: bool = False  # the practitioner saved who is in the film


@dataclass(frozen=True)
class ReflectionRef:
    """A reflective log entry: its author's own (a supervisor sees what is brought to them)."""

    author: str


@dataclass(frozen=True)
class SupervisionRef:
    trainee: str
    supervisor: str | None


@dataclass(frozen=True)
class GroupSessionRef:
    group_id: int


@dataclass(frozen=True)
class Templates:
    pass


@dataclass(frozen=True)
class ServiceReport:
    pass


@dataclass(frozen=True)
class People:
    """The people, their roles and groups."""


@dataclass(frozen=True)
class AuditTrail:
    """Who opened, played, exported, signed, changed or erased what (ids, never words)."""


Resource = (
    CaseRef
    | FamilyGroupRef
    | Footage
    | ReflectionRef
    | SupervisionRef
    | GroupSessionRef
    | Templates
    | ServiceReport
    | People
    | AuditTrail
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # a key for the audit line: which rule allowed or refused

    def __bool__(self) -> bool:
        return self.allowed


_PRACTISING = frozenset({AccessRole.practitioner, AccessRole.trainee, AccessRole.supervisor})


def _allow(reason: str) -> Decision:
    return Decision(True, reason)


def _deny(reason: str) -> Decision:
    return Decision(False, reason)


def _consent_stands(consent: Consent | None) -> bool:
    return consent is not None and consent.withdrawn_on is None and consent.filming


def _case(who: Principal, action: Action, case: CaseRef) -> Decision:
    if case.owner == who.id and who.roles & _PRACTISING and action is not Action.sign:
        return _allow("own case")
    if action is Action.erase and AccessRole.admin in who.roles:
        return _allow("an admin carries out erasure and retention, without opening the case")
    return _deny("not your case")


def consents_to(consent: Consent | None, use: Use) -> bool:
    """Whether ``consent`` stands and says yes to ``use``."""
    return _consent_stands(consent) and bool(getattr(consent, CONSENT_FIELD[use]))


#: The use another family must have consented to, to be seen in this family's rendering
#: for a use (their own use's field otherwise); None: never seen in it.
_OTHER_FAMILY_USE: dict[Use, Use | None] = {
    Use.review: Use.group_review,  # another family's parent watches them
    Use.family_copy: None,  # this family's keepsake holds no other family
}


def _shown(person: PersonInFrame, use: Use) -> bool:
    if person.agrees is False:
        return False
    if person.kind in FAMILY_KINDS:
        return consents_to(person.consent, use)
    if person.kind is PersonKind.other_family:
        theirs = _OTHER_FAMILY_USE.get(use, use)
        return theirs is not None and consents_to(person.consent, theirs)
    return person.agrees is True  # staff, unknown: only when marked as agreeing


def must_hide(footage: Footage, use: Use | None = None) -> set[int]:
    """The ids of the people in ``footage`` to hide in a rendering or still for ``use``
    (``footage.use`` when None): everyone the rules above do not let be seen. The film
    itself (no use) hides nobody from the family's practitioner."""
    use = use or footage.use
    if use is None:
        return set()
    return {person.id for person in footage.people if not _shown(person, use)}


_NO_CONSENT = {
    Use.review: "no standing consent",
    Use.supervision: "no consent to supervisor viewing",
    Use.intervision: "no consent to intervision",
    Use.group_review: "no consent to group viewing",
    Use.training: "no consent to training events",
    Use.family_copy: "no consent to a copy for the family",
}


def _within(inner: Span | None, outer: Span, slack: float = 0.05) -> bool:
    return inner is not None and outer[0] - slack <= inner[0] <= inner[1] <= outer[1] + slack


#: The reason a group session's film is refused for a use until its people are confirmed.
PEOPLE_NOT_CONFIRMED = "who is in this group film is not confirmed"


def unconfirmed_group_film(clip: Footage) -> bool:
    """A group session's film asked for a use while nobody has confirmed who is in it: the
    doors that cut footage without asking :func:`decide` (review clips, the family's copy)
    ask this."""
    return clip.use is not None and clip.group_film and not clip.people_confirmed


def _footage(who: Principal, action: Action, clip: Footage) -> Decision:
    own = clip.owner == who.id and bool(who.roles & _PRACTISING)
    if action not in (Action.view, Action.play):
        if own and action is Action.edit:
            return _allow("own footage")
        if own and action is Action.export and unconfirmed_group_film(clip):
            return _deny(PEOPLE_NOT_CONFIRMED)
        if own and action is Action.export and clip.use is not None:
            if consents_to(clip.consent, clip.use):
                return _allow(f"own clip, rendered for {clip.use}, consented")
            return _deny(_NO_CONSENT[clip.use])
        return _deny("footage is never exported or changed by others")
    if not _consent_stands(clip.consent):
        return _deny("no standing consent")
    if clip.use is None:  # the film itself: any of its seconds
        if own:
            return _allow("own footage")
        return _deny("only the family's practitioner sees the whole film")
    if not consents_to(clip.consent, clip.use):
        return _deny(_NO_CONSENT[clip.use])
    if unconfirmed_group_film(clip):
        return _deny(PEOPLE_NOT_CONFIRMED)
    if own:
        return _allow(f"own footage, rendered for {clip.use}")
    return _rendering(who, clip)


def _rendering(who: Principal, clip: Footage) -> Decision:
    """Someone other than the family's practitioner asks for some seconds rendered for a use
    the family consented to: only the seconds chosen or presented to them."""
    chosen = any(_within(clip.seconds, span) for span in clip.chosen)
    match clip.use:
        case Use.supervision if AccessRole.supervisor in who.roles:
            if clip.owner in who.supervisees and chosen:
                return _allow("supervisee's chosen clip, supervisor viewing consented")
        case Use.intervision if who.roles & _PRACTISING:
            if any(
                group in who.groups and _within(clip.seconds, (start, end))
                for group, start, end in clip.shown
            ):
                return _allow("presented to your group, intervision consented")
            if clip.groups & who.groups:
                return _deny("outside the clip presented to your group")
        case Use.training if AccessRole.trainer in who.roles:
            if clip.for_training and chosen:
                return _allow("offered for training, training consented")
    return _deny("not your footage")


def _supervision(who: Principal, action: Action, record: SupervisionRef) -> Decision:
    supervises = AccessRole.supervisor in who.roles and (
        record.supervisor == who.id or record.trainee in who.supervisees
    )
    if action is Action.sign:
        if AccessRole.supervisor in who.roles and record.supervisor == who.id:
            return _allow("you supervise this record")
        return _deny("only its supervisor signs a record")
    if record.trainee == who.id and who.roles & _PRACTISING:
        return _allow("your own supervision")
    if supervises and action in (Action.view, Action.edit, Action.export):
        return _allow("your supervisee's supervision")
    return _deny("not your supervision")


def decide(who: Principal, action: Action, resource: Resource) -> Decision:
    """May ``who`` do ``action`` to ``resource``? Refused unless a rule above allows it."""
    match resource:
        case CaseRef():
            return _case(who, action, resource)
        case FamilyGroupRef(code=code, owner=owner):
            return _case(who, action, CaseRef(code, owner))
        case Footage():
            return _footage(who, action, resource)
        case SupervisionRef():
            return _supervision(who, action, resource)
        case ReflectionRef(author=author) if author == who.id and who.roles & _PRACTISING:
            if action is Action.sign:
                return _deny("a reflection is not signed")
            return _allow("your own reflection")
        case GroupSessionRef(group_id=group) if group in who.groups and who.roles & _PRACTISING:
            if action in (Action.view, Action.edit):
                return _allow("your group")
            return _deny("a group session is not exported")
        case Templates() if AccessRole.trainer in who.roles:
            return _allow("trainer")
        case Templates() if action is Action.view and who.roles & _PRACTISING:
            return _allow("templates are read by whoever fills them in")
        case ServiceReport() if AccessRole.lead in who.roles:
            if action in (Action.view, Action.export):
                return _allow("service lead")
            return _deny("the service report is counted, not edited")
        case People() if AccessRole.admin in who.roles:
            return _allow("admin")
        case AuditTrail() if AccessRole.admin in who.roles:
            if action is Action.view:
                return _allow("admin reads the audit trail")
            return _deny("the audit trail is only appended to")
    return _deny("no rule allows it")


R = TypeVar("R", bound=Resource)


def visible(who: Principal, action: Action, resources: Iterable[R]) -> list[R]:
    """The resources ``who`` may ``action``, in their order (a query's filter)."""
    return [resource for resource in resources if decide(who, action, resource)]
