"""A family's subject-access bundle: everything vigkit holds about one case, written for
the service to review before it is released to the family.

``vigkit subject-access CASE --to DIR`` writes ``DIR/subject-access-<CASE>/``:

- ``subject-access.html`` and ``subject-access.pdf`` — a readable document: the case, its
  consent history, helping questions and ratings, cycles, films and stills with their
  deletion days, clips, reflections on the case (question and answer), what was said on a
  live session's board while one of its clips was shown, supervision records its clips
  were brought to, and who opened, played or exported its records (the audit trail);
- one CSV per kind of record (``case.csv``, ``consents.csv``, ``ratings.csv``, …);
- ``films-and-stills.csv`` — each film and still file, with when it is to be deleted;
- with ``--with-media`` only, the films and stills themselves in ``media/``.

The case code only, never a name (a code that looks like one is refused).
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from vigkit.core import clock
from vigkit.core.audit import AuditEvent
from vigkit.core.errors import refuse_a_name
from vigkit.core.records import Case, Consent, Cycle, Film, film_places
from vigkit.core.settings import ServiceSettings, load_settings
from vigkit.core.summaries import CaseSnapshot, deletion_date
from vigkit.core.supervisionrecords import SessionPost
from vigkit.media.casefiles import case_files, film_path
from vigkit.paths import templates_dir
from vigkit.reports.export import (
    clips_table,
    measures_table,
    ratings_table,
    reflections_table,
    spreadsheet_safe,
    template_prompts,
)
from vigkit.reports.pdfdoc import PdfDocument
from vigkit.store import Store

__all__ = ["SubjectAccess", "gather", "render_html", "render_pdf", "write_subject_access"]

TITLE = "Records held about case {code}"
INTRO = (
    "This is everything vigkit holds about the family known as case {code}, gathered on "
    "{made}. It is for the service to review before it is given to the family: check it "
    "names no other family and no third party. Films and stills are listed, not included, "
    "unless the bundle was made with --with-media."
)


@dataclass(frozen=True)
class SubjectAccess:
    """What is held about one case, as tables (each a CSV and a section of the document)."""

    case: Case
    made_on: date
    deletion: str
    tables: dict[str, pd.DataFrame]
    films: tuple[Film, ...]
    files: tuple[Path, ...]


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(columns))


def _consents(history: Sequence[Consent]) -> pd.DataFrame:
    keys = ["given_on", "filming", "supervisor_viewing", "intervision", "training_events"]
    keys += ["group_viewing", "family_copy", "retention_months", "withdrawn_on"]
    return _frame([c.model_dump(include=set(keys)) for c in history], keys)


def _cycles(cycles: Sequence[Cycle]) -> pd.DataFrame:
    keys = ["number", "started_on", "working_point"]
    return _frame([c.model_dump(include=set(keys)) for c in cycles], keys)


def _files(
    data: Path, films: Sequence[Film], files: Sequence[Path], due: date | None
) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for f in films:
        path = film_path(f, data)
        rows.append(
            {
                "kind": "film",
                "film_id": f.id,
                "file": str(path),
                "filmed_on": f.filmed_on,
                "held_now": path.is_file() and f.footage_deleted_on is None,
                "deletion_due": f.footage_due_on or due or "",
                "deleted_on": f.footage_deleted_on or "",
            }
        )
    films_held = {film_path(f, data) for f in films}
    for path in files:
        if path in films_held:
            continue
        rows.append(
            {
                "kind": "still" if path.suffix.lower() in (".png", ".jpg") else "derived file",
                "film_id": "",
                "file": str(path.relative_to(data)),
                "filmed_on": "",
                "held_now": True,
                "deletion_due": due or "",
                "deleted_on": "",
            }
        )
    keys = ["kind", "film_id", "file", "filmed_on", "held_now", "deletion_due", "deleted_on"]
    return _frame(rows, keys)


def _posts(posts: Sequence[SessionPost]) -> pd.DataFrame:
    keys = ["session_id", "posted_at", "author_id", "kind", "text"]
    return _frame([p.model_dump(include=set(keys)) for p in posts], keys)


def _audit(events: Sequence[AuditEvent]) -> pd.DataFrame:
    keys = ["at", "login", "action", "kind", "allowed", "door", "reason"]
    return _frame([{k: getattr(e, k) for k in keys} for e in events], keys)


def _supervisions(store: Store, clip_ids: set[int]) -> pd.DataFrame:
    rows = []
    for record in store.supervision.list():
        brought = [c for c in record.answers.get("clips_brought") or [] if c in clip_ids]
        if brought:
            rows.append(
                {
                    "supervision_id": record.id,
                    "held_on": record.held_on,
                    "trainee_id": record.trainee_id,
                    "supervisor_id": record.supervisor_id or "",
                    "clips_brought": " ".join(str(c) for c in brought),
                }
            )
    keys = ["supervision_id", "held_on", "trainee_id", "supervisor_id", "clips_brought"]
    return _frame(rows, keys)


def gather(
    store: Store, code: str, data: Path, today: date, settings: ServiceSettings
) -> SubjectAccess:
    """Read everything held about case ``code`` (the store and the data directory)."""
    case = store.cases.get(refuse_a_name(code))
    refuse_a_name(case.code)
    consent = store.cases.get_consent(case.code)
    films = tuple(store.films.list(case.code))
    clip_ids = {c.id for c in store.films.list_clips(case_code=case.code) if c.id is not None}
    found = deletion_date(CaseSnapshot(case=case, consent=consent), settings)
    due = found[0] if found else None
    dirs = [data / "templates" / "question_sets", templates_dir() / "question_sets"]
    about = case.model_dump(exclude={"practitioner_id"}) | {"practitioner": case.practitioner_id}
    files = tuple(case_files(data, case.code, films))
    tables = {
        "case": pd.DataFrame([about]),
        "consents": _consents(store.cases.consent_history(case.code)),
        "ratings": ratings_table(store, case.code),
        "cycles": _cycles(store.cases.list_cycles(case.code)),
        "films-and-stills": _files(data, films, files, due),
        "clips": _with_film_names(clips_table(store, case.code), films),
        "reflections": _as_read(
            reflections_table(store, case.code, template_prompts(store, dirs)),
            store,
            dirs,
            case.code,
            films,
        ),
        "measures": measures_table(store, case.code),
        "board-posts": _posts(store.sessions.posts_about_case(case.code)),
        "supervision": _supervisions(store, clip_ids),
        "audit": _audit(store.audit.trail(ident=case.code)),
    }
    why = found[1] if found else "no deletion day yet: the family's involvement goes on."
    deletion = f"{due.isoformat()} ({why})" if due else why
    return SubjectAccess(case, today, deletion, tables, films, files)


def _with_film_names(table: pd.DataFrame, films: Sequence[Film]) -> pd.DataFrame:
    """The clips with a ``film`` column as people say it, "film 2 of F023": a film's id
    counts every case's films and means nothing to the family."""
    places = film_places(films)
    named = table.copy()
    named.insert(
        named.columns.get_loc("film_id") + 1,
        "film",
        [
            f"film {places.get(int(i), '?')} of {c}"
            for i, c in zip(table.film_id, table.case_code, strict=True)
        ],
    )
    return named


def _as_read(
    table: pd.DataFrame, store: Store, dirs: Sequence[Path], code: str, films: Sequence[Film]
) -> pd.DataFrame:
    """The reflections with their model's title (``model``: "Gibbs reflective cycle") and
    each answer as a reader sees it (``answer_words``: option labels, principle headings,
    clips by film and seconds), where ``answer`` keeps what was stored. The model comes from
    the store's copy of the version used, else the installed one; the id only when neither
    is there any more."""
    from vigkit.core.errors import TemplateNotFound, TemplateProblem
    from vigkit.reports.portfoliodata import answer_text
    from vigkit.templates import QuestionSet, find_question_set
    from vigkit.templates.principles import load_principles

    sets: dict[tuple[str, str], QuestionSet | None] = {}
    for ident, version in set(zip(table.template_id, table.template_version, strict=True)):
        body = store.templates.body(ident, version)
        try:
            sets[ident, version] = (
                QuestionSet.model_validate(body) if body else find_question_set(ident, dirs)
            )
        except (TemplateNotFound, TemplateProblem, ValueError):
            sets[ident, version] = None
    places = film_places(films)
    cases = {f.id: f.case_code for f in films}
    clips = {
        c.id or 0: f"film {places.get(c.film_id, '?')} of {cases[c.film_id]}, "
        f"{c.start_s:.2f}–{c.end_s:.2f} s"
        for c in store.films.list_clips(case_code=code)
        if c.film_id in cases
    }
    stored = {r.id: r.answers for r in store.reflections.list(case_code=code)}
    principles = load_principles()
    named = table.copy()
    keys = list(zip(table.template_id, table.template_version, strict=True))
    named.insert(
        named.columns.get_loc("template_version") + 1,
        "model",
        [sets[k].title if sets[k] else k[0] for k in keys],  # type: ignore[union-attr]
    )
    words = []
    for key, ident, qid, shown in zip(
        keys, table.reflection_id, table.question_id, table.answer, strict=True
    ):
        qset = sets[key]
        question = {q.id: q for q in qset.questions()}.get(qid) if qset else None
        raw = stored.get(ident, {}).get(qid, shown)
        words.append(answer_text(question, raw, principles, clips) or shown)
    named["answer_words"] = words
    return named


# The document's sections: the table's key, its heading, what it is, and the columns shown
# as a table (None: each row is a block of its own, label and value).
SECTIONS: tuple[tuple[str, str, str, tuple[str, ...] | None], ...] = (
    ("consents", "Consent", "What the family agreed to, each change kept.", None),
    (
        "ratings",
        "Helping questions and ratings",
        "The family's questions in their words, and how they rated them.",
        ("position", "words", "occasion", "rated_on", "value", "hoped_for"),
    ),
    ("cycles", "Cycles", "Each filming and shared review cycle.", None),
    (
        "films-and-stills",
        "Films and stills",
        "Each file held, and when it is to be deleted.",
        ("kind", "file", "filmed_on", "held_now", "deletion_due", "deleted_on"),
    ),
    ("clips", "Clips", "The moments chosen from the films, and what the guider saw.", None),
    ("reflections", "Reflections", "What the practitioner wrote about the case.", None),
    (
        "measures",
        "Outcome measures",
        "Measures taken with the family: the scores only.",
        ("taken_on", "measure_id", "occasion", "total", "item_scores", "risk_raised"),
    ),
    (
        "board-posts",
        "Live supervision",
        "What was said on a live session's board while one of its clips was shown.",
        ("posted_at", "author_id", "text"),
    ),
    (
        "supervision",
        "Supervision",
        "Supervision sessions its clips were brought to.",
        ("held_on", "trainee_id", "supervisor_id", "clips_brought"),
    ),
    (
        "audit",
        "Who opened the records",
        "From the audit trail: who opened, played, exported or changed them, and when.",
        ("at", "login", "action", "allowed", "door"),
    ),
)


def _label(column: str) -> str:
    return column.replace("_s", " (s)").replace("_", " ").capitalize().replace(" id", " number")


def _text(value: object) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


Block = tuple[str, list[tuple[str, str]]]


def _blocks(key: str, table: pd.DataFrame) -> list[Block]:
    """Rows as blocks: a title and its labelled values (clips and reflections grouped)."""
    records = table.to_dict("records")
    if key == "clips":
        grouped: dict[object, list[dict[str, object]]] = {}
        for r in records:
            grouped.setdefault(r["clip_id"], []).append(r)
        out = []
        for clip, rows in grouped.items():
            first = rows[0]
            times = f"{float(first['start_s']):.2f}–{float(first['end_s']):.2f} s"  # type: ignore[arg-type]
            title = f"Clip {clip}: {_text(first['film'])}, {times}"
            seen = ", ".join(_text(r["principle_heading"]) for r in rows if r["principle_heading"])
            out.append(
                (
                    title,
                    [
                        ("Filmed", f"{_text(first['film_date'])} {_text(first['film_context'])}"),
                        ("Principles seen", seen),
                        ("What the guider saw", _text(first["what_i_see"])),
                    ],
                )
            )
        return out
    if key == "reflections":
        by_reflection: dict[object, list[dict[str, object]]] = {}
        for r in records:
            by_reflection.setdefault(r["reflection_id"], []).append(r)
        return [
            (
                f"Reflection {ident} ({_text(rows[0]['model'])}, cycle "
                f"{_text(rows[0]['cycle'])}, {_text(rows[0]['created_at'])[:10]})",
                [
                    (_text(r["prompt"]) or _text(r["question_id"]), _text(r["answer_words"]))
                    for r in rows
                ],
            )
            for ident, rows in by_reflection.items()
        ]
    name = {"consents": "Consent given on", "cycles": "Cycle"}[key]
    first_column = {"consents": "given_on", "cycles": "number"}[key]
    return [
        (
            f"{name} {_text(r[first_column])}",
            [(_label(k), _text(v)) for k, v in r.items() if k != first_column],
        )
        for r in records
    ]


def _rows(table: pd.DataFrame, columns: tuple[str, ...]) -> tuple[list[str], list[list[str]]]:
    return [_label(c) for c in columns], [
        [_text(v) for v in row] for row in table[list(columns)].to_numpy()
    ]


def _about_case(sa: SubjectAccess) -> list[tuple[str, str]]:
    return [(_label(str(k)), _text(v)) for k, v in sa.tables["case"].iloc[0].items()]


def render_html(sa: SubjectAccess) -> str:
    """The document as one HTML page (offline: no script, no link out)."""
    e = html.escape
    code = sa.case.code

    def pairs(items: list[tuple[str, str]]) -> str:
        return "<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in items) + "</dl>"

    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(TITLE.format(code=code))}</title>",
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}"
        "table{border-collapse:collapse;width:100%;margin:.5rem 0}"
        "th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}"
        "th{background:#eee}dt{font-weight:bold}dd{margin:0 0 .4rem 1rem;white-space:pre-wrap}"
        "</style></head><body><main>",
        f"<h1>{e(TITLE.format(code=code))}</h1>",
        f"<p>{e(INTRO.format(code=code, made=sa.made_on.isoformat()))}</p>",
        "<h2>The case</h2>",
        pairs(_about_case(sa)),
        f"<p>Footage to be deleted: {e(sa.deletion)}</p>",
    ]
    for key, heading, about, columns in SECTIONS:
        table = sa.tables[key]
        parts.append(f"<h2>{e(heading)}</h2><p>{e(about)}</p>")
        if table.empty:
            parts.append("<p>None held.</p>")
        elif columns is None:
            for title, items in _blocks(key, table):
                parts.append(f"<h3>{e(title)}</h3>{pairs(items)}")
        else:
            head, rows = _rows(table, columns)
            parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head))
            parts.append("</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
            parts.append("</tbody></table>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def render_pdf(sa: SubjectAccess, path: Path) -> Path:
    """The same document as a PDF (A4, page numbers)."""
    code = sa.case.code
    doc = PdfDocument(TITLE.format(code=code), language="en")
    doc.heading(TITLE.format(code=code), level=0)
    doc.paragraph(INTRO.format(code=code, made=sa.made_on.isoformat()), small=True)

    def pairs(items: list[tuple[str, str]]) -> None:
        for label, value in items:
            doc.paragraph([(f"{label}: ", "B"), (value, "")])

    doc.heading("The case")
    pairs(_about_case(sa))
    doc.paragraph(f"Footage to be deleted: {sa.deletion}")
    for key, heading, about, columns in SECTIONS:
        table = sa.tables[key]
        doc.heading(heading)
        doc.paragraph(about, small=True, italic=True)
        if table.empty:
            doc.paragraph("None held.")
        elif columns is None:
            for title, items in _blocks(key, table):
                doc.heading(title, level=3)
                pairs(items)
        else:
            doc.table(*_rows(table, columns))
    return doc.save(path)


def write_subject_access(
    store: Store,
    code: str,
    to_dir: Path,
    data: Path,
    *,
    with_media: bool = False,
    today: date | None = None,
) -> list[Path]:
    """Write the bundle into ``to_dir/subject-access-<CASE>/``; the paths written."""
    settings_file = data / "settings.yaml"
    settings = load_settings(settings_file.read_text("utf-8") if settings_file.is_file() else None)
    sa = gather(store, code, data, today or clock.today(), settings)
    out = Path(to_dir).expanduser() / f"subject-access-{sa.case.code}"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, table in sa.tables.items():
        path = out / f"{key}.csv"
        spreadsheet_safe(table).to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    page = out / "subject-access.html"
    page.write_text(render_html(sa), encoding="utf-8")
    written += [page, render_pdf(sa, out / "subject-access.pdf")]
    if with_media:
        media = out / "media"
        media.mkdir(exist_ok=True)
        for f in sa.films:
            source = film_path(f, data)
            if source.is_file() and f.footage_deleted_on is None:
                target = media / f"film-{f.id}{source.suffix.lower()}"
                shutil.copyfile(source, target)
                written.append(target)
        for source in sa.files:
            if source.suffix.lower() in (".png", ".jpg") and source.is_file():
                target = media / f"{source.parent.name}-{source.name}"
                shutil.copyfile(source, target)
                written.append(target)
    return written
