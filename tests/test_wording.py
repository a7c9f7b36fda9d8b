"""The record of strengths' own words come from a template a trainer can reword."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vigkit.core.errors import TemplateProblem
from vigkit.reports.strengths import StrengthsRecord, render_html
from vigkit.templates.wording import Wording, load_wording, parse_wording


def test_shipped_wording_is_valid_and_matches_the_defaults() -> None:
    """The shipped file and the built-in defaults say the same thing."""
    assert Wording() == load_wording()


def test_reworded_lines_reach_the_document() -> None:
    """A Welsh title and closing line are what the family reads; names are filled in."""
    words = parse_wording(
        'title: Ein cofnod o gryfderau\nmade_on: "Achos {case}, {day}"\nclosing: Diolch ☺ <3\n'
    )
    record = StrengthsRecord(
        case_code="F017",
        questions=(),
        moments=(),
        made_on=date(2026, 11, 25),
        source="the primer",
        language="cy",
    )
    page = render_html(record, words=words)
    assert "<h1>Ein cofnod o gryfderau</h1>" in page
    assert "Achos F017, 25 November 2026" in page
    assert "Diolch ☺ &lt;3" in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title: ok\nmade_on: "{case} on {dya}"\n',
            "<w>:2:10: `made_on` uses {dya}, which is not filled in there "
            "(it may use: {case}, {day})",
        ),
        ('closing: "a {b"\n', "<w>:1:10: 'a {b' has a curly bracket without its pair"),
        ("titel: x\n", "<w>:1:1: 'titel' is not a field of the wording — did you mean 'title'?"),
        ("title: ''\n", "<w>:1:8: 'title' of the wording cannot be empty"),
        (
            "title: [unclosed\n",
            "<w>:1:8: the file is not valid YAML: close the square bracket that opens here "
            "(the reader gave up at line 2, column 1",
        ),
        (
            'title: "unclosed\nclosing: fine\nmade_on: x\n',
            "<w>:1:8: the file is not valid YAML: close the quote that opens here "
            "(the reader gave up at line 4, column 1",
        ),
    ],
)
def test_broken_wording_names_the_line(text: str, expected: str) -> None:
    """Every mistake is located and said in plain words."""
    with pytest.raises(TemplateProblem) as caught:
        parse_wording(text, "<w>")
    assert expected in str(caught.value)


def test_missing_file_is_a_template_problem(tmp_path: Path) -> None:
    """A wording file that is not there is a plain message, not a traceback."""
    with pytest.raises(TemplateProblem):
        load_wording(tmp_path / "nope.yaml")


def test_templates_check_reads_wording_files(tmp_path: Path) -> None:
    """`vigkit templates check` knows a wording file by its kind and locates its problems."""
    from vigkit.templates import check_path

    (tmp_path / "words.yaml").write_text(
        'kind: document_wording\nid: record_of_strengths\nsource: "from {sauce}"\n',
        encoding="utf-8",
    )
    found = check_path(tmp_path)
    assert 1 == len(found)
    assert f"{tmp_path / 'words.yaml'}:3:9: `source` uses {{sauce}}" in found[0]
