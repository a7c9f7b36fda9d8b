"""The frames the case workbook's plots are drawn from: ratings over time, and principles
per cycle. Pure, like :mod:`vigkit.core.summaries` (which gives them too); the plots are
:mod:`vigkit.reports.plots`.
"""

from __future__ import annotations

import pandas as pd

from vigkit.core.records import Clip, Film, HelpingQuestion

__all__ = ["ratings_frame", "principles_per_cycle"]

_RATING_COLUMNS = ["question_id", "position", "words", "occasion", "rated_on", "value", "hoped_for"]


def ratings_frame(helping_questions: list[HelpingQuestion]) -> pd.DataFrame:
    """One row per rating, by question position then date."""
    rows = [
        (hq.id, hq.position, hq.words, r.occasion, r.rated_on, r.value, hq.hoped_for)
        for hq in sorted(helping_questions, key=lambda h: (h.position, h.id or 0))
        for r in sorted(hq.ratings, key=lambda r: r.rated_on)
    ]
    frame = pd.DataFrame(rows, columns=_RATING_COLUMNS)
    for name in ("question_id", "position", "value", "hoped_for"):
        frame[name] = frame[name].astype("Int64")
    return frame


def principles_per_cycle(
    films: list[Film], clips: list[Clip], principles_order: list[str]
) -> pd.DataFrame:
    """Cycle x heading id: how many clips were tagged with each heading (or a behaviour in it).

    Headings outside ``principles_order`` follow it, sorted, so nothing recorded is lost.
    """
    cycle_of = {f.id: f.cycle_number for f in films if f.id is not None}
    counts: dict[int, dict[str, int]] = {n: {} for n in sorted(set(cycle_of.values()))}
    for clip in clips:
        if clip.film_id not in cycle_of:
            continue
        row = counts[cycle_of[clip.film_id]]
        for heading in {pid.split(".", 1)[0] for pid in clip.principle_ids}:
            row[heading] = row.get(heading, 0) + 1
    extra = sorted({h for row in counts.values() for h in row} - set(principles_order))
    columns = list(principles_order) + extra
    frame = pd.DataFrame(
        [[row.get(h, 0) for h in columns] for row in counts.values()],
        index=pd.Index(list(counts), name="cycle"),
        columns=columns,
        dtype=int,
    )
    return frame
