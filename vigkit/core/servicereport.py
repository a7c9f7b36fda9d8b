"""The service report's figures, pure: tidy rows (measure, period, group, count, value,
note) from the store's records as frames, every figure passed through disclosure control
(:mod:`vigkit.core.disclosure`) before it leaves this module.

What is counted (a family is a case):

- referred — opened in the period; offered — its first consent recorded in the period
  (VIG was offered and the family's answer written down); started — its first film in
  the period; completed — closed in the period after at least ``min_cycles`` cycles;
  ended early — closed in the period after fewer;
- cycles delivered — cycles started in the period;
- days from film to shared review (median), consent before filming, film length, clips
  per film and clip length (fidelity), over the films made in the period;
- helping-question change (Goal-Based Outcomes): per family closed in the period, the
  mean over its questions of latest − first rating; the mean change and the share of
  families whose change is at least ``reliable_change`` points;
- each outcome measure: families with a start and an end score in the period, mean
  start, mean end, mean change;
- supervision hours and group VIG sessions held, attendances;
- eligible families offered VIG (NICE QS133), when the service records eligibility.

Each is given for the whole service ("All") and, with ``by``, for each group (setting or
practitioner). Reach per quarter is given for the plot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from vigkit.core.disclosure import (
    SUPPRESSED,
    DisclosureRule,
    protect_count,
    protect_percentage,
    protect_series,
    protect_statistic,
)

__all__ = ["ReportFrames", "ReportRow", "ServiceFigures", "figures", "COLUMNS", "ALL"]

ALL = "All"
COLUMNS = ["measure", "period", "group", "count", "value", "note"]
Shown = int | float | str | None


@dataclass
class ReportFrames:
    """The records the report reads, one frame each (columns as the store's tables)."""

    cases: pd.DataFrame  # code, practitioner_id, setting, opened_on, closed_on, eligible
    consents: pd.DataFrame  # case_code, given_on (each case's first)
    cycles: pd.DataFrame  # case_code, number, started_on
    films: pd.DataFrame  # id, case_code, cycle_number, duration_s, filmed_on
    clips: pd.DataFrame  # film_id, start_s, end_s
    ratings: pd.DataFrame  # case_code, helping_question_id, rated_on, value
    reviews: pd.DataFrame  # case_code, cycle_number, held_on (shared reviews)
    measures: pd.DataFrame  # case_code, measure_id, taken_on, occasion, total
    supervisions: pd.DataFrame  # held_on, duration_minutes
    group_sessions: pd.DataFrame  # id, held_on
    attendance: pd.DataFrame  # session_id, case_code (a row: the family came)


@dataclass(frozen=True)
class ReportRow:
    measure: str
    period: str
    group: str
    count: Shown
    value: Shown
    note: str = ""


@dataclass
class ServiceFigures:
    """The protected rows, and what the plots draw (protected too)."""

    rows: list[ReportRow] = field(default_factory=list)
    reach: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # quarter × referred/started/completed
    slopes: pd.DataFrame = field(default_factory=pd.DataFrame)  # family start → end (n ≥ threshold)
    footnote: str = ""

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([r.__dict__ for r in self.rows], columns=COLUMNS)


def _within(days: pd.Series, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    return (days >= first) & (days <= last)


_DATES = {
    "cases": ("opened_on", "closed_on"),
    "consents": ("given_on",),
    "cycles": ("started_on",),
    "films": ("filmed_on",),
    "ratings": ("rated_on",),
    "reviews": ("held_on",),
    "measures": ("taken_on",),
    "supervisions": ("held_on",),
    "group_sessions": ("held_on",),
}


def _as_days(frames: ReportFrames) -> ReportFrames:
    """The frames with their day columns as datetime64 (fast comparisons and groupbys)."""
    out = ReportFrames(**frames.__dict__)
    for name, columns in _DATES.items():
        frame = getattr(out, name).copy()
        for column in columns:
            frame[column] = pd.to_datetime(frame[column])
        setattr(out, name, frame)
    return out


class _Builder:
    def __init__(
        self,
        frames: ReportFrames,
        first: date,
        last: date,
        by: str | None,
        rule: DisclosureRule,
        *,
        min_cycles: int,
        reliable_change: float,
        clip_seconds: float,
        film_minutes: tuple[float, float],
        measure_titles: dict[str, str],
    ) -> None:
        self.f, self.rule = frames, rule
        self.first, self.last = pd.Timestamp(first), pd.Timestamp(last)
        self.period = f"{first.isoformat()} to {last.isoformat()}"
        self.min_cycles, self.reliable_change = min_cycles, reliable_change
        self.clip_seconds, self.film_minutes = clip_seconds, film_minutes
        self.measure_titles = measure_titles
        cases = frames.cases
        column = {"setting": "setting", "practitioner": "practitioner_id"}.get(by or "")
        groups = cases[column].fillna("").replace("", "(none)") if column else None
        self.group_of = dict(zip(cases["code"], groups, strict=True)) if groups is not None else {}
        self.groups = sorted(set(self.group_of.values())) if column else []
        self.rows: list[ReportRow] = []
        self.slopes = pd.DataFrame()

    # -- helpers -------------------------------------------------------------------------
    def _grouped(self, codes: pd.Series) -> dict[str, int]:
        counts = {g: 0 for g in self.groups}
        for code in codes:
            g = self.group_of.get(code)
            if g is not None:
                counts[g] = counts.get(g, 0) + 1
        return counts

    def count(self, measure: str, codes: Iterable[str], note: str = "") -> None:
        """A count of families (one per code), for the service and by group."""
        unique = pd.Series(list(codes), dtype=object).drop_duplicates()
        if self.groups:
            shown = protect_series(self._grouped(unique), self.rule, total_label=ALL)
            for group, value in sorted(shown.items(), key=lambda kv: kv[0] != ALL):
                self.rows.append(ReportRow(measure, self.period, group, value, None, note))
        else:
            value = protect_count(len(unique), self.rule)
            self.rows.append(ReportRow(measure, self.period, ALL, value, None, note))

    def tally(self, measure: str, n: int, note: str = "") -> None:
        """A count of things, not families (cycles, sessions): service-wide, protected."""
        self.rows.append(
            ReportRow(measure, self.period, ALL, protect_count(n, self.rule), None, note)
        )

    def statistic(
        self,
        measure: str,
        frame: pd.DataFrame,
        value: Callable[[pd.DataFrame], float | None],
        note: str,
        digits: int = 1,
    ) -> None:
        """A mean/median/share over ``frame`` (a ``case_code`` per row), per group."""
        parts = [(ALL, frame)]
        if self.groups:
            keys = frame["case_code"].map(self.group_of)
            parts += [(g, frame[keys == g]) for g in self.groups]
        for group, part in parts:
            families = part["case_code"].nunique() if len(part) else 0
            raw = value(part) if len(part) else None
            shown: Shown = None
            if raw is not None and not np.isnan(raw):
                shown = protect_statistic(float(raw), families, self.rule, digits=digits)
            elif families:
                shown = SUPPRESSED
            count = protect_count(families, self.rule)
            self.rows.append(ReportRow(measure, self.period, group, count, shown, note))

    def share(self, measure: str, hits: pd.Series, frame: pd.DataFrame, note: str) -> None:
        """A percentage of families, worked out from the rounded counts."""
        parts = [(ALL, frame, hits)]
        if self.groups:
            keys = frame["case_code"].map(self.group_of)
            parts += [(g, frame[keys == g], hits[keys == g]) for g in self.groups]
        for group, part, hit in parts:
            den = part["case_code"].nunique()
            num = part.loc[hit, "case_code"].nunique() if len(part) else 0
            pct = protect_percentage(num, den, self.rule) if den else None
            self.rows.append(
                ReportRow(measure, self.period, group, protect_count(den, self.rule), pct, note)
            )

    # -- the figures ---------------------------------------------------------------------
    def reach(self) -> None:
        f = self.f
        cases = f.cases
        opened, closed = cases["opened_on"], cases["closed_on"]
        self.count(
            "families_referred",
            cases.loc[_within(opened, self.first, self.last), "code"],
            "opened in the period",
        )
        first_consent = f.consents.groupby("case_code")["given_on"].min()
        offered = first_consent[_within(first_consent, self.first, self.last)].index
        self.count("families_offered", offered, "first consent recorded in the period")
        first_film = f.films.groupby("case_code")["filmed_on"].min()
        self.count(
            "families_started",
            first_film[_within(first_film, self.first, self.last)].index,
            "first film in the period",
        )
        cycles = f.cycles.groupby("case_code")["number"].max()
        ended = cases[_within(closed, self.first, self.last)]
        done = ended["code"].map(cycles).fillna(0) >= self.min_cycles
        note = f"closed in the period after {self.min_cycles} cycles or more"
        self.count("families_completed", ended.loc[done, "code"], note)
        self.count(
            "families_ended_early",
            ended.loc[~done, "code"],
            f"closed after fewer than {self.min_cycles} cycles",
        )
        started = f.cycles["started_on"]
        self.tally(
            "cycles_delivered",
            int(_within(started, self.first, self.last).sum()),
            "cycles started in the period",
        )
        eligible = cases[_within(opened, self.first, self.last) & cases["eligible"].eq(True)]
        if len(eligible):
            frame = pd.DataFrame({"case_code": eligible["code"]})
            hits = frame["case_code"].isin(first_consent.index)
            self.share(
                "eligible_offered_pct",
                hits,
                frame,
                "NICE QS133: eligible families offered a video feedback programme",
            )

    def fidelity(self) -> None:
        f = self.f
        films = f.films[_within(f.films["filmed_on"], self.first, self.last)].copy()
        if films.empty:
            return
        given = f.consents.groupby("case_code")["given_on"].min()
        films["consent_first"] = films["case_code"].map(given).le(films["filmed_on"])
        every = films.groupby("case_code")["consent_first"].transform("all")
        self.share(
            "consent_before_filming_pct",
            every,
            films,
            "families whose every film came after their consent",
        )
        minutes = films["duration_s"] / 60
        self.statistic(
            "film_minutes_median",
            films.assign(m=minutes),
            lambda p: float(p["m"].median()),
            "median film length",
        )
        low, high = self.film_minutes
        in_range = films.assign(ok=minutes.between(low, high))
        self.statistic(
            "films_in_length_range_pct",
            in_range,
            lambda p: 100 * float(p["ok"].mean()),
            f"films of {low:g} to {high:g} minutes, as a share of the films made",
            digits=0,
        )
        clips = f.clips[f.clips["film_id"].isin(films["id"])]
        per_film = clips.groupby("film_id").size().reindex(films["id"], fill_value=0).to_numpy()
        films["clips"] = per_film
        self.statistic(
            "clips_per_film_mean",
            films,
            lambda p: float(p["clips"].mean()),
            "clips chosen per film",
        )
        length = (clips["end_s"] - clips["start_s"]).to_numpy()
        case_of = dict(zip(films["id"], films["case_code"], strict=True))
        lengths = pd.DataFrame({"case_code": clips["film_id"].map(case_of).to_numpy(), "s": length})
        self.statistic(
            "clip_seconds_median", lengths, lambda p: float(p["s"].median()), "median clip length"
        )
        first_review = (
            f.reviews.groupby(["case_code", "cycle_number"])["held_on"].min().rename("review")
        )
        joined = films.join(first_review, on=["case_code", "cycle_number"])
        gaps = joined[joined["review"].notna()]
        gaps = gaps.assign(d=(gaps["review"] - gaps["filmed_on"]).dt.days)
        self.statistic(
            "days_film_to_review_median",
            gaps,
            lambda p: float(p["d"].median()),
            "days from film to shared review",
        )

    def change(self) -> None:
        f = self.f
        closed = f.cases[f.cases["closed_on"].notna()]
        closed = closed[_within(closed["closed_on"], self.first, self.last)]
        ratings = f.ratings[f.ratings["case_code"].isin(closed["code"])]
        if ratings.empty:
            return
        ordered = ratings.sort_values(["helping_question_id", "rated_on"])
        by_q = ordered.groupby("helping_question_id")
        per_q = pd.DataFrame(
            {
                "case_code": by_q["case_code"].first(),
                "start": by_q["value"].first(),
                "end": by_q["value"].last(),
                "n": by_q.size(),
            }
        )
        per_q = per_q[per_q["n"] >= 2]
        per_family = per_q.groupby("case_code")[["start", "end"]].mean().reset_index()
        per_family["change"] = per_family["end"] - per_family["start"]
        self.statistic(
            "hq_change_mean",
            per_family,
            lambda p: float(p["change"].mean()),
            "helping questions, latest − first rating, per family",
        )
        hits = per_family["change"] >= self.reliable_change
        self.share(
            "hq_reliable_change_pct",
            hits,
            per_family,
            f"families whose questions moved {self.reliable_change:g} points or more",
        )
        self.slopes = per_family if len(per_family) >= self.rule.threshold else pd.DataFrame()

    def measures(self) -> None:
        m = self.f.measures
        if m.empty:
            return
        m = m[_within(m["taken_on"], self.first, self.last)]
        for ident, rows in m.groupby("measure_id"):
            start = rows[rows["occasion"] == "start"].groupby("case_code")["total"].first()
            end = rows[rows["occasion"] == "end"].groupby("case_code")["total"].last()
            both = (
                pd.DataFrame({"start": start, "end": end}).dropna().reset_index(names="case_code")
            )
            title = self.measure_titles.get(str(ident), str(ident))
            self.statistic(
                f"measure_{ident}_start_mean",
                both,
                lambda p: float(p["start"].mean()),
                f"{title}: mean at the start",
            )
            self.statistic(
                f"measure_{ident}_end_mean",
                both,
                lambda p: float(p["end"].mean()),
                f"{title}: mean at the end",
            )
            self.statistic(
                f"measure_{ident}_change_mean",
                both,
                lambda p: float((p["end"] - p["start"]).mean()),
                f"{title}: mean change",
            )

    def team(self) -> None:
        f = self.f
        sup = f.supervisions[_within(f.supervisions["held_on"], self.first, self.last)]
        hours = round(float(sup["duration_minutes"].sum()) / 60, 1)
        self.rows.append(
            ReportRow(
                "supervision_hours",
                self.period,
                ALL,
                protect_count(len(sup), self.rule),
                hours,
                "supervision sessions held, and their hours",
            )
        )
        sessions = f.group_sessions[_within(f.group_sessions["held_on"], self.first, self.last)]
        self.tally("group_sessions", len(sessions), "group VIG sessions held")
        came = f.attendance[f.attendance["session_id"].isin(sessions["id"])]
        self.tally("group_attendances", len(came), "families' attendances at group sessions")
        self.count(
            "group_families_attending", came["case_code"], "families who came to a group session"
        )

    def quarters(self) -> pd.DataFrame:
        """Referred, started and completed per quarter of the period (protected counts)."""
        f = self.f
        out = []
        quarters = pd.period_range(pd.Timestamp(self.first), pd.Timestamp(self.last), freq="Q")
        opened = pd.PeriodIndex(pd.to_datetime(f.cases["opened_on"]), freq="Q")
        first_film = f.films.groupby("case_code")["filmed_on"].min()
        started = pd.PeriodIndex(pd.to_datetime(first_film), freq="Q")
        for q in quarters:
            out.append(
                {
                    "quarter": str(q),
                    "referred": protect_count(int((opened == q).sum()), self.rule),
                    "started": protect_count(int((started == q).sum()), self.rule),
                }
            )
        return pd.DataFrame(out, columns=["quarter", "referred", "started"])


def figures(
    frames: ReportFrames,
    first: date,
    last: date,
    *,
    by: str | None = None,
    rule: DisclosureRule | None = None,
    min_cycles: int = 3,
    reliable_change: float = 2,
    clip_seconds: float = 10,
    film_minutes: tuple[float, float] = (5, 20),
    measure_titles: dict[str, str] | None = None,
) -> ServiceFigures:
    """Every figure of the report for ``first``..``last``, protected; ``by`` is
    "setting", "practitioner" or None."""
    rule = rule or DisclosureRule()
    b = _Builder(
        _as_days(frames),
        first,
        last,
        by,
        rule,
        min_cycles=min_cycles,
        reliable_change=reliable_change,
        clip_seconds=clip_seconds,
        film_minutes=film_minutes,
        measure_titles=measure_titles or {},
    )
    b.reach()
    b.fidelity()
    b.change()
    b.measures()
    b.team()
    for row in b.rows:
        for shown in (row.count, row.value):
            assert shown is None or shown == SUPPRESSED or isinstance(shown, (int, float)), row
    return ServiceFigures(b.rows, b.quarters(), b.slopes, rule.footnote())
