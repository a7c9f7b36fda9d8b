"""A page kernel's warnings go to the log, not into the page (Voilà shows stderr)."""

from __future__ import annotations

import logging
import warnings

from vigkit.ui.runtime.logs import setup_logging


def test_warnings_while_a_page_builds_go_to_the_log_not_the_page(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("VIGKIT_HOME", str(tmp_path))
    root, warned = logging.getLogger("vigkit"), logging.getLogger("py.warnings")
    saved = (list(root.handlers), list(warned.handlers), warned.propagate)
    logging.captureWarnings(False)
    root.handlers = []
    try:
        setup_logging()
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("a library's deprecation notice", DeprecationWarning, stacklevel=1)
        for handler in root.handlers:
            handler.flush()
        assert "deprecation notice" not in capsys.readouterr().err  # the page's stderr
        logged = (tmp_path / "logs" / "vigkit.log").read_text(encoding="utf-8")
        assert "a library's deprecation notice" in logged
    finally:
        logging.captureWarnings(False)
        for handler in root.handlers:
            handler.close()
        root.handlers, warned.handlers, warned.propagate = saved


def test_a_log_never_holds_what_was_typed_into_a_refused_form() -> None:
    """A validation error logged with its traceback keeps the reason, not the words."""
    import logging

    from pydantic import ValidationError

    from vigkit.core.records import HelpingQuestion
    from vigkit.ui.runtime.logs import NoTypedText

    words = "My baby Amelia cries when her dad " * 40
    try:
        HelpingQuestion(case_code="F017", position=1, words=words)
    except ValidationError:
        record = logging.LogRecord("vigkit", logging.ERROR, __file__, 1, "not saved", (), None)
        import sys

        record.exc_info = sys.exc_info()
    line = NoTypedText("%(message)s").format(record)
    assert "string_too_long" in line and "input_value=<not logged>" in line
    assert "Amelia" not in line
