"""The practitioner's language: which one a page is shown in, and the picker on the home page.

A practitioner's choice is kept in the store (setting ``language:<practitioner id>``);
without one, the service's ``language`` setting (default English) is used. Question sets
give their texts in the languages they have, falling back to their own; the interface's
words come from ``templates/interface/<code>.yaml`` and fall back to English.
"""

from __future__ import annotations

import logging
from pathlib import Path

import ipywidgets as w
import yaml

from vigkit import paths
from vigkit.core.records import Practitioner
from vigkit.i18n.interface import ENGLISH, Interface, interface_problems
from vigkit.store import Store
from vigkit.templates.languages import PSEUDO, languages_in
from vigkit.ui.runtime.pagedata import question_set_dirs, service_settings
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.shared import StaticHTML

__all__ = [
    "page_language",
    "page_interface",
    "language_picker",
    "language_name",
    "available_languages",
]

log = logging.getLogger(__name__)

NAMES = {
    "en": "English",
    "cy": "Cymraeg (Welsh)",
    "pl": "Polski (Polish)",
    "ur": "اردو (Urdu)",
    "ar": "العربية (Arabic)",
    "pa": "ਪੰਜਾਬੀ (Punjabi)",
    "ro": "Română (Romanian)",
    PSEUDO: ENGLISH["home.language.test"],  # the picker shows it in the page's language
}


def page_language(store: Store, who: Practitioner | None) -> str:
    """The language this practitioner's pages are shown in."""
    chosen = store.get_setting(f"language:{who.id}") if who else None
    return chosen or service_settings().language


def interface_words(language: str) -> dict[str, str]:
    """The interface words of ``language``: the service's file (``<data>/templates/interface``)
    else the shipped one; a broken line is logged and left out (English shows instead)."""
    for folder in (paths.data_dir() / "templates", paths.templates_dir()):
        path = folder / "interface" / f"{language}.yaml"
        if path.is_file():
            break
    else:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("interface words in %s not read: %s", path, exc)
        return {}
    if not isinstance(data, dict):
        return {}
    for problem in interface_problems(data):
        log.warning("%s: %s", path, problem)
    return {
        k: v
        for k, v in data.items()
        if k not in ("kind", "language") and isinstance(v, str) and not interface_problems({k: v})
    }


def page_interface(store: Store, who: Practitioner | None) -> Interface:
    language = page_language(store, who)
    return Interface(language, interface_words(language))


_LANGUAGES_OF: dict[tuple[str, int, int], set[str]] = {}


def _languages_of(path: Path) -> set[str]:
    """The languages one template file has; read again only when it changed."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _LANGUAGES_OF:
            if len(_LANGUAGES_OF) > 1000:
                _LANGUAGES_OF.clear()
            _LANGUAGES_OF[key] = languages_in(yaml.safe_load(path.read_text(encoding="utf-8")))
        return _LANGUAGES_OF[key]
    except (OSError, yaml.YAMLError):
        return set()


def available_languages() -> list[str]:
    """English, every language a question set or interface file has, and the test language."""
    found = {"en"}
    for folder in question_set_dirs():
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
            found |= _languages_of(path)
    for root in (paths.data_dir() / "templates", paths.templates_dir()):
        if (root / "interface").is_dir():
            found |= {p.stem for p in (root / "interface").glob("*.yaml")}
    found.discard(PSEUDO)
    return ["en", *sorted(found - {"en"}), PSEUDO]


def language_name(code: str, ui: Interface | None = None) -> str:
    """How the picker names a language: in itself (and English); the test language in ``ui``'s."""
    if code == PSEUDO:
        return (ui or Interface()).say("home.language.test")
    return NAMES.get(code, code)


def language_picker(store: Store, who: Practitioner, ui: Interface | None = None) -> w.Widget:
    """A labelled drop-down; the choice is kept for this practitioner at once."""
    ui = ui or page_interface(store, who)
    options = [(language_name(code, ui), code) for code in available_languages()]
    current = page_language(store, who)
    if current not in [code for _, code in options]:
        options.append((language_name(current, ui), current))
    picker = w.Dropdown(options=options, value=current, description=ui.say("home.language"))
    picker.style = {"description_width": "initial"}
    note = StaticHTML("")

    def chosen(change: dict[str, object]) -> None:
        store.set_setting(f"language:{who.id}", str(change["new"]))
        note.value = message_html(ui.say("home.language.kept"), "success")

    picker.observe(chosen, names="value")
    box = w.VBox([picker, note])
    box.add_class("vk-language")
    return box
