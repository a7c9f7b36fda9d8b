"""Question sets: the reflective templates trainers write in YAML, validated with line numbers.

A trainer is not a programmer, so every problem names the file, the line and the
column, says what is wrong and how to fix it, and all problems come at once:
``reflection.yaml:14:11: kind 'longtext' is not known — did you mean 'long_text'? …``.

Parsing is pure (:func:`parse_question_set` takes text); the loaders around it read
files. Nothing here knows about widgets.

The parts:

- :mod:`.yamlsource` — YAML text to a pydantic model, every problem located
  (:func:`parse_yaml_model`; generic, also used by :mod:`vigkit.templates.principles`);
- :mod:`.modelerrors` — pydantic's errors in plain words, for :mod:`.yamlsource` to place;
- :mod:`.fields` — the base model, id and version fields, and the question kinds;
- :mod:`.model` — :class:`Option`, :class:`ShowIf`, :class:`Question`, :class:`Section`,
  :class:`QuestionSet`;
- :mod:`.crosschecks` — checks across fields (duplicate ids, show_if, kind fit, principles);
- :mod:`.loading` — question sets from text, files and folders;
- :mod:`.check` — ``vigkit templates check``;
- :mod:`.diff` — what changed between two versions of a question set, in words;
- :mod:`.copying` — ``vigkit templates new``: a copy of a shipped set under a new id;
- :mod:`.packs` — template packs (a zip with a manifest), made and verified over bytes;
- :mod:`.install` — packs from and into folders, all or nothing;
- :mod:`.commands` — ``vigkit templates diff | new | pack | install``.
"""

from vigkit.templates.check import check_command, check_path
from vigkit.templates.diff import Change, Diff, diff_question_sets, format_diff
from vigkit.templates.fields import CHOICE_KINDS, KINDS, SCALE_DEFAULT, Kind, Slug, Version
from vigkit.templates.loading import (
    find_question_set,
    list_question_sets,
    load_question_set,
    parse_question_set,
)
from vigkit.templates.model import Option, Question, QuestionSet, Section, ShowIf
from vigkit.templates.modelerrors import Loc
from vigkit.templates.yamlsource import ExtraChecks, LineOf, Problems, parse_yaml_model

__all__ = [
    "KINDS",
    "Kind",
    "Option",
    "ShowIf",
    "Question",
    "Section",
    "QuestionSet",
    "parse_question_set",
    "load_question_set",
    "find_question_set",
    "list_question_sets",
    "check_path",
    "check_command",
    "diff_question_sets",
    "format_diff",
    "Diff",
    "Change",
    "parse_yaml_model",
    # Also public, for modules that read their own YAML (vigkit.templates.principles):
    "CHOICE_KINDS",
    "SCALE_DEFAULT",
    "Slug",
    "Version",
    "Loc",
    "Problems",
    "LineOf",
    "ExtraChecks",
]
