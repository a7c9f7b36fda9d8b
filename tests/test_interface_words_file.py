"""A translator's interface words file: printed by `vigkit templates words`, read back with
yes/no as words, and `templates check` noting what is still untranslated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.i18n.interface import ENGLISH, Interface, missing_words
from vigkit.templates import check_command
from vigkit.templates.wordsfile import parse_interface, words_file

WELSH = "kind: interface_words\nlanguage: cy\nsave: Cadw\nyes: Ie\nno: Na\n"


def test_yes_and_no_are_words_not_true_and_false() -> None:
    words = parse_interface(WELSH, "cy.yaml")
    assert words == {"save": "Cadw", "yes": "Ie", "no": "Na"}
    ui = Interface("cy", words)
    assert (ui.say("yes"), ui.say("no"), ui.say("save")) == ("Ie", "Na", "Cadw")


def test_the_words_file_reads_back_as_english_with_every_key() -> None:
    text = words_file("cy")
    assert text.startswith("kind: interface_words\nlanguage: cy\n")
    assert parse_interface(text, "cy.yaml") == ENGLISH


def test_only_the_missing_words_keep_their_order_and_the_translated_ones_stay() -> None:
    words = parse_interface(WELSH, "cy.yaml")
    rest = parse_interface(words_file("cy", words, only_missing=True), "rest.yaml")
    assert set(rest) == set(ENGLISH) - {"save", "yes", "no"}
    assert list(rest) == missing_words(words)
    whole = parse_interface(words_file("cy", words), "whole.yaml")
    assert whole["save"] == "Cadw" and whole["saved_at"] == ENGLISH["saved_at"]


def test_check_notes_how_many_words_are_left_and_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "interface" / "cy.yaml"
    path.parent.mkdir()
    path.write_text(WELSH, encoding="utf-8")
    out = io.StringIO()
    assert 0 == check_command([str(path)], out=out)
    text = out.getvalue()
    left = len(ENGLISH) - 3
    assert f"{path}:1:1: note: {left} of {len(ENGLISH)} interface words are not translated" in text
    assert f"vigkit templates words cy --missing {path}" in text and "all valid" in text


def test_a_complete_file_has_no_note(tmp_path: Path) -> None:
    path = tmp_path / "cy.yaml"
    path.write_text(words_file("cy"), encoding="utf-8")
    out = io.StringIO()
    assert 0 == check_command([str(path)], out=out)
    assert "note:" not in out.getvalue()


def test_the_words_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["templates", "words", "cy"])
    assert parse_interface(capsys.readouterr().out, "out.yaml") == ENGLISH
    mine = tmp_path / "cy.yaml"
    mine.write_text(WELSH, encoding="utf-8")
    assert 0 == main(["templates", "words", "cy", "--missing", str(mine)])
    assert "\nsave: " not in capsys.readouterr().out
    assert 1 == main(["templates", "words", "cy", "--missing", str(tmp_path / "none.yaml")])
    assert "no such file" in capsys.readouterr().err
