"""What the pages read: this kernel's store, the principles, the service's settings and
question sets, and who is using the workbook.

Every page module and :mod:`vigkit.ui.runtime.pagelanguage` build on this one; it imports no page
and no widgets.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from vigkit import paths
from vigkit.core.access import (
    Action,
    CaseRef,
    FamilyGroupRef,
    R,
    ReflectionRef,
    Resource,
    SupervisionRef,
    decide,
    visible,
)
from vigkit.core.audit import AuditEvent, event_for, resource_key
from vigkit.core.errors import (
    AccessRefused,
    NotFound,
    TemplateNotFound,
    TemplateProblem,
    VigkitError,
)
from vigkit.core.records import Case, Film, Group, Practitioner, Reflection, film_places
from vigkit.core.settings import ServiceSettings, load_settings
from vigkit.core.supervisionrecords import Supervision
from vigkit.core.supervisionrules import supervisor_only
from vigkit.paths import is_team_mode
from vigkit.store import Store
from vigkit.templates import QuestionSet, find_question_set, list_question_sets
from vigkit.templates.principles import Principles, load_principles
from vigkit.ui.runtime.logs import setup_logging

__all__ = [
    "page_store",
    "principles_template",
    "service_settings",
    "question_set_dirs",
    "find_template",
    "current_practitioner",
    "reflection_models",
    "is_review",
    "film_number",
    "film_named",
    "film_places",
    "model_title",
]

# The log lines keep the name they had before this module was split from ``pages``.
log = logging.getLogger("vigkit.ui.pages")


@lru_cache(maxsize=1)
def page_store() -> Store:
    """The store for this kernel, opened once (the data directory comes from ``$VIGKIT_HOME``)."""
    setup_logging()
    return Store.open()


@lru_cache(maxsize=4)
def principles_template() -> Principles:
    return load_principles()


def service_settings() -> ServiceSettings:
    """The numbers this service decides, from ``<data>/settings.yaml`` (defaults when absent)."""
    path = paths.data_dir() / "settings.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else None
    return load_settings(text)


def question_set_dirs() -> list[Path]:
    """Where question sets are found: the service's own (``<data>/templates/question_sets``),
    then the shipped ones. A service's template with a shipped id is used instead of it."""
    return [
        paths.data_dir() / "templates" / "question_sets",
        paths.templates_dir() / "question_sets",
    ]


def find_template(template_id: str, language: str | None = None) -> QuestionSet:
    """The question set with this id, the service's own first (TemplateNotFound if none),
    its texts in ``language`` where the template has them."""
    return find_question_set(template_id, question_set_dirs(), language)


def current_practitioner(store: Store) -> Practitioner | None:
    """Who is using the workbook.

    In a team (a server JupyterHub spawned for one person) it is the hub's login, which the
    server puts in ``$VIGKIT_USER``, and nothing else: no setting, no guess, no URL. Alone,
    ``$VIGKIT_USER``, else the store's ``current_practitioner`` setting, else the first one.
    """
    if is_team_mode():
        login = os.environ.get("VIGKIT_USER", "")
        try:
            return store.people.get(login) if login else None
        except NotFound:
            log.warning("the login %r is not one of the store's people", login)
            return None
    ident = os.environ.get("VIGKIT_USER") or store.settings.workbook_practitioner_id()
    if ident:
        try:
            return store.people.get(ident)
        except NotFound:
            log.warning("current practitioner %r is not in the store", ident)
    people = store.people.list()
    return people[0] if people else None


def allowed(store: Store, action: Action, resources: Iterable[R]) -> list[R]:
    """The resources the login may ``action``, in order: the login's facts are read once
    (alone, the one practitioner may do everything)."""
    if not is_team_mode():
        return list(resources)
    return visible(store.access.principal(os.environ.get("VIGKIT_USER", "")), action, resources)


# What a list shows is asked of the policy too, record by record, not only the page that
# shows it: a list query with a wrong argument then still shows nothing that is not the
# login's to open. (Alone, the one practitioner may open everything.)


def visible_cases(store: Store, who: Practitioner | None) -> list[Case]:
    """``who``'s caseload, each case asked of the policy in a team."""
    if who is None and is_team_mode():
        return []
    cases = store.cases.list(who.id if who else None)
    return _visible(store, cases, lambda c: CaseRef(c.code, c.practitioner_id))


def visible_groups(store: Store, who: Practitioner | None) -> list[Group]:
    """``who``'s groups of families (group VIG), each asked of the policy in a team."""
    if who is None and is_team_mode():
        return []
    groups = store.groups.list(who.id if who else None)
    return _visible(store, groups, lambda g: FamilyGroupRef(g.code, g.practitioner_id))


def visible_reflections(
    store: Store, who: Practitioner, case_code: str | None = None
) -> list[Reflection]:
    """``who``'s reflections (of one case), each asked of the policy in a team."""
    found = store.reflections.list(author_id=who.id, case_code=case_code)
    return _visible(store, found, lambda r: ReflectionRef(r.author_id))


def visible_supervisions(store: Store, trainee_id: str) -> list[Supervision]:
    """A trainee's supervision records the login may open, each asked of the policy."""
    found = store.supervision.list(trainee_id=trainee_id)
    return _visible(store, found, lambda r: SupervisionRef(r.trainee_id, r.supervisor_id))


T = TypeVar("T")


def _visible(store: Store, records: list[T], ref_of: Callable[[T], Resource]) -> list[T]:
    """The records whose resource the login may view (the login's facts read once)."""
    if not is_team_mode():
        return list(records)
    who = store.access.principal(os.environ.get("VIGKIT_USER", ""))
    return [record for record in records if decide(who, Action.view, ref_of(record))]


def acting_login(store: Store) -> str:
    """Who the audit trail names: the hub's login in a team; alone, the workbook's
    practitioner."""
    if is_team_mode():
        return os.environ.get("VIGKIT_USER", "")
    who = current_practitioner(store)
    return who.id if who is not None else "alone"


def audit_done(store: Store, action: str, resource: Resource, door: str) -> None:
    """One audit line for something done (signed, amended, consent changed, exported). A
    trail that cannot be written is logged, and the practitioner's work is kept."""
    kind, ident = resource_key(resource)
    event = AuditEvent(acting_login(store), action, kind, ident, True, "done", door)
    try:
        store.audit.record(event)
    except VigkitError:
        log.exception("audit line not written: %s %s %s", action, kind, door)


def refuse_unless(
    store: Store,
    action: Action,
    resource: Resource,
    key: str,
    who: Practitioner | None | Literal[False] = False,
) -> None:
    """In a team, raise AccessRefused(key) unless the policy lets the login do ``action``;
    either way the audit trail records it (alone too: the one practitioner, allowed). A
    page that has read ``who`` (:func:`current_practitioner`) passes it: not read twice."""
    door = f"{key.removeprefix('error.access.')} page"
    if not is_team_mode():
        if who is False:
            audit_done_as = acting_login(store)
        else:
            audit_done_as = who.id if who is not None else "alone"
        kind, ident = resource_key(resource)
        store.audit.record(
            AuditEvent(audit_done_as, str(action), kind, ident, True, "alone: your workbook", door)
        )
        return
    login = os.environ.get("VIGKIT_USER", "")
    decision = decide(store.access.principal(login), action, resource)
    store.audit.record(event_for(login, str(action), resource, decision, door))
    if not decision:
        log.warning("refused %s %s %r (%s)", login, action, resource, decision.reason)
        raise AccessRefused(key=key)


def film_number(store: Store, film: Film) -> int:
    """What a person calls ``film``: its place among its case's films as the lists show them
    (by cycle, then in the order they were logged), from 1: "film 2 of F023". Never the
    film's id, which counts every case's films."""
    places = film_places(store.films.list(film.case_code))
    return places.get(film.id or 0, len(places) + 1)


def film_named(store: Store, film: Film) -> dict[str, object]:
    """The ``{number}`` and ``{case}`` of the words that name ``film``: "film 2 of F023"."""
    return {"number": film_number(store, film), "case": film.case_code}


def model_title(
    store: Store, template_id: str, version: str, language: str | None = None
) -> str | None:
    """What a person calls a record's model: its question set's title (the service's copy,
    else the store's copy of the version it was written with); None when neither is there."""
    try:
        return find_template(template_id, language).title
    except (TemplateNotFound, TemplateProblem):
        body = store.templates.body(template_id, version)
        title = body.get("title") if isinstance(body, dict) else None
        return title if isinstance(title, str) and title else None


def is_review(qset: QuestionSet, settings: ServiceSettings) -> bool:
    """Whether ``qset`` is a shared review (opened from its case and cycle, not offered)."""
    return qset.id == settings.templates.shared_review or qset.id.startswith("shared_review")


def reflection_models(settings: ServiceSettings, language: str | None = None) -> list[QuestionSet]:
    """The reflective models offered: those the settings name, else every one found.

    A shared review is not among them: it is opened from its case and cycle.
    """
    found = {
        q.id: q
        for q in list_question_sets(question_set_dirs(), language)
        if not supervisor_only(q)  # a supervision record is the Supervision page's
    }
    chosen = settings.templates.reflection_models
    if chosen:
        return [found[i] for i in chosen if i in found]
    return [q for q in found.values() if not is_review(q, settings)]
