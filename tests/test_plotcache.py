"""Plots drawn once and read back: the cache's key follows what the plot shows."""

from __future__ import annotations

from pathlib import Path

from vigkit.media import plotcache
from vigkit.media.plotcache import cached_png, words_key


def _drawer(calls: list[str], png: bytes):
    def draw() -> bytes:
        calls.append("drawn")
        return png

    return draw


def test_the_same_plot_is_drawn_once_and_read_back(tmp_path: Path) -> None:
    calls: list[str] = []
    first = cached_png(("ratings", "a,b\n1,2\n"), _drawer(calls, b"PNG-1"), folder=tmp_path)
    again = cached_png(("ratings", "a,b\n1,2\n"), _drawer(calls, b"PNG-2"), folder=tmp_path)
    assert first == again == b"PNG-1" and calls == ["drawn"]


def test_changed_data_or_words_draw_a_new_plot(tmp_path: Path) -> None:
    calls: list[str] = []
    cached_png(("ratings", "1,2"), _drawer(calls, b"A"), folder=tmp_path)
    assert cached_png(("ratings", "1,3"), _drawer(calls, b"B"), folder=tmp_path) == b"B"
    english = words_key("en", {})
    welsh = words_key("cy", {"case.plot.ratings.x": "Dyddiad"})
    cached_png(("ratings", "1,2", english), _drawer(calls, b"C"), folder=tmp_path)
    assert cached_png(("ratings", "1,2", welsh), _drawer(calls, b"D"), folder=tmp_path) == b"D"
    assert len(calls) == 4


def test_a_cache_that_cannot_be_written_still_gives_the_plot(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert cached_png(("p",), lambda: b"PNG", folder=blocked / "plots") == b"PNG"


def test_the_cache_keeps_at_most_keep_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(plotcache, "KEEP", 3)
    for n in range(6):
        cached_png((f"plot {n}",), lambda: b"PNG", folder=tmp_path)
    assert len(list(tmp_path.glob("*.png"))) == 3
