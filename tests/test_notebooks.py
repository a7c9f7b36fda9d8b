"""Every workbook runs headless in a real kernel, and no page it builds holds an error message.

Pages turn failures into plain messages rather than exceptions, so a notebook that "runs"
proves little: these tests execute each workbook with nbclient (widget state kept), then
read every widget's HTML for an error box, and every output for a traceback or stderr. They
run once against the demo caseload (with parameters naming demo records, as a visitor's link
would) and once against an empty store.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted(p.name for p in (ROOT / "workbooks").glob("*.ipynb"))
ERROR_MARK = re.compile(r"vk-msg-error|Traceback|Error:")

# What a visitor's link would carry on the demo caseload (the parameters cell's names).
DEMO_LINKS: dict[str, list[dict[str, str]]] = {
    "home.ipynb": [{}],
    "case.ipynb": [{}, {"case": "F017"}],
    "group.ipynb": [{}, {"group": "G001"}],
    "groupsession.ipynb": [{}],
    "microanalysis.ipynb": [{"case": "F017", "film": "1"}],
    "people.ipynb": [{}],
    "audit.ipynb": [{}],
    "report.ipynb": [{}],
    "preview.ipynb": [{}, {"model": "reflection_what"}],
    "reflection.ipynb": [{}, {"model": "shared_review", "case": "F017", "cycle": "1"}],
    "supervision.ipynb": [{"trainee": "demo-guider"}],
}


def run_workbook(name: str, params: dict[str, str], env: dict[str, str]) -> nbformat.NotebookNode:
    """Execute a workbook in a kernel with ``env``, ``params`` set after its parameters cell."""
    nb = nbformat.read(ROOT / "workbooks" / name, as_version=4)
    assert "parameters" in nb.cells[0].metadata.get("tags", []), f"{name}: no parameters cell"
    given = "\n".join(f"{key} = {value!r}" for key, value in params.items())
    nb.cells.insert(1, nbformat.v4.new_code_cell(given))
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", store_widget_state=True, allow_errors=False
    )
    client.execute(cwd=str(ROOT / "workbooks"), env={**os.environ, **env})
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Error boxes in the widgets' HTML, and tracebacks or stderr in the outputs."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr"):
                found.append(json.dumps(out)[:500])
            elif ERROR_MARK.search(json.dumps(out.get("data", {}))):
                found.append(json.dumps(out)[:500])
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        value = model.get("state", {}).get("value")
        if isinstance(value, str) and ERROR_MARK.search(value):
            found.append(value[:500])
    return found


def widget_html(nb: nbformat.NotebookNode) -> str:
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return "\n".join(
        m["state"]["value"] for m in state.values() if isinstance(m["state"].get("value"), str)
    )


RUNS = [("demo", name, link) for name in WORKBOOKS for link in DEMO_LINKS[name]] + [
    ("empty", name, {}) for name in WORKBOOKS
]


def _run_id(run: tuple[str, str, dict[str, str]]) -> str:
    store, name, params = run
    return "-".join([store, name, *(f"{k}={v}" for k, v in params.items())])


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, nbformat.NotebookNode]:
    """Every run, three kernels at a time (each kernel spends most of its time importing)."""
    demo = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "VIGKIT_HOME": str(demo)}
    subprocess.run(
        [sys.executable, "-m", "vigkit", "demo"], env=env, check=True, capture_output=True
    )

    def one(run: tuple[str, str, dict[str, str]]) -> nbformat.NotebookNode:
        store, name, params = run
        home = demo if store == "demo" else tmp_path_factory.mktemp("empty")
        return run_workbook(name, params, {"VIGKIT_HOME": str(home)})

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(map(_run_id, RUNS), pool.map(one, RUNS), strict=True))


def test_the_error_check_sees_an_error_box(tmp_path: Path) -> None:
    """The check can fail: a case code that is not in the store makes the page say so."""
    nb = run_workbook("case.ipynb", {"case": "F999"}, {"VIGKIT_HOME": str(tmp_path)})
    assert problems(nb), widget_html(nb)[:2000]


@pytest.mark.slow
@pytest.mark.parametrize("run", RUNS, ids=_run_id)
def test_workbook_builds_a_page_with_no_error(
    run: tuple[str, str, dict[str, str]], executed: dict[str, nbformat.NotebookNode]
) -> None:
    nb = executed[_run_id(run)]
    assert widget_html(nb).strip(), "no page was built"
    assert [] == problems(nb)


def test_every_workbook_has_links_to_try() -> None:
    assert sorted(DEMO_LINKS) == WORKBOOKS
