"""The background tasks pages start (the live board's poll, the preview's watch) run in a real
ipykernel, on its own event loop, between the visitor's messages: not under ``asyncio.run``.

The page starts its task in one cell and returns; the test then changes the store or the file
from outside the kernel, and asks the kernel (in later cells) what its widgets show. The task
can only have brought the change if ipykernel kept running it while the kernel sat idle.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from groupfixture import fill_tuesday_group
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel

from vigkit.paths import templates_dir
from vigkit.store import Store


@pytest.fixture
def kernel(tmp_path: Path) -> Iterator[BlockingKernelClient]:
    km: KernelManager
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(tmp_path))
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc: BlockingKernelClient, code: str) -> Any:
    """Run ``code`` in the kernel; the JSON its last line printed."""
    printed: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            printed.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            printed.append("\n".join(msg["content"]["traceback"]))

    reply = kc.execute_interactive(code, timeout=120, output_hook=hook)
    assert "ok" == reply["content"]["status"], "".join(printed)
    lines = "".join(printed).strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def wait_in_kernel(kc: BlockingKernelClient, code: str, seconds: float = 10) -> float:
    """Ask the kernel ``code`` (printing true or false) until true; how long it took."""
    started = time.monotonic()
    while not run(kc, code):
        assert time.monotonic() - started < seconds, f"never true: {code}"
        time.sleep(0.1)
    return time.monotonic() - started


def test_the_live_board_polls_on_the_kernels_loop(
    kernel: BlockingKernelClient, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    store = fill_tuesday_group(Store.open(data))
    session = store.open_live_session(1, "sue")
    run(
        kernel,
        f"""
import asyncio, json
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.groupsession import LiveSessionView
store = Store.open({str(data)!r})
view = LiveSessionView(store, store.find_live_session({session.code!r}, 'sue'),
                       store.get_practitioner("sue"), load_principles())
view.start_polling(every=0.1)
print(json.dumps(view._task is not None and view._task.get_loop() is asyncio.get_running_loop()))
""",
    )
    store.join_live_session(session.code, "ann")
    store.add_session_post(session.id, "ann", "posted from outside the kernel")
    took = wait_in_kernel(
        kernel, "print(json.dumps('posted from outside the kernel' in view.board.value))"
    )
    assert took < 5
    assert not run(kernel, "print(json.dumps(view._task.done()))")
    run(kernel, "view.end()")
    assert wait_in_kernel(kernel, "print(json.dumps(view._task.done()))") < 5
    store.close()


def test_the_preview_watch_follows_the_file_on_the_kernels_loop(
    kernel: BlockingKernelClient, tmp_path: Path
) -> None:
    path = tmp_path / "what_ours.yaml"
    text = (templates_dir() / "question_sets" / "reflection_what.yaml").read_text("utf-8")
    path.write_text(text.replace("id: reflection_what", "id: what_ours"), encoding="utf-8")
    started = run(
        kernel,
        f"""
import json
from pathlib import Path
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.preview import TemplatePreview
preview = TemplatePreview(Path({str(path)!r}), "own", load_principles())
print(json.dumps(preview.start_watching(interval=0.05)))
""",
    )
    assert started is True
    time.sleep(0.05)  # a coarse clock: let the modification time move on
    path.write_text(text.replace("title: ", "title: Ours - ", 1), encoding="utf-8")
    took = wait_in_kernel(
        kernel, "print(json.dumps(preview.form.qset.title.startswith('Ours - ')))"
    )
    assert took < 5
    run(kernel, "preview.stop()")
