"""`vigkit templates new`: a trainer's own copy of a shipped question set, under a new id."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.core.errors import TemplateNotFound, TemplateProblem
from vigkit.paths import templates_dir
from vigkit.templates import check_path, load_question_set
from vigkit.templates.commands import new_command
from vigkit.templates.copying import derive_text, new_from_shipped, user_question_sets

SHIPPED = templates_dir() / "question_sets"


def test_copy_has_the_new_id_version_one_and_passes_check(tmp_path: Path) -> None:
    """The copy is <new_id>.yaml with the new id, version 1.0, and no check problem."""
    path = new_from_shipped("reflection_gibbs", "gibbs_ours", tmp_path)
    copy = load_question_set(path)
    assert (tmp_path / "gibbs_ours.yaml", "gibbs_ours", "1.0") == (path, copy.id, copy.version)
    assert [] == check_path(path)


def test_copy_keeps_the_questions_and_the_comments(tmp_path: Path) -> None:
    """Only id and version change: the questions and the original comments are kept."""
    original = SHIPPED / "reflection_gibbs.yaml"
    path = new_from_shipped("reflection_gibbs", "gibbs_ours", tmp_path)
    assert load_question_set(original).sections == load_question_set(path).sections
    assert original.read_text().splitlines()[0] in path.read_text().splitlines()


def test_copy_says_where_it_came_from(tmp_path: Path) -> None:
    """A comment on top names the shipped id and version, the file and the day."""
    path = new_from_shipped("reflection_what", "what_ours", tmp_path, today=date(2026, 11, 25))
    top = " ".join(line.lstrip("# ") for line in path.read_text().splitlines()[:3])
    assert top.startswith(
        "Made on 2026-11-25 by `vigkit templates new` from the shipped template "
        "'reflection_what', version 1.0 (reflection_what.yaml)."
    )


def test_derive_text_changes_only_id_and_version() -> None:
    """derive_text rewrites the two values in place, quotes and all, and adds the note."""
    text = 'schema_version: 1\nid: "old_id"  # keep\nversion: 2.3\ntitle: T\n'
    assert (
        '# from old_id\n#\nschema_version: 1\nid: new_id  # keep\nversion: "1.0"\ntitle: T\n'
        == derive_text(text, "new_id", "from old_id")
    )


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    """A second copy with the same id is refused and the first is left as it was."""
    path = new_from_shipped("reflection_gibbs", "gibbs_ours", tmp_path)
    path.write_text(path.read_text() + "# my edits\n")
    with pytest.raises(TemplateProblem, match="already has the id 'gibbs_ours'"):
        new_from_shipped("reflection_5rs", "gibbs_ours", tmp_path)
    assert path.read_text().endswith("# my edits\n")


def test_refuses_an_existing_file_even_with_another_id(tmp_path: Path) -> None:
    """A file in the way (here not even a template) is not overwritten."""
    (tmp_path / "gibbs_ours.yaml").write_text("notes: mine\n")
    with pytest.raises(TemplateProblem, match="already exists"):
        new_from_shipped("reflection_gibbs", "gibbs_ours", tmp_path)
    assert "notes: mine\n" == (tmp_path / "gibbs_ours.yaml").read_text()


def test_refuses_a_shipped_id_and_an_unusable_id(tmp_path: Path) -> None:
    """The new id must be new and usable; the message suggests a usable one."""
    with pytest.raises(TemplateProblem, match="already has the id 'reflection_5rs'"):
        new_from_shipped("reflection_gibbs", "reflection_5rs", tmp_path)
    with pytest.raises(TemplateProblem, match="e.g. 'our_gibbs'"):
        new_from_shipped("reflection_gibbs", "Our Gibbs", tmp_path)
    assert [] == list(tmp_path.iterdir())


def test_unknown_shipped_id(tmp_path: Path) -> None:
    """An id no shipped set has raises TemplateNotFound; the command lists the shipped ones."""
    with pytest.raises(TemplateNotFound):
        new_from_shipped("reflection_nope", "mine", tmp_path)
    out = io.StringIO()
    assert 1 == new_command("reflection_nope", "mine", tmp_path, out)
    assert "the shipped ones are: reflection_5rs, reflection_gibbs" in out.getvalue()


def test_cli_new_defaults_to_the_data_directory(tmp_path: Path) -> None:
    """Without --to the copy goes to templates/question_sets in the --data directory."""
    assert 0 == main(
        ["templates", "new", "--from", "shared_review", "review_ours", "--data", str(tmp_path)]
    )
    expected = user_question_sets(tmp_path.resolve()) / "review_ours.yaml"
    assert "review_ours" == load_question_set(expected).id


def test_cli_check_without_paths_also_checks_the_data_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`templates check` with no PATH checks the shipped templates and the data directory's."""
    shipped_copy = tmp_path / "shipped"
    shutil.copytree(SHIPPED, shipped_copy / "question_sets")
    shutil.copy(templates_dir() / "principles.yaml", shipped_copy)
    monkeypatch.setenv("VIGKIT_TEMPLATES", str(shipped_copy))
    assert 0 == main(
        ["templates", "new", "--from", "shared_review", "review_ours", "--data", str(tmp_path)]
    )
    capsys.readouterr()
    shipped = len(list(templates_dir().rglob("*.yaml")))
    assert 0 == main(["templates", "check", "--data", str(tmp_path)])
    assert f"{shipped + 1} templates checked: all valid." == capsys.readouterr().out.strip()
    copy = user_question_sets(tmp_path.resolve()) / "review_ours.yaml"
    copy.write_text(copy.read_text().replace("kind: long_text", "kind: longtext", 1))
    assert 1 == main(["templates", "check", "--data", str(tmp_path)])
    assert f"{copy}:" in capsys.readouterr().out
