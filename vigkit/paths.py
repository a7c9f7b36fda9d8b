"""Where vigkit finds its data directory, its templates and its workbooks."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

__all__ = [
    "is_team_mode",
    "data_dir",
    "templates_dir",
    "workbooks_dir",
    "media_dir",
    "project_root",
    "owner_only",
    "OWNER_ONLY_MASK",
]

ENV_HOME = "VIGKIT_HOME"
ENV_DATABASE_URL = "VIGKIT_DATABASE_URL"  # a team's shared store (e.g. PostgreSQL)
# Team mode: this server (and its kernels) serve one person, spawned by JupyterHub for them.
ENV_MODE = "VIGKIT_MODE"
TEAM = "team"
# Set by vigkit's own hub for the servers it spawns: its accounts are its own (NativeAuthenticator),
# so a person the admin adds is given a first password.
ENV_HUB_ACCOUNTS = "VIGKIT_HUB_ACCOUNTS"
NATIVE_ACCOUNTS = "native"
ENV_TEMPLATES = "VIGKIT_TEMPLATES"
ENV_WORKBOOKS = "VIGKIT_WORKBOOKS"
# Group and other lose every bit: what vigkit makes is 0700 (folders) and 0600 (files).
OWNER_ONLY_MASK = 0o077


def owner_only() -> int:
    """Make every folder and file this process (and what it starts) creates its user's only.

    Families' films, uploads, logs and the hub's password hashes are health data: another
    user of the machine must read none of them. The umask is inherited, so set here (by the
    ``vigkit`` command and a page's kernel) it also covers the hub, the servers it spawns,
    their kernels and PostgreSQL's files. A stricter umask already set is kept. Returns the
    umask there was.
    """
    before = os.umask(OWNER_ONLY_MASK)
    os.umask(before | OWNER_ONLY_MASK)
    return before


def is_team_mode(env: Mapping[str, str] | None = None) -> bool:
    """Whether this process (a server or its kernel) serves one person of a team."""
    return (os.environ if env is None else env).get(ENV_MODE) == TEAM


def project_root() -> Path:
    """The checkout vigkit runs from (vigkit is installed editable, as the Makefile does)."""
    return Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    """``templates/`` or ``workbooks/``: the copy a built wheel carries, else the checkout's."""
    bundled = Path(__file__).resolve().parent / "_bundle" / name
    return bundled if bundled.is_dir() else project_root() / name


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``explicit``, else ``$VIGKIT_HOME``, else the user data directory."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME])
    else:
        path = Path(platformdirs.user_data_dir("vigkit", appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def media_dir(data: Path) -> Path:
    """Video, stills and clips live here, outside the database and outside git."""
    path = data / "media"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def templates_dir() -> Path:
    """Shipped templates (``templates/`` of the checkout) unless ``$VIGKIT_TEMPLATES`` says."""
    env = os.environ.get(ENV_TEMPLATES)
    return Path(env).resolve() if env else _shipped("templates")


def workbooks_dir() -> Path:
    """The workbook notebooks Voilà serves, unless ``$VIGKIT_WORKBOOKS`` says."""
    env = os.environ.get(ENV_WORKBOOKS)
    return Path(env).resolve() if env else _shipped("workbooks")
