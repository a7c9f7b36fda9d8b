"""Every page with the demo caseload passes axe-core (from the npm registry) with 0 violations."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest

from .conftest import Server, shot

AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
PAGES = {
    "home": "voila/render/home.ipynb",
    "case": "voila/render/case.ipynb?case=F017",
    "reflection": "voila/render/reflection.ipynb?case=F017",
    "microanalysis": "voila/render/microanalysis.ipynb?case=F017&film=1",
    "group": "voila/render/group.ipynb?group=G001",
    "groupsession": "voila/render/groupsession.ipynb",
    "supervision": "voila/render/supervision.ipynb?trainee=demo-guider",
    "preview": "voila/render/preview.ipynb?model=reflection_what",
    "people": "voila/render/people.ipynb",
    "audit": "voila/render/audit.ipynb",
    "report": "voila/render/report.ipynb",
}
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.html.slice(0, 160)),
  }));
}"""


def axe_script() -> str:
    """axe.min.js from the npm registry's tarball, checked against its published sha512, kept
    in the environment after the first download."""
    cached = Path(sys.prefix) / "share" / f"axe-core-{AXE_VERSION}.min.js"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:
        tarball = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    assert AXE_INTEGRITY == digest, "the axe-core tarball is not the one published"
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        member = tar.extractfile("package/axe.min.js")
        assert member is not None
        script = member.read().decode("utf-8")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(script, encoding="utf-8")
    return script


def violations(page: object, script: str) -> list[dict[str, object]]:
    page.add_script_tag(content=script)  # type: ignore[attr-defined]
    return page.evaluate(AXE_RUN)  # type: ignore[attr-defined,no-any-return]


def test_axe_finds_a_violation_when_there_is_one(page) -> None:
    """The check can fail: an image without a text alternative is a violation."""
    page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')
    assert "image-alt" in [v["id"] for v in violations(page, axe_script())]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_has_no_accessibility_violations(served: Server, page, name: str) -> None:
    page.goto(served.url + PAGES[name])
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.wait_for_load_state("networkidle")
    found = violations(page, axe_script())
    shot(page, f"axe-{name}")
    assert [] == found
