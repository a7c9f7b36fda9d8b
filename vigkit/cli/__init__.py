"""The `vigkit` command, one module per group of commands.

Each group — :mod:`~vigkit.cli.serving` (serve, team, lab), :mod:`~vigkit.cli.cases` (demo,
export), :mod:`~vigkit.cli.clip` (clip export), :mod:`~vigkit.cli.films` (films check),
:mod:`~vigkit.cli.govern` (audit, retention, erase, subject-access, report),
:mod:`~vigkit.cli.care` (doctor, backup, restore) and :mod:`~vigkit.cli.templatecmds`
(templates …) — adds its commands to the parser and runs them; what they share (the data
folder, the store) is :mod:`~vigkit.cli.common`. A person at a terminal always gets a
sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from vigkit import paths
from vigkit.cli import care, cases, clip, films, govern, serving, templatecmds
from vigkit.cli.common import add_data, add_database, data_of, database_url, open_store

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, each group adding its own."""
    parser = argparse.ArgumentParser(
        prog="vigkit", description="A reflective practice workbook for Video Interaction Guidance."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serving.add_commands(sub)
    cases.add_commands(sub)
    govern.add_commands(sub, add_data, add_database)
    care.add_commands(sub, add_data, add_database)
    films.add_commands(sub)
    clip.add_commands(sub, add_data, add_database)
    templatecmds.add_commands(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    """Hand the command to its group."""
    if args.command in govern.HANDLERS:
        return govern.run(args, lambda: open_store(args), lambda: data_of(args))
    if args.command in care.HANDLERS:
        return care.run(args, lambda: data_of(args), lambda: database_url(args))
    if args.command == "films":
        return films.run(args)
    if args.command == "clip":
        return clip.run_command(args)
    if args.command in serving.COMMANDS:
        return serving.run(args)
    if args.command in cases.COMMANDS:
        return cases.run(args)
    if args.command in templatecmds.COMMANDS:
        return templatecmds.run(args)
    raise AssertionError(f"no group runs {args.command}")  # argparse knows every command


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="vigkit %(levelname)s %(name)s: %(message)s")
    paths.owner_only()  # before anything is made: the hub, servers and kernels inherit it
    args = build_parser().parse_args(argv)
    from vigkit.core.errors import VigkitError

    try:
        return _run(args)
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
