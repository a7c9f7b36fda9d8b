"""A live board with 20 members on one machine: post-to-seen and follow latency, kernel memory
per member, and CPU while idle. Prints figures and ratios to targets; asserts nothing.

How: 20 IPython kernels driven headless through ``jupyter_client``, one per member, each its
own process as each member's Voila page kernel is in a team (``VIGKIT_MODE=team``, the login
in ``VIGKIT_USER``, the team's store in ``VIGKIT_DATABASE_URL``). Each runs the groupsession
workbook's own cells with the session's code as its parameter (its warm-up, then
``group_session_page``, which joins the session, builds the member's ``LiveSessionView`` and
starts its poll on the kernel's event loop), over one PostgreSQL store: a throwaway cluster of vigkit's own, durable
as ``vigkit team`` runs it, where pages wait on LISTEN/NOTIFY. No browser: "seen" is the
moment the member's board widget holds the post (or its player widget the facilitator's new
position), in that member's kernel; a browser adds its own drawing on top. One member posts
by its page's Post button, the facilitator presents clips and moves the player as the
facilitator's browser would; the commit time is taken in their kernel when the store's call
returns. One machine, one clock. ``python benchmarks/bench_live20.py`` (``--members 3`` for a
quick look).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import nbformat
import psutil
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vigkit.core.records import Case, Consent, Film, Practitioner  # noqa: E402
from vigkit.core.supervisionrecords import SupervisionGroup  # noqa: E402
from vigkit.store import Store  # noqa: E402
from vigkit.store.cluster import LocalPostgres, find_bin_dir  # noqa: E402

MEMBERS = 20
FACILITATOR, POSTER = "m01", "m02"
POSTS = 20  # on a quiet board, one a second
GAP_S = 1.0
CLIPS = ((0.0, 30.0), (30.0, 60.0), (60.0, 90.0))  # presented one after another
SEEKS = (2.0, 5.0, 9.0)  # after each presentation: the facilitator seeks, paused
PLAY_S = 10.0  # then plays: the browser reports its position at most every 0.25 s
REPORT_S = 0.25
PLAY_POSTS = 10  # posts while the clip plays
SETTLE_S = 3.0  # after the last event (the notes read after the idle phase catch anything later)
IDLE_S = 20.0
TARGET_P95_S = 1.0
TARGET_MB = 150.0
TARGET_IDLE_PERCENT = 5.0  # of one core, all 20 kernels together: "near zero"

# The page the workbook's last cell builds, kept to be watched (run_page only displays it).
KEEP_PAGE = r"""
_built = sessionpage.group_session_page


def _keep_page(**params):
    global _page
    _page = _built(**params)
    return _page


sessionpage.group_session_page = _keep_page
"""

# Then a note of when each post and each move of the facilitator's player reached the
# page's widgets, when the store's writes returned in this kernel, and its polls.
KERNEL_NOTES = r"""
import asyncio, json, re, time

sessionpage.group_session_page = _built
view = _page.view
_bench = {
    "posts": {}, "lead": [], "post_commits": {}, "move_commits": {}, "presents": [],
    "polls": [0, 0.0, 0.0],
}
_MARK = re.compile(r"bench-post-(\d+)")


def _board_changed(change):
    now = time.time()
    for n in _MARK.findall(change["new"]):
        _bench["posts"].setdefault(n, now)


def _lead_changed(change):
    seq = (change["new"] or {}).get("seq")
    if seq is not None:
        _bench["lead"].append((seq, time.time()))


view.board.observe(_board_changed, "value")
view.clip.player.observe(_lead_changed, "lead")

_poll = view.poll_once


def _timed_poll():
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        return _poll()
    finally:
        _bench["polls"][0] += 1
        _bench["polls"][1] += time.perf_counter() - start
        _bench["polls"][2] += time.thread_time() - cpu


view.poll_once = _timed_poll
_store = view.store.sessions


def _when_returned(name, note):
    original = getattr(_store, name)

    def timed(*args, **kwargs):
        done = original(*args, **kwargs)
        note(done, time.time())
        return done

    setattr(_store, name, timed)


def _post_committed(post, at):
    found = _MARK.search(post.text)
    if found:
        _bench["post_commits"].setdefault(found.group(1), at)


def _move_committed(clip, at):
    _bench["move_commits"].setdefault(str(clip.seq), at)


def _present_committed(clip, at):
    _bench["presents"].append(str(clip.seq))
    _move_committed(clip, at)


_when_returned("add_post", _post_committed)
_when_returned("set_lead_position", _move_committed)
_when_returned("present_clip", _present_committed)


async def _bench_play(seconds, every):
    # What the facilitator's browser sends while the clip plays: its position, every 0.25 s.
    player = view.clip.player
    loop = asyncio.get_running_loop()
    stop = loop.time() + seconds
    at = player.current_time
    player.playing = True
    while loop.time() < stop:
        await asyncio.sleep(every)
        at += every
        player.current_time = round(at, 3)
    player.playing = False


def _bench_state():
    return json.dumps(_bench)
"""


@dataclass
class Member:
    login: str
    manager: KernelManager
    log: TextIO
    client: BlockingKernelClient | None = None  # once its kernel started
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def kc(self) -> BlockingKernelClient:
        assert self.client is not None
        return self.client

    @property
    def pid(self) -> int:
        provisioner: Any = self.manager.provisioner
        return int(provisioner.process.pid)


def _send(member: Member, code: str, expressions: dict[str, str] | None = None) -> str:
    return str(
        member.kc.execute(
            code, store_history=False, user_expressions=expressions or {}, allow_stdin=False
        )
    )


def _reply(member: Member, msg_id: str, timeout: float = 180.0) -> dict[str, Any]:
    """The kernel's reply to ``msg_id`` (its user expressions); the traceback if it failed."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{member.login}'s kernel did not answer in {timeout:.0f} s")
        try:
            reply = member.kc.get_shell_msg(timeout=left)
        except queue.Empty:
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content["status"] != "ok":
        trace = "\n".join(content.get("traceback", [])) or content.get("evalue", "")
        raise RuntimeError(f"{member.login}'s kernel failed:\n{trace}")
    return dict(content.get("user_expressions", {}))


def _run(member: Member, code: str, expressions: dict[str, str] | None = None) -> dict[str, Any]:
    return _reply(member, _send(member, code, expressions))


def _collect(members: Iterable[Member]) -> None:
    """Each kernel's notes: what it saw when, what it wrote, its polls."""
    for member in members:
        found = _run(member, "", {"s": "_bench_state()"})["s"]
        if found.get("status") != "ok":
            raise RuntimeError(f"{member.login}: {found}")
        member.state = json.loads(ast.literal_eval(found["data"]["text/plain"]))


def _page_code(code: str) -> str:
    """What a member's page kernel runs: the groupsession workbook's cells, ``session`` set as
    the page's link sets it, then the notes."""
    notebook = nbformat.read(ROOT / "workbooks" / "groupsession.ipynb", as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    parameters, *rest = cells
    return "\n".join(
        [parameters, f"session = {code!r}", *rest[:-1], KEEP_PAGE, rest[-1], KERNEL_NOTES]
    )


def _fill_store(url: str, count: int) -> tuple[str, int]:
    """Twenty members in one group, a film they may watch together, and the facilitator's
    open session; its code and the film's id."""
    logins = [f"m{n:02d}" for n in range(1, count + 1)]
    with Store.open(url=url) as store:
        for login in logins:
            store.people.add(Practitioner(id=login, display_name=f"Member {login[1:]}"))
        group = store.sessions.add_supervision_group(
            SupervisionGroup(name="Twenty on Thursday", member_ids=logins)
        )
        store.cases.add(Case(code="F900", practitioner_id=FACILITATOR))
        store.cases.set_consent(
            Consent(case_code="F900", given_on=date(2026, 1, 5), filming=True, intervision=True)
        )
        film = store.films.add(
            Film(
                case_code="F900",
                cycle_number=1,
                path="/bench.mp4",
                sha256="0" * 64,
                duration_s=120.0,
                filmed_on=date(2026, 1, 6),
            )
        )
        session = store.sessions.open(group.id or 0, FACILITATOR)
    return session.code, film.id or 0


def _start_kernels(tmp: Path, url: str, count: int, members: list[Member]) -> None:
    """Start every member's kernel, each added to ``members`` as it starts (to be stopped)."""
    for n in range(1, count + 1):
        login = f"m{n:02d}"
        env = {k: v for k, v in os.environ.items() if k not in ("VOILA_PREHEAT", "QUERY_STRING")}
        env |= {
            "VIGKIT_HOME": str(tmp / "data"),
            "VIGKIT_DATABASE_URL": url,
            "VIGKIT_MODE": "team",
            "VIGKIT_USER": login,
            "PYTHONUNBUFFERED": "1",
        }
        log = (tmp / f"kernel-{login}.log").open("w", encoding="utf-8")
        manager = KernelManager(kernel_name="python3", connection_file=str(tmp / f"{login}.json"))
        member = Member(login, manager, log)
        members.append(member)
        manager.start_kernel(env=env, cwd=str(tmp), stdout=log, stderr=log)
        member.client = manager.blocking_client()  # with the started kernel's ports
        member.client.start_channels()
    for member in members:
        member.kc.wait_for_ready(timeout=180)


def _stop_kernels(members: list[Member]) -> None:
    for member in members:
        try:
            if member.client is not None:
                member.client.stop_channels()
            if member.manager.has_kernel:
                member.manager.shutdown_kernel(now=True)
        except Exception as exc:  # noqa: BLE001 - stop the others all the same
            print(f"could not stop {member.login}'s kernel: {exc}", file=sys.stderr)
        member.log.close()


def _show_kernel_logs(tmp: Path, lines: int = 20) -> None:
    """The end of the first kernel log that says something went wrong (on a failure)."""
    for log in sorted(tmp.glob("kernel-*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        if "Traceback" in text or " ERROR " in text:
            tail = "\n".join(text.splitlines()[-lines:])
            print(f"--- {log.name} (end) ---\n{tail}", file=sys.stderr)
            return


def _wait_quiet(limit_s: float = 60.0, quiet_percent: float = 15.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and psutil.cpu_percent(interval=1.0) > quiet_percent:
        pass


def _at(start: float, offset: float) -> None:
    """Sleep until ``offset`` seconds after ``start`` (monotonic)."""
    time.sleep(max(0.0, start + offset - time.monotonic()))


def _post(poster: Member, n: int) -> None:
    _run(
        poster,
        f"view.text.value = 'bench-post-{n}: she looks up and waits for him'\n"
        "view.post_button.click()",
    )


def _latencies(
    commits: dict[str, float], members: list[Member], key: str
) -> tuple[list[float], int]:
    """Seen minus commit for every (member, event) pair; how many pairs were never seen."""
    found, missed = [], 0
    for member in members:
        if key == "posts":
            seen: dict[str, float] = member.state["posts"]
            for n, committed in commits.items():
                if n in seen:
                    found.append(seen[n] - committed)
                else:
                    missed += 1
            continue
        # The player shows the newest position: a move is seen when a later one is.
        lead = sorted((int(seq), at) for seq, at in member.state["lead"])
        for seq, committed in commits.items():
            when = [at for shown, at in lead if shown >= int(seq)]
            if when:
                found.append(min(when) - committed)
            else:
                missed += 1
    return found, missed


def _p(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _pg_processes(port: int) -> list[psutil.Process]:
    for proc in psutil.process_iter(["cmdline"]):
        if f"port={port}" in " ".join(proc.info["cmdline"] or []):
            return [proc, *proc.children(recursive=True)]
    return []


def _cpu_s(procs: Iterable[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


Row = tuple[str, str, str, str]


def _latency_rows(label: str, values: list[float], missed: int, pairs: int) -> list[Row]:
    p50, p95 = _p(values, 50), _p(values, 95)
    note = f" ({len(values)} of {pairs} pairs seen)" if missed else f" ({pairs} pairs)"
    return [
        (f"{label} p50{note}", f"{p50 * 1000:.0f} ms", "-", "-"),
        (
            f"{label} p95",
            f"{p95 * 1000:.0f} ms",
            f"<= {TARGET_P95_S * 1000:.0f} ms",
            f"{p95 / TARGET_P95_S:.2f}",
        ),
        (f"{label} max", f"{max(values, default=float('nan')) * 1000:.0f} ms", "-", "-"),
    ]


def _print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def bench(tmp: Path, count: int = MEMBERS) -> None:
    began = time.monotonic()
    members: list[Member] = []
    cluster = LocalPostgres(tmp / "pg")  # durable, as `vigkit team` runs it
    try:
        cluster.start()
        url = cluster.create_database("vigkit")
        code, film_id = _fill_store(url, count)
        _start_kernels(tmp, url, count, members)
        sent = [_send(m, _page_code(code)) for m in members]  # all pages open at once
        for member, msg_id in zip(members, sent, strict=True):
            _reply(member, msg_id)
        ready_s = time.monotonic() - began
        _wait_quiet()
        lead = next(m for m in members if m.login == FACILITATOR)
        poster = next(m for m in members if m.login == POSTER)
        watchers = [m for m in members if m is not poster]
        followers = [m for m in members if m is not lead]

        # A quiet board: one post a second.
        start = time.monotonic()
        for n in range(1, POSTS + 1):
            _at(start, (n - 1) * GAP_S)
            _post(poster, n)
        time.sleep(SETTLE_S)

        # The facilitator presents three clips, and after each seeks three times, paused.
        start, step = time.monotonic(), 0
        for first, last in CLIPS:
            _at(start, step * GAP_S)
            step += 1
            _run(
                lead,
                f"view.clip.film_choice.value = {film_id}\n"
                f"view.clip.clip_start.value, view.clip.clip_end.value = {first}, {last}\n"
                "view.clip.present_button.click()",
            )
            for seek in SEEKS:
                _at(start, step * GAP_S)
                step += 1
                # What the facilitator's browser reports after a seek.
                _run(lead, f"view.clip.player.current_time = {first + seek}")
        time.sleep(SETTLE_S)
        _collect(members)
        paused_moves = dict(lead.state["move_commits"])
        kernels = [psutil.Process(m.pid) for m in members]
        polls_play = {m.login: list(m.state["polls"]) for m in members}
        cpu_play, play_from = _cpu_s(kernels), time.monotonic()

        # The clip plays for ten seconds, the facilitator's position every 0.25 s, while
        # the member posts once a second.
        _run(lead, f"asyncio.get_running_loop().create_task(_bench_play({PLAY_S}, {REPORT_S}))")
        start = time.monotonic()
        for n in range(PLAY_POSTS):
            _at(start, 0.5 + n * GAP_S)
            _post(poster, 101 + n)
        _at(start, PLAY_S + SETTLE_S)
        cpu_play = _cpu_s(kernels) - cpu_play
        play_s = time.monotonic() - play_from
        _collect(members)
        played = [
            [now - was for now, was in zip(m.state["polls"], polls_play[m.login], strict=True)]
            for m in members
        ]
        play_polls = statistics.median(n for n, _, _ in played)
        poll_wall_ms = statistics.median(wall / max(1, n) * 1000 for n, wall, _ in played)
        poll_cpu_ms = statistics.median(cpu / max(1, n) * 1000 for n, _, cpu in played)
        all_moves = lead.state["move_commits"]
        presents = {s: t for s, t in paused_moves.items() if s in lead.state["presents"]}
        seeks = {s: t for s, t in paused_moves.items() if s not in presents}
        playing = {s: t for s, t in all_moves.items() if s not in paused_moves}
        commits = poster.state["post_commits"]
        quiet_posts = {n: t for n, t in commits.items() if int(n) <= POSTS}
        play_posts = {n: t for n, t in commits.items() if int(n) > POSTS}

        # Nobody does anything.
        polls_before = {m.login: m.state["polls"][0] for m in members}
        polls_from = time.monotonic()
        time.sleep(2.0)
        postgres = _pg_processes(cluster.port)
        cpu_kernels, cpu_pg, t0 = _cpu_s(kernels), _cpu_s(postgres), time.monotonic()
        time.sleep(IDLE_S)
        cpu_kernels = _cpu_s(kernels) - cpu_kernels
        cpu_pg = _cpu_s(postgres) - cpu_pg
        idle_s = time.monotonic() - t0
        rss = [p.memory_info().rss / 1e6 for p in kernels]
        uss = [p.memory_full_info().uss / 1e6 for p in kernels]
        _collect(members)
        polls_s = time.monotonic() - polls_from
        idle_polls = statistics.median(m.state["polls"][0] - polls_before[m.login] for m in members)
    except BaseException:
        _show_kernel_logs(tmp)
        raise
    finally:
        _stop_kernels(members)
        cluster.destroy()

    rows: list[Row] = [("measure", "figure", "target", "ratio")]
    for label, events, who, kind in (
        ("post-to-seen, quiet board", quiet_posts, watchers, "posts"),
        ("follow: clip presented", presents, followers, "lead"),
        ("follow: facilitator seeks", seeks, followers, "lead"),
        ("follow: clip playing (4 reports/s)", playing, followers, "lead"),
        ("post-to-seen, clip playing", play_posts, watchers, "posts"),
    ):
        found, missed = _latencies(events, who, kind)
        rows += _latency_rows(label, found, missed, len(events) * len(who))
    rows += [
        (
            "kernel memory per member, RSS median",
            f"{statistics.median(rss):.0f} MB",
            f"<= {TARGET_MB:.0f} MB",
            f"{statistics.median(rss) / TARGET_MB:.2f}",
        ),
        (
            "kernel memory per member, RSS max",
            f"{max(rss):.0f} MB",
            f"<= {TARGET_MB:.0f} MB",
            f"{max(rss) / TARGET_MB:.2f}",
        ),
        ("kernel memory per member, USS median", f"{statistics.median(uss):.0f} MB", "-", "-"),
    ]
    idle_percent = cpu_kernels / idle_s * 100
    rows += [
        (
            f"CPU idle, all {count} kernels ({idle_s:.0f} s)",
            f"{idle_percent:.1f}% of one core",
            f"<= {TARGET_IDLE_PERCENT:.0f}% of one core",
            f"{idle_percent / TARGET_IDLE_PERCENT:.2f}",
        ),
        ("CPU idle, PostgreSQL (all its processes)", f"{cpu_pg / idle_s * 100:.1f}%", "-", "-"),
        ("polls per kernel while idle (median)", f"{idle_polls:.0f} in {polls_s:.0f} s", "-", "-"),
        (
            f"CPU, all {count} kernels, clip playing + posts ({play_s:.0f} s)",
            f"{cpu_play / play_s * 100:.0f}% of one core",
            "-",
            "-",
        ),
        ("polls per kernel then (median)", f"{play_polls:.0f} in {play_s:.0f} s", "-", "-"),
        (
            "one poll then: wall / CPU (kernel medians)",
            f"{poll_wall_ms:.1f} / {poll_cpu_ms:.1f} ms",
            "-",
            "-",
        ),
        (f"{count} kernels started, pages built", f"{ready_s:.0f} s", "-", "-"),
    ]
    _print_table(rows)
    print(f"whole run: {time.monotonic() - began:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=MEMBERS, help="3 for a quick look")
    count = max(3, parser.parse_args().members)
    print(
        f"live board, {count} members: {count} IPython kernels through jupyter_client, each "
        "a member's team page kernel running the groupsession workbook's code, over one "
        "PostgreSQL store (vigkit's own throwaway cluster; LISTEN/NOTIFY); no browser: "
        "'seen' = the widget changed in the member's kernel"
    )
    if find_bin_dir() is None:
        print("skipped: PostgreSQL is not installed here (make postgres)")
        return 0
    with tempfile.TemporaryDirectory(prefix="vigkit-bench-live20-") as tmp:
        bench(Path(tmp), count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
