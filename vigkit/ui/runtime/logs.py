"""The page kernel's runtime: where its log goes, and files made owner-only.

Voilà shows a kernel's stderr in the page, so nothing meant for the server's terminal may
reach ``sys.stderr``: vigkit's log and Python's warnings go to the kernel's real stderr
(``sys.__stderr__``, the server's terminal) and to ``<data>/logs/vigkit.log``.
"""

from __future__ import annotations

import logging
import re
import sys

from vigkit import paths

__all__ = ["setup_logging", "NoTypedText"]


# pydantic's messages repeat what was typed ("input_value='…'"): a log never holds it.
_TYPED = re.compile(r"input_value=.*?(?=, input_type=)", re.DOTALL)


class NoTypedText(logging.Formatter):
    """A log line with what a person typed left out of validation messages (families'
    words never reach a log file)."""

    def format(self, record: logging.LogRecord) -> str:
        return _TYPED.sub("input_value=<not logged>", super().format(record))


def setup_logging() -> None:
    """Send vigkit's log and Python's warnings to the terminal and the log file (once)."""
    root = logging.getLogger("vigkit")
    if root.handlers:
        return
    # A kernel started by another server than vigkit's (a hub's spawner of its own) makes
    # files owner-only all the same: films, stills, exports, this log.
    paths.owner_only()
    root.setLevel(logging.INFO)
    fmt = NoTypedText("%(asctime)s vigkit %(levelname)s %(name)s: %(message)s")
    stream = logging.StreamHandler(sys.__stderr__)
    stream.setFormatter(fmt)
    root.addHandler(stream)
    try:
        logdir = paths.data_dir() / "logs"
        logdir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(logdir / "vigkit.log", encoding="utf-8")
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError:
        root.warning("could not open the log file in the data directory")
    # A warning printed while a page builds would otherwise appear in the page.
    logging.captureWarnings(True)
    warned = logging.getLogger("py.warnings")
    warned.handlers = list(root.handlers)
    warned.propagate = False
