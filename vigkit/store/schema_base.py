"""What every table module of the store shares: the one ``metadata`` and the column types.

The tables are split by era (``tables`` for migrations 0001-0003, ``supervision_tables`` for
0004, ``session_tables`` for 0005); each puts its tables on this ``metadata``, and
:mod:`vigkit.store.tables` imports them all. Take ``metadata`` from ``tables``, not from here,
to be sure every table is on it. Portable types only (SQLite now, PostgreSQL later).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["metadata", "CODE", "PRACTITIONER_ID", "SHORT", "WHEN"]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

CODE = sa.String(16)
PRACTITIONER_ID = sa.String(64)
SHORT = sa.String(300)
WHEN = sa.DateTime(timezone=True)
