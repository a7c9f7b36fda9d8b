"""What a page shows, as text: for tests that read every word a widget tree puts on screen."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import ipywidgets as w

from vigkit.ui.runtime.page import Page

MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = "|".join(f"{m}|{m[:3]}" for m in MONTHS.split())
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTH_NAMES})(?: \d{{4}})?(?: \d{{2}}:\d{{2}})?")


def shown(page: w.Widget | Page) -> w.Widget:
    """The widget a page shows (a page function returns a :class:`Page`)."""
    return page.widget if isinstance(page, Page) else page


def all_html(widget: w.Widget | Page) -> str:
    """All the HTML a page shows, in order (folds as they are: closed ones not built)."""
    widget = shown(widget)
    if isinstance(widget, w.HTML):
        return str(widget.value)
    return "".join(all_html(child) for child in getattr(widget, "children", ()))


def open_folds(widget: w.Widget | Page) -> w.Widget:
    """Make the contents of every fold built on first opening (vigkit.ui.runtime.folds), as if the
    practitioner had opened them all; the widget back."""
    widget = shown(widget)
    lazy = getattr(widget, "lazy", None)
    if lazy is not None:
        lazy.open_all()
    for child in getattr(widget, "children", ()) or ():
        open_folds(child)
    return widget


def visible(widget: w.Widget | Page) -> list[str]:
    """Every text a page shows or reads out: HTML without its tags (and its alt texts,
    aria-labels and titles), descriptions, tooltips, placeholders, option labels, fold titles."""
    widget = shown(widget)
    out: list[str] = []
    open_folds(widget)
    if isinstance(widget, w.HTML):
        value = str(widget.value)
        out += re.findall(r'(?:alt|aria-label|title)="([^"]*)"', value)
        out.append(re.sub(r"<[^>]+>", " ", value))
    for attr in ("description", "tooltip", "placeholder"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    if not isinstance(widget, w.Combobox):  # a combobox's options are what gets typed
        out += [str(x) for x in getattr(widget, "_options_labels", ())]
    out += [str(x) for x in getattr(widget, "titles", ()) or ()]
    for child in getattr(widget, "children", ()):
        out += visible(child)
    return [" ".join(html.unescape(x).replace("\u200b", " ").split()) for x in out]


def english_left(texts: list[str], data: set[str], words: Mapping[str, str]) -> list[str]:
    """What is still in plain English once data, dates and numbers are taken out: the English
    of any of ``words`` verbatim (pieces of two words or more), or a word of plain letters
    outside [ ] (the test language brackets every word it translated)."""
    pieces = {
        piece.strip(" .,:;()*")
        for text in words.values()
        for piece in re.split(r"\{[^{}]*\}", text)
    }
    pieces = {p for p in pieces if len(re.findall(r"[A-Za-z]+", p)) >= 2}  # two words or more
    left: list[str] = []
    for text in texts:
        for item in sorted(data, key=len, reverse=True):
            text = text.replace(item, " ")
        text = DATE.sub(" ", text)
        left += [p for p in pieces if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        while (bare := re.sub(r"\[[^\[\]]*\]", " ", text)) != text:
            text = bare
        left += re.findall(r"[A-Za-z]{2,}(?:\W+[A-Za-z]{2,})*", text)
    return left
