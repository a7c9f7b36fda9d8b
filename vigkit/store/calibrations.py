"""Calibration in a live session: everyone tags the presented clip with principle headings,
alone; the facilitator reveals the tags and the agreement (:mod:`vigkit.core.agreement`).

:class:`Calibration` is ``store.calibration``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vigkit.core.agreement import CalibrationReveal, calibration_reveal
from vigkit.core.errors import VigkitError
from vigkit.core.records import now
from vigkit.core.supervisionrecords import PostKind, SessionCalibration
from vigkit.store import rows as q
from vigkit.store import session_rows as sr
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Calibration"]


class Calibration(Part):
    """``store.calibration``: calibration of the presented clip in a live session."""

    # -- calibration ----------------------------------------------------------------------

    def start(self, session_id: int, by_id: str) -> SessionCalibration:
        """Start a calibration on the presented clip (the facilitator only)."""
        with self._tx() as conn:
            row = sr.need_facilitator(conn, session_id, by_id)
            if row.film_id is None:
                raise VigkitError(key="error.calibration.present_first")
            ident = q.new_id(
                conn.execute(
                    t.live_calibrations.insert().values(
                        session_id=session_id,
                        film_id=row.film_id,
                        start_s=row.clip_start_s,
                        end_s=row.clip_end_s,
                        opened_at=now(),
                        revealed_at=None,
                    )
                )
            )
            sr.add_event(
                conn,
                session_id,
                by_id,
                PostKind.calibration,
                "started a calibration: tag the presented clip with the headings you see.",
            )
            return sr.calibration_record(sr.calibration_row(conn, ident))

    def save_tags(
        self, calibration_id: int, practitioner_id: str, principle_ids: Iterable[str]
    ) -> None:
        """Save (or change) one person's tags until the reveal; afterwards they are fixed."""
        tg = t.live_calibration_tags
        chosen = sorted(set(principle_ids))
        with self._tx() as conn:
            row = sr.calibration_row(conn, calibration_id)
            sr.open_row(conn, row.session_id)
            sr.need_attendee(conn, row.session_id, practitioner_id)
            if row.revealed_at is not None:
                raise VigkitError(key="error.calibration.revealed")
            key = {"calibration_id": calibration_id, "practitioner_id": practitioner_id}
            q.upsert(conn, tg, key, {"principle_ids": chosen, "tagged_at": now()})

    def tags(self, calibration_id: int, viewer_id: str) -> dict[str, list[str]]:
        """Tags by person: before the reveal only the viewer's own; everyone's after it."""
        with self._read() as conn:
            row = sr.calibration_row(conn, calibration_id)
            sr.need_member(conn, sr.session_row(conn, row.session_id).group_id, viewer_id)
            tags = sr.tags_of(conn, calibration_id)
        if row.revealed_at is None:
            return {viewer_id: tags[viewer_id]} if viewer_id in tags else {}
        return tags

    def reveal(self, calibration_id: int, by_id: str) -> SessionCalibration:
        """Reveal everyone's tags (the facilitator only); nobody's tags change after this."""
        c = t.live_calibrations
        with self._tx() as conn:
            row = sr.calibration_row(conn, calibration_id)
            sr.need_facilitator(conn, row.session_id, by_id)
            if not sr.tags_of(conn, calibration_id):
                raise VigkitError(key="error.calibration.no_tags")
            if row.revealed_at is None:
                conn.execute(c.update().where(c.c.id == calibration_id).values(revealed_at=now()))
                sr.add_event(conn, row.session_id, by_id, PostKind.revealed, "revealed the tags.")
            return sr.calibration_record(sr.calibration_row(conn, calibration_id))

    def result(self, calibration_id: int, heading_ids: Sequence[str]) -> CalibrationReveal:
        """Agreement of everyone who tagged (vigkit.core.agreement); TagsHidden before the reveal."""
        with self._read() as conn:
            row = sr.calibration_row(conn, calibration_id)
            if row.revealed_at is None:
                raise sr.TagsHidden()
            tags = sr.tags_of(conn, calibration_id)
        # Tags of a heading a trainer has since removed are left out rather than failing.
        known = set(heading_ids)
        clip = f"film {row.film_id} {row.start_s:.1f}–{row.end_s:.1f} s"
        return calibration_reveal(
            {who: {clip: [h for h in ids if h in known]} for who, ids in tags.items()},
            list(heading_ids),
        )
