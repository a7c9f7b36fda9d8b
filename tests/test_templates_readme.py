"""templates/README.md: its example question sets pass check, and the commands it names exist."""

from __future__ import annotations

import re
import textwrap

import pytest

from vigkit.cli import build_parser
from vigkit.paths import project_root
from vigkit.templates import KINDS, parse_question_set

README = project_root() / "templates" / "README.md"
BLOCK = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


def yaml_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [textwrap.dedent(m.group(2)) for m in BLOCK.finditer(text)]


def whole_sets() -> list[str]:
    return [b for b in yaml_blocks() if re.search(r"^schema_version: 1$", b, re.MULTILINE)]


def test_readme_has_the_worked_example_and_the_format_example() -> None:
    """Two whole question sets are embedded: the format example and the worked example."""
    assert ["reflection_what", "what_ourservice"] == [
        parse_question_set(b).id for b in whole_sets()
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_embedded_question_sets_pass_check(index: int) -> None:
    """Each whole question set in the README parses with no problem."""
    block = whole_sets()[index]
    assert block.split("id: ", 1)[1].split()[0] == parse_question_set(block, "README.md").id


def test_every_kind_is_documented_and_no_other() -> None:
    """The kinds section names, in bold, each kind the model knows and nothing else."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Kinds of question", 1)[1].split("### Required answers", 1)[0]
    assert set(KINDS) == set(re.findall(r"\*\*([a-z_]+)\*\*", section))


def test_the_commands_it_names_exist() -> None:
    """check, diff, new, pack and install are all `vigkit templates` actions."""
    parser = build_parser()
    for argv in (
        ["templates", "check"],
        ["templates", "diff", "a.yaml", "b.yaml"],
        ["templates", "new", "--from", "reflection_what", "what_ourservice"],
        ["templates", "pack", "x.yaml", "--to", "p.zip"],
        ["templates", "install", "p.zip"],
    ):
        assert argv[1] == parser.parse_args(argv).templates_command
