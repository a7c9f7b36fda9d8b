"""`vigkit templates diff`: what changed between two versions of a question set, in words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.paths import templates_dir
from vigkit.templates import QuestionSet, load_question_set, parse_question_set
from vigkit.templates.commands import diff_command
from vigkit.templates.diff import diff_question_sets, format_diff, version_key

VERSIONS = Path(__file__).parent / "data" / "template_versions"
BROKEN = Path(__file__).parent / "data" / "broken_templates"

MINIMAL = """\
schema_version: 1
id: minimal
version: "1.0"
title: Minimal
sections:
  - id: only
    title: Only
    questions:
      - id: noticed
        prompt: What did I notice?
        kind: long_text
      - id: kind_of_session
        prompt: What kind of session?
        kind: single_choice
        options: [Filming, Shared review]
"""


def qs(text: str = MINIMAL, **replace: str) -> QuestionSet:
    for old, new in replace.items():
        text = text.replace(old.replace("_SP_", " "), new)
    return parse_question_set(text)


def changes(old: QuestionSet, new: QuestionSet) -> list[tuple[str, str, bool]]:
    return [(c.where, c.what, c.matters) for c in diff_question_sets(old, new).changes]


def before_after() -> list[tuple[str, str, bool]]:
    return changes(
        load_question_set(VERSIONS / "before.yaml"), load_question_set(VERSIONS / "after.yaml")
    )


def test_same_file_has_no_differences() -> None:
    """A question set compared with itself has no changes and nothing to say about its version."""
    diff = diff_question_sets(qs(), qs())
    assert ((), "") == (diff.changes, diff.version_note)
    assert "No differences in the questions." == format_diff(diff)[1]


def test_reworded_prompt_and_help_show_old_and_new() -> None:
    """A reworded prompt and a new help text are keyed by the question id, old → new."""
    new = qs(
        MINIMAL.replace("What did I notice?", "What did I notice first?"),
        **{"kind: long_text": "kind: long_text\n        help: Small things count."},
    )
    assert [
        (
            "question 'noticed'",
            'prompt reworded: "What did I notice?" → "What did I notice first?"',
            False,
        ),
        ("question 'noticed'", 'help added: "Small things count."', False),
    ] == changes(qs(), new)


def test_folded_lines_are_not_a_rewording() -> None:
    """The same words broken over other lines are not reported."""
    new = qs(
        MINIMAL.replace(
            "prompt: What did I notice?", "prompt: >-\n          What did I\n          notice?"
        )
    )
    assert [] == changes(qs(), new)


def test_removed_question_says_what_happens_to_saved_answers() -> None:
    """Removing a question matters for records: its saved answers are no longer shown."""
    [removed] = [c for c in before_after() if c[0] == "question 'noticed'"]
    assert (
        "question 'noticed'",
        "removed from section 'looking_back' (was \"What did I notice?\")",
        True,
    ) == removed
    diff = diff_question_sets(
        load_question_set(VERSIONS / "before.yaml"), load_question_set(VERSIONS / "after.yaml")
    )
    [note] = [c.records for c in diff.changes if c.where == "question 'noticed'"]
    assert note.startswith("answers already saved to 'noticed' stay in those records")


def test_added_moved_and_reordered_questions_and_sections() -> None:
    """Added questions, reordered sections and a retitled section are reported by id."""
    found = before_after()
    assert (
        "the question set",
        "sections reordered: about, looking_back → looking_back, about",
        False,
    ) in found
    assert (
        "section 'looking_back'",
        'title reworded: "Looking back" → "Looking back together"',
        False,
    ) in found
    assert (
        "question 'feelings'",
        "added to section 'about': \"What did I feel?\" (long_text)",
        False,
    ) in found


def test_question_moved_to_another_section() -> None:
    """A question that changes section is reported as moved, with both section ids."""
    text = MINIMAL + "  - id: later\n    title: Later\n    questions:\n"
    old = qs(text + "      - {id: extra, prompt: Extra, kind: short_text}\n")
    new = qs(
        text.replace(
            "      - id: noticed\n",
            "      - id: extra\n        prompt: Extra\n        kind: short_text\n      - id: noticed\n",
        )
        + "      - {id: other, prompt: Other, kind: short_text}\n"
    )
    assert ("question 'extra'", "moved from section 'later' to section 'only'", False) in changes(
        old, new
    )


def test_questions_reordered_within_a_section() -> None:
    """Two questions swapped in a section are reported as the section's new order."""
    swapped = MINIMAL.split("      - id: noticed\n")
    first, second = swapped[1].split("      - id: kind_of_session\n")
    new = qs(
        swapped[0] + "      - id: kind_of_session\n" + second + "      - id: noticed\n" + first
    )
    assert [
        (
            "section 'only'",
            "questions reordered: noticed, kind_of_session → kind_of_session, noticed",
            False,
        )
    ] == changes(qs(), new)


def test_options_added_removed_relabelled_and_renamed() -> None:
    """Options are compared by id: relabelled is harmless, removed or renamed matter."""
    found = [c for c in before_after() if c[0] == "question 'session_kind'"]
    assert [
        ("question 'session_kind'", "option 'shared_review' added (\"Shared review\")", False),
        (
            "question 'session_kind'",
            'option \'initial_meeting\' relabelled: "Initial meeting" → "First meeting" '
            "(saved answers keep the id, so they show the new label)",
            False,
        ),
        (
            "question 'session_kind'",
            "option id changed from 'filming' to 'film' (label \"Filming\")",
            True,
        ),
        ("question 'session_kind'", "option 'supervision' removed (was \"Supervision\")", True),
    ] == found


def test_kind_change_matters_unless_text_stays_text() -> None:
    """long_text to date matters for saved answers; short_text to long_text does not."""
    to_date = changes(qs(), qs(**{"kind: long_text": "kind: date"}))
    assert [("question 'noticed'", "kind changed from long_text to date", True)] == to_date
    to_short = changes(qs(), qs(**{"kind: long_text": "kind: short_text"}))
    assert [
        ("question 'noticed'", "kind changed from long_text to short_text (text either way)", False)
    ] == to_short


def test_required_show_if_and_scale_changes() -> None:
    """Required, show_if and the range of a scale are each reported; a new scale range matters."""
    found = before_after()
    assert ("question 'session_date'", "no longer required", False) in found
    assert ("question 'went_well'", "now required", True) in found
    assert (
        "question 'how_follow_up'",
        "show_if changed: shown when 'follow_up' is true → shown when 'follow_up' is false",
        False,
    ) in found
    assert ("question 'attunement'", "scale changed from 0–10 to 1–5", True) in found


def test_version_not_raised_is_said_with_the_fix() -> None:
    """Changes under the same version ask for a raise, naming a next version."""
    diff = diff_question_sets(qs(), qs(**{"What did I notice?": "What did I see?"}))
    assert (
        "the questions changed but the version is still 1.0 — raise it "
        '(e.g. version: "1.1") so records keep which questions they answered'
    ) == diff.version_note


def test_version_raised_or_lowered() -> None:
    """A raised version is noted as raised; a lowered one is a problem to fix."""
    raised = qs(**{"What did I notice?": "What did I see?", '"1.0"': '"1.1"'})
    assert "Version: raised from 1.0 to 1.1." in format_diff(diff_question_sets(qs(), raised))
    lowered = diff_question_sets(raised, qs())
    assert lowered.version_note.startswith("the version went down, from 1.1 to 1.0")


def test_version_numbers_compare_as_numbers() -> None:
    """1.10 is above 1.9, and 1.0 equals 1."""
    assert (True, True) == (
        version_key("1.10") > version_key("1.9"),
        version_key("1.0") == version_key("1"),
    )


def test_different_ids_are_two_templates() -> None:
    """A changed id matters (records keep it), and versions of two templates are not compared."""
    other = qs(**{"id: minimal": "id: minimal_ours"})
    diff = diff_question_sets(qs(), other)
    assert [("the question set", "id changed from 'minimal' to 'minimal_ours'", True)] == changes(
        qs(), other
    )
    assert "" == diff.version_note


def test_format_marks_what_matters_and_counts() -> None:
    """Record-affecting changes carry a '! saved records:' line and the summary counts them."""
    lines = format_diff(
        diff_question_sets(
            load_question_set(VERSIONS / "before.yaml"), load_question_set(VERSIONS / "after.yaml")
        ),
        "before.yaml",
        "after.yaml",
    )
    assert (
        "before.yaml (reflection_ours, version 1.0) → after.yaml (reflection_ours, version 1.0)"
        == lines[0]
    )
    assert 5 == sum(1 for line in lines if line.startswith("    ! saved records: "))
    assert "18 changes; 5 matter for records already saved (marked !)." == lines[-1]


def test_diff_command_prints_and_returns_0() -> None:
    """The command prints the changes and the version advice, and returns 0."""
    out = io.StringIO()
    assert 0 == diff_command(str(VERSIONS / "before.yaml"), str(VERSIONS / "after.yaml"), out)
    assert "Version: the questions changed but the version is still 1.0" in out.getvalue()


def test_diff_of_a_broken_file_prints_located_problems_and_returns_1() -> None:
    """A broken file is not compared: its located check problems are printed, status 1."""
    out = io.StringIO()
    assert 1 == diff_command(str(VERSIONS / "before.yaml"), str(BROKEN / "unknown_kind.yaml"), out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith(
        f"{BROKEN / 'unknown_kind.yaml'}:12:15: kind 'longtext' is not known"
    )


def test_diff_of_principles_is_refused_in_words() -> None:
    """The principles file is not a question set: a sentence, status 1, no traceback."""
    out = io.StringIO()
    assert 1 == diff_command(
        str(templates_dir() / "principles.yaml"), str(VERSIONS / "after.yaml"), out
    )
    assert "principles.yaml" in out.getvalue()


def test_cli_diff(capsys: pytest.CaptureFixture[str]) -> None:
    """`vigkit templates diff OLD NEW` prints the comparison and exits 0."""
    same = str(VERSIONS / "before.yaml")
    assert 0 == main(["templates", "diff", same, same])
    assert "No differences in the questions." == capsys.readouterr().out.splitlines()[1]
