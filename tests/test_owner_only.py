"""A data folder is its owner's only: another user of the machine opens nothing in it.

The folders are made by the real ``vigkit`` command, started with the usual umask (022) so
what it makes owner-only is vigkit's doing, not the test's. Where the tests run as root, a
real second user (``nobody``, by ``runuser``) tries to read the store and the film.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigkit.ownerfiles import exposure_warning, make_owner_only, open_to_others


def _vigkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *args],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.umask(0o022),
        timeout=300,
    )


@pytest.fixture
def open_parent() -> Iterator[Path]:
    """A folder anyone may enter (as /home or /srv are), so only the data folder's own
    modes keep a second user out. pytest's own temporary folders are 0700 already."""
    parent = Path(tempfile.mkdtemp(prefix="vigkit-owner-"))
    parent.chmod(0o755)
    try:
        yield parent
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _modes(folder: Path) -> dict[str, str]:
    found = {}
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def _nobody_reads(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "nobody", "--", "cat", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )


def test_a_fresh_data_folder_has_no_group_or_other_bits_anywhere(open_parent: Path) -> None:
    data = open_parent / "data"
    done = _vigkit("demo", "--data", str(data))
    assert done.returncode == 0, done.stderr
    modes = _modes(data)
    assert any(name.startswith("media/") for name in modes), "the demo's film is made"
    assert (data / "vigkit.sqlite").is_file()
    opened = {name: mode for name, mode in modes.items() if int(mode, 8) & 0o077}
    assert {} == opened
    assert modes["."] == "0o700"
    assert modes["vigkit.sqlite"] == "0o600"


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("runuser") is None,
    reason="a second user is tried with runuser, as root",
)


@needs_root
def test_another_user_of_the_machine_cannot_read_the_store_or_the_films(
    open_parent: Path,
) -> None:
    data = open_parent / "data"
    assert _vigkit("demo", "--data", str(data)).returncode == 0
    films = [p for p in (data / "media").rglob("*") if p.is_file()]
    assert films
    for path in [data / "vigkit.sqlite", *films]:
        tried = _nobody_reads(path)
        assert tried.returncode != 0
        assert "Permission denied" in tried.stderr
        assert tried.stdout == ""


@needs_root
def test_vigkit_doctor_says_who_can_read_an_old_folder_and_fix_closes_it(
    open_parent: Path,
) -> None:
    data = open_parent / "data"
    assert _vigkit("demo", "--data", str(data)).returncode == 0
    for path in [data, *data.rglob("*")]:  # as an older vigkit, or a copy by hand, left it
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert _nobody_reads(data / "vigkit.sqlite").returncode == 0

    told = _vigkit("doctor", "--data", str(data))
    assert told.returncode == 1
    assert "other users of this machine can open" in told.stderr + told.stdout
    assert "vigkit doctor --fix" in told.stderr + told.stdout

    fixed = _vigkit("doctor", "--fix", "--data", str(data))
    assert fixed.returncode == 0, fixed.stderr
    assert "yours only" in fixed.stdout
    assert open_to_others(data) == []
    assert _nobody_reads(data / "vigkit.sqlite").returncode != 0
    assert _vigkit("doctor", "--data", str(data)).returncode == 0


def test_the_warning_names_the_folder_and_the_command_that_fixes_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "media").mkdir(parents=True, mode=0o700)
    data.chmod(0o700)
    film = data / "media" / "film.mp4"
    film.write_bytes(b"x")
    film.chmod(0o600)
    assert exposure_warning(data) is None
    film.chmod(0o644)
    words = exposure_warning(data)
    assert words is not None
    assert str(film) in words and f"vigkit doctor --fix --data {data}" in words
    assert make_owner_only(data) == [film]
    assert stat.S_IMODE(film.stat().st_mode) == 0o600
    assert exposure_warning(data) is None


def test_vigkit_serve_warns_in_plain_words_before_serving_an_open_folder(
    open_parent: Path,
) -> None:
    """`vigkit serve` on a port that is taken stops straight after its warnings."""
    data = open_parent / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _vigkit(
            "serve", "--data", str(data), "--no-browser", "--port", str(port), "--preheat="
        )
    assert "other users of this machine can open" in done.stderr
