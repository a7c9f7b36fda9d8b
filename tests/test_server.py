"""Serving: safe defaults, and refusing what would be unsafe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.server.app import (
    SHARE_DIR,
    ServeOptions,
    ServeRefused,
    build_argv,
    check_host,
    host_settings,
    is_loopback,
)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("", False),
        ("192.168.1.20", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    """Only addresses that stay on this machine count as loopback."""
    assert expected == is_loopback(host)


def test_check_host_refuses_open_address_without_token() -> None:
    """Listening beyond this machine without a token is refused with advice."""
    with pytest.raises(ServeRefused, match="--new-token"):
        check_host("0.0.0.0", None)
    check_host("0.0.0.0", "a-token-long-enough-1")
    check_host("127.0.0.1", None)


@pytest.mark.parametrize("token", [" ", "", "short-token", "               x"])
def test_a_blank_or_short_token_is_refused(token: str) -> None:
    with pytest.raises(ServeRefused, match="fewer than 16 characters"):
        check_host("127.0.0.1", token)


def test_cli_refuses_a_blank_token_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGKIT_TOKEN", " ")
    assert 2 == main(["serve", "--data", str(tmp_path), "--no-browser"])
    assert "fewer than 16 characters" in capsys.readouterr().err


def test_host_rule_alone_on_loopback_answers_only_this_machines_names() -> None:
    alone = host_settings("127.0.0.1", team=False, allow_hosts=[" vig.local ", ""])
    assert alone["allow_remote_access"] is False
    assert alone["local_hostnames"] == ["localhost", "vig.local"]
    assert alone["xsrf_cookie_kwargs"] == {"samesite": "Lax"}
    # A token (off this machine) or the hub's login guards the rest.
    assert host_settings("0.0.0.0", team=False)["allow_remote_access"] is True
    assert host_settings("127.0.0.1", team=True)["allow_remote_access"] is True


def test_cli_refuses_open_address_without_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`vigkit serve --host 0.0.0.0` exits 2 and says why."""
    assert 2 == main(["serve", "--data", str(tmp_path), "--host", "0.0.0.0", "--no-browser"])
    assert "without a token" in capsys.readouterr().err


def test_argv_has_safe_defaults(tmp_path: Path) -> None:
    """Sources stripped, tracebacks hidden, kernels preheated, vigkit's template, token passed on."""
    argv = build_argv(ServeOptions(data=tmp_path, token="t0k", open_browser=False))
    for flag in (
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--template=vigkit",
        "--Voila.token=t0k",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
    ):
        assert flag in argv


def test_page_template_loads_nothing_from_the_internet() -> None:
    """vigkit's page template links to no outside address (Voilà's lab template fetches Font Awesome)."""
    found = set()
    for path in (SHARE_DIR / "voila" / "templates" / "vigkit").rglob("*"):
        if path.is_file():
            found |= set(re.findall(r"https?://[^\s\"'<>)]+", path.read_text(encoding="utf-8")))
    # the only address is a comment about Jinja in Voilà's template
    assert {"https://github.com/pallets/jinja/issues/1044"} >= found


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("F017/record-of-strengths.html", True),
        ("F017/stills/clip-3.png", True),
        ("portfolio-demo-guider/portfolio.docx", True),
        ("portfolio-demo-guider/portfolio.pdf", True),
        ("report-2026-01-01-2026-03-31-setting/report.pdf", True),
        ("report-2026-01-01-2026-03-31/report.csv", True),
        ("report-../vigkit.sqlite", False),
        ("portfolio-../vigkit.sqlite", False),
        ("demo-guider/portfolio.html", False),
        ("../vigkit.sqlite", False),
    ],
)
def test_export_route_serves_case_and_portfolio_folders_only(path: str, served: bool) -> None:
    """Exports are reachable only in a case's folder or a trainee's portfolio folder."""
    import re

    from vigkit.server.mediaroute import EXPORT_ROUTE, EXPORT_TYPES

    routed = bool(re.fullmatch(EXPORT_ROUTE, "/vigkit/exports/" + path))
    assert served == (routed and Path(path).suffix in EXPORT_TYPES)


def test_only_the_first_pages_are_preheated(tmp_path: Path) -> None:
    """Voilà's own filter, given vigkit's denylist, keeps the pages people open first."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from vigkit import paths
    from vigkit.server.app import PREHEATED, preheat_denylist

    cls = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    manager = cls.__new__(cls)
    manager.preheat_denylist = json.loads(preheat_denylist(PREHEATED))
    notebooks = sorted(paths.workbooks_dir().resolve().glob("*.ipynb"))
    assert len(notebooks) > len(PREHEATED)
    kept = {path.name for path in notebooks if manager._notebook_filter(path)}
    assert set(PREHEATED) == kept  # Voilà filters full paths, as it fills the pools
    assert kept == {path.name for path in notebooks if manager._notebook_filter(Path(path.name))}
    manager.preheat_denylist = json.loads(preheat_denylist(()))
    assert not any(manager._notebook_filter(path) for path in notebooks)
    argv = build_argv(ServeOptions(data=tmp_path, preheat=None))
    assert not any("preheat_denylist" in arg for arg in argv)
