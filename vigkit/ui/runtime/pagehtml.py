"""The HTML every page shares: words with markup put in, links, the navigation and the
header that says whose workbook it is.

Words are escaped here; only markup a caller has already made safe goes in as it is.
"""

from __future__ import annotations

import html

import ipywidgets as w

from vigkit.core.records import Practitioner
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["message_html", "say_html", "say_text", "link", "nav_html", "page_header"]


def say_html(ui: Interface, key: str, **markup: str) -> str:
    """The words for ``key`` as HTML: escaped, with each {name} filled by ``markup``, HTML
    the caller has already made safe (data through :func:`html.escape`, a link, a <strong>)."""
    marks = {name: f"\ue000{name}\ue001" for name in markup}
    text = html.escape(ui.say(key, **marks), quote=False)
    for name, value in markup.items():
        text = text.replace(marks[name], value)
    return text


def say_text(ui: Interface, key: str, **values: object) -> str:
    """The words for ``key``, escaped as the text of an element."""
    return html.escape(ui.say(key, **values), quote=False)


def link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def nav_html(ui: Interface, *extra: tuple[str, str]) -> str:
    """The links every page starts with (Home · Reflection), then ``extra`` (href, key)."""
    links = [("home.ipynb", "home.nav.home"), ("reflection.ipynb", "home.nav.reflection"), *extra]
    return (
        f'<nav class="vk-nav" aria-label="{html.escape(ui.say("home.nav.label"))}">'
        + " · ".join(link(href, ui.say(key)) for href, key in links)
        + "</nav>"
    )


def page_header(title: str, who: Practitioner | None, ui: Interface | None = None) -> w.HTML:
    """The navigation, the page's title (already in the page's language) and who is using it."""
    ui = ui or Interface()
    if who:
        roles = ", ".join(
            ui.say(f"home.role.{r.value}") if f"home.role.{r.value}" in ENGLISH else r.value
            for r in who.roles
        )
        person = say_html(
            ui,
            "home.who.roles",
            name=html.escape(who.display_name),
            roles=html.escape(roles, quote=False),
        )
    else:
        person = say_text(ui, "home.who.nobody")
    return StaticHTML(
        nav_html(ui)
        + f"<h1>{html.escape(title)}</h1>"
        + f'<p class="vk-who">{say_html(ui, "home.who", person=f"<strong>{person}</strong>")}</p>'
    )


def message_html(text: str, kind: str = "info") -> str:
    """A message box; ``text`` is escaped, so anything typed shows as text."""
    role = "alert" if kind == "error" else "status"
    return f'<div class="vk-msg vk-msg-{kind}" role="{role}">{html.escape(text)}</div>'
