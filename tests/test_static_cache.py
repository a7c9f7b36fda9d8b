"""A browser keeps the scripts and styles a page loads (issue 30: pages at the speed of the
web): Voilà's scripts under a versioned folder, the widgets' scripts named with their hash,
and the template's own files named with theirs, each served with a long lifetime; a file
that changes is asked for under a new name. Against a real `vigkit serve`."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from tokenserver import token_server

from vigkit.server.staticcache import has_hashed_name, static_version

TOKEN = "a-token-for-the-cache-test-0123"


def _get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    """Status, headers (lower-case names) and body of GET ``path`` with the server's token."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {TOKEN}"})
        answer = conn.getresponse()
        body = answer.read().decode(errors="replace")
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
    finally:
        conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, Path]]:
    """A real server of a one-cell workbook (no store needed), and that page's HTML."""
    root = tmp_path_factory.mktemp("cache")
    workbooks = root / "workbooks"
    workbooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('hello')")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, workbooks / "one.ipynb")
    with token_server(root / "data", TOKEN, "--workbooks", str(workbooks)) as (port, log):
        status, _, page = _get(port, "/voila/render/one.ipynb")
        assert status == 200, log.read_text()
        yield port, page, log


def _src(page: str, ending: str) -> str:
    [found] = re.findall(r'(?:src|href)="([^"]*' + re.escape(ending) + r'[^"]*)"', page)
    return found


def test_voilas_scripts_come_from_a_versioned_folder_kept_a_year(
    served: tuple[int, str, Path],
) -> None:
    port, page, _ = served
    main = _src(page, "/voila.js")
    assert re.fullmatch(r"/voila/static/v/[0-9a-f]{16}/voila\.js", main), main
    folder = main.rsplit("/", 1)[0]
    # voila.js loads its pieces from the page's fullStaticUrl: the same folder.
    assert f'"fullStaticUrl": "{folder}"' in page
    for name in ("voila.js", "5764.voila.js"):
        status, headers, _ = _get(port, f"{folder}/{name}")
        assert status == 200
        assert "max-age=31536000" in headers["cache-control"]
        assert "immutable" in headers["cache-control"]


def test_an_older_version_is_answered_but_not_kept(served: tuple[int, str, Path]) -> None:
    port, _, log = served
    status, headers, _ = _get(port, "/voila/static/v/0123456789abcdef/voila.js")
    assert status == 200 and headers["cache-control"] == "no-cache"
    # A path that climbs out of Voilà's folder is refused, as in Voilà's own folder.
    status, _, body = _get(port, "/voila/static/v/0123456789abcdef/../../../app.py")
    assert status in (403, 404) and "import" not in body
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_templates_own_files_are_named_with_their_hash_and_kept(
    served: tuple[int, str, Path],
) -> None:
    port, page, _ = served
    for name in ("vigkit.css", "vigkit.js"):
        url = _src(page, f"/voila/templates/vigkit/static/{name}")
        assert re.search(r"\?v=[0-9a-f]{32,}$", url), url
        status, headers, _ = _get(port, url.replace("&amp;", "&"))
        assert status == 200 and "max-age=" in headers["cache-control"]
        assert int(headers["cache-control"].split("max-age=")[1].split(",")[0]) >= 31536000


def test_widgets_scripts_named_with_their_hash_are_kept_others_asked_again(
    served: tuple[int, str, Path],
) -> None:
    port, page, _ = served
    entries = re.findall(
        r'"load": "(?:\./)?(static/remoteEntry\.[0-9a-f]+\.js)", "name": "([^"]+)"', page
    )
    assert entries, "no widget extension listed on the page"
    load, name = entries[0]
    status, headers, _ = _get(port, f"/voila/labextensions/{name}/{load}")
    assert status == 200 and "immutable" in headers["cache-control"]
    status, headers, _ = _get(port, f"/voila/labextensions/{name}/package.json")
    assert status == 200 and headers["cache-control"] == "no-cache"


def test_a_file_that_changes_changes_the_version(tmp_path: Path) -> None:
    (tmp_path / "voila.js").write_text("one")
    first = static_version([str(tmp_path)])
    assert static_version([str(tmp_path)]) == first
    (tmp_path / "voila.js").write_text("three")
    assert static_version([str(tmp_path)]) != first
    second = static_version([str(tmp_path)])
    (tmp_path / "1234.voila.js").write_text("new")
    assert static_version([str(tmp_path)]) != second


@pytest.mark.parametrize(
    ("path", "hashed"),
    [
        ("/voila/labextensions/a/static/remoteEntry.5cbb9d2323598fbda535.js", True),
        ("/voila/labextensions/a/static/747.67662283a5707eeb4d4c.js", True),
        ("/voila/labextensions/a/static/2.3dbf81c0.js?v=3dbf81c0", True),
        ("/voila/labextensions/a/static/style.js", False),
        ("/voila/labextensions/a/package.json", False),
        ("/voila/labextensions/a/static/1234.js", False),
    ],
)
def test_which_names_carry_their_hash(path: str, hashed: bool) -> None:
    assert has_hashed_name(path) is hashed
