"""A live group session with 20 members on one machine: post-to-seen and follow latency,
kernel memory per member and CPU while idle. Prints figures and ratios; asserts nothing.

How: 20 IPython kernels driven headless through jupyter_client, each what a member's page
kernel runs in a team: its own process, the member's real ``LiveSessionView`` over one
PostgreSQL store (a throwaway cluster), polling on the kernel's own event loop and woken by
LISTEN/NOTIFY. No browser: "seen" is the moment the member's board widget holds the post
(or its player widget the facilitator's new position), in that member's kernel; a browser
adds its own drawing on top. One machine, one clock. `python benchmarks/bench_session20.py`.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vigkit.core.records import Case, Consent, Film, Practitioner, Role  # noqa: E402
from vigkit.core.supervisionrecords import SupervisionGroup  # noqa: E402
from vigkit.store import Store  # noqa: E402
from vigkit.store.cluster import LocalPostgres, find_bin_dir  # noqa: E402

MEMBERS = 20
POSTS = 20
MOVES = 10
GAP_S = 1.0
IDLE_S = 20.0
TARGET_P95_S = 1.0
TARGET_MB = 150.0
TARGET_IDLE_PERCENT = 5.0  # of one core, all 20 kernels together: "near zero"

# What each member's kernel runs: the page's own view of the session, and a note of when
# each post and each move of the facilitator's player reached its widgets.
KERNEL_SETUP = """
import json, re, time
from vigkit.templates.principles import load_principles
from vigkit.ui.sessionview import LiveSessionView
from vigkit.ui import pagedata
store = pagedata.page_store()
session = store.poll_session({session_id}).session
view = LiveSessionView(store, session, store.get_practitioner({who!r}), load_principles())
posts_seen, moves_seen = {{}}, {{}}
def _board(change):
    for n in re.findall(r"bench-post-(\\d+)", change["new"]):
        posts_seen.setdefault(int(n), time.time())
def _lead(change):
    seq = (change["new"] or {{}}).get("seq")
    if seq is not None:
        moves_seen.setdefault(int(seq), time.time())
view.board.observe(_board, "value")
view.clip.player.observe(_lead, "lead")
view.start_polling()
"""
KERNEL_REPORT = (
    "open({path!r}, 'w').write(json.dumps({{'posts': posts_seen, 'moves': moves_seen}}))"
)


def _fill(store: Store) -> tuple[int, int]:
    """20 practitioners in one group, a family that allows intervision, a film; the
    session open with everyone joined. (session id, film id)"""
    people = [f"m{n:02d}" for n in range(MEMBERS)]
    for n, ident in enumerate(people):
        role = Role.supervisor if n == 0 else Role.trainee
        store.add_practitioner(Practitioner(id=ident, display_name=f"Member {n}", roles=[role]))
    group = store.add_supervision_group(SupervisionGroup(name="Team", member_ids=people))
    store.add_case(Case(code="B001", practitioner_id="m01"))
    consent = Consent(case_code="B001", given_on=date(2026, 1, 5), filming=True, intervision=True)
    store.set_consent(consent)
    film = store.add_film(
        Film(
            case_code="B001",
            cycle_number=1,
            path="/nowhere/film.mp4",
            sha256="0" * 64,
            duration_s=600.0,
            filmed_on=date(2026, 1, 6),
        )
    )
    session = store.open_live_session(group.id or 0, people[0])
    for ident in people[1:]:
        store.join_live_session(session.code, ident)
    return session.id or 0, film.id or 0


def _notebook_warm_up() -> str:
    """The session page's own cells up to its warm-up (parameters, imports, warm_up)."""
    notebook = nbformat.read(ROOT / "workbooks" / "groupsession.ipynb", as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    return "\n".join(cells[:2])


def _run(km: KernelManager, code: str) -> None:
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        reply = client.execute_interactive(code, timeout=180, output_hook=lambda _msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"a member's kernel failed: {reply['content'].get('evalue')}")
    finally:
        client.stop_channels()


def _pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _cpu_percent(procs: list[psutil.Process], seconds: float) -> float:
    """The CPU the processes used over ``seconds`` of waiting, as a share of one core (%)."""
    before = sum(sum(p.cpu_times()[:2]) for p in procs)
    time.sleep(seconds)
    return 100.0 * (sum(sum(p.cpu_times()[:2]) for p in procs) - before) / seconds


def _kernel_processes(kms: list[KernelManager]) -> list[psutil.Process]:
    found = []
    for km in kms:
        pid = getattr(km.provisioner, "pid", None) or km.provisioner.process.pid  # type: ignore[union-attr]
        found.append(psutil.Process(pid))
    return found


def main() -> int:
    if find_bin_dir() is None:
        print("session benchmark: PostgreSQL is not installed here; skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="vigkit-bench-session-") as tmp:
        folder = Path(tmp)
        cluster = LocalPostgres(folder / "pg", fast=True).start()
        kms: list[KernelManager] = []
        try:
            url = cluster.create_database("bench")
            with Store.open(url=url) as store:
                session_id, film_id = _fill(store)
            started = time.perf_counter()
            for n in range(MEMBERS):
                km = KernelManager(kernel_name="python3", transport="ipc")
                km.connection_file = str(folder / f"kernel-{n}.json")
                km.ip = str(folder / f"kernel-{n}")
                km.start_kernel(env={"VIGKIT_DATABASE_URL": url, "VIGKIT_USER": f"m{n:02d}"})
                kms.append(km)
            warm = _notebook_warm_up()
            for km in kms:
                _run(km, warm)  # what the session page's preheated kernel runs
            procs = _kernel_processes(kms)
            bare_percent = _cpu_percent(procs, IDLE_S / 2)  # kernels with no page yet
            for n, km in enumerate(kms):
                who = f"m{n:02d}"
                _run(km, KERNEL_SETUP.format(session_id=session_id, who=who))
            ready_s = time.perf_counter() - started
            time.sleep(3.0)  # every page has polled once and is listening
            rss = [p.memory_info().rss / 1e6 for p in procs]
            uss = [p.memory_full_info().uss / 1e6 for p in procs]

            with Store.open(url=url) as writer:  # the members who post: another kernel
                posted: dict[int, float] = {}
                for n in range(POSTS):
                    posted[n] = time.time()
                    writer.add_session_post(
                        session_id, f"m{1 + n % (MEMBERS - 1):02d}", f"bench-post-{n}"
                    )
                    time.sleep(GAP_S)
                writer.present_clip(session_id, "m00", film_id, 0.0, 300.0)
                time.sleep(GAP_S)
                moved: dict[int, float] = {}
                for n in range(MOVES):
                    at = time.time()
                    shown = writer.set_lead_position(session_id, "m00", 10.0 * (n + 1), False)
                    moved[shown.seq] = at
                    time.sleep(GAP_S)
            time.sleep(3.0)

            idle_percent = _cpu_percent(procs, IDLE_S)

            post_lat, move_lat, missed = [], [], 0
            for n, km in enumerate(kms):
                report = folder / f"seen-{n}.json"
                _run(km, KERNEL_REPORT.format(path=str(report)))
                seen = json.loads(report.read_text())
                for k, at in posted.items():
                    got = seen["posts"].get(str(k))
                    if got is None:
                        missed += 1
                    else:
                        post_lat.append(got - at)
                for seq, at in moved.items():
                    got = seen["moves"].get(str(seq))
                    if got is not None and n != 0:  # the facilitator does not follow
                        move_lat.append(got - at)
        finally:
            for km in kms:
                try:
                    km.shutdown_kernel(now=True)
                except Exception:  # noqa: BLE001 - the rest still go
                    pass
            cluster.destroy()

    print(
        f"live session, {MEMBERS} members: {MEMBERS} IPython kernels driven headless through "
        "jupyter_client (no browser), each a member's LiveSessionView on one PostgreSQL store "
        f"(LISTEN/NOTIFY), after the session page's own warm-up; {MEMBERS} kernels ready in {ready_s:.0f} s"
    )
    p50, p95 = statistics.median(post_lat), _pct(post_lat, 0.95)
    f50, f95 = statistics.median(move_lat), _pct(move_lat, 0.95)
    rows = [
        (f"post to seen p50 ({len(post_lat)} pairs)", f"{p50 * 1000:.0f} ms", "", ""),
        (
            "post to seen p95",
            f"{p95 * 1000:.0f} ms",
            f"<= {TARGET_P95_S * 1000:.0f} ms",
            f"{p95 / TARGET_P95_S:.2f}",
        ),
        (f"follow p50 ({len(move_lat)} pairs)", f"{f50 * 1000:.0f} ms", "", ""),
        ("follow p95", f"{f95 * 1000:.0f} ms", f"<= {TARGET_P95_S * 1000:.0f} ms",
         f"{f95 / TARGET_P95_S:.2f}"),
        ("posts never seen", f"{missed}", "0", ""),
        ("kernel memory per member (RSS, max)", f"{max(rss):.0f} MB", f"<= {TARGET_MB:.0f} MB",
         f"{max(rss) / TARGET_MB:.2f}"),
        ("kernel memory per member (USS, median)", f"{statistics.median(uss):.0f} MB", "", ""),
        (f"CPU of all {MEMBERS} kernels, idle {IDLE_S:.0f} s", f"{idle_percent:.1f}% of a core",
         f"<= {TARGET_IDLE_PERCENT:.0f}%", f"{idle_percent / TARGET_IDLE_PERCENT:.2f}"),
        ("  the same kernels before the session page", f"{bare_percent:.1f}% of a core", "", ""),
    ]  # fmt: skip
    for name, figure, target, ratio in rows:
        print(f"  {name:42s} {figure:>16s}  {target:>10s}  {('ratio ' + ratio) if ratio else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
