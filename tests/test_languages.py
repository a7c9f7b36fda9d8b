"""Templates in several languages: the chosen one, a fallback, the pseudo-language, check notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigkit.paths import templates_dir
from vigkit.templates import parse_question_set
from vigkit.templates.languages import PSEUDO, missing_translations, pseudo

TWO = """schema_version: 1
id: our_log
version: "1.0"
title: {en: Our log, cy: Ein cofnod}
language: en
sections:
  - id: main
    title: {en: Main, cy: Prif}
    questions:
      - id: noticed
        prompt:
          en: What did you notice?
          cy: Beth wnaethoch chi sylwi?
        help: {en: 'Behaviour, not interpretation.'}
        kind: long_text
      - id: setting
        prompt: {en: 'Where?', cy: 'Ble?'}
        kind: single_choice
        options:
          - {id: home, label: {en: At home, cy: Gartref}}
          - {id: clinic, label: {en: In a clinic}}
      - id: calm
        prompt: {en: 'How calm?', cy: 'Pa mor dawel?'}
        kind: scale
        anchors: {0: {en: Not at all, cy: Dim o gwbl}, 10: {en: Very}}
"""


def test_the_chosen_language_is_shown() -> None:
    """Welsh asked for: Welsh texts, option ids unchanged."""
    qset = parse_question_set(TWO, language="cy")
    q = {x.id: x for x in qset.questions()}
    assert ("Ein cofnod", "Beth wnaethoch chi sylwi?", "cy") == (
        qset.title,
        q["noticed"].prompt,
        qset.language,
    )
    assert [("home", "Gartref"), ("clinic", "In a clinic")] == [
        (o.id, o.label) for o in q["setting"].options or []
    ]
    assert {0: "Dim o gwbl", 10: "Very"} == q["calm"].anchors


def test_a_missing_translation_falls_back_to_the_files_language() -> None:
    """Help with no Welsh is shown in English; no language asked for gives the file's own."""
    welsh = parse_question_set(TWO, language="cy")
    assert "Behaviour, not interpretation." == next(welsh.questions()).help
    assert "Our log" == parse_question_set(TWO).title
    assert "Our log" == parse_question_set(TWO, language="pl").title


def test_check_lists_each_missing_translation_with_its_place() -> None:
    """Every text lacking a language the file uses is named, and where it is."""
    import yaml

    notes = missing_translations(yaml.safe_load(TWO))
    where = [loc for loc, _ in notes]
    assert [
        ("sections", 0, "questions", 0, "help"),
        ("sections", 0, "questions", 1, "options", 1, "label"),
        ("sections", 0, "questions", 2, "anchors", 10),
    ] == where
    assert "no cy translation here" in notes[0][1]


def test_the_check_command_prints_translation_notes(tmp_path: Path) -> None:
    """`templates check` lists missing translations as notes; the file is still valid."""
    import io

    from vigkit.templates import check_command

    (tmp_path / "our_log.yaml").write_text(TWO, encoding="utf-8")
    out = io.StringIO()
    assert 0 == check_command([str(tmp_path)], out=out)
    text = out.getvalue()
    assert f"{tmp_path / 'our_log.yaml'}:14:15: note: no cy translation here" in text
    assert "all valid" in text


@pytest.mark.parametrize("path", sorted((templates_dir() / "question_sets").glob("*.yaml")))
def test_every_shipped_text_goes_through_the_pseudo_language(path: Path) -> None:
    """In the pseudo-language every title, prompt, help, option and anchor is pseudo-translated."""
    original = parse_question_set(path.read_text("utf-8"))
    shown = parse_question_set(path.read_text("utf-8"), language=PSEUDO)
    assert pseudo(original.title) == shown.title
    for a, b in zip(original.questions(), shown.questions(), strict=True):
        assert pseudo(a.prompt) == b.prompt
        assert (pseudo(a.help) if a.help else None) == b.help
        if a.kind != "principle_picker":  # a picker's options are principle ids
            assert [pseudo(o.label) for o in a.options or []] == [o.label for o in b.options or []]
        assert [o.id for o in a.options or []] == [o.id for o in b.options or []]
        assert {k: pseudo(v) for k, v in (a.anchors or {}).items()} == (b.anchors or {})
        assert a.id == b.id and a.kind == b.kind


def test_check_reads_interface_word_files(tmp_path: Path) -> None:
    """An interface language file is checked: unknown keys and {names} are named by line."""
    from vigkit.templates import check_path

    (tmp_path / "cy.yaml").write_text(
        'kind: interface_words\nlanguage: cy\nsave: Cadw\nsaved_at: "Wedi cadw {pryd}"\nsav: x\n',
        encoding="utf-8",
    )
    found = check_path(tmp_path)
    assert [
        f"{tmp_path / 'cy.yaml'}:4:11: 'saved_at' uses {{pryd}}, which is not filled in there",
        f"{tmp_path / 'cy.yaml'}:5:6: 'sav' is not a word of the interface — check the spelling",
    ] == found


def test_interface_words_are_each_defined_once() -> None:
    """Every part's words merge into ENGLISH without a key used twice; {names} parse."""
    from vigkit.i18n.interface import ENGLISH, interface_problems
    from vigkit.i18n.words import PARTS, all_words

    merged = all_words()
    assert set(merged) <= set(ENGLISH)
    assert [] == interface_problems(ENGLISH)
    assert len(PARTS) == len(set(PARTS))
