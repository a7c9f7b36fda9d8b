"""The audit trail's records, pure: what a door writes when it asks the access policy.

An :class:`AuditEvent` names a login, an action, a resource by kind and id, whether it was
allowed and the policy's reason, and the door (a page or a route) — ids and actions only,
never a family's words. :func:`resource_key` turns a policy resource into (kind, id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from vigkit.core import clock
from vigkit.core.access import (
    AuditTrail,
    CaseRef,
    Decision,
    FamilyGroupRef,
    Footage,
    GroupSessionRef,
    ReflectionRef,
    Resource,
    ServiceReport,
    SupervisionRef,
)

__all__ = ["AuditEvent", "resource_key", "event_for", "audit_line"]


@dataclass(frozen=True)
class AuditEvent:
    login: str
    action: str
    kind: str
    ident: str
    allowed: bool
    reason: str
    door: str
    at: datetime = field(default_factory=clock.precise_now)
    id: int | None = None


def resource_key(resource: Resource) -> tuple[str, str]:
    """The kind and id an audit line names ``resource`` by (a case code, a login, a number)."""
    match resource:
        case CaseRef(code=code):
            return "case", code
        case FamilyGroupRef(code=code):
            return "group", code
        case Footage(case_code=code):
            return "footage", code
        case ReflectionRef(author=author):
            return "reflection", author
        case SupervisionRef(trainee=trainee):
            return "supervision", trainee
        case GroupSessionRef(group_id=group):
            return "group session", str(group)
        case AuditTrail():
            return "audit trail", ""
        case ServiceReport():
            return "service report", ""
    return type(resource).__name__.lower(), ""


def event_for(
    login: str, action: str, resource: Resource, decision: Decision, door: str
) -> AuditEvent:
    """The line a door writes after asking the policy."""
    kind, ident = resource_key(resource)
    return AuditEvent(login, action, kind, ident, decision.allowed, decision.reason, door)


def audit_line(event: AuditEvent) -> str:
    """One event as a line of `vigkit audit`."""
    what = "allowed" if event.allowed else "REFUSED"
    return (
        f"{event.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC  {event.login:16} {what:8} "
        f"{event.action:7} {event.kind} {event.ident}  at {event.door}  ({event.reason})"
    )
