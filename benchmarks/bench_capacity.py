"""How many people a machine holds: memory and CPU per active person in a real team.

How: ``vigkit team --demo`` on a free port (its own PostgreSQL cluster); Chromium logs each
person in through the hub's login page and opens their home page (the hub starts their
``vigkit serve --team`` with its one warm kernel, and the page's own kernel runs it). Then,
per person, psutil sums their server's process tree (the server and its kernels): RSS, and
PSS (shared libraries split between the processes sharing them, the fair figure when many
servers share a node). CPU is the tree's CPU seconds from login to a shown home page, and
its share of a core over a quiet minute with the page left open. The hub, proxy and
PostgreSQL are reported apart (once per node, not per person). Prints figures; asserts
nothing. ``python benchmarks/bench_capacity.py`` (``--people 2`` for a quicker look).
docs/deploy.md quotes its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port  # noqa: E402

PEOPLE = ["demo-pat", "demo-guider", "demo-supervisor", "demo-trainer", "demo-lead"]
MB = 1024 * 1024


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _server_of(login: str) -> psutil.Process | None:
    for proc in psutil.process_iter(["cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            if "serve --team" in cmd and proc.environ().get("JUPYTERHUB_USER") == login:
                return proc
        except psutil.Error:
            continue
    return None


def _memory(procs: list[psutil.Process]) -> tuple[float, float]:
    rss = pss = 0
    for proc in procs:
        try:
            full = proc.memory_full_info()
        except psutil.Error:
            continue
        rss += full.rss
        pss += getattr(full, "pss", full.rss)
    return rss / MB, pss / MB


def _cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _postgres_processes(data: Path) -> list[psutil.Process]:
    """The team's PostgreSQL: its postmaster (from its pid file) and the backends under it."""
    from vigkit.store.cluster import LocalPostgres

    cluster = LocalPostgres.running(data / "postgres")
    if cluster is None:
        return []
    pid_file = cluster._pgdata / "postmaster.pid"  # noqa: SLF001 - where pg_ctl keeps it
    return _tree(psutil.Process(int(pid_file.read_text().splitlines()[0])))


def _wait_for_login_page(url: str, timeout: float = 180) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3, choices=range(1, len(PEOPLE) + 1))
    parser.add_argument("--quiet-seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="vigkit-capacity-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIGKIT_", "JUPYTERHUB_"))}
    log = open(data / "hub.log", "wb")  # noqa: SIM115 - open for the hub's whole life
    hub = subprocess.Popen(
        [sys.executable, "-m", "vigkit", "team", "--data", str(data), "--demo"]
        + ["--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    rows: list[dict[str, Any]] = []
    try:
        _wait_for_login_page(url + "hub/login")
        passwords = json.loads((data / "hub" / "accounts.json").read_text())
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
            )
            pages = []
            for login in PEOPLE[: args.people]:
                page = browser.new_context().new_page()
                page.set_default_timeout(300_000)
                page.goto(url + "hub/login")
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", passwords[login])
                started = time.monotonic()
                page.press("input[name=password]", "Enter")
                page.wait_for_url(f"**/user/{login}/**")
                page.get_by_text("Using vigkit as").first.wait_for()  # the home page, drawn
                page.wait_for_load_state("networkidle")
                seconds = time.monotonic() - started
                server = _server_of(login)
                assert server is not None, (data / "hub.log").read_text()[-3000:]
                procs = _tree(server)
                cpu_s = _cpu(procs)  # from the server's start: its whole start and first page
                rows.append(
                    {"login": login, "open_s": seconds, "cpu_open_s": cpu_s, "server": server}
                )
                pages.append(page)
            time.sleep(5)
            before = {r["login"]: _cpu(_tree(r["server"])) for r in rows}
            time.sleep(args.quiet_seconds)
            for row in rows:
                procs = _tree(row["server"])
                row["rss"], row["pss"] = _memory(procs)
                row["processes"] = len(procs)
                row["idle_pct"] = 100 * (_cpu(procs) - before[row["login"]]) / args.quiet_seconds
            shared = [
                p
                for p in _tree(psutil.Process(hub.pid))
                if not any(p.pid in {q.pid for q in _tree(r["server"])} for r in rows)
            ]
            shared += _postgres_processes(data)
            hub_rss, hub_pss = _memory(shared)
            browser.close()
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.kill()
        log.close()
        from vigkit.store.cluster import LocalPostgres

        LocalPostgres(data / "postgres").destroy()  # its files, also outside the folder as root
        shutil.rmtree(data, ignore_errors=True)
    print(f"machine: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / MB:.0f} MB")
    print("login            procs  RSS MB  PSS MB  open s  CPU s to open  idle % of a core")
    for row in rows:
        print(
            f"{row['login']:16} {row['processes']:5} {row['rss']:7.0f} {row['pss']:7.0f}"
            f" {row['open_s']:7.1f} {row['cpu_open_s']:14.1f} {row['idle_pct']:17.2f}"
        )
    print(
        f"hub, proxy, culler and PostgreSQL (once per node): RSS {hub_rss:.0f} MB, PSS {hub_pss:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
