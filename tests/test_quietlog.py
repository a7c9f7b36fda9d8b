"""The server's log keeps what a person should act on and drops Jupyter's known noise."""

from __future__ import annotations

import logging

import pytest
import zmq

from vigkit.server.app import ServeOptions, build_argv
from vigkit.server.quietlog import JupyterNoise, quiet_jupyter
from vigkit.ui.runtime.logs import ClosedAtShutdown


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, None) if exc is not None else None
    return logging.LogRecord("x", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_trust_and_ping_remarks_are_dropped_and_everything_else_kept() -> None:
    noise = JupyterNoise()
    assert not noise.filter(_record("Notebook %s is not trusted", "home.ipynb"))
    ping = (
        "The websocket_ping_timeout (90000) cannot be longer than the "
        "websocket_ping_interval (30000).\nSetting websocket_ping_timeout=30000"
    )
    assert not noise.filter(_record(ping))
    # A notebook *named* like the remark, or any other warning, still shows.
    assert noise.filter(_record("Notebook %s could not be read", "home.ipynb"))
    assert noise.filter(_record("Notebook home.ipynb is not trusted, and something else"))
    assert noise.filter(_record("The websocket closed"))
    assert noise.filter(_record("refused a page: %d pages open (limit %d)", 9, 8))


def test_the_filter_is_attached_once(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("vigkit-test-quiet")
    quiet_jupyter(logger)
    quiet_jupyter(logger)
    assert sum(isinstance(f, JupyterNoise) for f in logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger="vigkit-test-quiet"):
        logger.warning("Notebook %s is not trusted", "case.ipynb")
        logger.warning("Notebook %s failed", "case.ipynb")
    assert [r.getMessage() for r in caplog.records] == ["Notebook case.ipynb failed"]


def test_kernels_talk_over_private_unix_sockets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    argv = build_argv(ServeOptions(data=tmp_path))
    assert "--KernelManager.transport=ipc" in argv


class _Kernel:
    _shutdown_message: object = None


def test_a_reply_lost_to_shutdown_is_dropped_only_while_shutting_down() -> None:
    kernel = _Kernel()
    quiet = ClosedAtShutdown(kernel)
    closed = zmq.ZMQError(zmq.ENOTSOCK)
    lost = _record("Exception in message handler:", exc=closed)
    assert quiet.filter(lost)  # not shutting down: a real fault, kept
    kernel._shutdown_message = {"msg_type": "shutdown_reply"}
    assert not quiet.filter(lost)
    # Any other error in a handler is kept, shutting down or not.
    assert quiet.filter(_record("Exception in message handler:", exc=ValueError("x")))
    assert quiet.filter(_record("Exception in message handler:", exc=zmq.ZMQError(zmq.EAGAIN)))
    assert quiet.filter(_record("Something else", exc=closed))
