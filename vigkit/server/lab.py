"""``vigkit lab``: JupyterLab on the templates, for a trainer to edit them beside the preview.

JupyterLab is not one of vigkit's dependencies (``make lab`` installs it). It keeps a
copy of every file it saves in ``.ipynb_checkpoints/`` beside the file; in a templates
folder those copies (``x-checkpoint.yaml``) would look like templates with repeated ids,
so they go to one folder in the data directory instead.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from vigkit import paths

__all__ = ["lab_argv", "lab_command"]


def lab_argv(folder: Path, checkpoints: Path) -> list[str]:
    """The command that opens JupyterLab on ``folder``, its checkpoints kept in ``checkpoints``."""
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        # An absolute checkpoint_dir puts every checkpoint there, not beside the files.
        f"--FileCheckpoints.checkpoint_dir={checkpoints}",
    ]


def lab_command(folder: str | None, data: Path, out: TextIO | None = None) -> int:
    """Open JupyterLab on ``folder`` (default: the shipped templates); the exit status."""
    out = out or sys.stdout
    root = Path(folder).resolve() if folder else paths.templates_dir()
    if not root.is_dir():
        print(f"vigkit: {root} is not a folder — give the folder of templates to open", file=out)
        return 1
    if importlib.util.find_spec("jupyterlab") is None:
        print(
            "vigkit: JupyterLab is not installed. Run `make lab`, which installs it, or "
            "`python -m pip install jupyterlab`, then `vigkit lab` again.",
            file=out,
        )
        return 1
    own = data / "templates" / "question_sets"
    print(f"vigkit: opening JupyterLab on {root}", file=out)
    print(f"vigkit: your own templates live in {own}", file=out)
    print(
        "vigkit: to see a template as practitioners will while you edit it, run "
        "`vigkit serve` and open the Template preview from the home page.",
        file=out,
        flush=True,
    )
    env = {**os.environ, paths.ENV_HOME: str(data)}
    try:
        return subprocess.call(lab_argv(root, data / "lab-checkpoints"), env=env)
    except KeyboardInterrupt:
        return 130
