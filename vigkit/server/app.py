"""`vigkit serve`: Voilà with vigkit's page template, preheated kernels and safe defaults.

The workbooks are served from one folder. Every visitor gets a kernel of their own,
so nothing shared lives in widgets: it lives in the store, whose location reaches
the kernels through ``$VIGKIT_HOME``.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigkit import paths
from vigkit.server.kernelcap import CULL_INTERVAL_SECONDS, ORPHAN_SECONDS
from vigkit.server.staticcache import (
    VERSIONED_FOLDER,
    kept_handlers,
    page_config_hook,
    static_version,
)
from vigkit.server.teammode import ENV_MODE, IDENTITY_ROUTES, TEAM, TeamServe, team_argv

__all__ = [
    "ServeOptions",
    "ServeRefused",
    "build_argv",
    "check_host",
    "is_loopback",
    "serve",
]

log = logging.getLogger(__name__)

SHARE_DIR = Path(__file__).resolve().parent / "share"
TEMPLATE_NAME = "vigkit"
HOME_NOTEBOOK = "home.ipynb"
POOL_WATCH_MS = 2000
# The pages a practitioner opens first. Each preheated kernel holds about 200 MB and all
# start together, so preheating all eight made a 2-core machine take a minute to show the
# home page; the others start their kernel when asked (a few seconds).
PREHEATED = ("home.ipynb", "case.ipynb", "reflection.ipynb")


class ServeRefused(Exception):
    """The server would be unsafe to start as asked; the message says what to do."""


@dataclass
class ServeOptions:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8866
    token: str | None = None
    open_browser: bool = True
    workbooks: Path | None = None
    pool_size: int = 1
    preheat: tuple[str, ...] | None = PREHEATED  # None: every notebook
    team: TeamServe | None = None  # spawned by JupyterHub for this person
    # More names this server answers to on loopback (a reverse proxy's): see host_settings.
    allow_hosts: tuple[str, ...] = ()


ENV_ALLOW_HOSTS = "VIGKIT_ALLOW_HOSTS"
MIN_TOKEN_LENGTH = 16


def host_settings(host: str, team: bool, allow_hosts: Sequence[str] = ()) -> dict[str, Any]:
    """The server's Host rule, as tornado settings.

    Alone on loopback there is no token, so a web page the practitioner visits could reach
    the server by DNS rebinding (its own name, this machine's address): only requests naming
    this machine (``localhost``, a loopback address, or ``allow_hosts``) are answered, which
    is jupyter_server's own check (Voilà switches it off). With a token, or under the hub's
    login, a request without the login gets nothing anyway. Cookies are ``SameSite=Lax``:
    another site's page cannot send a request with them.
    """
    cookies: dict[str, Any] = {"samesite": "Lax"}
    rule: dict[str, Any] = {"xsrf_cookie_kwargs": cookies}
    if team or not is_loopback(host):
        return rule | {"allow_remote_access": True}
    names = ["localhost", *(name.strip().lower() for name in allow_hosts if name.strip())]
    return rule | {"allow_remote_access": False, "local_hostnames": names}


def is_loopback(host: str) -> bool:
    """True when ``host`` only listens on this machine."""
    if host == "localhost":
        return True
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(
                ipaddress.ip_address(info[4][0]).is_loopback
                for info in socket.getaddrinfo(host, None)
            )
        except OSError:
            return False


def check_host(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token: families' data is health data.
    A token given must be one: not blank, and not short enough to guess."""
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise ServeRefused(
            f"Refusing a token of fewer than {MIN_TOKEN_LENGTH} characters (blank or short "
            "tokens can be guessed). Use --new-token to generate one, or give a longer one."
        )
    if not is_loopback(host) and not token:
        raise ServeRefused(
            f"Refusing to serve on {host} without a token: anyone who can reach this machine "
            "could open families' records.\n"
            "Add --new-token to generate one (the link to open is printed), "
            "or --token YOUR-TOKEN (or set VIGKIT_TOKEN)."
        )


def new_token() -> str:
    return secrets.token_urlsafe(24)


def build_argv(options: ServeOptions) -> list[str]:
    """The Voilà command line for these options (without the program name)."""
    workbooks = options.workbooks or paths.workbooks_dir()
    argv = [
        str(workbooks),
        f"--port={options.port}",
        f"--Voila.ip={options.host}",
        f"--template={TEMPLATE_NAME}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        f"--pool_size={options.pool_size}",
        # Voilà serves images beside the notebooks by default; nothing of ours lives there.
        "--VoilaConfiguration.file_allowlist=a^",  # a pattern no file matches
        "--Voila.log_level=INFO",
        # jupyterlab_pygments colours code cells, and vigkit's pages show no code: its three
        # scripts were fetched and run on every page before the kernel connected.
        "--VoilaConfiguration.extension_denylist=['jupyterlab_pygments']",
        # Kernels talk to the server over Unix sockets in Voilà's private (0700) folder of
        # connection files, not over TCP ports any account on the machine could reach.
        "--KernelManager.transport=ipc",
        # Fail plainly when the port is taken rather than quietly serving on another.
        "--Voila.port_retries=0",
        # A page closed without its shutdown request, or a browser that vanished, leaves a
        # kernel with no connection: reclaim it within minutes (server/kernelcap.py).
        f"--MappingKernelManager.cull_idle_timeout={ORPHAN_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
    ]
    if options.preheat is not None:
        argv.append(f"--VoilaKernelManager.preheat_denylist={preheat_denylist(options.preheat)}")
    if options.team is not None:
        argv += team_argv(options.team)
    elif options.token:
        argv.append(f"--Voila.token={options.token}")
    if not options.open_browser:
        argv.append("--no-browser")
    return argv


def preheat_denylist(preheat: Sequence[str]) -> str:
    """Voilà's denylist (regular expressions) that leaves only ``preheat`` preheated."""
    # Voilà matches these against each notebook's full path when it fills the pools.
    names = "|".join(re.escape(name) for name in preheat)
    return json.dumps([rf"^(?!(.*[/\\])?({names})$)"] if names else [".*"])


def _handlers() -> tuple[Any, dict[Any, Any]]:
    """vigkit's handlers: the one sending `/` to the home workbook, and those taking the place
    of Voilà's own, keyed by the Voilà handler each replaces."""
    from jupyter_server.utils import url_path_join
    from tornado import web
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler

    from vigkit.server.kernelcap import page_limit, pages_open, too_many_pages_html

    class HomeRedirect(web.RequestHandler):
        def get(self) -> None:
            query = self.request.query
            target = url_path_join(self.settings["base_url"], "voila/render", HOME_NOTEBOOK)
            self.redirect(target + (f"?{query}" if query else ""))

    class BeaconShutdown(VoilaShutdownKernelHandler):  # type: ignore[misc]
        """Voilà's page asks for its kernel's shutdown with sendBeacon, which cannot carry
        the XSRF header, so jupyter_server refuses it (voila issue #1458) and kernels pile
        up. The request still needs the login cookie and the kernel's unguessable id."""

        def check_xsrf_cookie(self) -> None:
            return None

    class TemplateStatic(TemplateStaticFileHandler):  # type: ignore[misc]
        """The page template's files (``<template>/static/<file>``), asked for by anyone.

        Voilà's handler asserts the path's shape, so a path that climbs out
        (``vigkit/static/../../../../etc/passwd``) or has no ``static`` part ended in an
        AssertionError: a 500, with a traceback in the log, for a request without a login.
        Such a path (or one naming no file) is simply not there: 404."""

        def parse_url_path(self, url_path: str) -> str:
            parts = url_path.replace("\\", "/").split("/")
            if len(parts) < 3 or parts[1] != "static" or any(p in ("", ".", "..") for p in parts):
                raise web.HTTPError(404)
            return str(super().parse_url_path(url_path))

    limit = page_limit()

    class CappedPage(TornadoVoilaHandler):  # type: ignore[misc]
        """A workbook page, unless as many pages as the machine allows are open already."""

        @web.authenticated
        async def get(self, path: str | None = None) -> None:
            open_now = pages_open(self.kernel_manager)
            if open_now >= limit:
                log.warning("refused a page: %d pages open (limit %d)", open_now, limit)
                self.set_status(503)
                self.set_header("Retry-After", "30")
                self.finish(too_many_pages_html(open_now, limit, self.settings["base_url"]))
                return
            await super().get(path)

    return HomeRedirect, {
        VoilaShutdownKernelHandler: BeaconShutdown,
        TornadoVoilaHandler: CappedPage,
        TemplateStaticFileHandler: TemplateStatic,
    }


def _routes(
    server_url: str,
    voilas: list[Any],
    home: Any,
    ours: dict[Any, Any],
    static: tuple[str, Sequence[str]],
) -> list[Any]:
    """Voilà's routes (``voilas``) with ``ours`` in place of Voilà's handlers, `/` and the tree
    sent ``home``, vigkit's media and upload routes, and Voilà's scripts (from its ``static``
    version and folders) under their versioned folder, kept by browsers (see
    :func:`kept_handlers`)."""
    from jupyter_server.base.handlers import FileFindHandler
    from jupyter_server.utils import url_path_join

    from vigkit.server.keepsake import keepsake_handlers
    from vigkit.server.mediaroute import media_handlers
    from vigkit.server.uploadroute import upload_handlers

    version, folders = static
    versioned, labextensions = kept_handlers(version)
    ours = ours | {FileFindHandler: labextensions}
    handlers: list[Any] = [(route, ours.get(cls, cls), *rest) for route, cls, *rest in voilas]
    root = url_path_join(server_url, "/")
    # The login's routes come without the server's prefix (under JupyterHub,
    # /user/<name>/oauth_callback must reach this server).
    handlers = [
        (url_path_join(server_url, route), *rest) if route in IDENTITY_ROUTES else (route, *rest)
        for route, *rest in handlers
    ]
    handlers.insert(0, (root, home))
    handlers.insert(1, (url_path_join(server_url, r"/voila/tree/?"), home))
    kept = url_path_join(server_url, rf"/voila/static/{VERSIONED_FOLDER}/[0-9a-f]+/(.*)")
    handlers[2:2] = [
        (kept, versioned, {"paths": list(folders), "default_filename": None}),
        *media_handlers(server_url),
        *keepsake_handlers(server_url),
        *upload_handlers(server_url),
    ]
    return handlers


def _server_class() -> Any:
    """Voilà's app, with `/` sending people to the home workbook."""
    from tornado.ioloop import PeriodicCallback
    from voila.app import Voila

    from vigkit.server.kernelcap import guard_culling
    from vigkit.server.poolwatch import PoolWatch
    from vigkit.server.quietlog import quiet_jupyter

    home, ours = _handlers()

    class VigkitVoila(Voila):  # type: ignore[misc]
        name = "vigkit"

        def init_settings(self) -> dict[str, Any]:
            quiet_jupyter(self.log)
            # Before Voilà's settings: its kernel pools take the hook when they are made.
            self.vigkit_static = (static_version(self.static_paths), list(self.static_paths))
            self.voila_configuration.page_config_hook = page_config_hook(self.vigkit_static[0])
            settings: dict[str, Any] = super().init_settings()
            allowed = json.loads(os.environ.get(ENV_ALLOW_HOSTS, "[]"))
            settings.update(host_settings(self.ip, paths.is_team_mode(), allowed))
            server_env = settings.get("jinja2_env")
            if server_env is not None:  # the login page: vigkit's, in plain words
                import jinja2

                ours = jinja2.FileSystemLoader(
                    str(SHARE_DIR / "voila" / "templates" / TEMPLATE_NAME)
                )
                server_env.loader = jinja2.ChoiceLoader([ours, server_env.loader])
            identity = getattr(self, "identity_provider", None)
            if identity is not None and identity.has_trait("cookie_options"):
                # The token's login cookie: SameSite=Lax, like the XSRF cookie.
                identity.cookie_options = {**identity.cookie_options, "samesite": "Lax"}
            return settings

        def listen(self) -> None:
            manager = self.kernel_manager
            if hasattr(manager, "get_rendered_notebook"):
                watch = PoolWatch(manager)
                watch.guard_handout()
                guard_culling(manager)
                # Must start before super().listen(), which runs the loop until it stops.
                PeriodicCallback(watch.replace_dead, POOL_WATCH_MS).start()
            super().listen()

        def init_handlers(self) -> list[Any]:
            return _routes(self.server_url, super().init_handlers(), home, ours, self.vigkit_static)

    return VigkitVoila


def prepare_environment(options: ServeOptions) -> None:
    """Set what the server and its kernels inherit: the data directory and the template path."""
    os.environ[paths.ENV_HOME] = str(options.data)
    os.environ[ENV_ALLOW_HOSTS] = json.dumps(list(options.allow_hosts))
    if options.team is not None:
        # Who the kernels serve comes from the hub's login, through this server, only.
        os.environ[ENV_MODE] = TEAM
        os.environ["VIGKIT_USER"] = options.team.user
    existing = os.environ.get("JUPYTER_PATH", "")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE_DIR), existing) if p)
    # Kernels log to the server's terminal; keep that output plain.
    os.environ.setdefault("PYTHONUNBUFFERED", "1")


def serve(options: ServeOptions, extra_argv: Sequence[str] = ()) -> None:
    """Start the server in this process; returns when it stops."""
    if options.team is None:
        check_host(options.host, options.token)
    prepare_environment(options)
    app = _server_class()
    url = f"http://{'127.0.0.1' if options.host in ('0.0.0.0', '::') else options.host}:{options.port}/"  # noqa: S104 - only to print a link that works
    if options.team is not None:
        url += options.team.base_url.lstrip("/")
    elif options.token:
        url += f"?token={options.token}"
    print(f"vigkit: serving the workbooks from {options.workbooks or paths.workbooks_dir()}")
    print(f"vigkit: data directory {options.data}")
    print(f"vigkit: open {url}", flush=True)
    app.launch_instance(argv=[*build_argv(options), *extra_argv])
