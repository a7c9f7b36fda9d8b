"""A closed family for the retention tests: its one film a copy of the demo's, at a path
the test chooses (in vigkit's media storage, or kept elsewhere), with one clip."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from vigkit.core.records import Case, Clip, Consent, Film
from vigkit.store import Store


def closed_family(store: Store, code: str, where: Path, opened: date, closed: date) -> Film:
    """Case ``code``, opened and closed on those days, its film copied to ``where``."""
    demo = store.films.list("F017")[0]
    where.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo.path, where)
    store.cases.add(Case(code=code, practitioner_id="demo-guider", opened_on=opened))
    store.cases.set_consent(Consent(case_code=code, given_on=opened, filming=True))
    film = store.films.add(
        Film(
            case_code=code,
            cycle_number=1,
            path=str(where),
            sha256=demo.sha256,
            duration_s=demo.duration_s,
            filmed_on=opened + timedelta(days=7),
        )
    )
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=1.0, end_s=2.0))
    case = store.cases.get(code)
    store.cases.update(case.model_copy(update={"closed_on": closed}))
    return film
