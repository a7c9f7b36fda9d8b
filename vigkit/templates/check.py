"""``vigkit templates check``: every problem in every template file, and a summary.

Workbook notebooks (``*.ipynb``, given by name or found in a folder) are checked too, by
:mod:`vigkit.templates.notebookcheck`: their vigkit metadata and their thin cells. Checking the
shipped templates folder also checks the shipped workbooks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vigkit.core.errors import TemplateProblem
from vigkit.paths import templates_dir, workbooks_dir
from vigkit.templates.languages import missing_translations
from vigkit.templates.loading import default_principles, parse_question_set_checked
from vigkit.templates.notebookcheck import check_notebook
from vigkit.templates.yamlsource import located, read_data, read_template

if TYPE_CHECKING:
    from vigkit.templates.principles import Principles


def is_principles(text: str) -> bool:
    data = read_data(text)
    return isinstance(data, dict) and (data.get("id") == "principles" or "headings" in data)


def _other_kind(text: str) -> Callable[[str, str], object] | None:
    """The parser of a template that is not a question set, chosen by its ``kind:`` line."""
    data = read_data(text)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "document_wording":
        from vigkit.templates.wording import parse_wording

        return parse_wording
    if kind == "interface_words":
        from vigkit.templates.wordsfile import parse_interface

        return parse_interface
    if kind == "accreditation":
        from vigkit.templates.accreditation import parse_accreditation

        return parse_accreditation
    if kind in ("goals", "items", "score_only"):
        from vigkit.templates.measures import parse_measure

        return parse_measure
    return None


def _hidden(file: Path, top: Path) -> bool:
    """A file in a hidden folder under ``top``, such as JupyterLab's ``.ipynb_checkpoints``
    (its ``x-checkpoint.yaml`` copies would otherwise repeat every id)."""
    return any(part.startswith(".") for part in file.relative_to(top).parts)


def _check_files(path: str | Path) -> dict[str, list[str]]:
    """Problems per file checked (an empty list for a valid file)."""
    path = Path(path)
    files, problem = _files_to_check(path)
    if problem:
        return {str(path): [problem]}
    results: dict[str, list[str]] = {}
    texts: dict[Path, str] = {}
    for file in files:
        if file.suffix == ".ipynb":
            results[str(file)] = check_notebook(file)
            continue
        try:
            texts[file] = read_template(file)
        except TemplateProblem as exc:
            results[str(file)] = exc.problems
    principles, principles_problem = _check_principles(texts, results)
    _check_question_sets(texts, results, principles, principles_problem)
    return {str(f): results[str(f)] for f in files if str(f) in results}


def _files_to_check(path: Path) -> tuple[list[Path], str]:
    """The templates and notebooks under the folder ``path``, or the file ``path``; with a
    problem instead when there are none."""
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml", ".ipynb") and p.is_file() and not _hidden(p, path)
        )
        if not files:
            return [], f"{path}: no templates (*.yaml) here — check the folder"
        return files, ""
    if path.exists():
        return [path], ""
    return [], f"{path}: no such file or folder — check the path"


def _check_principles(
    texts: dict[Path, str], results: dict[str, list[str]]
) -> tuple[Principles | None, str | None]:
    """Check the principles files among ``texts`` (their problems go in ``results``); return
    the principles the question sets are checked with (the first valid file's, else the
    shipped ones), or the problem a principle_picker question has without them."""
    from vigkit.templates.principles import parse_principles, principles_path

    principles: Principles | None = None
    principles_file: Path | None = None
    for file, text in texts.items():
        if is_principles(text):
            results[str(file)] = []
            try:
                parsed = parse_principles(text, str(file))
            except TemplateProblem as exc:
                results[str(file)] = exc.problems
                principles_file = principles_file or file
                continue
            if principles is None:
                principles, principles_file = parsed, file
    principles_problem = None
    if principles_file is None:
        principles_file = principles_path()
        principles = default_principles()
    if principles is None:
        principles_problem = (
            f"a principle_picker question needs a valid principles file, and {principles_file} "
            "is missing or has problems — fix that file, or use another kind"
        )
    return principles, principles_problem


def _check_question_sets(
    texts: dict[Path, str],
    results: dict[str, list[str]],
    principles: Principles | None,
    principles_problem: str | None,
) -> None:
    """Check the question sets and other templates among ``texts`` not checked yet (their
    problems go in ``results``), and that no two question sets share an id."""
    set_ids: dict[str, str] = {}
    for file, text in texts.items():
        if str(file) in results:
            continue
        other = _other_kind(text)
        if other is not None:
            try:
                other(text, str(file))
                results[str(file)] = []
            except TemplateProblem as exc:
                results[str(file)] = exc.problems
            continue
        try:
            qs = parse_question_set_checked(text, str(file), principles, principles_problem)
        except TemplateProblem as exc:
            results[str(file)] = exc.problems
            continue
        results[str(file)] = []
        if qs.id in set_ids:
            results[str(file)].append(
                f"{file}: id {qs.id!r} is also the id of {set_ids[qs.id]} — give each "
                "question set its own id (only the first would be found)"
            )
        set_ids.setdefault(qs.id, str(file))


def check_path(path: str | Path) -> list[str]:
    """Every problem in a template file, or in all ``*.yaml``/``*.yml`` under a folder."""
    return [p for problems in _check_files(path).values() for p in problems]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def translation_notes(file: str | Path) -> list[str]:
    """``file:line:col: note: …`` for each text of a question set lacking one of its languages."""
    path = Path(file)
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    data = read_data(text)
    if isinstance(data, dict) and data.get("kind") == "interface_words":
        return _interface_notes(path, text, data.get("language"))
    if not isinstance(data, dict) or "sections" not in data:
        return []
    notes = [(loc, f"note: {msg}") for loc, msg in missing_translations(data)]
    return located(text, str(path), notes)


def _interface_notes(path: Path, text: str, language: object) -> list[str]:
    """One note for an interface language file: how many words it lacks, a few by name."""
    from vigkit.core.errors import TemplateProblem
    from vigkit.i18n.interface import ENGLISH, missing_words
    from vigkit.templates.wordsfile import parse_interface

    try:
        data: dict[str, object] = dict(parse_interface(text, str(path)))
    except TemplateProblem:
        return []  # its problems are reported, not notes
    data["language"] = language
    missing = missing_words(data)
    if not missing:
        return []
    language = data.get("language") or path.stem
    shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
    return [
        f"{path}:1:1: note: {len(missing)} of {len(ENGLISH)} interface words are not translated "
        f"yet and show in English ({shown}) — `vigkit templates words {language} --missing "
        f"{path}` prints them to translate"
    ]


def check_command(paths: list[str], out: TextIO | None = None) -> int:
    """``vigkit templates check``: print each problem and a summary; 0 when all are valid."""
    out = out or sys.stdout
    results: dict[str, list[str]] = {}
    for path in paths or [str(templates_dir())]:
        results.update(_check_files(path))
    if _ships(paths or [str(templates_dir())]):
        # The workbooks ship with the templates: checking the shipped templates checks them
        # too. Valid ones add nothing to say; broken ones are counted with the rest.
        shipped = _check_files(workbooks_dir())
        if any(shipped.values()):
            results.update(shipped)
    problems = [p for found in results.values() for p in found]
    for line in problems:
        print(line, file=out)
    notes = [n for file, found in results.items() if not found for n in translation_notes(file)]
    for line in notes:
        print(line, file=out)
    bad = sum(1 for found in results.values() if found)
    if not problems:
        also = f" ({_plural(len(notes), 'note')} on missing translations)" if notes else ""
        print(f"{_counted(results)} checked: all valid{also}.", file=out)
        return 0
    print(
        f"{_plural(len(problems), 'problem')} in {bad} of {_counted(results)}.",
        file=out,
    )
    return 1


def _ships(paths: list[str]) -> bool:
    """True when the shipped templates folder is among ``paths`` and the workbooks exist."""
    shipped = templates_dir().resolve()
    return workbooks_dir().is_dir() and any(Path(p).resolve() == shipped for p in paths)


def _counted(results: dict[str, list[str]]) -> str:
    """``7 templates``, or ``7 templates and 2 notebooks`` when notebooks were checked."""
    notebooks = sum(1 for f in results if f.endswith(".ipynb"))
    templates = len(results) - notebooks
    if not notebooks:
        return _plural(templates, "template")
    if not templates:
        return _plural(notebooks, "notebook")
    return f"{_plural(templates, 'template')} and {_plural(notebooks, 'notebook')}"
