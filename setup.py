"""Build step vigkit needs beyond pyproject.toml: the wheel carries the checkout's
``templates/`` and ``workbooks/`` as ``vigkit/_bundle/``, so an installed vigkit serves
every page outside any checkout (``vigkit.paths`` looks there first)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithBundle(build_py):
    def run(self) -> None:
        super().run()
        for name in ("templates", "workbooks"):
            source = HERE / name
            if not source.is_dir():
                continue
            target = Path(self.build_lib) / "vigkit" / "_bundle" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            )


setup(cmdclass={"build_py": BuildWithBundle})
