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

__all__ = ["setup_logging", "NoTypedText", "ClosedAtShutdown"]


# pydantic's messages repeat what was typed ("input_value='…'"): a log never holds it.
_TYPED = re.compile(r"input_value=.*?(?=, input_type=)", re.DOTALL)


class NoTypedText(logging.Formatter):
    """A log line with what a person typed left out of validation messages (families'
    words never reach a log file)."""

    def format(self, record: logging.LogRecord) -> str:
        return _TYPED.sub("input_value=<not logged>", super().format(record))


class ClosedAtShutdown(logging.Filter):
    """Drops the kernel's "Exception in message handler" traceback for a reply it could not
    send because the server had just shut it down (its sockets closed under a page still
    being made, as when vigkit stops). The kernel is gone; there is nothing to act on.
    Every other error, and this one while the kernel is not shutting down, is kept."""

    def __init__(self, kernel: object) -> None:
        super().__init__()
        self.kernel = kernel

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != "Exception in message handler:" or not record.exc_info:
            return True
        error = record.exc_info[1]
        import zmq

        closed = isinstance(error, zmq.ZMQError) and error.errno == zmq.ENOTSOCK
        shutting_down = getattr(self.kernel, "_shutdown_message", None) is not None
        return not (closed and shutting_down)


def _quiet_kernel_shutdown() -> None:
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    logger = getattr(kernel, "log", None)
    if isinstance(logger, logging.Logger) and not any(
        isinstance(f, ClosedAtShutdown) for f in logger.filters
    ):
        logger.addFilter(ClosedAtShutdown(kernel))


def setup_logging() -> None:
    """Send vigkit's log and Python's warnings to the terminal and the log file (once)."""
    root = logging.getLogger("vigkit")
    if root.handlers:
        return
    _quiet_kernel_shutdown()
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
