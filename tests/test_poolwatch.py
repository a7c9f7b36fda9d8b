"""The preheated-kernel watch: race-free, and still matched to the installed Voilà."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from jupyter_client.multikernelmanager import AsyncMultiKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Unicode
from traitlets.config import Configurable
from voila.handler import VoilaHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from tests.ownloop import run_on_own_loop
from vigkit.server.poolwatch import PoolWatch

SHARE = Path(__file__).resolve().parents[1] / "vigkit" / "server" / "share"


class _Kernel:
    """A kernel's liveness, as the watch asks it (awaitable, so callers interleave)."""

    def __init__(self, alive: bool) -> None:
        self.alive = alive
        self.restart_callbacks: list = []

    async def is_alive(self) -> bool:
        await asyncio.sleep(0.01)
        return self.alive

    def add_restart_callback(self, callback, event: str) -> None:
        self.restart_callbacks.append(callback)


class _Manager:
    """The parts of Voilà's kernel manager the watch uses (checked against Voilà below)."""

    def __init__(self, kernels: dict[str, _Kernel], pools: dict[str, list]) -> None:
        self.kernels = kernels
        self._pools = pools
        self.shut: list[str] = []
        self.filled: list[str] = []
        self.handed: list[str] = []

    def __contains__(self, kernel_id: object) -> bool:
        return kernel_id in self.kernels

    def get_kernel(self, kernel_id: str) -> _Kernel:
        return self.kernels[kernel_id]

    async def shutdown_kernel(self, kernel_id: str, now: bool = False) -> None:
        await asyncio.sleep(0.01)
        del self.kernels[kernel_id]
        self.shut.append(kernel_id)

    def fill_if_needed(self, delay=None, notebook_name=None) -> None:
        self.filled.append(notebook_name)

    async def get_rendered_notebook(self, notebook_name: str, **kwargs):
        self.handed.append(notebook_name)
        return self._pools[notebook_name].pop(0)


_run = run_on_own_loop


def _done(kernel_id: str) -> asyncio.Future:
    future = asyncio.get_running_loop().create_future()
    future.set_result({"kernel_id": kernel_id, "renderer": None, "task": None})
    return future


def test_two_looks_at_once_replace_a_dead_kernel_once() -> None:
    """The periodic watch and the hand-out check run together: one removal, one refill."""

    async def scenario() -> _Manager:
        kernels = {"k1": _Kernel(alive=False), "k2": _Kernel(alive=True)}
        manager = _Manager(kernels, {})
        manager._pools = {"home.ipynb": [_done("k1")], "case.ipynb": [_done("k2")]}
        watch = PoolWatch(manager)
        counts = await asyncio.gather(watch.replace_dead(), watch.replace_dead("home.ipynb"))
        assert 1 == sum(counts)
        await watch.settle()
        return manager

    manager = _run(scenario)
    assert ["k1"] == manager.shut
    assert ["home.ipynb"] == manager.filled
    assert [] == manager._pools["home.ipynb"] and 1 == len(manager._pools["case.ipynb"])


def test_a_restarted_or_failed_pool_kernel_counts_as_dead() -> None:
    """A restarted kernel lost the notebook it ran; a task that failed holds no kernel."""

    async def scenario() -> _Manager:
        kernels = {"k1": _Kernel(alive=True)}
        failed = asyncio.get_running_loop().create_future()
        failed.set_exception(RuntimeError("kernel died while starting"))
        manager = _Manager(kernels, {"home.ipynb": [_done("k1"), failed]})
        watch = PoolWatch(manager)
        assert 1 == await watch.replace_dead()  # the failed task
        assert 0 == await watch.replace_dead()  # k1 alive, now watched for restarts
        for callback in kernels["k1"].restart_callbacks:
            callback()
        assert 1 == await watch.replace_dead()
        await watch.settle()
        return manager

    manager = _run(scenario)
    assert ["k1"] == manager.shut and ["home.ipynb", "home.ipynb"] == manager.filled


def test_the_hand_out_looks_only_at_its_own_notebook_first() -> None:
    async def scenario() -> _Manager:
        kernels = {"k1": _Kernel(alive=False), "k2": _Kernel(alive=False)}
        manager = _Manager(kernels, {"home.ipynb": [_done("k1")], "case.ipynb": [_done("k2")]})
        watch = PoolWatch(manager)
        watch.guard_handout()
        manager._pools["case.ipynb"].append(_done("k3"))
        manager.kernels["k3"] = _Kernel(alive=True)
        handed = await manager.get_rendered_notebook("case.ipynb")
        assert "k3" == handed.result()["kernel_id"]
        await watch.settle()
        return manager

    manager = _run(scenario)
    assert ["k2"] == manager.shut and ["case.ipynb"] == manager.filled
    assert ["case.ipynb"] == manager.handed


class _VoilaParent(Configurable):
    root_dir = Unicode()
    notebook_path = Unicode(None, allow_none=True)
    base_url = Unicode("/")
    server_url = Unicode("/")


def test_the_installed_voila_has_what_the_watch_relies_on(tmp_path) -> None:
    """If a Voilà upgrade renames its pools or the hand-out, this fails, not the pages."""
    cls = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    manager = cls(parent=_VoilaParent(root_dir=str(tmp_path)))
    assert {} == manager._pools  # per notebook, a list of tasks
    assert issubclass(cls, AsyncMultiKernelManager) and "k" not in manager
    for name, params in {
        "get_rendered_notebook": ["notebook_name"],
        "fill_if_needed": ["delay", "notebook_name"],
        "shutdown_kernel": ["kernel_id"],
        "get_kernel": ["kernel_id"],
    }.items():
        method = getattr(manager, name)
        assert params == list(inspect.signature(method).parameters)[: len(params)], name
    hand_out = inspect.getsource(cls.get_rendered_notebook)
    assert "self._pools[notebook_name].pop(0)" in hand_out
    assert '["kernel_id"]' in hand_out
    assert "get_pool_size(notebook_path)" in inspect.getsource(VoilaHandler.get_generator)


OUR_STATIC = ("vigkit.css", "vigkit.js")


def test_the_page_template_is_voilas_own_but_for_the_internet_links() -> None:
    """index.html.j2 is a copy of Voilà's lab template: an upgrade must not drift silently.

    Ours differs only in its comments, the CDN lines, our stylesheet and script (vigkit.css,
    vigkit.js), the main landmark and the emptied Mermaid block (nbconvert's, a CDN import)."""
    import voila

    ours = (SHARE / "voila" / "templates" / "vigkit" / "index.html.j2").read_text().splitlines()
    installed = Path(voila.__file__).resolve().parent
    candidates = [
        parent / "share" / "jupyter" / "voila" / "templates" / "lab" / "index.html.j2"
        for parent in [*installed.parents]
    ]
    theirs_path = next((p for p in candidates if p.exists()), None)
    if theirs_path is None:
        pytest.fail("Voilà's lab template is not installed where Voilà's data files go")
    theirs = theirs_path.read_text().splitlines()
    cdn = [line for line in theirs if "cdn.jsdelivr.net" in line]
    assert 2 == len(cdn), "Voilà's template changed where it loads Font Awesome"
    kept = [line for line in theirs if line not in cdn]
    without_ours, skipping = [], False
    for line in ours[1:]:  # the first line says what the file is
        if line.strip().startswith("{# vigkit:"):
            skipping = True
        ours_only = any(f"static/{name}'" in line for name in OUR_STATIC) or (
            "html_head_js_mermaidjs" in line
        )
        if not skipping and not ours_only:
            without_ours.append(line.replace(' role="main"', ""))
        if skipping and line.strip().endswith("#}"):
            skipping = False
    assert kept == without_ours
    assert not any(f'{attr}="http' in line for line in ours for attr in ("href", "src"))
