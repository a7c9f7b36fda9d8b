"""Kernels sized to the machine, without a server: which kernels are preheated, how many
pages are open, the cap, and a culler that leaves the preheated kernels alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.ownloop import run_on_own_loop
from vigkit.server import kernelcap


class _Task:
    def __init__(self, kernel_id: str | None, *, done: bool = True, failed: bool = False):
        self._id, self._done, self._failed = kernel_id, done, failed

    def done(self) -> bool:
        return self._done

    def cancelled(self) -> bool:
        return False

    def exception(self) -> BaseException | None:
        return RuntimeError("kernel did not start") if self._failed else None

    def result(self) -> dict[str, Any]:
        return {"kernel_id": self._id}


class _Manager:
    def __init__(self) -> None:
        self._pools = {
            "home.ipynb": [_Task("pool-1"), _Task(None, done=False)],
            "case.ipynb": [_Task("pool-2"), _Task("broken", failed=True)],
        }
        self.kernels = ["pool-1", "pool-2", "page-1", "page-2", "broken"]
        self.culled: list[str] = []

    def list_kernel_ids(self) -> list[str]:
        return list(self.kernels)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        await asyncio.sleep(0)
        self.culled.append(kernel_id)


def test_preheated_kernels_are_not_pages() -> None:
    manager = _Manager()
    assert kernelcap.pool_kernel_ids(manager) == {"pool-1", "pool-2"}
    assert kernelcap.pages_open(manager) == 3  # page-1, page-2, and the broken one's kernel


def test_the_culler_leaves_the_preheated_kernels_alone() -> None:
    manager = _Manager()
    kernelcap.guard_culling(manager)

    async def cull_all() -> list[str]:
        for kernel_id in manager.list_kernel_ids():
            await manager.cull_kernel_if_idle(kernel_id)
        return manager.culled

    assert run_on_own_loop(cull_all) == ["page-1", "page-2", "broken"]


@pytest.mark.parametrize(
    ("asked", "available_mb", "limit"),
    [("", 24 * 1024, 60), ("", 2 * 1024, 8), ("", 300, 4), ("3", 24 * 1024, 3), ("x", 1000, 4)],
)
def test_the_page_limit_follows_the_memory_unless_asked(
    monkeypatch: pytest.MonkeyPatch, asked: str, available_mb: int, limit: int
) -> None:
    monkeypatch.setenv(kernelcap.ENV_MAX_PAGES, asked)
    assert kernelcap.page_limit(available_mb * 1024 * 1024) == limit


def test_the_too_many_pages_page_says_what_to_do() -> None:
    page = kernelcap.too_many_pages_html(9, 8, "/user/<x>/")
    assert "Too many vigkit pages are open" in page and "9 pages are open" in page
    assert "Close the vigkit pages" in page and 'href="/user/&lt;x&gt;/"' in page
    assert "http" not in page
