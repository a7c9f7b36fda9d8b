"""The project's own files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject() -> None:
    """environment.yml installs the same runtime dependencies, with the same bounds, as pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r.replace(" ", "") for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    # Packages conda-forge lacks are installed by pip, under its own entry.
    from_pip = [d for entry in env["dependencies"] if isinstance(entry, dict) for d in entry["pip"]]
    conda = {
        _name(d): d.replace(" ", "")
        for d in env["dependencies"] + from_pip
        if isinstance(d, str)
        and not d.startswith("-e")
        and _name(d) not in ("python", "pip", "postgresql")
    }  # postgresql: a system program (the team's store, the tests), not a Python dependency
    assert wanted == conda


def test_committed_notebooks_have_no_outputs() -> None:
    """Workbooks are committed without outputs: outputs could leak a family's data."""
    import nbformat

    for path in sorted((ROOT / "workbooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert ([], None) == (cell.outputs, cell.execution_count), path.name


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls `make test`, the command the README gives."""
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
    assert "make serve" in (ROOT / "README.md").read_text()
