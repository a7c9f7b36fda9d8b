"""Today and now, in one place, so a test can pin the day a page thinks it is.

Pages and forms call ``clock.today()`` (the module attribute, at call time), never
``date.today()`` directly: a test that depends on the date sets ``clock.today`` to a fixed
day with ``monkeypatch`` and its outcome no longer depends on when it runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    """The practitioner's today."""
    return date.today()


def now() -> datetime:
    """The current time, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)
