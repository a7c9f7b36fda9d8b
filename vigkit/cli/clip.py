"""``vigkit clip export CASE CLIP --for USE --to FILE [--as LOGIN]``: a clip taken out of
vigkit, to a training event or a supervision elsewhere.

The file is the same rendering the pages show for that use (:mod:`vigkit.media.renderings`:
the clip's seconds only, re-encoded to play anywhere), never the film. The access policy
decides (:func:`vigkit.core.access.decide`, action export): only the family's own
practitioner takes a clip out, and only for a use the family's consent names; the audit
trail records the answer either way. A refusal says why in plain words, writes nothing and
exits with status 1. :mod:`vigkit.cli` adds it to its parser.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from vigkit.core.access import PEOPLE_NOT_CONFIRMED, AccessRole, Action, Principal, Use, decide
from vigkit.core.audit import event_for
from vigkit.core.errors import MediaError, VigkitError
from vigkit.store import Store

__all__ = ["add_commands", "run"]

DOOR = "vigkit clip export"

_USE_WORDS = {
    Use.review: "the use of their film in the shared review",
    Use.supervision: "viewing by the VIG supervisor",
    Use.intervision: "showing in a supervision group",
    Use.group_review: "showing to the other families of their group",
    Use.training: "showing at training events",
}


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_data: Callable[[argparse.ArgumentParser], None],
    add_database: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``clip`` (with its action ``export``) to ``sub``."""
    clip = sub.add_parser("clip", help="take a clip out of vigkit, as one use would see it")
    csub = clip.add_subparsers(dest="clip_command", required=True, metavar="ACTION")
    export = csub.add_parser(
        "export",
        help="write a clip's seconds, rendered for a use the family agreed to, into an .mp4",
    )
    add_data(export)
    add_database(export)
    export.add_argument("case", metavar="CASE", help="the case code, such as F017")
    export.add_argument("clip", metavar="CLIP", type=int, help="the clip's number")
    export.add_argument(
        "--for",
        dest="use",
        required=True,
        choices=[u.value for u in Use],
        help="what the clip is for: the family's consent must say yes to it",
    )
    export.add_argument("--to", required=True, metavar="FILE", help="the .mp4 file to write")
    export.add_argument(
        "--as",
        dest="as_login",
        metavar="LOGIN",
        help="who is taking the clip out: the access policy decides and the audit trail "
        "records it (needed on a team's PostgreSQL store)",
    )


def run(
    args: argparse.Namespace, store: Store, data: Path, *, team: bool, err: TextIO | None = None
) -> int:
    """Run ``vigkit clip export``; the exit status (1: refused or failed, nothing written)."""
    from vigkit.media.fingerprint import check_unchanged
    from vigkit.media.footage import write_whole
    from vigkit.media.renderings import render_for

    err = err or sys.stderr
    to = Path(args.to)
    if to.suffix.lower() != ".mp4":
        print(f"vigkit: the clip is written as an .mp4 file: {to.name} is not one.", file=err)
        return 1
    if team and not args.as_login:
        print(
            "vigkit: this is a team's store: say who is taking the clip out with --as LOGIN, "
            "so the access policy decides and the audit trail records it. Nothing was written.",
            file=err,
        )
        return 1
    use = Use(args.use)
    case = store.cases.get(args.case)
    clip = next((c for c in store.films.list_clips(case_code=case.code) if c.id == args.clip), None)
    if clip is None:
        raise VigkitError(key="error.clip.not_found", clip=args.clip, case=case.code)
    film = store.films.get(clip.film_id)
    resource = store.access.footage(film, use, (clip.start_s, clip.end_s))
    login = args.as_login or store.settings.workbook_practitioner_id() or case.practitioner_id
    who = (
        store.access.principal(login)
        if args.as_login
        else Principal(case.practitioner_id, frozenset({AccessRole.practitioner}))
    )
    decision = decide(who, Action.export, resource)
    store.audit.record(event_for(login, "export", resource, decision, DOOR))
    if not decision:
        if resource.owner != who.id:
            raise VigkitError(key="error.clip.not_yours")
        if decision.reason == PEOPLE_NOT_CONFIRMED:
            raise VigkitError(key="error.clip.people_not_confirmed", film=film.id)
        raise VigkitError(key="error.clip.no_consent_for_use", use=_USE_WORDS[use])
    if film.footage_deleted_on is not None:
        raise MediaError(
            f"The footage of film {film.id} was deleted on {film.footage_deleted_on} (its "
            "retention ended), so there is no clip to write. Nothing was written."
        )
    check_unchanged(data, film)  # a film edited since it was logged: refused
    made = render_for(store, data, film, use, (clip.start_s, clip.end_s))
    with write_whole(to) as tmp:
        shutil.copyfile(made, tmp)
    print(to)
    return 0


def run_command(args: argparse.Namespace) -> int:
    """``vigkit clip export``, on the store the options name."""
    from vigkit.cli.common import data_of, database_url

    data = data_of(args)
    url = database_url(args)
    team = url is not None and not url.startswith("sqlite")
    with Store.open(data, url=url) as store:
        return run(args, store, data, team=team)
