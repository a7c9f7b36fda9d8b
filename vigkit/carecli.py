"""Commands that look after a data folder: ``doctor`` (who can read it).

Kept apart from :mod:`vigkit.cli` so that module stays about serving and the workbooks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

__all__ = ["add_commands", "run", "HANDLERS", "warn_if_open"]

AddOption = Callable[[argparse.ArgumentParser], None]
HANDLERS = ("doctor",)


def add_commands(sub: argparse._SubParsersAction, add_data: AddOption) -> None:  # type: ignore[type-arg]
    """Add ``doctor`` to ``sub``."""
    doctor = sub.add_parser(
        "doctor", help="check that only you can read the data folder (--fix to make it so)"
    )
    add_data(doctor)
    doctor.add_argument(
        "--fix",
        action="store_true",
        help="make every folder in it 0700 and every file 0600 (yours only)",
    )


def warn_if_open(data: Path, out: TextIO | None = None) -> bool:
    """Say on the terminal when other users can read ``data``; True when they can."""
    from vigkit.ownerfiles import exposure_warning

    words = exposure_warning(data)
    if words is not None:
        print(f"vigkit: warning: {words}", file=out or sys.stderr, flush=True)
    return words is not None


def _doctor(args: argparse.Namespace, data: Path, out: TextIO) -> int:
    from vigkit.ownerfiles import make_owner_only, open_to_others

    if args.fix:
        changed = make_owner_only(data)
        left = open_to_others(data)
        if left:
            print(
                f"vigkit: {len(left)} file(s) or folder(s) in {data} could not be made yours "
                f"only (such as {left[0]}): are they another user's?",
                file=out,
            )
            return 1
        print(
            f"vigkit: {data}: made {len(changed)} file(s) or folder(s) yours only; "
            "nobody else on this machine can open the data folder now.",
            file=out,
        )
        return 0
    if warn_if_open(data, out):
        return 1
    print(f"vigkit: {data}: only you can open the data folder.", file=out)
    return 0


def run(args: argparse.Namespace, data: Callable[[], Path], out: TextIO | None = None) -> int:
    """Run the command ``args`` names; ``data`` gives the data folder."""
    out = out or sys.stdout
    return _doctor(args, data(), out)
