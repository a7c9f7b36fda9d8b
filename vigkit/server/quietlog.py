"""The server's log says only what a person running vigkit should act on.

Jupyter's own log prints lines that look alarming to someone handling families' data and ask
nothing of them:

- "Notebook home.ipynb is not trusted", once per page: Jupyter's trust decides only whether
  outputs *saved in a notebook* are shown. vigkit's workbooks hold no saved outputs (a test
  holds that); every page is made fresh by its kernel, so trust has nothing to decide.
- "The websocket_ping_timeout (90000) cannot be longer than the websocket_ping_interval
  (30000)": tornado's remark on jupyter_server's own defaults; jupyter_server checks the
  timeout itself.
- "Kernel is running over TCP without encryption": not filtered but removed at its cause —
  vigkit's kernels talk to the server over Unix sockets in the server's own private folder
  (``KernelManager.transport=ipc``), so no other account on the machine can reach them
  (see :func:`vigkit.server.app.build_argv`).

Everything else (warnings and errors included) is left as it is.
"""

from __future__ import annotations

import logging

__all__ = ["JupyterNoise", "quiet_jupyter"]

# Jupyter's message format, matched on the unformatted message so a notebook's name cannot
# make a line slip through or be caught by mistake.
_NOISE = ("Notebook %s is not trusted",)
# tornado writes its numbers into the message itself (once per server, then de-duplicated).
_NOISE_START = "The websocket_ping_timeout ("
_NOISE_PART = ") cannot be longer than the websocket_ping_interval ("


class JupyterNoise(logging.Filter):
    """Drops the known lines above; passes every other record."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.msg
        if not isinstance(msg, str):
            return True
        return not (msg in _NOISE or (msg.startswith(_NOISE_START) and _NOISE_PART in msg))


def quiet_jupyter(*loggers: logging.Logger) -> None:
    """Attach the filter to ``loggers`` (and tornado's general logger) once each."""
    for logger in (*loggers, logging.getLogger("tornado.general")):
        if not any(isinstance(f, JupyterNoise) for f in logger.filters):
            logger.addFilter(JupyterNoise())
