"""Question sets and principles: shipped files are valid, broken ones are reported well."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from vigkit.core.errors import TemplateNotFound, TemplateProblem
from vigkit.paths import templates_dir
from vigkit.templates import (
    KINDS,
    QuestionSet,
    check_command,
    check_path,
    find_question_set,
    list_question_sets,
    load_question_set,
    parse_question_set,
)
from vigkit.templates.principles import load_principles, parse_principles

BROKEN = Path(__file__).parent / "data" / "broken_templates"
PRIMER = Path("/work/shared/domain/vig-primer.md")
SHIPPED_SETS = (
    "reflection_gibbs",
    "reflection_what",
    "reflection_5rs",
    "shared_review",
    "supervision",
)

# file name -> (fragment of the message, line it points at)
BROKEN_CASES = {
    "unknown_kind.yaml": ("kind 'longtext' is not known — did you mean 'long_text'?", 12),
    "duplicate_question_id.yaml": ("question id 'noticed' is used twice, lines 10 and 16", 16),
    "yaml_syntax_error.yaml": ("not valid YAML: mapping values are not allowed here", 11),
    "missing_prompt.yaml": ("question 'noticed' has no 'prompt'", 10),
    "show_if_unknown_question.yaml": (
        "show_if refers to 'consent_filmng', which no question has — "
        "did you mean 'consent_filming'?",
        17,
    ),
    "options_missing_for_choice.yaml": ("a single_choice question needs at least two options", 12),
    "scale_bad_range.yaml": ("the scale goes from 10 to 0, but min must be less than max", 14),
    "unknown_principle_in_options.yaml": (
        "'encuoraging' is not a principle — did you mean 'encouraging'?",
        13,
    ),
    "not_a_mapping.yaml": ("the file is a list, not a set of `name: value` lines", 2),
    "version_missing.yaml": ("the question set has no 'version'", 2),
    "blank_prompt.yaml": ("the words here are only spaces — write the words people read", 11),
    "nul_in_label.yaml": (
        "the words here hold an invisible control character (code 0x00) after 'Calm'",
        14,
    ),
}

LOCATED = re.compile(r"^(?P<source>.+?):(?P<line>\d+):(?P<col>\d+): (?P<what>.+) — (?P<how>.+)$")

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
"""


def problems_of(text: str, source: str = "t.yaml") -> list[str]:
    with pytest.raises(TemplateProblem) as caught:
        parse_question_set(text, source)
    return caught.value.problems


# --- The shipped templates -------------------------------------------------------------------
def test_every_shipped_template_is_valid() -> None:
    """check_path on the templates folder finds no problem at all."""
    assert [] == check_path(templates_dir())


def test_shipped_question_sets_are_found_by_id() -> None:
    """Each shipped question set is found by its id and listed."""
    for template_id in SHIPPED_SETS:
        assert template_id == find_question_set(template_id).id
    assert sorted(SHIPPED_SETS) == sorted(qs.id for qs in list_question_sets())


def test_shipped_question_sets_exercise_every_kind() -> None:
    """Across the shipped sets every kind of question appears at least once."""
    used = {q.kind for qs in list_question_sets() for q in qs.questions()}
    assert set(KINDS) == used


def test_shipped_question_sets_mark_one_or_two_questions_required() -> None:
    """Each shipped set asks for one or two answers and leaves the rest optional."""
    for qs in list_question_sets():
        required = [q.id for q in qs.questions() if q.required]
        assert 1 <= len(required) <= 2, (qs.id, required)


def test_principles_have_six_headings_keyed_one_to_six() -> None:
    """The principles file has the six headings, keys 1–6, 1–4 attuned interaction, 5–6 guidance."""
    principles = load_principles()
    assert [1, 2, 3, 4, 5, 6] == [p.key for p in principles.headings]
    assert [
        "Being attentive",
        "Encouraging initiatives",
        "Receiving initiatives",
        "Developing attuned interactions",
        "Guiding",
        "Deepening discussion",
    ] == [p.heading for p in principles.headings]
    assert ["attuned_interaction"] * 4 + ["guidance"] * 2 == [p.group for p in principles.headings]
    assert [5, 7, 6, 8, 7, 8] == [len(p.behaviours) for p in principles.headings]


def test_principles_cite_the_source() -> None:
    """The source names the editors, the year, the book and the publisher."""
    source = load_principles().source
    for part in (
        "Kennedy",
        "Landor",
        "Todd",
        "2011",
        "Video Interaction Guidance",
        "Jessica Kingsley",
    ):
        assert part in source


def test_principles_wording_matches_the_primer() -> None:
    """Headings and behaviours are word for word the primer's §3 table."""
    if not PRIMER.exists():
        pytest.skip("the shared primer is not on this machine")
    rows = re.findall(r"^\| (\d) \| ([^|]+) \| ([^|]+) \|$", PRIMER.read_text(), re.MULTILINE)
    expected = [
        (heading.strip(), [b.strip() for b in text.split(";")]) for _, heading, text in rows
    ]
    actual = [(p.heading, [b.label for b in p.behaviours]) for p in load_principles().headings]
    assert expected == actual


def test_principles_lookups() -> None:
    """by_id finds headings and behaviours; heading_of gives a behaviour's heading."""
    principles = load_principles()
    assert "Being attentive" == principles.by_id("attentive").heading
    assert "turning towards" == principles.by_id("attentive.turning_towards").label
    assert "guiding" == principles.heading_of("guiding.scaffolding").id
    assert "deepening" == principles.by_key(6).id
    with pytest.raises(KeyError):
        principles.by_id("attentive.nonsense")


def test_principles_are_cached_until_the_file_changes(tmp_path: Path) -> None:
    """load_principles returns the same object until the file's content changes."""
    path = tmp_path / "principles.yaml"
    shutil.copy(templates_dir() / "principles.yaml", path)
    first = load_principles(path)
    assert first is load_principles(path)
    path.write_text(path.read_text().replace("heading: Guiding", "heading: Guiding well"))
    assert "Guiding well" == load_principles(path).by_id("guiding").heading


# --- Broken templates ------------------------------------------------------------------------
def test_every_broken_file_has_a_case() -> None:
    """Each file in broken_templates is tested here (three_faults has its own test)."""
    assert sorted([*BROKEN_CASES, "three_faults.yaml"]) == sorted(
        p.name for p in BROKEN.glob("*.yaml")
    )


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_template_is_reported_with_its_line(name: str) -> None:
    """The problem names the file, the right line, what is wrong and how to fix it."""
    fragment, line = BROKEN_CASES[name]
    path = BROKEN / name
    problems = check_path(path)
    assert 1 == len(problems), problems
    found = LOCATED.match(problems[0])
    assert found is not None, problems[0]
    assert (str(path), line) == (found["source"], int(found["line"]))
    assert fragment in problems[0]


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_check_command_fails_on_a_broken_template(name: str) -> None:
    """check_command prints the problem and a summary, and returns 1."""
    out = io.StringIO()
    assert 1 == check_command([str(BROKEN / name)], out=out)
    lines = out.getvalue().splitlines()
    assert "1 problem in 1 of 1 template." == lines[-1]
    assert BROKEN_CASES[name][0] in lines[0]


def test_yaml_syntax_error_points_at_line_and_column() -> None:
    """A YAML syntax error reports the line and column of the yaml mark."""
    problems = problems_of("schema_version: 1\ntitle: Now: what?\n", "r.yaml")
    assert 1 == len(problems)
    assert problems[0].startswith("r.yaml:2:11: the file is not valid YAML")


def test_three_faults_are_all_reported_at_once() -> None:
    """An unknown kind, a repeated id and a show_if to nowhere come back together, in line order."""
    problems = check_path(BROKEN / "three_faults.yaml")
    assert [12, 13, 19] == [int(LOCATED.match(p)["line"]) for p in problems]
    assert "kind 'longtext' is not known" in problems[0]
    assert "question id 'noticed' is used twice, lines 10 and 13" in problems[1]
    assert "show_if refers to 'notcied_it', which no question has" in problems[2]


def test_kind_message_lists_the_known_kinds() -> None:
    """The unknown kind message suggests a kind and lists them all, at the value's column."""
    problems = problems_of(MINIMAL.replace("kind: long_text", "kind: longtext"), "reflection.yaml")
    assert [
        "reflection.yaml:11:15: kind 'longtext' is not known — did you mean 'long_text'? "
        "(known kinds: " + ", ".join(KINDS) + ")"
    ] == problems


def test_misspelt_field_is_suggested() -> None:
    """An unknown field is reported at its key, with the field it was probably meant to be."""
    problems = problems_of(MINIMAL.replace("prompt:", "promt:"))
    assert any(p.startswith("t.yaml:10:9: 'promt' is not a field") for p in problems), problems
    assert any("did you mean 'prompt'?" in p for p in problems), problems


def test_key_written_twice_is_reported() -> None:
    """YAML would silently keep the last of two equal keys: we say so."""
    text = MINIMAL.replace(
        "        kind: long_text\n", "        kind: long_text\n        kind: date\n"
    )
    assert [
        "t.yaml:12:9: 'kind' is written twice here, lines 11 and 12 — "
        "keep one (only the last would count)"
    ] == problems_of(text)


def test_show_if_must_match_the_kind_of_the_question_it_names() -> None:
    """A show_if on a yes/no question needs true or false; on a choice, an option id."""
    text = MINIMAL + (
        "      - {id: consent, prompt: Agreed, kind: yes_no}\n"
        "      - id: why\n"
        "        prompt: Why?\n"
        "        kind: short_text\n"
        "        show_if: {question: consent, equals: yes}\n"
    )
    [problem] = problems_of(text)
    assert "'consent' is a yes/no question, so equals must be true or false" in problem


def test_every_problem_has_a_fix() -> None:
    """Each problem line reads 'source:line:col: what — how'."""
    for path in sorted(BROKEN.glob("*.yaml")):
        for problem in check_path(path):
            assert LOCATED.match(problem), problem


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """A file that is not UTF-8 is reported with its name, and the command returns 1."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    out = io.StringIO()
    assert 1 == check_command([str(path)], out=out)
    assert out.getvalue().startswith(f"{path}: is not UTF-8 text")


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised."""
    assert [f"{tmp_path / 'nope'}: no such file or folder — check the path"] == check_path(
        tmp_path / "nope"
    )


def test_check_command_all_valid_summary() -> None:
    """On the shipped templates the command prints only the summary and returns 0."""
    out = io.StringIO()
    assert 0 == check_command([str(templates_dir())], out=out)
    count = len(list(templates_dir().rglob("*.yaml")))
    assert [f"{count} templates checked: all valid."] == out.getvalue().splitlines()


def test_check_command_counts_problems_per_template() -> None:
    """The summary counts problems and the templates that have them."""
    out = io.StringIO()
    assert 1 == check_command([str(BROKEN)], out=out)
    files = len(list(BROKEN.glob("*.yaml")))
    problems = len(BROKEN_CASES) + 3  # one each, and three in three_faults
    assert (
        f"{problems} problems in {files} of {files} templates." == out.getvalue().splitlines()[-1]
    )


def test_broken_principles_make_principle_pickers_a_problem(tmp_path: Path) -> None:
    """A principle_picker question is reported when the principles beside it are broken."""
    shutil.copytree(templates_dir(), tmp_path / "templates")
    principles = tmp_path / "templates" / "principles.yaml"
    principles.write_text(principles.read_text().replace("key: 2", "key: 1"))
    problems = check_path(tmp_path / "templates")
    assert any("key 1 is used by two headings" in p for p in problems), problems
    pickers = [
        p for p in problems if "a principle_picker question needs a valid principles file" in p
    ]
    # Every shipped set has a principle_picker (some more than one): each file is reported.
    assert len(SHIPPED_SETS) == len({p.split(":")[0] for p in pickers}), problems


def test_parse_principles_reports_every_problem() -> None:
    """Repeated keys, misplaced behaviour ids and unknown groups come back together."""
    text = (templates_dir() / "principles.yaml").read_text()
    text = text.replace("key: 2", "key: 1").replace(
        "id: encouraging.waiting", "id: encourage.waiting"
    )
    text = text.replace(
        "group: guidance\n    behaviours:\n      - id: guiding",
        "group: guidnce\n    behaviours:\n      - id: guiding",
    )
    with pytest.raises(TemplateProblem) as caught:
        parse_principles(text, "p.yaml")
    assert 3 == len(caught.value.problems)
    assert "did you mean 'guidance'?" in caught.value.problems[2]


# --- Finding and the model ---------------------------------------------------------------------
def test_user_folder_first_overrides_shipped(tmp_path: Path) -> None:
    """A user's folder searched first wins over the shipped question set with the same id."""
    text = (templates_dir() / "question_sets" / "reflection_gibbs.yaml").read_text()
    (tmp_path / "mine.yaml").write_text(text.replace('version: "1.0"', 'version: "2.0"'))
    found = find_question_set("reflection_gibbs", [tmp_path, templates_dir() / "question_sets"])
    assert "2.0" == found.version


def test_unknown_template_id_raises_not_found(tmp_path: Path) -> None:
    """Asking for an id no folder has raises TemplateNotFound."""
    with pytest.raises(TemplateNotFound):
        find_question_set("no_such_reflection", [tmp_path])


def test_broken_file_named_for_the_id_is_not_passed_over(tmp_path: Path) -> None:
    """A broken override named <id>.yaml raises its problems instead of falling back."""
    (tmp_path / "reflection_gibbs.yaml").write_text("schema_version: 1\nid: reflection_gibbs\n")
    with pytest.raises(TemplateProblem):
        find_question_set("reflection_gibbs", [tmp_path, templates_dir() / "question_sets"])


def test_list_skips_broken_files() -> None:
    """list_question_sets returns the valid sets only."""
    assert [] == list_question_sets([BROKEN])


def test_round_trip_through_model_dump_and_yaml() -> None:
    """parse → model_dump → YAML → parse gives back an equal question set."""
    for template_id in SHIPPED_SETS:
        qs = find_question_set(template_id)
        dumped = qs.model_dump()
        assert qs == QuestionSet.model_validate(dumped)
        again = parse_question_set(yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False))
        assert dumped == again.model_dump()


def test_plain_string_options_get_ids() -> None:
    """Options written as plain strings get lower-case ids; a scale defaults to 0–10."""
    qs = load_question_set(templates_dir() / "question_sets" / "reflection_what.yaml")
    assert ["initial_meeting", "filming", "shared_review", "supervision"] == qs.question(
        "session_kind"
    ).option_ids
    scale = qs.question("attunement_to_parent")
    assert (0, 10) == (scale.min, scale.max)


def test_yes_no_and_numbers_with_dots_stay_as_written() -> None:
    """`language: no` stays 'no' and `version: 1.10` stays '1.10' (YAML 1.1 would change them)."""
    text = MINIMAL.replace('version: "1.0"', "version: 1.10") + "language: no\n"
    qs = parse_question_set(text)
    assert ("1.10", "no") == (qs.version, qs.language)


def test_questions_and_question_lookup() -> None:
    """questions() walks every section in order; question(id) finds one or raises KeyError."""
    qs = find_question_set("reflection_gibbs")
    ids = [q.id for q in qs.questions()]
    assert "session_date" == ids[0]
    assert len(ids) == len(set(ids))
    assert "date" == qs.question("session_date").kind
    with pytest.raises(KeyError):
        qs.question("nope")


def test_model_built_in_code_is_checked_too() -> None:
    """Constructing a QuestionSet directly still refuses repeated question ids."""
    data = parse_question_set(MINIMAL).model_dump()
    data["sections"][0]["questions"].append(dict(data["sections"][0]["questions"][0]))
    with pytest.raises(ValueError, match="is used twice"):
        QuestionSet.model_validate(data)
