"""The governance commands of `vigkit`: audit, retention, erase, subject-access.

Each one names who is acting: ``--as LOGIN`` (required on a team's store, where the access
policy decides and the audit trail records the answer), else — alone — the workbook's one
practitioner. :mod:`vigkit.cli` adds them to its parser.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit.core import clock

if TYPE_CHECKING:
    from vigkit.core.retention import Planned
    from vigkit.store import Store

__all__ = ["add_commands", "audit_alone", "run", "HANDLERS"]

AddOption = Callable[[argparse.ArgumentParser], None]


def _as_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--as",
        dest="as_login",
        metavar="LOGIN",
        help=f"who is {what}: the access policy decides and the audit trail records it "
        "(needed on a team's PostgreSQL store)",
    )


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write it as 2026-12-03") from None


def add_commands(sub: argparse._SubParsersAction, add_data: AddOption, add_db: AddOption) -> None:  # type: ignore[type-arg]
    """Add audit, retention, erase, subject-access and report to ``sub``."""
    audit = sub.add_parser(
        "audit", help="print the audit trail: who opened, played, exported what, and refusals"
    )
    add_data(audit)
    add_db(audit)
    audit.add_argument("--case", metavar="CASE", help="only what names this case (or group)")
    audit.add_argument("--person", metavar="LOGIN", help="only what this login did")
    audit.add_argument(
        "--since", metavar="DATE", type=_iso_day, help="only from this day on (YYYY-MM-DD)"
    )

    retention = sub.add_parser(
        "retention", help="list footage past its deletion day; --apply deletes it"
    )
    add_data(retention)
    add_db(retention)
    retention.add_argument(
        "--apply",
        action="store_true",
        help="delete the due footage vigkit holds and record it; asks you to confirm each "
        "original kept elsewhere once you have deleted it",
    )
    retention.add_argument(
        "--today",
        metavar="DATE",
        type=_iso_day,
        help="count from this day instead of today (to see what a later day will bring)",
    )
    _as_option(retention, "deleting")
    _add_family_commands(sub, add_data, add_db)
    _add_report(sub, add_data, add_db)


def _add_family_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_data: AddOption,
    add_db: AddOption,
) -> None:
    """Add erase and subject-access, the commands about everything held on one family."""
    from vigkit.store.erasure import ERASURE_REASONS

    erase = sub.add_parser(
        "erase", help="erase everything held about one family, leaving one audit line"
    )
    add_data(erase)
    add_db(erase)
    erase.add_argument("case", metavar="CASE", help="the case code, such as F017")
    erase.add_argument(
        "--reason", required=True, choices=ERASURE_REASONS, help="why (kept in the audit trail)"
    )
    erase.add_argument(
        "--yes", action="store_true", help="do not ask to type the case code to confirm"
    )
    _as_option(erase, "erasing")

    subject = sub.add_parser(
        "subject-access", help="write everything held about one family, for review before release"
    )
    add_data(subject)
    add_db(subject)
    subject.add_argument("case", metavar="CASE", help="the case code, such as F017")
    subject.add_argument("--to", required=True, metavar="DIR", help="folder to write into")
    subject.add_argument(
        "--with-media", action="store_true", help="copy the films and stills too (large)"
    )
    _as_option(subject, "asking")


def _add_report(sub: argparse._SubParsersAction, add_data: AddOption, add_db: AddOption) -> None:  # type: ignore[type-arg]
    """Add report, the service report for commissioners."""
    report = sub.add_parser(
        "report", help="the service report for commissioners: HTML, PDF, Word and report.csv"
    )
    add_data(report)
    add_db(report)
    report.add_argument("--from", dest="first", required=True, type=_iso_day, metavar="DATE")
    report.add_argument("--to", dest="last", required=True, type=_iso_day, metavar="DATE")
    report.add_argument(
        "--by", choices=("setting", "practitioner"), help="figures for each group as well"
    )
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    _as_option(report, "asking (the service lead, in a team)")


# -- who is acting -------------------------------------------------------------------------


def _is_team_store(store: Store) -> bool:
    return not str(store.url).startswith("sqlite")


def _acting(store: Store, login: str | None) -> str:
    """The login acting: --as, else alone the workbook's practitioner (else the OS user)."""
    if login:
        return login
    if _is_team_store(store):
        raise _Refused(
            "this is a team's store: say who you are with --as LOGIN, so the access policy "
            "decides and the audit trail records it."
        )
    return store.settings.workbook_practitioner_id() or getpass.getuser()


def audit_alone(store: Store, action: str, code: str, door: str) -> None:
    """Alone (no --as on the workbook's own SQLite store), one allowed line for ``action``."""
    from vigkit.core.audit import AuditEvent

    case = store.cases.get(code)
    login = _acting(store, None)
    store.audit.record(
        AuditEvent(login, action, "case", case.code, True, "alone: your workbook", door)
    )


class _Refused(Exception):
    pass


def _ask_policy(store: Store, login: str, action: str, code: str, door: str) -> None:
    """On a team's store (or with --as), the policy decides; the audit trail records it."""
    from vigkit.core.access import Action, CaseRef, decide
    from vigkit.core.audit import event_for

    case = store.cases.get(code)
    resource = CaseRef(case.code, case.practitioner_id)
    decision = decide(store.access.principal(login), Action(action), resource)
    store.audit.record(event_for(login, action, resource, decision, door))
    if not decision:
        raise _Refused(f"{login} may not {action} case {case.code} ({decision.reason}).")


# -- the commands --------------------------------------------------------------------------


def _cmd_audit(args: argparse.Namespace, open_store: Callable[[], Store]) -> int:
    from datetime import UTC, datetime, time

    from vigkit.core.audit import audit_line

    code = args.case.strip().upper() if args.case else None
    since = datetime.combine(args.since, time(), tzinfo=UTC) if args.since else None
    with open_store() as store:
        events = store.audit.trail(ident=code, login=args.person, since=since)
    for event in events:
        print(audit_line(event))
    if not events:
        print("vigkit: nothing in the audit trail matches.", file=sys.stderr)
    return 0


def _planned_line(p: Planned) -> str:
    f = p.film
    return (
        f"{p.due_on.isoformat()}  case {f.case_code}  film {f.id} (cycle {f.cycle_number}, "
        f"filmed {f.filmed_on.isoformat()})  {f.path}  — {p.why}"
    )


def _cmd_retention(args: argparse.Namespace, open_store: Callable[[], Store], data: Path) -> int:
    from vigkit.core.retention import coming, due
    from vigkit.media.governance import apply_retention, retention_plan

    today = args.today or clock.today()
    settings = _settings(data)
    with open_store() as store:
        plan = retention_plan(store, settings)
        now_due, soon = due(plan, today), coming(plan, today)
        if not args.apply:
            print(f"Footage due for deletion on {today.isoformat()}: {len(now_due)} film(s).")
            for p in now_due:
                print("  " + _planned_line(p))
            if soon:
                print(f"Due within four weeks: {len(soon)} film(s).")
                for p in soon:
                    print("  " + _planned_line(p))
            if now_due:
                print("Run `vigkit retention --apply` to delete what is due.")
            return 0
        by = _acting(store, args.as_login)
        if _is_team_store(store) or args.as_login:
            for code in sorted({p.film.case_code for p in now_due}):
                _ask_policy(store, by, "erase", code, "vigkit retention")
        done = apply_retention(store, data, settings, today, by=by, confirm=_confirm_original)
    waiting = 0
    for outcome in done:
        f = outcome.planned.film
        what = f"case {f.case_code} film {f.id}"
        if outcome.gone:
            print(f"deleted: {what} — {len(outcome.files.removed)} file(s) vigkit held")
        elif outcome.still_there is not None:
            waiting += 1
            print(f"still there: {what} — {outcome.still_there} was not deleted; nothing recorded")
        else:
            waiting += 1
            print(f"waiting: {what} — delete {outcome.waiting} yourself, then run this again")
    if not done:
        print(f"Nothing is due for deletion on {today.isoformat()}.")
    return 1 if waiting else 0


def _confirm_original(planned: Planned, path: Path) -> bool:
    """Ask the person at the terminal to confirm an original elsewhere is deleted."""
    if not sys.stdin.isatty():
        return False
    f = planned.film
    print(
        f"Case {f.case_code}, film {f.id}: the original is kept outside vigkit, at\n  {path}\n"
        f"It was due for deletion on {planned.due_on.isoformat()}. Delete it there now."
    )
    answer = input("Have you deleted it? Type yes to record it: ")
    return answer.strip().lower() == "yes"


def _cmd_erase(args: argparse.Namespace, open_store: Callable[[], Store], data: Path) -> int:
    from vigkit.media.governance import erase

    with open_store() as store:
        case = store.cases.get(args.case)
        by = _acting(store, args.as_login)
        if _is_team_store(store) or args.as_login:
            _ask_policy(store, by, "erase", case.code, "vigkit erase")
        if not args.yes:
            if not sys.stdin.isatty():
                raise _Refused("to erase without a question, add --yes; nothing was erased.")
            typed = input(
                f"This erases everything held about case {case.code}, for good. "
                "Type the case code to go on: "
            )
            if typed.strip().upper() != case.code:
                raise _Refused("the code typed was not the case's; nothing was erased.")
        done = erase(store, data, case.code, by=by, reason=args.reason)
    rows = sum(done.erased.rows.values())
    print(
        f"Case {case.code} erased: {rows} record(s) and {len(done.files.removed)} file(s) "
        "removed; one line in the audit trail says so."
    )
    for path in done.files.elsewhere:
        print(f"  The original film {path} is kept outside vigkit: delete it there.")
    return 0


def _cmd_subject_access(
    args: argparse.Namespace, open_store: Callable[[], Store], data: Path
) -> int:
    from vigkit.core.errors import refuse_a_name
    from vigkit.reports.subjectaccess import write_subject_access

    refuse_a_name(args.case)
    with open_store() as store:
        case = store.cases.get(args.case)
        by = _acting(store, args.as_login)
        if _is_team_store(store) or args.as_login:
            _ask_policy(store, by, "export", case.code, "vigkit subject-access")
        else:
            audit_alone(store, "export", case.code, "vigkit subject-access")
        written = write_subject_access(
            store, case.code, Path(args.to), data, with_media=args.with_media
        )
    for path in written:
        print(path)
    return 0


def _cmd_report(args: argparse.Namespace, open_store: Callable[[], Store], data: Path) -> int:
    from vigkit.core.access import Action, ServiceReport, decide
    from vigkit.core.audit import AuditEvent, event_for
    from vigkit.reports.servicereport import report_measures, write_report

    if args.last < args.first:
        raise _Refused("the report's --to day comes before its --from day; nothing was written.")
    with open_store() as store:
        by = _acting(store, args.as_login)
        if _is_team_store(store) or args.as_login:
            decision = decide(store.access.principal(by), Action.export, ServiceReport())
            door = "vigkit report"
            store.audit.record(event_for(by, "export", ServiceReport(), decision, door))
            if not decision:
                raise _Refused(f"{by} may not make the service report ({decision.reason}).")
        else:
            event = AuditEvent(
                by, "export", "service report", "", True, "alone: your workbook", "vigkit report"
            )
            store.audit.record(event)
        titles, change = report_measures(data)
        written = write_report(
            store, args.first, args.last, Path(args.out), by=args.by, settings=_settings(data),
            measure_titles=titles, reliable_change=change,
        )  # fmt: skip
    for path in written:
        print(path)
    return 0


def _settings(data: Path):  # type: ignore[no-untyped-def]
    from vigkit.core.settings import load_settings

    path = data / "settings.yaml"
    return load_settings(path.read_text(encoding="utf-8") if path.is_file() else None)


def run(args: argparse.Namespace, open_store: Callable[[], Store], data: Callable[[], Path]) -> int:
    """Run one governance command; a refusal is one plain sentence and exit status 2."""
    try:
        if args.command == "audit":
            return _cmd_audit(args, open_store)
        handler = {
            "retention": _cmd_retention,
            "erase": _cmd_erase,
            "subject-access": _cmd_subject_access,
            "report": _cmd_report,
        }[args.command]
        return handler(args, open_store, data())
    except _Refused as why:
        print(f"vigkit: {why}", file=sys.stderr)
        return 2


HANDLERS = ("audit", "retention", "erase", "subject-access", "report")
