"""The films commands of `vigkit`: ``vigkit films check FILE…``, run on a folder before a session.

For each film it says in plain words what vigkit makes of it (plays as it is, needs a playback
copy, cannot be used, and why: :mod:`vigkit.media.filmcheck`), then a summary. The exit
status is 1 when a film cannot be used or none was found. :mod:`vigkit.cli` adds it to its parser.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

__all__ = ["add_commands", "run"]

_HEADINGS = {
    "plays": "plays as it is",
    "needs_copy": "needs a playback copy",
    "unusable": "cannot be used",
}


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``films`` (with its action ``check``) to ``sub``."""
    films = sub.add_parser("films", help="check film files before a session")
    fsub = films.add_subparsers(dest="films_command", required=True, metavar="ACTION")
    check = fsub.add_parser(
        "check",
        help="say for each film whether it plays as it is, needs a playback copy or cannot "
        "be used, and why",
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="FILE",
        help="film files, or folders to look through for films (.mp4 .mov .m4v .webm .mkv "
        ".avi .3gp)",
    )


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``vigkit films ACTION``; returns the exit status."""
    from vigkit.media.filmcheck import FILM_SUFFIXES, check_paths, film_facts

    out = out or sys.stdout
    verdicts = check_paths(args.paths)
    if not verdicts:
        endings = " ".join(sorted(FILM_SUFFIXES))
        print(
            f"vigkit: no films found in {', '.join(args.paths)} (vigkit looks for files "
            f"ending {endings}).",
            file=sys.stderr,
        )
        return 1
    for verdict in verdicts:
        facts = f" — {film_facts(verdict.info)}" if verdict.info is not None else ""
        print(f"{verdict.path}: {_HEADINGS[verdict.verdict]}{facts}", file=out)
        print(f"    {verdict.reason}", file=out)
    counts = {kind: sum(v.verdict == kind for v in verdicts) for kind in _HEADINGS}
    total = len(verdicts)
    print(
        f"\n{total} {'film' if total == 1 else 'films'}: "
        f"{counts['plays']} {'plays as it is' if counts['plays'] == 1 else 'play as they are'}, "
        f"{counts['needs_copy']} {'needs' if counts['needs_copy'] == 1 else 'need'} a playback "
        f"copy, {counts['unusable']} cannot be used.",
        file=out,
    )
    return 1 if counts["unusable"] else 0
