"""Today and now, in one place, so a test can pin the day a page thinks it is.

Everything in vigkit calls ``clock.today()``, ``clock.now()`` and the like (the module
attribute, at call time), never ``date.today()`` or ``datetime.now()`` directly
(``tests/test_architecture.py`` holds this): a test that depends on the date sets
``clock.today`` to a fixed day with ``monkeypatch`` and its outcome no longer depends on
when it runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    """The practitioner's today."""
    return date.today()


def now() -> datetime:
    """The current time, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def precise_now() -> datetime:
    """The current time, in UTC, to the microsecond (ordering a live session's moves)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """The machine's local time now: a time of day said to the person at the screen."""
    return datetime.now()
