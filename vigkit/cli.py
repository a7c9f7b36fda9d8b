"""The `vigkit` command: serve the workbooks, fill a demo caseload, check templates."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit import paths

if TYPE_CHECKING:
    from vigkit.store import Store

__all__ = ["main", "build_parser"]


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $VIGKIT_HOME, else your user data directory)",
    )


def _add_database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="the store's database, e.g. postgresql+psycopg://… (default: $VIGKIT_DATABASE_URL, "
        "else the data directory's SQLite file)",
    )


def _database(args: argparse.Namespace) -> str | None:
    """--database, else $VIGKIT_DATABASE_URL, else `database:` in <data>/settings.yaml."""
    named = getattr(args, "database", None) or os.environ.get(paths.ENV_DATABASE_URL)
    if named:
        return str(named)
    from vigkit.core.settings import load_settings

    settings = _data(args) / "settings.yaml"
    return (
        load_settings(settings.read_text(encoding="utf-8")).database if settings.is_file() else None
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vigkit", description="A reflective practice workbook for Video Interaction Guidance."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the workbooks in your browser")
    _add_data(serve)
    _add_database(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    serve.add_argument(
        "--token",
        default=os.environ.get("VIGKIT_TOKEN") or None,
        help="token a browser must present (default: $VIGKIT_TOKEN); required off this machine",
    )
    serve.add_argument(
        "--new-token", action="store_true", help="generate a token and print the link to open"
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument(
        "--max-pages",
        type=int,
        metavar="N",
        help="at most N pages hold a kernel at once (default: what this machine's memory allows)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name this machine's server answers to (a reverse proxy's); on loopback "
        "only localhost and loopback addresses are answered otherwise",
    )
    serve.add_argument("--workbooks", metavar="DIR", help="serve the notebooks in DIR instead")
    serve.add_argument(
        "--preheat",
        metavar="NAMES",
        help="notebooks given a kernel before anyone asks, comma-separated, or 'all' "
        "(default: home.ipynb,case.ipynb,reflection.ipynb)",
    )
    serve.add_argument(
        "--team",
        action="store_true",
        help="serve one person of a team: only when JupyterHub starts it (see make serve-team)",
    )
    serve.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="fill the synthetic demo caseload first when the store has no data",
    )

    team = sub.add_parser(
        "team", help="a team on this machine: JupyterHub logins, one vigkit server per person"
    )
    _add_data(team)
    team.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    team.add_argument(
        "--database",
        metavar="URL",
        default=os.environ.get("VIGKIT_DATABASE_URL") or None,
        help="the team's store (default: $VIGKIT_DATABASE_URL, else a PostgreSQL of vigkit's "
        "own in the data directory)",
    )
    team.add_argument(
        "--demo", action="store_true", help="add the synthetic demo team and print its logins"
    )

    demo = sub.add_parser("demo", help="fill the store with a synthetic demo caseload")
    _add_data(demo)
    _add_database(demo)
    demo.add_argument(
        "--reset", action="store_true", help="delete the demo caseload and start over"
    )
    demo.add_argument("--if-empty", action="store_true", help="only when the store has no data yet")

    export = sub.add_parser(
        "export", help="export a case's clips, ratings and the family's record of strengths"
    )
    _add_data(export)
    _add_database(export)
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

    from vigkit.governcli import add_commands

    add_commands(sub, _add_data, _add_database)
    from vigkit import carecli, filmscli

    carecli.add_commands(sub, _add_data, _add_database)

    filmscli.add_commands(sub)
    from vigkit import clipcli

    clipcli.add_commands(sub, _add_data, _add_database)

    lab = sub.add_parser("lab", help="open JupyterLab on the templates, to edit them")
    lab.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER",
        help="the folder to open (default: the shipped templates folder)",
    )
    _add_data(lab)

    templates = sub.add_parser("templates", help="work with question-set templates")
    tsub = templates.add_subparsers(dest="templates_command", required=True, metavar="ACTION")
    check = tsub.add_parser("check", help="check templates and say what is wrong, with lines")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: the shipped templates and the data directory's)",
    )
    _add_data(check)
    diff = tsub.add_parser("diff", help="say what changed between two versions of a question set")
    diff.add_argument("old", metavar="OLD", help="the earlier version (a .yaml file)")
    diff.add_argument("new", metavar="NEW", help="the later version (a .yaml file)")
    new = tsub.add_parser("new", help="copy a shipped question set to adapt it under a new id")
    new.add_argument(
        "--from", dest="from_id", required=True, metavar="SHIPPED_ID", help="a shipped id"
    )
    new.add_argument("new_id", metavar="NEW_ID", help="the id of your copy, e.g. gibbs_ourservice")
    new.add_argument(
        "--to",
        metavar="DIR",
        help="folder to write into (default: templates/question_sets in the data directory)",
    )
    _add_data(new)
    pack = tsub.add_parser("pack", help="put question sets into a pack (a zip) to share")
    pack.add_argument("paths", nargs="+", metavar="PATH", help="question set files or folders")
    pack.add_argument("--to", required=True, metavar="PACK.zip", help="the pack to make")
    pack.add_argument("--name", help="the pack's name (default: the file name)")
    install = tsub.add_parser("install", help="check a pack and install its question sets")
    install.add_argument("pack", metavar="PACK", help="a pack made by `vigkit templates pack`")
    _add_data(install)
    words = tsub.add_parser(
        "words", help="print the interface's words as a language file to translate"
    )
    words.add_argument("language", metavar="LANGUAGE", help="the language code, such as cy")
    words.add_argument(
        "--missing",
        metavar="FILE",
        help="an existing language file: print only the words it does not have yet",
    )
    return parser


def _data(args: argparse.Namespace) -> Path:
    from vigkit.core.errors import StoreError

    explicit = getattr(args, "data", None)
    try:
        return paths.data_dir(explicit)
    except OSError as err:
        where = Path(explicit or os.environ.get(paths.ENV_HOME) or "the data directory")
        raise StoreError(
            key="error.store.not_opened", where=where, detail=err.strerror or err
        ) from err


def _open_store(args: argparse.Namespace) -> Store:
    from vigkit.store import Store

    return Store.open(_data(args), url=_database(args))


def _cmd_serve(args: argparse.Namespace) -> int:
    from vigkit.server.app import ServeOptions, ServeRefused, check_host, new_token, serve
    from vigkit.server.teammode import TeamModeError, team_from_env

    token = new_token() if args.new_token else args.token
    team = None
    try:
        if args.team:
            team = team_from_env()
        else:
            check_host(args.host, token)
    except (ServeRefused, TeamModeError) as exc:
        print(f"vigkit: {exc}", file=sys.stderr)
        return 2
    data = _data(args)
    from vigkit.carecli import follow_if_moved, warn_if_open

    warn_if_open(data)
    database = _database(args)
    if not args.team:  # a team's films were followed once, by `vigkit team`
        follow_if_moved(data, database)
    if database:  # the pages, film routes and kernels of this server all open it
        os.environ[paths.ENV_DATABASE_URL] = database
    if args.demo_if_empty and not database:  # never pour the demo into a named database
        from vigkit.demo.caseload import fill_demo

        fill_demo(data, if_empty=True, out=sys.stdout)
    options = ServeOptions(
        data=data,
        host=team.host if team else args.host,
        port=team.port if team else args.port,
        token=None if team else token,
        open_browser=not (args.no_browser or team),
        workbooks=Path(args.workbooks).resolve() if args.workbooks else None,
        team=team,
        allow_hosts=tuple(args.allow_host),
    )
    if args.max_pages is not None and args.max_pages > 0:
        from vigkit.server.kernelcap import ENV_MAX_PAGES

        os.environ[ENV_MAX_PAGES] = str(args.max_pages)
    if args.preheat == "all":
        options.preheat = None
    elif args.preheat is not None:
        options.preheat = tuple(name.strip() for name in args.preheat.split(",") if name.strip())
    serve(options)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from vigkit.carecli import follow_if_moved
    from vigkit.demo.caseload import fill_demo

    fill_demo(
        _data(args), reset=args.reset, if_empty=args.if_empty, out=sys.stdout, url=_database(args)
    )
    follow_if_moved(_data(args), _database(args))  # notes where the folder is
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from vigkit.core.errors import refuse_a_name
    from vigkit.reports.export import export_case
    from vigkit.store import Store

    refuse_a_name(args.case)
    data = _data(args)
    url = _database(args)
    with Store.open(data, url=url) as store:
        if args.as_login or (url is not None and not url.startswith("sqlite")):
            refused = _export_refused(store, args.case, args.as_login)
            if refused:
                print(f"vigkit: {refused}", file=sys.stderr)
                return 2
        else:  # alone: the workbook's practitioner, written in the trail all the same
            from vigkit.governcli import audit_alone

            audit_alone(store, "export", args.case, "vigkit export")
        written = export_case(store, args.case, Path(args.to), data_dir=data)
    for path in written:
        print(path)
    return 0


def _cmd_clip(args: argparse.Namespace) -> int:
    from vigkit import clipcli
    from vigkit.store import Store

    data = _data(args)
    url = _database(args)
    team = url is not None and not url.startswith("sqlite")
    with Store.open(data, url=url) as store:
        return clipcli.run(args, store, data, team=team)


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
    case = store.get_case(code)
    resource = CaseRef(case.code, case.practitioner_id)
    decision = decide(store.principal(login), Action.export, resource)
    store.record_audit(event_for(login, "export", resource, decision, "vigkit export"))
    if decision:
        return None
    return f"{login} may not export case {case.code} ({decision.reason}); nothing was written."


def _user_templates(args: argparse.Namespace) -> Path:
    from vigkit.templates.copying import user_question_sets

    return user_question_sets(_data(args))


def _cmd_templates(args: argparse.Namespace) -> int:
    from vigkit.templates import check_command
    from vigkit.templates.commands import diff_command, install_command, new_command, pack_command

    action = args.templates_command
    if action == "diff":
        return diff_command(args.old, args.new)
    if action == "new":
        to = Path(args.to) if args.to else _user_templates(args)
        return new_command(args.from_id, args.new_id, to)
    if action == "pack":
        return pack_command(args.paths, args.to, args.name)
    if action == "install":
        return install_command(args.pack, _user_templates(args))
    if action == "words":
        return _words_command(args.language, args.missing)
    targets = args.paths or [str(paths.templates_dir())]
    if not args.paths:
        user = _user_templates(args)
        if user.is_dir() and any(user.glob("*.y*ml")):
            targets.append(str(user))
    return check_command(targets)


def _words_command(language: str, missing: str | None) -> int:
    """``vigkit templates words``: a language file to translate, on standard output."""
    from vigkit.i18n.interface import parse_interface, words_file

    if missing is None:
        sys.stdout.write(words_file(language))
        return 0
    path = Path(missing)
    if not path.is_file():
        print(f"vigkit: {path}: no such file — check the path", file=sys.stderr)
        return 1
    words = parse_interface(path.read_text(encoding="utf-8"), str(path))
    sys.stdout.write(words_file(language, words, only_missing=True))
    return 0


def _cmd_team(args: argparse.Namespace) -> int:
    from vigkit.server.teamhub import TeamOptions, serve_team

    if args.demo and args.database:
        print(
            "vigkit: --demo fills vigkit's own PostgreSQL in the data directory; leave out "
            "--database (and $VIGKIT_DATABASE_URL) to try the demo team",
            file=sys.stderr,
        )
        return 2
    from vigkit.carecli import warn_if_open

    warn_if_open(_data(args))
    options = TeamOptions(
        data=_data(args), port=args.port, database_url=args.database, demo=args.demo
    )
    return serve_team(options)


def _cmd_lab(args: argparse.Namespace) -> int:
    from vigkit.server.lab import lab_command

    return lab_command(args.folder, _data(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="vigkit %(levelname)s %(name)s: %(message)s")
    paths.owner_only()  # before anything is made: the hub, servers and kernels inherit it
    args = build_parser().parse_args(argv)
    handlers = {
        "serve": _cmd_serve,
        "demo": _cmd_demo,
        "export": _cmd_export,
        "templates": _cmd_templates,
        "lab": _cmd_lab,
        "team": _cmd_team,
    }
    from vigkit import governcli
    from vigkit.core.errors import VigkitError

    try:
        if args.command in governcli.HANDLERS:
            return governcli.run(args, lambda: _open_store(args), lambda: _data(args))
        from vigkit import carecli

        if args.command in carecli.HANDLERS:
            return carecli.run(args, lambda: _data(args), lambda: _database(args))
        if args.command == "films":
            from vigkit import filmscli

            return filmscli.run(args)
        if args.command == "clip":
            return _cmd_clip(args)
        return handlers[args.command](args)
    except VigkitError as exc:
        print(f"vigkit: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a person at a terminal gets a sentence, not a traceback
        if os.environ.get("VIGKIT_DEBUG"):
            raise
        print(
            f"vigkit: the command stopped for a reason vigkit did not expect ({exc}). "
            "Run it again with VIGKIT_DEBUG=1 set to see the detail.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
