"""The HTML documents people file or share pass axe-core like the pages do: the family's
record of strengths, the subject-access document, the service report and a trainee's
portfolio, each made from the demo caseload by the commands and code a person uses."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from vigkit.cli import main

from .conftest import shot
from .test_accessibility import axe_script, violations


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    data = tmp_path_factory.mktemp("docs") / "data"
    subprocess.run(
        [sys.executable, "-m", "vigkit", "demo", "--data", str(data)],
        check=True,
        capture_output=True,
    )
    out = data.parent / "out"
    common = ["--data", str(data)]
    assert main(["export", "F017", "--to", str(out / "export"), *common]) == 0
    assert main(["subject-access", "F017", "--to", str(out / "sar"), *common]) == 0
    today = date.today().isoformat()
    report = ["report", "--from", "2020-01-01", "--to", today, "--out", str(out / "report")]
    assert main([*report, *common]) == 0
    from vigkit.reports.portfolio import HTML_NAME, gather, write_portfolio
    from vigkit.store import Store
    from vigkit.templates import find_question_set
    from vigkit.templates.accreditationfile import load_accreditation
    from vigkit.ui.runtime import pagedata

    with Store.open(data) as store:
        trainee = store.people.list()[0]
        dirs = pagedata.question_set_dirs()
        portfolio = gather(
            store, trainee, load_accreditation(), lambda i: find_question_set(i, dirs)
        )
    write_portfolio(portfolio, out / "portfolio")
    found = {
        "strengths": next((out / "export").rglob("*strengths*.html")),
        "subject-access": next((out / "sar").rglob("subject-access.html")),
        "report": next((out / "report").rglob("report.html")),
        "portfolio": out / "portfolio" / HTML_NAME,
    }
    return found


@pytest.mark.parametrize("name", ["strengths", "subject-access", "report", "portfolio"])
def test_document_has_no_accessibility_violations(
    documents: dict[str, Path], page: object, name: str
) -> None:
    page.goto(documents[name].as_uri())  # type: ignore[attr-defined]
    found = violations(page, axe_script())
    shot(page, f"axe-document-{name}")
    assert [] == found
