"""``vigkit templates new``: a trainer's own copy of a shipped question set.

:func:`derive_text` is pure: it rewrites the ``id:`` and ``version:`` of a template's YAML
text in place, so the trainer keeps every comment, quote and blank line of the original,
and adds a comment saying where the copy came from. :func:`new_from_shipped` reads the
shipped file and writes the copy, never over an existing file.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode

from vigkit.core import clock
from vigkit.core.errors import TemplateNotFound, TemplateProblem
from vigkit.paths import templates_dir
from vigkit.templates.fields import SET_ID_PATTERN, to_slug
from vigkit.templates.loading import default_principles, parse_question_set, yaml_files
from vigkit.templates.yamlsource import read_template

__all__ = ["derive_text", "new_from_shipped", "shipped_question_set_path", "user_question_sets"]


def user_question_sets(data: Path) -> Path:
    """Where a service's own and installed question sets live in the data directory."""
    return data / "templates" / "question_sets"


def derive_text(text: str, new_id: str, note: str, version: str = "1.0") -> str:
    """``text`` with ``id: new_id`` and ``version: "1.0"``, and ``note`` as comment lines on top.

    Only the two values change; the rest of the file is kept character for character.
    """
    root = YAML().compose(text)
    if not isinstance(root, MappingNode):
        raise ValueError("a question set is a set of `name: value` lines")
    spans: list[tuple[int, int, str]] = []
    for key, value in root.value:
        if isinstance(key, ScalarNode) and isinstance(value, ScalarNode):
            if key.value == "id":
                spans.append((value.start_mark.index, value.end_mark.index, new_id))
            elif key.value == "version":
                spans.append((value.start_mark.index, value.end_mark.index, f'"{version}"'))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    lines = [wrapped for para in note.splitlines() for wrapped in textwrap.wrap(para, 86) or [""]]
    comment = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    return comment + "#\n" + text


def shipped_question_set_path(template_id: str, shipped: Path | None = None) -> Path:
    """The shipped file whose question set has this id; :class:`TemplateNotFound` otherwise."""
    folder = shipped or templates_dir() / "question_sets"
    principles = default_principles()
    for path in yaml_files(folder):
        try:
            if parse_question_set(read_template(path), str(path), principles).id == template_id:
                return path
        except TemplateProblem:
            continue
    raise TemplateNotFound(template_id)


def _refuse(message: str) -> TemplateProblem:
    return TemplateProblem("", [message])


def new_from_shipped(
    shipped_id: str,
    new_id: str,
    to_dir: Path,
    shipped: Path | None = None,
    today: date | None = None,
) -> Path:
    """Copy the shipped question set ``shipped_id`` to ``to_dir/<new_id>.yaml`` as version 1.0.

    Refuses (:class:`TemplateProblem`) an unusable id, an id a shipped set or a file in
    ``to_dir`` already has, and an existing file; the copy is checked before it is written.
    """
    if not SET_ID_PATTERN.match(new_id):
        example = to_slug(new_id).replace(".", "_") or "my_reflection"
        raise _refuse(
            f"{new_id!r} is not a usable id — use lower-case letters, digits, _ and - only, "
            f"starting with a letter, e.g. {example!r}"
        )
    source = shipped_question_set_path(shipped_id, shipped)
    folder = shipped or templates_dir() / "question_sets"
    principles = default_principles()
    for existing_dir in (folder, to_dir):
        for path in yaml_files(existing_dir):
            try:
                other = parse_question_set(read_template(path), str(path), principles)
            except TemplateProblem:
                continue
            if other.id == new_id:
                raise _refuse(
                    f"{path} already has the id {new_id!r} — records keep the id, so each "
                    "template needs its own: choose another"
                )
    target = to_dir / f"{new_id}.yaml"
    if target.exists():
        raise _refuse(f"{target} already exists — choose another id, or move that file away")
    original = parse_question_set(read_template(source), str(source), principles)
    when = (today or clock.today()).isoformat()
    note = (
        f"Made on {when} by `vigkit templates new` from the shipped template "
        f"{shipped_id!r}, version {original.version} ({source.name}). Keep the id "
        f"{new_id!r} once people use it; raise the version whenever you change the questions."
    )
    text = derive_text(read_template(source), new_id, note)
    parse_question_set(text, str(target), principles)  # the copy must pass check
    to_dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise _refuse(
            f"{target} already exists — choose another id, or move that file away"
        ) from None
    except OSError as exc:
        raise _refuse(f"{target}: cannot be written ({exc.strerror})") from None
    return target
