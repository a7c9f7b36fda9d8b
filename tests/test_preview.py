"""The trainer's preview: which file it shows, and a form that follows the saved file."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from vigkit.paths import templates_dir
from vigkit.templates.previewfiles import (
    Folder,
    PreviewNotFound,
    find_preview_file,
    load_for_preview,
    stamp,
    template_files,
)
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.preview import NOT_SAVED, TemplatePreview, preview_page

SHIPPED = templates_dir() / "question_sets"

T = TypeVar("T")


@pytest.fixture
def folders(tmp_path: Path) -> list[Folder]:
    """Own templates in a temporary folder (a copy of reflection_what as what_ours), then shipped."""
    own = tmp_path / "own"
    own.mkdir()
    text = (SHIPPED / "reflection_what.yaml").read_text(encoding="utf-8")
    (own / "what_ours.yaml").write_text(text.replace("id: reflection_what", "id: what_ours"))
    return [Folder("own", own), Folder("shipped", SHIPPED)]


def _save(path: Path, text: str) -> None:
    """Write as an editor saves, making sure the modification time moves on."""
    before = stamp(path)
    path.write_text(text, encoding="utf-8")
    while stamp(path) == before:  # same size and a coarse clock: touch until it differs
        time.sleep(0.01)
        path.touch()


def test_found_by_id_own_folder_first(folders: list[Folder]) -> None:
    """?model= finds the question set by its id, the service's own before the shipped."""
    assert (folders[0].path / "what_ours.yaml", "own") == find_preview_file(
        folders, None, model="what_ours"
    )
    assert (SHIPPED / "reflection_gibbs.yaml", "shipped") == find_preview_file(
        folders, None, model="reflection_gibbs"
    )


def test_found_by_file_name_in_a_chosen_folder(folders: list[Folder]) -> None:
    """?file= is a name inside a template folder; &where= keeps to one folder."""
    shutil.copy(SHIPPED / "reflection_5rs.yaml", folders[0].path)
    assert (SHIPPED / "reflection_5rs.yaml", "shipped") == find_preview_file(
        folders, None, file="reflection_5rs.yaml", where="shipped"
    )
    assert (folders[0].path / "reflection_5rs.yaml", "own") == find_preview_file(
        folders, None, file="reflection_5rs.yaml"
    )


@pytest.mark.parametrize(
    "name", ["../principles.yaml", "/etc/passwd", ".hidden.yaml", "x.txt", "..", "a/b.yaml"]
)
def test_a_path_is_never_opened(folders: list[Folder], name: str) -> None:
    """Anything but a plain template file name is refused in words."""
    with pytest.raises(PreviewNotFound) as caught:
        find_preview_file(folders, None, file=name)
    assert str(caught.value).startswith(f"{name!r} is not the name of a template file")


def test_unknown_id_says_where_it_looked(folders: list[Folder]) -> None:
    """An id nobody has is a plain message naming the folders."""
    with pytest.raises(PreviewNotFound) as caught:
        find_preview_file(folders, None, model="nope")
    assert (
        "There is no template called 'nope' in your service's own templates or the shipped "
        "templates."
    ) == str(caught.value)


def test_a_broken_file_is_found_by_its_name(folders: list[Folder]) -> None:
    """A file that does not parse is still found by ?model=<its name>, to show its problems."""
    broken = folders[0].path / "draft_set.yaml"
    broken.write_text("schema_version: 1\nid: draft_set\n", encoding="utf-8")
    assert (broken, "own") == find_preview_file(folders, None, model="draft_set")


def test_template_files_lists_both_folders(folders: list[Folder]) -> None:
    """The list has the own copy first, then every shipped set, with ids; broken ones counted."""
    (folders[0].path / "broken.yaml").write_text("id: [", encoding="utf-8")
    files = template_files(folders, load_principles())
    own = [(f.path.name, f.id, f.problems) for f in files if f.where == "own"]
    assert [("broken.yaml", None, 1), ("what_ours.yaml", "what_ours", 0)] == own
    shipped = sorted(f.path.name for f in files if f.where == "shipped")
    assert sorted(p.name for p in SHIPPED.glob("*.yaml")) == shipped
    assert "preview.ipynb?file=what_ours.yaml&where=own" == files[1].href


def test_problems_are_located_with_the_file_name(folders: list[Folder]) -> None:
    """A broken file gives templates check's problems, shortened to the file's name."""
    path = folders[0].path / "what_ours.yaml"
    text = path.read_text(encoding="utf-8").replace("kind: long_text", "kind: longtext", 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("kind: longtext")].count("\n") + 1
    loaded = load_for_preview(path, load_principles())
    assert loaded.qset is None
    assert 1 == len(loaded.problems)
    assert loaded.problems[0].startswith(
        f"what_ours.yaml:{line}:15: kind 'longtext' is not known — did you mean 'long_text'?"
    )


def test_preview_follows_saves_and_keeps_the_last_good_form(folders: list[Folder]) -> None:
    """A reworded prompt replaces the form keeping typed answers; a mistake keeps the old form."""
    path = folders[0].path / "what_ours.yaml"
    preview = TemplatePreview(path, "own", load_principles())
    assert preview.form is not None
    preview.form.fields["what_happened"].input.value = "typed by the trainer"
    assert not preview.poll()

    _save(path, path.read_text().replace("prompt: What happened?", "prompt: What went on?"))
    assert preview.poll()
    assert "What went on?" == preview.form.fields["what_happened"].question.prompt
    assert "typed by the trainer" == preview.form.fields["what_happened"].get()

    good = preview.form
    _save(path, path.read_text().replace("kind: long_text", "kind: longtext", 1))
    assert preview.poll()
    assert good is preview.form
    assert [good.widget] == list(preview.holder.children)
    assert "Below is the last preview that worked" in preview.problem_box.value
    assert "what_ours.yaml:" in preview.problem_box.value


def test_nothing_typed_in_a_preview_reaches_the_real_store(folders: list[Folder]) -> None:
    """The preview's form writes drafts and saves into its own in-memory store."""
    preview = TemplatePreview(folders[0].path / "what_ours.yaml", "own", load_principles())
    assert preview.form is not None
    assert "sqlite://" == preview.store.url
    assert preview.form.store is preview.store


def test_the_watch_runs_on_the_event_loop(folders: list[Folder]) -> None:
    """Polling as an asyncio task picks up a save without being asked."""
    path = folders[0].path / "what_ours.yaml"

    async def scenario() -> str:
        preview = TemplatePreview(path, "own", load_principles())
        assert preview.start_watching(interval=0.05)
        _save(path, path.read_text().replace("title: ", "title: Ours - ", 1))
        for _ in range(100):
            await asyncio.sleep(0.05)
            if preview.form is not None and preview.form.qset.title.startswith("Ours"):
                break
        preview.stop()
        assert preview.form is not None
        return preview.form.qset.title

    assert _in_own_thread(lambda: asyncio.run(scenario())).startswith("Ours - ")


def _in_own_thread(run: Callable[[], T]) -> T:
    """Run in a new thread, away from any event loop a browser test left in this one."""
    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(run()))
    worker.start()
    worker.join()
    assert done, "the call failed in its thread (see the warning above)"
    return done[0]


def test_without_an_event_loop_the_page_says_reload(folders: list[Folder]) -> None:
    """Outside a kernel there is nothing to poll on: the page says to reload instead."""
    page = _in_own_thread(
        lambda: preview_page(model="what_ours", folders=folders, principles_of=load_principles)
    )
    texts = " ".join(getattr(c, "value", "") for c in page.children)
    assert NOT_SAVED in texts.replace("&#x27;", "'")
    assert "Reload this page to see the file as it is now." in texts
    assert page.preview is not None


def test_an_unknown_template_is_a_message_and_the_list(folders: list[Folder]) -> None:
    """A wrong ?model= gives a sentence and still the list of templates to choose from."""
    page = preview_page(model="nope", folders=folders, principles_of=load_principles)
    texts = " ".join(getattr(c, "value", "") for c in page.children)
    assert "There is no template called &#x27;nope&#x27;" in texts
    assert "what_ours.yaml" in texts
    assert page.preview is None
