"""Export a case: tidy tables of its clips and ratings, and the family's record of strengths.

The table builders read the store only (no disk, no widgets). :func:`export_case` writes
``clips.csv``, ``ratings.csv``, ``reflections.csv`` and the record of strengths (HTML, .docx,
.pdf and PNG stills) into ``<to_dir>/<CASE>/``. It never writes or copies video.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from vigkit.core.errors import refuse_a_name
from vigkit.paths import templates_dir
from vigkit.reports.strengths import write_record_of_strengths
from vigkit.reports.xmltext import xml_safe
from vigkit.store import Store
from vigkit.templates.principles import Principles, load_principles

__all__ = [
    "CLIP_COLUMNS",
    "RATING_COLUMNS",
    "clips_table",
    "ratings_table",
    "REFLECTION_COLUMNS",
    "reflections_table",
    "template_prompts",
    "MEASURE_COLUMNS",
    "measures_table",
    "spreadsheet_safe",
    "export_case",
]

REFLECTION_COLUMNS = [
    "case_code",
    "reflection_id",
    "cycle",
    "author_id",
    "created_at",
    "template_id",
    "template_version",
    "question_id",
    "prompt",
    "answer",
]

Prompts = Callable[[str, str], dict[str, str]]

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CLIP_COLUMNS = [
    "case_code",
    "cycle",
    "film_id",
    "film_date",
    "film_context",
    "clip_id",
    "start_s",
    "end_s",
    "length_s",
    "principle_id",
    "principle_heading",
    "better_than_usual",
    "what_i_see",
    "helping_question_ids",
]
RATING_COLUMNS = [
    "case_code",
    "helping_question_id",
    "position",
    "words",
    "occasion",
    "rated_on",
    "value",
    "hoped_for",
]


def _heading(principles: Principles, ident: str) -> str:
    """The heading text of a principle id, or '' when the template no longer has it."""
    try:
        return principles.heading_of(ident).heading
    except KeyError:
        return ""


def clips_table(
    store: Store, case_code: str, *, principles: Principles | None = None
) -> pd.DataFrame:
    """One row per clip and principle id (a clip with none gives one row, principle empty)."""
    case = store.cases.get(case_code)
    principles = principles or load_principles()
    films = {f.id: f for f in store.films.list(case.code)}
    rows: list[dict[str, object]] = []
    for clip in store.films.list_clips(case_code=case.code):
        film = films[clip.film_id]
        base: dict[str, object] = {
            "case_code": case.code,
            "cycle": film.cycle_number,
            "film_id": film.id,
            "film_date": film.filmed_on.isoformat(),
            "film_context": film.context,
            "clip_id": clip.id,
            "start_s": clip.start_s,
            "end_s": clip.end_s,
            "length_s": round(clip.length_s, 3),
        }
        rest: dict[str, object] = {
            "better_than_usual": clip.better_than_usual,
            "what_i_see": clip.what_i_see,
            "helping_question_ids": ";".join(str(i) for i in clip.helping_question_ids),
        }
        for ident in clip.principle_ids or [""]:
            heading = _heading(principles, ident) if ident else ""
            rows.append(base | {"principle_id": ident, "principle_heading": heading} | rest)
    table = pd.DataFrame(rows, columns=CLIP_COLUMNS)
    if rows:
        table = table.sort_values(["cycle", "film_id", "start_s", "clip_id"], kind="stable")
    return table.reset_index(drop=True)


def ratings_table(store: Store, case_code: str) -> pd.DataFrame:
    """One row per rating of each of the case's helping questions, by position then date."""
    case = store.cases.get(case_code)
    rows = [
        {
            "case_code": case.code,
            "helping_question_id": hq.id,
            "position": hq.position,
            "words": hq.words,
            "occasion": rating.occasion,
            "rated_on": rating.rated_on.isoformat(),
            "value": rating.value,
            "hoped_for": hq.hoped_for,
        }
        for hq in store.cases.list_helping_questions(case.code)
        for rating in hq.ratings
    ]
    table = pd.DataFrame(rows, columns=RATING_COLUMNS)
    table["hoped_for"] = table["hoped_for"].astype("Int64")
    return table


MEASURE_COLUMNS = [
    "case_code",
    "measure_id",
    "measure_version",
    "taken_on",
    "occasion",
    "total",
    "item_scores",
    "risk_raised",
    "risk_shown_at",
]


def measures_table(store: Store, case_code: str) -> pd.DataFrame:
    """One row per measure taken (scores only: a licensed scale's items are never held)."""
    case = store.cases.get(case_code)
    rows = [
        {
            "case_code": case.code,
            "measure_id": s.measure_id,
            "measure_version": s.measure_version,
            "taken_on": s.taken_on.isoformat(),
            "occasion": s.occasion,
            "total": s.total,
            "item_scores": "; ".join(f"{k}={v:g}" for k, v in s.items.items()),
            "risk_raised": s.risk_raised,
            "risk_shown_at": s.risk_shown_at.isoformat() if s.risk_shown_at else "",
        }
        for s in store.measures.list_scores(case.code)
    ]
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def template_prompts(store: Store, search_dirs: Sequence[Path]) -> Prompts:
    """Prompts by question id for a template version: the store's copy of that version,
    else the installed template when its version is the same, else none (ids only)."""
    from vigkit.core.errors import TemplateNotFound, TemplateProblem
    from vigkit.templates import QuestionSet, find_question_set

    cache: dict[tuple[str, str], dict[str, str]] = {}

    def prompts(template_id: str, version: str) -> dict[str, str]:
        if (template_id, version) not in cache:
            qset: QuestionSet | None = None
            body = store.templates.body(template_id, version)
            if body is not None:
                qset = QuestionSet.model_validate(body)
            else:
                try:
                    found = find_question_set(template_id, search_dirs)
                    qset = found if found.version == version else None
                except (TemplateNotFound, TemplateProblem):
                    qset = None
            cache[template_id, version] = {q.id: q.prompt for q in qset.questions()} if qset else {}
        return cache[template_id, version]

    return prompts


def _answer_text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def reflections_table(store: Store, case_code: str, prompts: Prompts) -> pd.DataFrame:
    """One row per answer of each reflection on the case (shared reviews too), with the
    prompt as it was given; answers to questions a template no longer asks are kept."""
    case = store.cases.get(case_code)
    rows = []
    for r in store.reflections.list(case_code=case.code):
        given = prompts(r.template_id, r.template_version)
        for qid, value in r.answers.items():
            rows.append(
                {
                    "case_code": case.code,
                    "reflection_id": r.id,
                    "cycle": r.cycle_number,
                    "author_id": r.author_id,
                    "created_at": r.created_at.isoformat(timespec="seconds"),
                    "template_id": r.template_id,
                    "template_version": r.template_version,
                    "question_id": qid,
                    "prompt": given.get(qid, ""),
                    "answer": _answer_text(value),
                }
            )
    table = pd.DataFrame(rows, columns=REFLECTION_COLUMNS)
    table["cycle"] = table["cycle"].astype("Int64")
    return table


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy in which text that a spreadsheet would run as a formula starts with ``'``.

    Typed text such as ``=HYPERLINK(...)`` is kept, but shown as text when the CSV is opened
    in a spreadsheet (OWASP's advice against CSV injection). Numbers and dates are untouched.
    """
    safe = table.copy()
    for column in safe.columns:
        if pd.api.types.is_numeric_dtype(safe[column]):
            continue
        safe[column] = safe[column].map(_cell)
    return safe


def _cell(value: object) -> object:
    """A text cell a spreadsheet shows as typed: never run as a formula, and with the
    characters a spreadsheet or XML cannot hold (a NUL) shown as U+FFFD."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_case(
    store: Store,
    case_code: str,
    to_dir: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str],
    principles: Principles | None = None,
) -> list[Path]:
    """Write clips.csv, ratings.csv and the record of strengths into ``to_dir/<CASE>/``.

    Returns the paths written. CaseNotFound if there is no such case. Text a spreadsheet
    would run as a formula is written with a leading ``'``. No video is written:
    a film that is missing or changed leaves a note in the record instead of a still.
    """
    case = store.cases.get(refuse_a_name(case_code))
    principles = principles or load_principles()
    out = Path(to_dir).expanduser() / refuse_a_name(case.code)
    out.mkdir(parents=True, exist_ok=True)
    clips = out / "clips.csv"
    spreadsheet_safe(clips_table(store, case.code, principles=principles)).to_csv(
        clips, index=False, encoding="utf-8"
    )
    ratings = out / "ratings.csv"
    spreadsheet_safe(ratings_table(store, case.code)).to_csv(ratings, index=False, encoding="utf-8")
    reflections = out / "reflections.csv"
    dirs = [Path(data_dir) / "templates" / "question_sets", templates_dir() / "question_sets"]
    table = reflections_table(store, case.code, template_prompts(store, dirs))
    spreadsheet_safe(table).to_csv(reflections, index=False, encoding="utf-8")
    measures = out / "measures.csv"
    spreadsheet_safe(measures_table(store, case.code)).to_csv(
        measures, index=False, encoding="utf-8"
    )
    record = write_record_of_strengths(store, case.code, out, data_dir, principles=principles)
    return [clips, ratings, reflections, measures, *record]
