"""`vigkit templates check | diff | new | pack | install | words`: a trainer's tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit import paths
from vigkit.cli.common import add_data, data_of

if TYPE_CHECKING:
    pass

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("templates",)


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``templates`` to ``sub``."""
    templates = sub.add_parser("templates", help="work with question-set templates")
    tsub = templates.add_subparsers(dest="templates_command", required=True, metavar="ACTION")
    check = tsub.add_parser("check", help="check templates and say what is wrong, with lines")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: the shipped templates and the data directory's)",
    )
    add_data(check)
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
    add_data(new)
    pack = tsub.add_parser("pack", help="put question sets into a pack (a zip) to share")
    pack.add_argument("paths", nargs="+", metavar="PATH", help="question set files or folders")
    pack.add_argument("--to", required=True, metavar="PACK.zip", help="the pack to make")
    pack.add_argument("--name", help="the pack's name (default: the file name)")
    install = tsub.add_parser("install", help="check a pack and install its question sets")
    install.add_argument("pack", metavar="PACK", help="a pack made by `vigkit templates pack`")
    add_data(install)
    words = tsub.add_parser(
        "words", help="print the interface's words as a language file to translate"
    )
    words.add_argument("language", metavar="LANGUAGE", help="the language code, such as cy")
    words.add_argument(
        "--missing",
        metavar="FILE",
        help="an existing language file: print only the words it does not have yet",
    )


def _user_templates(args: argparse.Namespace) -> Path:
    from vigkit.templates.copying import user_question_sets

    return user_question_sets(data_of(args))


def _words_command(language: str, missing: str | None) -> int:
    """``vigkit templates words``: a language file to translate, on standard output."""
    from vigkit.templates.wordsfile import parse_interface, words_file

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


def run(args: argparse.Namespace) -> int:
    """Run one of this module's commands; its exit status."""
    handlers = {"templates": _cmd_templates}
    return handlers[args.command](args)
