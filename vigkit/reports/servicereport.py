"""The commissioners' report: the store's records read once as narrow frames, the figures
worked out and protected (:mod:`vigkit.core.servicereport`), and the report written as
HTML, PDF, Word and a tidy ``report.csv`` (one row per measure × period × group).

``vigkit report --from DATE --to DATE [--by setting] --out DIR`` and the report page call
:func:`write_report`; :func:`build_report` is the figures alone (the benchmark times it).
Counts never identify a family: every figure has passed NHS Digital's disclosure control
before it reaches this module's writers, and the footnote says the rule.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from pathlib import Path

import pandas as pd

from vigkit.core.disclosure import DisclosureRule
from vigkit.core.servicereport import ALL, ReportFrames, ServiceFigures, figures
from vigkit.core.settings import ServiceSettings
from vigkit.reports.pdfdoc import PdfDocument
from vigkit.reports.plots import figure_png
from vigkit.reports.reportplots import plot_reach, plot_slopes
from vigkit.reports.whole import write_bytes_whole, write_text_whole, write_whole
from vigkit.reports.xmltext import xml_safe
from vigkit.store import Store

__all__ = [
    "LABELS",
    "load_frames",
    "build_report",
    "write_report",
    "render_html",
    "report_measures",
]

TITLE = "VIG service report"
# What each measure is called in the report (the CSV keeps the ids).
LABELS = {
    "families_referred": "Families referred",
    "families_offered": "Families offered VIG",
    "families_started": "Families started (first film)",
    "families_completed": "Families completed",
    "families_ended_early": "Families who ended early",
    "cycles_delivered": "Cycles delivered",
    "eligible_offered_pct": "Eligible families offered VIG (%)",
    "consent_before_filming_pct": "Films with consent first (%)",
    "film_minutes_median": "Film length, median (minutes)",
    "films_in_length_range_pct": "Films of the usual length (%)",
    "clips_per_film_mean": "Clips per film, mean",
    "clip_seconds_median": "Clip length, median (seconds)",
    "days_film_to_review_median": "Days from film to shared review, median",
    "hq_change_mean": "Helping-question change, mean (points)",
    "hq_reliable_change_pct": "Families with reliable change (%)",
    "supervision_hours": "Supervision sessions (count) and hours",
    "group_sessions": "Group VIG sessions",
    "group_attendances": "Attendances at group sessions",
    "group_families_attending": "Families attending a group",
}
SECTIONS = (
    ("Reach", ("families_", "cycles_", "eligible_")),
    ("Fidelity", ("consent_", "film_", "films_", "clips_", "clip_", "days_")),
    ("Change", ("hq_", "measure_")),
    ("Supervision and groups", ("supervision_", "group_")),
)


def load_frames(store: Store, review_template: str = "shared_review") -> ReportFrames:
    """The records the report reads, narrow columns only, in one read transaction; a shared
    review's day is its answer "review_date" when given, else when it was written."""
    frames = store.reports.service_frames(review_template)
    reviews = frames["reviews"]
    reviews["held_on"] = [
        _review_day(a, when)
        for a, when in zip(reviews["answers"], reviews["created_at"], strict=True)
    ]
    frames["reviews"] = reviews[["case_code", "cycle_number", "held_on"]]
    return ReportFrames(**frames)


def _review_day(answers: object, created: object) -> date:
    """The shared review's day: its answer "review_date" when given, else when it was written."""
    raw = answers.get("review_date") if isinstance(answers, dict) else None
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip()[:10])
        except ValueError:
            pass
    day: date = pd.Timestamp(created).date()
    return day


def build_report(
    store: Store,
    first: date,
    last: date,
    *,
    by: str | None = None,
    settings: ServiceSettings | None = None,
    measure_titles: dict[str, str] | None = None,
    reliable_change: float = 2,
) -> ServiceFigures:
    """The protected figures for ``first``..``last`` (``by``: "setting" or "practitioner")."""
    settings = settings or ServiceSettings()
    rule = DisclosureRule(settings.disclosure_threshold, settings.disclosure_rounding)
    return figures(
        load_frames(store, settings.templates.shared_review),
        first,
        last,
        by=by,
        rule=rule,
        min_cycles=settings.min_cycles,
        reliable_change=reliable_change,
        clip_seconds=settings.max_clip_seconds,
        film_minutes=settings.film_minutes_range,
        measure_titles=measure_titles,
    )


def _label(measure: str, note: str) -> str:
    return LABELS.get(measure) or note[:1].upper() + note[1:]


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _section_rows(fig: ServiceFigures, prefixes: tuple[str, ...]) -> list[list[str]]:
    """Rows of one section: measure, group, count, value (groups after All)."""
    rows = []
    for r in fig.rows:
        if r.measure.startswith(prefixes):
            group = "" if r.group == ALL else r.group
            rows.append([_label(r.measure, r.note), group or ALL, _shown(r.count), _shown(r.value)])
    return rows


HEAD = ["Measure", "Group", "Families (or count)", "Figure"]


def _plots(fig: ServiceFigures) -> list[tuple[str, bytes]]:
    out = [("Reach per quarter: families referred and started.", figure_png(plot_reach(fig.reach)))]
    if not fig.slopes.empty:
        out.append(
            (
                "Helping-question change per family: first and latest mean rating.",
                figure_png(plot_slopes(fig.slopes)),
            )
        )
    return out


def render_html(fig: ServiceFigures, first: date, last: date, by: str | None) -> str:
    """The report as one offline HTML page (plots inline)."""
    e = html.escape
    grouped = f", by {by}" if by else ""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(TITLE)}</title><style>body{{font-family:sans-serif;max-width:60rem;"
        "margin:2rem auto;line-height:1.4}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left}th{background:#eee}"
        "img{max-width:100%}.note{font-size:.9rem;color:#333}</style></head><body><main>",
        f"<h1>{e(TITLE)}</h1><p>{e(first.isoformat())} to {e(last.isoformat())}{e(grouped)}.</p>",
    ]
    for heading, prefixes in SECTIONS:
        rows = _section_rows(fig, prefixes)
        if not rows:
            continue
        parts.append(f'<h2>{e(heading)}</h2><table class="vk-table"><thead><tr>')
        parts += [f"<th>{e(h)}</th>" for h in HEAD]
        parts.append("</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</tbody></table>")
    for alt, png in _plots(fig):
        data = base64.b64encode(png).decode()
        parts.append(
            f'<figure><img alt="{e(alt)}" src="data:image/png;base64,{data}"><figcaption>{e(alt)}</figcaption></figure>'
        )
    parts.append(f'<p class="note">{e(fig.footnote)}</p></main></body></html>')
    return "\n".join(parts)


def _pdf(
    fig: ServiceFigures, first: date, last: date, by: str | None, path: Path, pngs: list[Path]
) -> Path:
    doc = PdfDocument(TITLE, language="en")
    doc.heading(TITLE, level=0)
    doc.paragraph(f"{first.isoformat()} to {last.isoformat()}" + (f", by {by}" if by else "") + ".")
    for heading, prefixes in SECTIONS:
        rows = _section_rows(fig, prefixes)
        if rows:
            doc.heading(heading)
            doc.table(HEAD, rows)
    for png in pngs:
        doc.image(png, 170, max_height_mm=110)
    doc.paragraph(fig.footnote, small=True, italic=True)
    return doc.save(path)


def _docx(
    fig: ServiceFigures, first: date, last: date, by: str | None, path: Path, pngs: list[Path]
) -> Path:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = TITLE
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(
        f"{first.isoformat()} to {last.isoformat()}" + (f", by {by}" if by else "") + "."
    )
    for heading, prefixes in SECTIONS:
        rows = _section_rows(fig, prefixes)
        if not rows:
            continue
        doc.add_heading(heading, level=1)
        table = doc.add_table(rows=1, cols=len(HEAD))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEAD, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = xml_safe(text)
    for png in pngs:
        doc.add_picture(str(png), width=Cm(16))
    doc.add_paragraph(fig.footnote).runs[0].italic = True
    return write_whole(path, lambda temp: doc.save(str(temp)))


def report_measures(data: Path) -> tuple[dict[str, str], float]:
    """The measures' titles by id, and the points of change that count (the GBO template's)."""
    from vigkit.paths import templates_dir
    from vigkit.templates.measures import load_measures

    found = load_measures([data / "templates" / "measures", templates_dir() / "measures"])
    goals = [m.reliable_change for m in found if m.kind == "goals"]
    return {m.id: m.title for m in found}, (goals[0] if goals else 2.0)


def write_report(
    store: Store,
    first: date,
    last: date,
    out_dir: Path,
    *,
    by: str | None = None,
    settings: ServiceSettings | None = None,
    measure_titles: dict[str, str] | None = None,
    reliable_change: float = 2,
) -> list[Path]:
    """Write report.html, report.pdf, report.docx, report.csv and the plots into ``out_dir``."""
    fig = build_report(
        store, first, last, by=by, settings=settings, measure_titles=measure_titles,
        reliable_change=reliable_change,
    )  # fmt: skip
    out = Path(out_dir).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "report.csv"
    write_whole(csv, lambda temp: fig.table().to_csv(temp, index=False, encoding="utf-8"))
    pngs = []
    for n, (_alt, png) in enumerate(_plots(fig), start=1):
        path = out / f"plot-{n}.png"
        write_bytes_whole(path, png)
        pngs.append(path)
    page = out / "report.html"
    write_text_whole(page, render_html(fig, first, last, by))
    pdf = _pdf(fig, first, last, by, out / "report.pdf", pngs)
    word = _docx(fig, first, last, by, out / "report.docx", pngs)
    return [page, pdf, word, csv, *pngs]
