"""The accreditation requirements file, read: ``accreditation.yaml`` in the templates folder.

The requirements and their checks are :mod:`vigkit.templates.accreditation` (pure: text in, a
checked model out); this edge of the templates room finds and reads the file.
"""

from __future__ import annotations

from pathlib import Path

from vigkit.paths import templates_dir
from vigkit.templates.accreditation import Accreditation, parse_accreditation
from vigkit.templates.yamlsource import read_template

__all__ = ["accreditation_path", "load_accreditation"]


def accreditation_path() -> Path:
    """The requirements file vigkit uses: ``accreditation.yaml`` in the templates folder."""
    return templates_dir() / "accreditation.yaml"


def load_accreditation(path: str | Path | None = None) -> Accreditation:
    """Read and check the requirements file (default :func:`accreditation_path`)."""
    file = Path(path) if path is not None else accreditation_path()
    return parse_accreditation(read_template(file), str(file))
