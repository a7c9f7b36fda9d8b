# JupyterHub's config for a vigkit team on one machine: everything is in vigkit.server.hubconfig.
from vigkit.server.hubconfig import configure

configure(get_config())  # type: ignore[name-defined]  # noqa: F821 - JupyterHub defines get_config
