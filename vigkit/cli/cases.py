"""`vigkit demo` (a synthetic caseload) and `vigkit export` (a case written out, as the policy allows)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit.cli.common import add_data, add_database, data_of, database_url

if TYPE_CHECKING:
    from vigkit.store import Store

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("demo", "export")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``demo``, ``export`` to ``sub``."""
    demo = sub.add_parser("demo", help="fill the store with a synthetic demo caseload")
    add_data(demo)
    add_database(demo)
    demo.add_argument(
        "--reset", action="store_true", help="delete the demo caseload and start over"
    )
    demo.add_argument("--if-empty", action="store_true", help="only when the store has no data yet")

    export = sub.add_parser(
        "export", help="export a case's clips, ratings and the family's record of strengths"
    )
    add_data(export)
    add_database(export)
    export.add_argument("case", metavar="CASE", help="the case code, such as F017")
    export.add_argument(
        "--to", required=True, metavar="DIR", help="folder to write into (a CASE folder inside it)"
    )
    export.add_argument(
        "--as",
        dest="as_login",
        metavar="LOGIN",
        help="who is exporting: the access policy decides and the audit trail records it "
        "(needed on a team's PostgreSQL store)",
    )


def _export_refused(store: Store, code: str, login: str | None) -> str | None:
    """Why ``login`` may not export case ``code`` (None when the policy allows it); the audit
    trail records the answer either way. A team's store always asks who is exporting."""
    from vigkit.core.access import Action, CaseRef, decide
    from vigkit.core.audit import event_for

    if not login:
        return (
            "this is a team's store: say who is exporting with --as LOGIN, so the access "
            "policy decides and the audit trail records it."
        )
    case = store.cases.get(code)
    resource = CaseRef(case.code, case.practitioner_id)
    decision = decide(store.access.principal(login), Action.export, resource)
    store.audit.record(event_for(login, "export", resource, decision, "vigkit export"))
    if decision:
        return None
    return f"{login} may not export case {case.code} ({decision.reason}); nothing was written."


def _cmd_demo(args: argparse.Namespace) -> int:
    from vigkit.backup import follow_if_moved
    from vigkit.demo.caseload import fill_demo

    fill_demo(
        data_of(args),
        reset=args.reset,
        if_empty=args.if_empty,
        out=sys.stdout,
        url=database_url(args),
    )
    follow_if_moved(data_of(args), database_url(args))  # notes where the folder is
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from vigkit.core.errors import refuse_a_name
    from vigkit.reports.export import export_case
    from vigkit.store import Store

    refuse_a_name(args.case)
    data = data_of(args)
    url = database_url(args)
    with Store.open(data, url=url) as store:
        if args.as_login or (url is not None and not url.startswith("sqlite")):
            refused = _export_refused(store, args.case, args.as_login)
            if refused:
                print(f"vigkit: {refused}", file=sys.stderr)
                return 2
        else:  # alone: the workbook's practitioner, written in the trail all the same
            from vigkit.cli.govern import audit_alone

            audit_alone(store, "export", args.case, "vigkit export")
        written = export_case(store, args.case, Path(args.to), data_dir=data)
    for path in written:
        print(path)
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one of this module's commands; its exit status."""
    handlers = {"demo": _cmd_demo, "export": _cmd_export}
    return handlers[args.command](args)
