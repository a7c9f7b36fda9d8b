"""Workbook notebooks: vigkit metadata under one namespace, validated, and thin cells."""

from __future__ import annotations

import copy
import io
import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from vigkit.paths import templates_dir, workbooks_dir
from vigkit.templates import check_command
from vigkit.templates.notebookcheck import cell_problems, check_notebook, notebook_problems
from vigkit.templates.notebookmeta import (
    UPGRADES,
    NotebookMetaProblem,
    WorkbookMeta,
    has_meta,
    meta_of,
    parse_meta,
    read_notebook,
    write_notebook,
)

SHIPPED = sorted(workbooks_dir().glob("*.ipynb"))
CASE = workbooks_dir() / "case.ipynb"


def _case() -> Any:
    return nbformat.read(CASE, as_version=4)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_workbook_passes_check(path: Path) -> None:
    """Each shipped notebook has valid vigkit metadata and only thin cells."""
    assert [] == check_notebook(path)


def test_every_shipped_workbook_names_its_page() -> None:
    """Each shipped notebook's metadata says which page it is: its own file name."""
    assert [p.stem for p in SHIPPED] == [read_notebook(p)[1].workbook for p in SHIPPED]


def test_case_metadata_is_read() -> None:
    """The case workbook is the case page and reads ?case=."""
    expected = WorkbookMeta(schema_version=1, workbook="case", parameters=("case",))
    assert expected == meta_of(_case(), "case.ipynb")


def test_round_trip_writes_what_was_given(tmp_path: Path) -> None:
    """Written metadata comes back the same from the file, under metadata.vigkit only."""
    nb = _case()
    meta = WorkbookMeta(workbook="case_ours", parameters=("case",))
    returned = write_notebook(nb, tmp_path / "ours.ipynb", meta)
    raw = json.loads((tmp_path / "ours.ipynb").read_text(encoding="utf-8"))
    assert (meta, meta) == (returned, read_notebook(tmp_path / "ours.ipynb")[1])
    assert {"schema_version": 1, "workbook": "case_ours", "parameters": ["case"]} == raw[
        "metadata"
    ]["vigkit"]


def test_write_refuses_invalid_metadata_and_leaves_the_file(tmp_path: Path) -> None:
    """Invalid metadata is refused in plain words before anything is written."""
    target = tmp_path / "ours.ipynb"
    shutil.copy(CASE, target)
    before = target.read_bytes()
    with pytest.raises(NotebookMetaProblem) as caught:
        write_notebook(_case(), target, {"schema_version": 1, "workbook": "Case Page"})
    assert [
        f"{target}: vigkit.workbook is 'Case Page', which is not a name vigkit can use — use "
        "lower-case letters, digits and _ (e.g. 'case'), starting with a letter"
    ] == caught.value.problems
    assert before == target.read_bytes()


def test_missing_namespace_is_tolerated_by_the_predicate_and_reported_by_check() -> None:
    """has_meta says False for a notebook without metadata; the check says how to add it."""
    nb = _case()
    del nb.metadata["vigkit"]
    assert not has_meta(nb)
    problems = notebook_problems(nb, "x.ipynb")
    assert 1 == len(problems)
    assert problems[0].startswith("x.ipynb: the notebook has no vigkit metadata — ")


def test_newer_schema_version_is_refused_plainly() -> None:
    """Metadata from a newer vigkit is named as such, not half read."""
    with pytest.raises(NotebookMetaProblem) as caught:
        parse_meta({"schema_version": 3, "workbook": "case"}, "x.ipynb")
    assert [
        "x.ipynb: vigkit.schema_version is 3, but this vigkit reads up to 1 — the notebook was "
        "written by a newer vigkit: upgrade vigkit, or use the notebook that came with this one"
    ] == caught.value.problems


def test_every_problem_at_once() -> None:
    """An unknown key and a bad parameter name are both reported."""
    with pytest.raises(NotebookMetaProblem) as caught:
        parse_meta(
            {"schema_version": 1, "workbook": "case", "parameters": ["Case"], "colour": "red"},
            "x.ipynb",
        )
    assert 2 == len(caught.value.problems)
    assert "vigkit.parameters.0 is 'Case'" in caught.value.problems[0]
    assert "'vigkit.colour', which vigkit does not know" in caught.value.problems[1]


def test_upgrade_chain_brings_old_metadata_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each step of the chain runs in order, from the version read up to the current one."""
    from vigkit.templates.notebookmeta import _upgraded

    monkeypatch.setattr("vigkit.templates.notebookmeta.SCHEMA_VERSION", 3)
    monkeypatch.setitem(UPGRADES, 1, lambda raw: {**raw, "schema_version": 2, "steps": ["1→2"]})
    monkeypatch.setitem(
        UPGRADES, 2, lambda raw: {**raw, "schema_version": 3, "steps": [*raw["steps"], "2→3"]}
    )
    expected = {"schema_version": 3, "workbook": "home", "steps": ["1→2", "2→3"]}
    assert expected == _upgraded({"schema_version": 1, "workbook": "home"}, "x.ipynb")


def test_code_beyond_the_thin_pattern_is_named_with_its_cell() -> None:
    """A cell that does more than call into vigkit is reported with its number and line."""
    nb = _case()
    nb.cells.append(nbformat.v4.new_code_cell("import os\nfor f in os.listdir('.'):\n    print(f)"))
    assert [
        "case.ipynb: cell 4, line 1: `import os` imports from outside vigkit — a workbook only "
        "imports from vigkit and calls into it; put other code in the vigkit package, or "
        "explain things in a markdown cell",
        "case.ipynb: cell 4, line 2: `for f in os.listdir('.'):` — a workbook only imports from "
        "vigkit and calls into it; put other code in the vigkit package, or explain things in a "
        "markdown cell",
    ] == notebook_problems(nb, "case.ipynb")


def test_markdown_guidance_is_free() -> None:
    """A trainer's markdown cell, anywhere, is no problem."""
    nb = _case()
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("## Before you start\nWrite “the parent”."))
    assert [] == notebook_problems(nb, "case.ipynb")


def test_parameters_must_agree_with_the_metadata() -> None:
    """A URL parameter the cells use but the metadata does not list is named, in both cells."""
    nb = _case()
    nb.cells[0].source += '\nfilm = ""'
    nb.cells[2].source = nb.cells[2].source.replace("case=case", "case=case, film=film")
    problems = notebook_problems(nb, "case.ipynb")
    assert [
        "case.ipynb: cell 1: the parameters cell sets 'film', which vigkit.parameters in the "
        "notebook metadata does not list — add it there, or remove it from the cell",
        "case.ipynb: cell 3: the page reads 'film', which vigkit.parameters in the notebook "
        "metadata does not list — add it there, or remove it from request_params(...)",
    ] == problems


def test_parameters_left_out_are_not_compared() -> None:
    """Metadata without a parameters list (an older notebook) is not compared with the cells."""
    nb = _case()
    nb.metadata["vigkit"] = {"schema_version": 1, "workbook": "case"}
    assert [] == notebook_problems(nb, "case.ipynb")


def test_parameters_cell_only_sets_values() -> None:
    """Computation in the parameters cell is reported; a missing tag is too."""
    nb = _case()
    nb.cells[0].source = 'case = "".upper()'
    assert [
        'case.ipynb: cell 1, line 1: `case = "".upper()` — the parameters cell only sets names '
        'to plain values, e.g. case = ""'
    ] == cell_problems(nb, "case.ipynb")
    untagged = copy.deepcopy(nb)
    untagged.cells[0].metadata = {}
    assert cell_problems(untagged, "case.ipynb")[0].startswith(
        "case.ipynb: no code cell is tagged 'parameters' — "
    )


def test_a_syntax_error_is_located() -> None:
    """A cell that is not valid Python is reported at its line, not raised."""
    nb = _case()
    nb.cells[1].source = "import vigkit.ui.pages as pages\npages.warm_up("
    assert [
        "case.ipynb: cell 2, line 2: the code is not valid Python ('(' was never closed) — copy "
        "the cell from the shipped notebook again"
    ] == cell_problems(nb, "case.ipynb")


def test_a_file_that_is_not_a_notebook(tmp_path: Path) -> None:
    """A damaged .ipynb is one plain problem."""
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    problems = check_notebook(bad)
    assert 1 == len(problems)
    assert problems[0].startswith(f"{bad}: cannot be read as a notebook (")


def test_templates_check_takes_a_notebook_and_counts_it(tmp_path: Path) -> None:
    """`templates check x.ipynb` prints the notebook's problems and counts notebooks."""
    nb = _case()
    del nb.metadata["vigkit"]
    bad = tmp_path / "case.ipynb"
    nbformat.write(nb, bad)
    out = io.StringIO()
    assert 1 == check_command([str(bad)], out=out)
    lines = out.getvalue().splitlines()
    assert "1 problem in 1 of 1 notebook." == lines[-1]
    assert lines[0].startswith(f"{bad}: the notebook has no vigkit metadata")


def test_templates_check_on_a_folder_of_workbooks() -> None:
    """A folder of notebooks is checked like a folder of templates."""
    out = io.StringIO()
    assert 0 == check_command([str(workbooks_dir())], out=out)
    assert [f"{len(SHIPPED)} notebooks checked: all valid."] == out.getvalue().splitlines()


def test_checking_the_shipped_templates_also_checks_the_workbooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken shipped workbook makes the default check fail, with the notebook named."""
    books = tmp_path / "workbooks"
    shutil.copytree(workbooks_dir(), books)
    nb = nbformat.read(books / "home.ipynb", as_version=4)
    nb.metadata["vigkit"]["schema_version"] = 9
    nbformat.write(nb, books / "home.ipynb")
    monkeypatch.setenv("VIGKIT_WORKBOOKS", str(books))
    out = io.StringIO()
    assert 1 == check_command([str(templates_dir())], out=out)
    assert out.getvalue().startswith(f"{books / 'home.ipynb'}: vigkit.schema_version is 9")


def test_checkpoint_copies_in_a_templates_folder_are_left_out(tmp_path: Path) -> None:
    """JupyterLab's .ipynb_checkpoints copies do not count as templates with repeated ids."""
    src = templates_dir() / "question_sets" / "reflection_what.yaml"
    shutil.copy(src, tmp_path / "reflection_what.yaml")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    shutil.copy(src, tmp_path / ".ipynb_checkpoints" / "reflection_what-checkpoint.yaml")
    out = io.StringIO()
    assert 0 == check_command([str(tmp_path)], out=out)
    assert ["1 template checked: all valid."] == out.getvalue().splitlines()
