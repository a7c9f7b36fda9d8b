"""`vigkit serve`, `vigkit team` and `vigkit lab`: the workbooks served, alone or to a team."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vigkit import paths
from vigkit.cli.common import add_data, add_database, data_of, database_url

if TYPE_CHECKING:
    from vigkit.server.teamhub import DemoTeam

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("serve", "team", "lab")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve``, ``team`` and ``lab`` to ``sub``."""
    _add_serve(sub)
    _add_team(sub)
    _add_lab(sub)


def _add_serve(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help="serve the workbooks in your browser")
    add_data(serve)
    add_database(serve)
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


def _add_team(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    team = sub.add_parser(
        "team", help="a team on this machine: JupyterHub logins, one vigkit server per person"
    )
    add_data(team)
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


def _add_lab(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    lab = sub.add_parser("lab", help="open JupyterLab on the templates, to edit them")
    lab.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER",
        help="the folder to open (default: the shipped templates folder)",
    )
    add_data(lab)


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
    data = data_of(args)
    from vigkit.backup import follow_if_moved
    from vigkit.ownerfiles import warn_if_open

    warn_if_open(data)
    database = database_url(args)
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


def _cmd_team(args: argparse.Namespace) -> int:
    from vigkit.server.teamhub import TeamOptions, serve_team

    if args.demo and args.database:
        print(
            "vigkit: --demo fills vigkit's own PostgreSQL in the data directory; leave out "
            "--database (and $VIGKIT_DATABASE_URL) to try the demo team",
            file=sys.stderr,
        )
        return 2
    from vigkit.ownerfiles import warn_if_open

    warn_if_open(data_of(args))
    options = TeamOptions(
        data=data_of(args),
        port=args.port,
        database_url=args.database,
        demo=demo_team() if args.demo else None,
    )
    return serve_team(options)


def demo_team() -> DemoTeam:
    """The demo team for ``vigkit team --demo``: the server is given it, never imports it."""
    from vigkit.demo.team import DEMO_TEAM, fill_demo_team
    from vigkit.server.teamhub import DemoTeam

    def fill(data: Path, out: TextIO, url: str | None) -> bool:
        return fill_demo_team(data, out=out, url=url)

    return DemoTeam(fill, {m.login: m.what for m in DEMO_TEAM})


def _cmd_lab(args: argparse.Namespace) -> int:
    from vigkit.server.lab import lab_command

    return lab_command(args.folder, data_of(args))


def run(args: argparse.Namespace) -> int:
    """Run one of this module's commands; its exit status."""
    handlers = {"serve": _cmd_serve, "team": _cmd_team, "lab": _cmd_lab}
    return handlers[args.command](args)
