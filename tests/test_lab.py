"""`vigkit lab`: JupyterLab on the templates, with its checkpoints out of the templates folder."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from vigkit.server.lab import lab_argv, lab_command


def test_lab_opens_the_folder_with_checkpoints_elsewhere(tmp_path: Path) -> None:
    """JupyterLab's root is the folder; its checkpoint copies go to the data directory."""
    expected = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={tmp_path / 'templates'}",
        f"--FileCheckpoints.checkpoint_dir={tmp_path / 'data' / 'lab-checkpoints'}",
    ]
    assert expected == lab_argv(tmp_path / "templates", tmp_path / "data" / "lab-checkpoints")


def test_without_jupyterlab_the_command_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No JupyterLab installed: one plain sentence and status 1, no traceback."""
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    out = io.StringIO()
    assert 1 == lab_command(str(tmp_path), tmp_path / "data", out=out)
    assert [
        "vigkit: JupyterLab is not installed. Run `make lab`, which installs it, or "
        "`python -m pip install jupyterlab`, then `vigkit lab` again."
    ] == out.getvalue().splitlines()


def test_a_folder_that_is_not_there(tmp_path: Path) -> None:
    """A folder that does not exist is named."""
    out = io.StringIO()
    assert 1 == lab_command(str(tmp_path / "nope"), tmp_path, out=out)
    assert out.getvalue().startswith(f"vigkit: {tmp_path / 'nope'} is not a folder")
