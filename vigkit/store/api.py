"""The Store: every read and write of vigkit's records, one transaction per save, in parts.

``store.cases``, ``store.films`` ... are composed objects, each with its own tables and
queries (in the manner of Django's managers); they share the store's one engine and its
transactions (:class:`vigkit.store.engine.StoreBase`). The store itself only opens, closes,
migrates and compacts the database.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from vigkit.store.accessfacts import Access
from vigkit.store.audit import Audit
from vigkit.store.calibrations import Calibration
from vigkit.store.cases import Cases
from vigkit.store.engine import StoreBase
from vigkit.store.erasure import Erasure
from vigkit.store.filmpeople import PeopleInFilms
from vigkit.store.films import Films
from vigkit.store.groups import Groups
from vigkit.store.measures import Measures
from vigkit.store.people import People, Settings
from vigkit.store.reflections import Reflections
from vigkit.store.reports import Reports
from vigkit.store.sessions import Sessions
from vigkit.store.supervision import SupervisionRecords
from vigkit.store.templateversions import Templates

__all__ = ["Store", "PARTS"]

#: The store's parts, by attribute name.
PARTS = (
    "people",
    "settings",
    "cases",
    "films",
    "people_in_films",
    "reflections",
    "groups",
    "sessions",
    "calibration",
    "supervision",
    "measures",
    "audit",
    "templates",
    "access",
    "erasure",
    "reports",
)


class Store(StoreBase):
    """vigkit's records in one SQL database (a SQLite file by default), in parts:
    ``store.cases.add(case)``, ``store.films.list("F017")``, ``store.audit.trail()`` ..."""

    def __init__(
        self, engine: Engine, lock_dir: Path | None = None, *, read_only: bool = False
    ) -> None:
        """Wrap ``engine`` (migrating it to head if needed); prefer :meth:`open`."""
        super().__init__(engine, lock_dir, read_only=read_only)
        self.people = People(self)
        self.settings = Settings(self)
        self.cases = Cases(self)
        self.films = Films(self)
        self.people_in_films = PeopleInFilms(self)
        self.reflections = Reflections(self)
        self.groups = Groups(self)
        self.sessions = Sessions(self)
        self.calibration = Calibration(self)
        self.supervision = SupervisionRecords(self)
        self.measures = Measures(self)
        self.audit = Audit(self)
        self.templates = Templates(self)
        self.access = Access(self)
        self.erasure = Erasure(self)
        self.reports = Reports(self)
