"""How a template's YAML is read: each problem with its file, line, column and what to do.

The words are the ones trainers have seen since templates were first checked; reading the
YAML with ruamel.yaml (which keeps the line and column of every key and item) kept them.
"""

from __future__ import annotations

import pytest

from tests.test_templates import MINIMAL, problems_of
from vigkit.templates import parse_question_set
from vigkit.templates.check import is_principles
from vigkit.templates.yamlsource import located, read_data

KIND = "        kind: long_text\n"
QS_START = (
    "a question set starts with `schema_version: 1`, then `id:`, `version:`, `title:` "
    "and `sections:`"
)
NOT_YAML = "the file is not valid YAML:"
CHECK_INDENT = (
    "check the indentation (spaces only, lined up with the lines around it) "
    "and that quotes open and close, on this line and the one before"
)


def test_a_tab_in_the_indentation_is_named() -> None:
    """A tab where the indentation is: its line and column, and to use spaces."""
    assert [
        f"t.yaml:11:1: {NOT_YAML} while scanning for the next token found character '\\t' "
        "that cannot start any token — indent with spaces, not tabs"
    ] == problems_of(MINIMAL.replace(KIND, "\tkind: long_text\n"))


def test_syntax_errors_keep_their_words() -> None:
    """Unquoted ': ', an unclosed quote or bracket, a second document, an invisible character."""
    cases = {
        MINIMAL.replace("What did I notice?", "Now: what?"): (
            f"t.yaml:10:20: {NOT_YAML} mapping values are not allowed here — text that "
            "contains ': ' must be in quotes, e.g. prompt: \"Now: what next?\""
        ),
        MINIMAL.replace("What did I notice?", '"What did I notice?'): (
            f"t.yaml:10:17: {NOT_YAML} close the quote that opens here (the reader gave up "
            "at line 12, column 1: found unexpected end of stream)"
        ),
        MINIMAL.replace("kind: long_text", "kind: [long_text"): (
            f"t.yaml:11:15: {NOT_YAML} close the square bracket that opens here (the reader "
            "gave up at line 12, column 1: expected ',' or ']', but got '<stream end>')"
        ),
        MINIMAL + "---\nid: other\n": (
            f"t.yaml:12:1: {NOT_YAML} expected a single document in the stream but found "
            "another document — remove the `---` line: one template per file"
        ),
        MINIMAL.replace("Minimal", "Mini\x07mal"): (
            f"t.yaml:4:12: {NOT_YAML} unacceptable character #x0007: special characters are "
            "not allowed — remove the invisible character (often pasted from another program)"
        ),
        MINIMAL.replace("title: Minimal", "title: !words Minimal"): (
            f"t.yaml:4:8: {NOT_YAML} could not determine a constructor for the tag '!words' "
            f"— {CHECK_INDENT}"
        ),
        MINIMAL.replace("title: Minimal", "title: *nope"): (
            f"t.yaml:4:8: {NOT_YAML} found undefined alias 'nope' — {CHECK_INDENT}"
        ),
        MINIMAL + "? [a]\n: b\n": (
            f"t.yaml:12:3: {NOT_YAML} while constructing a mapping found unhashable key "
            f"— {CHECK_INDENT}"
        ),
    }
    for text, problem in cases.items():
        assert [problem] == problems_of(text)


def test_a_key_written_three_times_names_the_first_line_each_time() -> None:
    """Each repeat is reported on its own line, against the first; nested keys too."""
    text = MINIMAL.replace(KIND, KIND + "        kind: date\n        kind: short_text\n")
    text = text.replace("    title: Only\n", "    title: Only\n    title: Again\n")
    assert [
        "t.yaml:8:5: 'title' is written twice here, lines 7 and 8 — keep one "
        "(only the last would count)",
        "t.yaml:13:9: 'kind' is written twice here, lines 12 and 13 — keep one "
        "(only the last would count)",
        "t.yaml:14:9: 'kind' is written twice here, lines 12 and 14 — keep one "
        "(only the last would count)",
    ] == problems_of(text)


def test_bad_values_in_a_nested_list_are_found_on_their_lines() -> None:
    """An option that is a list, and an option's label that is a list, each at its column."""
    text = MINIMAL.replace(
        KIND,
        "        kind: single_choice\n"
        "        options:\n"
        "          - Yes\n"
        "          - [a, b]\n"
        "          - {id: c, label: [x]}\n",
    )
    assert [
        "t.yaml:14:13: option 2 of question 'noticed' must be a set of `name: value` lines "
        "— indent them under it",
        "t.yaml:15:28: 'label' of option 'c' must be text — write the words after the colon",
    ] == problems_of(text)


def test_an_empty_value_is_placed_after_its_colon() -> None:
    """``prompt:`` with nothing after it is reported on its own line, not the next key's."""
    for prompt in ("prompt:", "prompt:   # later"):
        assert [
            "t.yaml:10:16: 'prompt' of question 'noticed' must be text — "
            "write the words after the colon"
        ] == problems_of(MINIMAL.replace("prompt: What did I notice?", prompt))
    assert [
        "t.yaml:4:7: 'title' of the question set must be text — write the words after the colon"
    ] == problems_of(MINIMAL.replace("title: Minimal", "title:"))


@pytest.mark.parametrize(
    ("text", "what", "line"),
    [
        ("# nothing\n", "empty", 1),
        ("# a list\n- a\n- b\n", "a list", 2),
        ("# words\njust words\n", "a line of text", 2),
        ("5\n", "a single value", 1),
    ],
)
def test_a_file_that_is_not_a_mapping_says_how_to_begin(text: str, what: str, line: int) -> None:
    """The file's first value is named, where it starts."""
    assert [
        f"t.yaml:{line}:1: the file is {what}, not a set of `name: value` lines — {QS_START}"
    ] == problems_of(text)


def test_words_and_times_stay_as_written() -> None:
    """Yes/No/On/Off and a time such as 1:20 stay text (YAML 1.1 made them true, false and 80)."""
    text = MINIMAL.replace(
        KIND, "        kind: single_choice\n        options: [Yes, No, On, Off, '0:40', 1:20]\n"
    )
    [question] = parse_question_set(text).sections[0].questions
    assert ["Yes", "No", "On", "Off", "0:40", "1:20"] == [o.label for o in question.options]


def test_the_helpers_read_as_the_parser_does() -> None:
    """read_data gives plain data (and None for broken YAML); located places messages."""
    data = read_data("id: principles\nversion: 1.10\nlist: |\n  text\nid: principles\n")
    assert {"id": "principles", "version": "1.10", "list": "text\n"} == data
    assert type(data["list"]) is str
    assert is_principles("id: principles\nid: principles\n")  # a key written twice still reads
    assert read_data("a: [b\n") is None
    assert ["t.yaml:3:5: here", "t.yaml:1:1: top"] == located(
        "a: 1\nb:\n  - c\n", "t.yaml", [(("b", 0), "here"), (("nothing",), "top")]
    )
    assert ["t.yaml: here"] == located("a: [\n", "t.yaml", [(("a",), "here")])


def test_a_number_as_a_name_is_not_a_field() -> None:
    """``1:`` at the top is reported like any unknown name, at its key (it used to crash)."""
    problems = problems_of(MINIMAL + "1: one\n'2': two\n")
    assert [
        "t.yaml:12:1: 1 is not a field of the question set — remove it, or check the spelling "
        "(fields: schema_version, id, version, title, description, language, sections)",
        "t.yaml:13:1: '2' is not a field of the question set — remove it, or check the spelling "
        "(fields: schema_version, id, version, title, description, language, sections)",
    ] == problems
