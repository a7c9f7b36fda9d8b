"""Kernels sized to the machine: a cap on open pages, and pages nobody has open culled.

Every open page holds a kernel of about 200 MB. Without a bound, pages opened quickly (or
browsers that vanished without closing their pages) piled up kernels until the machine
ran out of memory. So:

- **A cap.** At most :func:`page_limit` pages hold a kernel at once (from the memory
  available when the server starts, or ``--max-pages``); one more is answered with a plain
  "too many pages are open" page (503) and no kernel is started.
- **Orphans culled within minutes.** jupyter_server's culler stops a kernel that has had no
  browser connected for ``ORPHAN_SECONDS``; a vanished browser's connection closes when it
  stops answering the websocket's pings, so its kernel goes a few minutes later. A page
  still open keeps its connection and is never culled, however long it is read.
- **Preheated kernels are not orphans**: they wait for a visitor with no connection by
  design, so the culler leaves the pools alone (:class:`vigkit.server.poolwatch.PoolWatch`
  replaces any that die).
"""

from __future__ import annotations

import html
import logging
import os
from typing import Any

__all__ = [
    "pool_kernel_ids",
    "pages_open",
    "page_limit",
    "guard_culling",
    "too_many_pages_html",
    "ORPHAN_SECONDS",
    "CULL_INTERVAL_SECONDS",
    "ENV_MAX_PAGES",
]

log = logging.getLogger(__name__)

ENV_MAX_PAGES = "VIGKIT_MAX_PAGES"
ORPHAN_SECONDS = int(os.environ.get("VIGKIT_ORPHAN_SECONDS", "180"))
CULL_INTERVAL_SECONDS = int(os.environ.get("VIGKIT_CULL_INTERVAL_SECONDS", "30"))
KERNEL_MB = 250  # what one page's kernel holds, with room to spare
MIN_PAGES, MAX_PAGES = 4, 60


def pool_kernel_ids(manager: Any) -> set[str]:
    """The kernels preheated and not yet handed to a visitor (Voilà's private ``_pools``)."""
    found: set[str] = set()
    for pool in getattr(manager, "_pools", {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                kernel_id = task.result().get("kernel_id")
                if kernel_id:
                    found.add(kernel_id)
    return found


def pages_open(manager: Any) -> int:
    """How many kernels serve a page (or are about to): every kernel but the preheated."""
    return len(set(manager.list_kernel_ids()) - pool_kernel_ids(manager))


def page_limit(available_bytes: int | None = None) -> int:
    """At most this many pages hold a kernel: ``$VIGKIT_MAX_PAGES``, else what the memory
    available allows at ``KERNEL_MB`` each (between 4 and 60)."""
    asked = os.environ.get(ENV_MAX_PAGES, "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked)
    if available_bytes is None:
        import psutil

        available_bytes = psutil.virtual_memory().available
    return max(MIN_PAGES, min(MAX_PAGES, available_bytes // (KERNEL_MB * 1024 * 1024)))


def guard_culling(manager: Any) -> None:
    """Make jupyter_server's culler leave the preheated kernels alone."""
    cull = manager.cull_kernel_if_idle

    async def cull_unless_preheated(kernel_id: str) -> Any:
        if kernel_id in pool_kernel_ids(manager):
            return None
        return await cull(kernel_id)

    manager.cull_kernel_if_idle = cull_unless_preheated


def too_many_pages_html(open_now: int, limit: int, base_url: str) -> str:
    """The page a visitor gets instead of one more kernel: what happened, what to do."""
    home = html.escape(base_url or "/", quote=True)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vigkit: too many pages open</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 36rem;
line-height: 1.5; color: #1a1a1a; padding: 0 1rem; }} a {{ color: #0b57d0; }}</style>
</head><body><main>
<h1>Too many vigkit pages are open</h1>
<p>{open_now} pages are open, and this machine keeps at most {limit} at once (each holds
part of its memory). Close the vigkit pages or tabs you are not using, then reload this
page. Nothing you typed is lost: every form keeps its draft.</p>
<p><a href="{home}">Home</a></p>
</main></body></html>"""
