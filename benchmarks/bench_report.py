"""Benchmark the service report over a ten-year service, on SQLite and on PostgreSQL.

Run with ``python benchmarks/bench_report.py`` (``--families 200 --years 1`` for a quick
look). For each engine it fills a new store with :func:`benchmarks.tenyear.make_ten_year_store`
(2,000 families, 18,000 clips, 100,000 principle tags, 30,000 ratings), loads the frames the
report needs with ``pd.read_sql`` and times the report's groupbys in bare pandas on the loaded
frames. When ``vigkit.reports.servicereport`` is there it times
``build_report(store, date_from, date_to, by="setting")`` too and prints its ratios to the
bare-pandas groupbys (target <= 2) and to a 1-second target (target < 1), engines side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tenyear import make_ten_year_store, span  # noqa: E402
from vigkit.core.errors import StoreError  # noqa: E402
from vigkit.store import Store  # noqa: E402
from vigkit.store import tables as t  # noqa: E402
from vigkit.store.cluster import LocalPostgres, find_bin_dir  # noqa: E402
from vigkit.store.engine import make_engine  # noqa: E402

ROUNDS = 5
LOAD_ROUNDS = 3
TARGET_S = 1.0
TARGET_RATIO = 2.0
# The frames the report needs, with their date columns (parsed while loading).
FRAMES = {
    "cases": ["opened_on", "closed_on"],
    "consents": ["given_on", "withdrawn_on"],
    "cycles": ["started_on"],
    "films": ["filmed_on"],
    "clips": [],
    "helping_questions": [],
    "ratings": ["rated_on"],
    "supervisions": ["held_on"],
}

Frames = dict[str, pd.DataFrame]


def load_frames(url: str) -> Frames:
    """Every table the report reads, as a DataFrame (JSON columns as lists, dates parsed)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: pd.read_sql(sa.select(t.metadata.tables[name]), conn, parse_dates=dates)
                for name, dates in FRAMES.items()
            }
    finally:
        engine.dispose()


# -- the report's groupbys in bare pandas, on frames already loaded ---------------------------


def _setting(f: Frames, frame: pd.DataFrame, on: str = "case_code") -> pd.DataFrame:
    """``frame`` with its case's setting beside each row."""
    cases = f["cases"][["code", "setting"]].rename(columns={"code": on})
    return frame.merge(cases, on=on, how="left")


def families(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Families referred, started (first cycle) and completed (closed after starting) per
    year and setting, in the period."""
    cases = f["cases"]
    began = f["cycles"].groupby("case_code")["started_on"].min().rename("began")
    c = cases.join(began, on="code")
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)
    out = {}
    for name, when, keep in (
        ("referred", "opened_on", c["opened_on"].notna()),
        ("started", "began", c["began"].notna()),
        ("completed", "closed_on", (c["status"] == "closed") & c["began"].notna()),
    ):
        rows = c[keep & c[when].between(lo, hi)]
        out[name] = rows.groupby([rows[when].dt.year.rename("year"), "setting"]).size()
    return pd.concat(out, axis=1).fillna(0).astype(int)


def cycles_per_case(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Cycles per started family: mean, median and most, by setting."""
    cycles = f["cycles"][f["cycles"]["started_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    per_case = cycles.groupby("case_code").size().rename("cycles").reset_index()
    return _setting(f, per_case).groupby("setting")["cycles"].agg(["mean", "median", "max"])


def film_to_next_cycle(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Days from a film to the start of its family's next cycle, by setting."""
    cycles = f["cycles"]
    films = f["films"][f["films"]["filmed_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    nxt = cycles[["case_code", "number", "started_on"]].assign(cycle_number=cycles["number"] - 1)
    both = films.merge(nxt, on=["case_code", "cycle_number"])
    both["days"] = (both["started_on"] - both["filmed_on"]).dt.days
    return _setting(f, both).groupby("setting")["days"].agg(["mean", "median", "count"])


def clips_per_film(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Clips per film and clip length in seconds, by setting."""
    films = f["films"][f["films"]["filmed_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    clips = f["clips"]
    per_film = clips.groupby("film_id").size().reindex(films["id"], fill_value=0)
    films = films.assign(clips=per_film.to_numpy())
    length = (clips["end_s"] - clips["start_s"]).rename("length_s")
    lengths = (
        clips[["film_id"]]
        .assign(length_s=length)
        .merge(films[["id", "case_code"]], left_on="film_id", right_on="id")
    )
    return pd.concat(
        {
            "clips_per_film": _setting(f, films).groupby("setting")["clips"].mean(),
            "clip_length_s": _setting(f, lengths).groupby("setting")["length_s"].mean(),
        },
        axis=1,
    )


def tags_per_heading(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Principle tags per heading (a behaviour counts for its heading), by setting."""
    films = f["films"][f["films"]["filmed_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    setting_of = _setting(f, films).set_index("id")["setting"]
    tags = f["clips"][["film_id", "principle_ids"]].explode("principle_ids").dropna()
    ids = tags["principle_ids"]
    # "attentive.waiting" counts for "attentive": split each distinct id once, not every tag.
    tags["heading"] = ids.map({p: p.split(".", 1)[0] for p in ids.unique()})
    tags["setting"] = tags["film_id"].map(setting_of)
    return tags.dropna().groupby(["setting", "heading"]).size().unstack(fill_value=0)


def rating_change(f: Frames, first: date, last: date) -> pd.DataFrame:
    """The change from the start rating to the end rating of each helping question, by setting."""
    ratings = f["ratings"]
    ratings = ratings[ratings["occasion"].isin(["start", "end"])]
    ratings = ratings[ratings["rated_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    ends = ratings.pivot_table(
        index="helping_question_id", columns="occasion", values="value", aggfunc="first"
    ).dropna()
    change = (ends["end"] - ends["start"]).rename("change")
    hq = f["helping_questions"][["id", "case_code"]].join(change, on="id", how="inner")
    return _setting(f, hq).groupby("setting")["change"].agg(["mean", "median", "count"])


def supervision_hours(f: Frames, first: date, last: date) -> pd.DataFrame:
    """Supervision hours per year, individual and group."""
    s = f["supervisions"]
    s = s[s["held_on"].between(pd.Timestamp(first), pd.Timestamp(last))]
    hours = s["duration_minutes"] / 60
    return (
        hours.groupby([s["held_on"].dt.year.rename("year"), s["mode"]]).sum().unstack(fill_value=0)
    )


GROUPBYS: dict[str, Callable[[Frames, date, date], pd.DataFrame]] = {
    "families referred/started/completed": families,
    "cycles per case": cycles_per_case,
    "days from film to next cycle": film_to_next_cycle,
    "clips per film, clip length": clips_per_film,
    "principle tags per heading": tags_per_heading,
    "rating change start to end": rating_change,
    "supervision hours per year": supervision_hours,
}


# -- timing -------------------------------------------------------------------------------


def _median_s(action: Callable[[], object], rounds: int) -> float:
    """The median time of ``rounds`` runs of ``action`` after one run to warm up, in seconds."""
    action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _report_function() -> Callable[..., Any] | None:
    """``build_report`` of the service report, or None while that module is not there."""
    try:
        from vigkit.reports.servicereport import build_report
    except ImportError:
        return None
    return build_report


def bench(engine: str, url: str, families_n: int, years: int) -> dict[str, float]:
    """Fill the store at ``url``, then time loading, the groupbys and (if there) the report."""
    started = time.perf_counter()
    counts = make_ten_year_store(url, families=families_n, years=years)
    made_s = time.perf_counter() - started
    print(f"\n{engine}: {years}-year store made in {made_s:.1f} s ({sum(counts.values())} rows)")
    print("  " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    first, last = span(years)
    load_s = _median_s(lambda: load_frames(url), LOAD_ROUNDS)
    frames = load_frames(url)
    rows = sum(len(frame) for frame in frames.values())
    print(f"  {'':38s} {'pandas ms':>10s} {'report ms':>10s}")
    print(f"  {f'load {len(frames)} frames, {rows} rows (pd.read_sql)':38s} {load_s * 1000:10.1f}")
    for name, groupby in GROUPBYS.items():
        took = _median_s(lambda g=groupby: g(frames, first, last), ROUNDS)
        print(f"  {name:38s} {took * 1000:10.1f}")
    pandas_s = _median_s(
        lambda: [g(frames, first, last) for g in GROUPBYS.values()],
        ROUNDS,
    )
    result = {"made": made_s, "load": load_s, "pandas": pandas_s}
    build_report = _report_function()
    report = "       not there yet"
    if build_report is not None:
        from vigkit.core.servicereport import figures
        from vigkit.reports.servicereport import load_frames as report_frames

        with Store.open(url=url) as store:
            loaded = report_frames(store)
            figures_s = _median_s(lambda: figures(loaded, first, last, by="setting"), ROUNDS)
            report_s = _median_s(
                lambda: build_report(store, first, last, by="setting"),
                ROUNDS,
            )
        result["report"] = report_s
        result["figures"] = figures_s
        report = f"{figures_s * 1000:10.1f}"
    print(f"  {'all groupbys (report: its figures)':38s} {pandas_s * 1000:10.1f} {report}")
    print(
        f"  {'load + all groupbys (report: whole)':38s} {(load_s + pandas_s) * 1000:10.1f}", end=""
    )
    print(f" {result['report'] * 1000:10.1f}" if "report" in result else "")
    if "report" in result:
        print(
            f"  ratio report's figures / pandas {result['figures'] / pandas_s:.2f} "
            f"(target <= {TARGET_RATIO:g})   whole report (read + figures) / {TARGET_S:g} s "
            f"{result['report'] / TARGET_S:.2f} (target < 1)"
        )
    else:
        print("  report: not there yet (vigkit.reports.servicereport.build_report)")
    return result


def _postgres(families_n: int, years: int) -> dict[str, float] | None:
    """The benchmark on a throwaway PostgreSQL cluster, or None (with a note) without one."""
    if find_bin_dir() is None:
        print("\npostgresql: skipped, PostgreSQL is not installed here (pg_ctl not found)")
        return None
    folder = Path(tempfile.mkdtemp(prefix="vigkit-pg-bench-"))
    try:
        cluster = LocalPostgres(folder, fast=True).start()
    except StoreError as err:
        print(f"\npostgresql: skipped, the cluster did not start ({err})")
        return None
    try:
        return bench("postgresql", cluster.create_database("tenyear"), families_n, years)
    finally:
        cluster.destroy()


def main() -> None:
    """Benchmark on SQLite (a temporary folder) and PostgreSQL, then the ratios side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    if "sqlite" in args.engines:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'vigkit.sqlite'}"
            results["sqlite"] = bench("sqlite", url, args.families, args.years)
    if "postgresql" in args.engines:
        found = _postgres(args.families, args.years)
        if found is not None:
            results["postgresql"] = found
    print(
        f"\n{'engine':12s} {'made s':>7s} {'load ms':>8s} {'pandas ms':>10s} {'report ms':>10s} "
        f"{'report/pandas':>14s} {'report/1 s':>11s}"
    )
    for engine, r in results.items():
        if "report" in r:
            report = (
                f"{r['report'] * 1000:10.1f} {r['figures'] / r['pandas']:14.2f} "
                f"{r['report'] / TARGET_S:11.2f}"
            )
        else:
            report = f"{'-':>10s} {'-':>14s} {'-':>11s}"
        print(
            f"{engine:12s} {r['made']:7.1f} {r['load'] * 1000:8.1f} {r['pandas'] * 1000:10.1f} "
            f"{report}"
        )
    print(
        f"(targets: report/pandas <= {TARGET_RATIO:g}: the report's figures against the same "
        f"groupbys in bare pandas, both on frames already loaded; report/1 s < 1: the whole "
        f"report, reading the store included)"
    )


if __name__ == "__main__":
    main()
