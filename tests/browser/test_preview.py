"""The trainer's preview in Chromium: it follows the template file as it is saved."""

from __future__ import annotations

import base64
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from vigkit.paths import templates_dir, workbooks_dir

from .conftest import Server, shot, start_server, stop_server

GUIDANCE = "Guidance from your trainer: write about the parent, never their name."


def _square_png() -> str:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), (200, 30, 30)).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode("ascii")


@pytest.fixture(scope="module")
def preview_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on its own data directory, serving copies of the workbooks.

    The copy of the preview notebook carries a trainer's markdown guidance cell.
    """
    root = tmp_path_factory.mktemp("preview")
    books = root / "workbooks"
    books.mkdir()
    for name in ("home.ipynb", "preview.ipynb"):  # one preheated kernel each: keep it to two
        shutil.copy(workbooks_dir() / name, books / name)
    (root / "data").mkdir()
    preview = books / "preview.ipynb"
    nb = json.loads(preview.read_text(encoding="utf-8"))
    nb["cells"].insert(
        0,
        {
            "cell_type": "markdown",
            "id": "guidance1",
            "metadata": {},
            # An image pasted into a markdown cell in JupyterLab is kept inside the notebook.
            "attachments": {"square.png": {"image/png": _square_png()}},
            "source": [
                f"## Before you start\n\n{GUIDANCE}\n\n",
                "![a red square](attachment:square.png)\n",
            ],
        },
    )
    preview.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    server = start_server(root / "data", demo=False, workbooks=books)
    yield server
    stop_server(server)


def _own_copy(server: Server) -> Path:
    own = server.data / "templates" / "question_sets"
    own.mkdir(parents=True, exist_ok=True)
    path = own / "what_ours.yaml"
    text = (templates_dir() / "question_sets" / "reflection_what.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("id: reflection_what", "id: what_ours"), encoding="utf-8")
    return path


def test_preview_follows_the_saved_file(preview_server: Server, page) -> None:
    """A reworded prompt appears without a reload; a mistake is located and the old form stays."""
    path = _own_copy(preview_server)
    page.goto(preview_server.url + "voila/render/preview.ipynb?model=what_ours")
    page.wait_for_selector(".vk-preview-form .vk-form", timeout=90_000)
    assert "Nothing typed here is saved to any record" in page.inner_text("body")
    page.get_by_role("textbox", name="What happened?").fill("kept while the file changes")
    shot(page, "preview-before")

    reworded = "What happened, in the parent's own words?"
    path.write_text(
        path.read_text(encoding="utf-8").replace("prompt: What happened?", f'prompt: "{reworded}"'),
        encoding="utf-8",
    )
    page.get_by_text(reworded).wait_for(timeout=10_000)
    # The same box, now named by the new words, keeps what was typed.
    kept = page.get_by_role("textbox", name=reworded)
    assert "kept while the file changes" == kept.input_value()
    shot(page, "preview-reworded")

    text = path.read_text(encoding="utf-8")
    line = text[: text.index("kind: long_text")].count("\n") + 1
    path.write_text(text.replace("kind: long_text", "kind: longtext", 1), encoding="utf-8")
    problems = page.locator(".vk-preview-problems")
    problems.wait_for(timeout=10_000)
    shot(page, "preview-broken")
    assert f"what_ours.yaml:{line}:" in problems.inner_text()
    assert "did you mean 'long_text'?" in problems.inner_text()
    assert 1 == page.get_by_text(reworded).count()  # the last good preview is still there
    assert "Traceback" not in page.inner_text("body")


def test_preview_lists_templates_and_shows_guidance(preview_server: Server, page) -> None:
    """With no template named: shipped and own templates listed; markdown guidance and its image show."""
    _own_copy(preview_server)
    page.goto(preview_server.url + "voila/render/preview.ipynb")
    page.wait_for_selector(".vk-page", timeout=90_000)
    body = page.inner_text("body")
    shot(page, "preview-list")
    assert GUIDANCE in body
    src = page.locator("img[alt='a red square']").get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,")
    assert "Your service's own templates" in body and "The shipped templates" in body
    page.get_by_role("link", name="What? So what? Now what?").first.click()
    page.wait_for_selector(".vk-preview-form .vk-form", timeout=90_000)
    assert "what_ours.yaml" in page.inner_text(".vk-preview-status")
