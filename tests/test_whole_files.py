"""Documents are written whole or not at all: a failure half-way keeps the last good copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigkit.reports.whole import write_bytes_whole, write_text_whole, write_whole


def test_a_failure_half_way_keeps_the_last_copy_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out" / "record.html"
    write_text_whole(target, "the good copy")

    def fails(temp: Path) -> None:
        temp.write_text("half a docu")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_whole(target, fails)
    assert "the good copy" == target.read_text(encoding="utf-8")
    assert ["record.html"] == [p.name for p in target.parent.iterdir()]
    write_bytes_whole(target, "Ünïcode ✓".encode())
    assert "Ünïcode ✓" == target.read_text(encoding="utf-8")
