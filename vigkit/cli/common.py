"""What every `vigkit` command shares: its data folder and its store, from the options."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vigkit import paths

if TYPE_CHECKING:
    from vigkit.store import Store

__all__ = ["add_data", "add_database", "database_url", "data_of", "open_store"]


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $VIGKIT_HOME, else your user data directory)",
    )


def add_database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="the store's database, e.g. postgresql+psycopg://… (default: $VIGKIT_DATABASE_URL, "
        "else the data directory's SQLite file)",
    )


def database_url(args: argparse.Namespace) -> str | None:
    """--database, else $VIGKIT_DATABASE_URL, else `database:` in <data>/settings.yaml."""
    named = getattr(args, "database", None) or os.environ.get(paths.ENV_DATABASE_URL)
    if named:
        return str(named)
    from vigkit.core.settings import load_settings

    settings = data_of(args) / "settings.yaml"
    return (
        load_settings(settings.read_text(encoding="utf-8")).database if settings.is_file() else None
    )


def data_of(args: argparse.Namespace) -> Path:
    from vigkit.core.errors import StoreError

    explicit = getattr(args, "data", None)
    try:
        return paths.data_dir(explicit)
    except OSError as err:
        where = Path(explicit or os.environ.get(paths.ENV_HOME) or "the data directory")
        raise StoreError(
            key="error.store.not_opened", where=where, detail=err.strerror or err
        ) from err


def open_store(args: argparse.Namespace) -> Store:
    from vigkit.store import Store

    return Store.open(data_of(args), url=database_url(args))
