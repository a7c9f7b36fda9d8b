"""`vigkit report` on a generated three-year service, SQLite and PostgreSQL: the files a
commissioner files (HTML, PDF, Word, report.csv), figures that match a count made by hand
from the store, no count of 1 to 7 in the CSV, and the service lead's alone in a team."""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from vigkit.cli import main
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("tenyear", BENCHMARKS / "tenyear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIRST, LAST = date(2024, 7, 1), date(2026, 6, 30)


@pytest.fixture
def service(store_url: str, owner_url: str) -> str:
    # A bulk load sets the id sequences: the owner's job; the report reads as the app role.
    _generator().make_ten_year_store(owner_url, families=300, years=3)
    return store_url


def _report(url: str, out: Path, *extra: str) -> int:
    return main(
        ["report", "--from", FIRST.isoformat(), "--to", LAST.isoformat(), "--out", str(out)]
        + ["--database", url, "--data", str(out.parent / "data"), *extra]
    )


def test_the_report_matches_a_count_by_hand_and_never_shows_a_small_count(
    service: str, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    assert _report(service, out, "--by", "setting", "--as", "lead") == 0
    names = sorted(p.name for p in out.iterdir())
    assert {"report.html", "report.pdf", "report.docx", "report.csv"} <= set(names)
    rows = list(csv.DictReader((out / "report.csv").open(encoding="utf-8")))
    assert set(rows[0]) == {"measure", "period", "group", "count", "value", "note"}
    for row in rows:
        if row["count"] not in ("", "*"):
            n = int(float(row["count"]))
            assert not 1 <= n <= 7 and n % 5 == 0, row

    # By hand: families referred (opened in the period) and completed, per setting.
    with Store.open(url=service) as store:
        cases = store.cases.list()
        cycles = Counter()
        for case in cases:
            cycles[case.code] = max(
                (c.number for c in store.cases.list_cycles(case.code)), default=0
            )
    referred = Counter(c.setting for c in cases if FIRST <= c.opened_on <= LAST)
    completed = Counter(
        c.setting
        for c in cases
        if c.closed_on is not None and FIRST <= c.closed_on <= LAST and cycles[c.code] >= 3
    )
    shown = {(r["measure"], r["group"]): r["count"] for r in rows}
    for setting, n in referred.items():
        if n >= 8:
            assert shown[("families_referred", setting)] == str(5 * round(n / 5)), setting
    assert shown[("families_referred", "All")] == str(5 * round(sum(referred.values()) / 5))
    assert shown[("families_completed", "All")] == str(5 * round(sum(completed.values()) / 5))

    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Counts of 1 to 7 are shown as *" in page and "<script" not in page
    pdf = pdfium.PdfDocument(out / "report.pdf")
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "Families referred" in text and "rounded to the nearest 5" in " ".join(text.split())


def test_in_a_team_only_the_service_lead_makes_it(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(url=service) as store:
        guider = next(p.id for p in store.people.list() if p.id != "lead")
    assert _report(service, tmp_path / "no", "--as", guider) == 2
    assert "may not make the service report" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
    with Store.open(url=service) as store:
        trail = [(e.login, e.allowed) for e in store.audit.trail(login=guider)]
    assert (guider, False) in trail
