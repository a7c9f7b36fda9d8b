"""Question sets from text, files and folders of templates."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vigkit.core.errors import TemplateNotFound, TemplateProblem
from vigkit.paths import templates_dir
from vigkit.templates.crosschecks import set_problems
from vigkit.templates.languages import localize
from vigkit.templates.model import QuestionSet
from vigkit.templates.yamlsource import LineOf, Problems, parse_yaml_model, read_template

if TYPE_CHECKING:
    from vigkit.templates.principles import Principles


_QS_START = "`schema_version: 1`, then `id:`, `version:`, `title:` and `sections:`"


def parse_question_set(
    text: str,
    source: str = "<string>",
    principles: Principles | None = None,
    language: str | None = None,
) -> QuestionSet:
    """A question set from YAML text; :class:`TemplateProblem` lists every problem found.

    With ``principles``, the options of ``principle_picker`` questions are checked against it.
    Texts given in several languages come in ``language`` (default: the file's own).
    """
    return parse_question_set_checked(text, source, principles, None, language)


def parse_question_set_checked(
    text: str,
    source: str,
    principles: Principles | None,
    principles_problem: str | None,
    language: str | None = None,
) -> QuestionSet:
    def checks(data: Any, line_of: LineOf) -> Problems:
        return set_problems(data, line_of, principles, principles_problem)

    return parse_yaml_model(
        text,
        source,
        QuestionSet,
        checks,
        _QS_START,
        prepare=lambda data: localize(data, language),
    )


def default_principles() -> Principles | None:
    from vigkit.templates.principles import load_principles

    try:
        return load_principles()
    except TemplateProblem:
        return None  # reported by check_path; pickers then fall back to no option check


def load_question_set(
    path: str | Path, principles: Principles | None = None, language: str | None = None
) -> QuestionSet:
    """Read and validate one question set file (principle ids checked against the principles)."""
    path = Path(path)
    try:
        return _parsed(path, principles or default_principles(), language)
    except OSError:
        # Not there (or not readable): _read says so in plain words.
        return parse_question_set(
            read_template(path), str(path), principles or default_principles(), language
        )


def _dirs(search_dirs: Iterable[str | Path] | str | Path | None) -> list[Path]:
    if search_dirs is None:
        return [templates_dir() / "question_sets"]
    if isinstance(search_dirs, str | Path):
        return [Path(search_dirs)]
    return [Path(d) for d in search_dirs]


_PARSED: dict[tuple[str, int, int, int, str | None], QuestionSet] = {}


def _parsed(path: Path, principles: Principles | None, language: str | None) -> QuestionSet:
    """The question set in ``path``, parsed again only when the file (or the principles it
    is checked against) changed: the home page lists every model on each opening."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, id(principles), language)
    found = _PARSED.get(key)
    if found is None:
        found = parse_question_set(read_template(path), str(path), principles, language)
        if len(_PARSED) > 1000:  # files edited many times in one kernel's life
            _PARSED.clear()
        _PARSED[key] = found
    return found


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def find_question_set(
    template_id: str,
    search_dirs: Iterable[str | Path] | str | Path | None = None,
    language: str | None = None,
) -> QuestionSet:
    """The question set with this id, from the first folder that has it.

    ``search_dirs`` (default: the shipped ``templates/question_sets``) are searched in order,
    so a folder of a service's own templates put first overrides the shipped ones. A file
    named ``<template_id>.yaml`` that is broken raises :class:`TemplateProblem` rather than
    being passed over; other broken files are skipped.
    """
    principles = default_principles()
    for folder in _dirs(search_dirs):
        for path in yaml_files(folder):
            try:
                qs = _parsed(path, principles, language)
            except TemplateProblem:
                if path.stem == template_id:
                    raise
                continue
            if qs.id == template_id:
                return qs
    raise TemplateNotFound(template_id)


def list_question_sets(
    search_dirs: Iterable[str | Path] | str | Path | None = None,
    language: str | None = None,
) -> list[QuestionSet]:
    """Every valid question set, the first of each id; :func:`check_path` reports broken ones."""
    principles = default_principles()
    found: dict[str, QuestionSet] = {}
    for folder in _dirs(search_dirs):
        for path in yaml_files(folder):
            try:
                qs = _parsed(path, principles, language)
            except TemplateProblem:
                continue
            found.setdefault(qs.id, qs)
    return list(found.values())
