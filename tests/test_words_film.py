"""The micro-analysis page, the film register and the clip marker speak through Interface.say."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w

from vigkit import paths
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words.film import WORDS
from vigkit.templates.languages import PSEUDO
from vigkit.ui.pages.microanalysis import microanalysis_page
from vigkit.ui.runtime import pagedata
from vigkit.ui.widgets import HELP_LINE, ClipMarker
from vigkit.ui.widgets.clip_marker import _ESM, MARKER_ENGLISH, marker_words
from vigkit.ui.widgets.film_upload import _ESM as UPLOAD_ESM
from vigkit.ui.widgets.film_upload import UPLOAD_ENGLISH, FilmUpload, upload_words

# Words on the page that are data, not interface: the demo's helping questions, clips and
# film, the principle headings (from principles.yaml) and the names of things.
ALLOWED = {"vigkit", "mp4", "mov", "ipynb", "HEVC", "H.264", "F017", "F023", "MB"}


def _visible(widget: w.Widget) -> list[str]:
    """Every text a person can read or hear in ``widget``: HTML without its tags,
    descriptions, button labels and tooltips, options, and the clip marker's words."""
    found: list[str] = []
    if isinstance(widget, w.HTML):
        found += [html.unescape(x) for x in re.split(r"<[^>]+>", str(widget.value))]
    for name in ("description", "tooltip"):
        found.append(str(getattr(widget, name, None) or ""))
    if isinstance(widget, w.Dropdown):
        found += list(widget._options_labels)
    if isinstance(widget, ClipMarker):
        found += [widget.help_line, widget.status, *widget.words.values()]
    if isinstance(widget, FilmUpload):
        found += [widget.result, *widget.words.values()]
    for child in getattr(widget, "children", ()):
        found += _visible(child)
    return [x.strip() for x in found if x and x.strip()]


def _without_data(text: str, data: list[str]) -> str:
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    text = re.sub(r"\d+(?:[.:]\d+)*", " ", text)  # numbers, times and dates
    return re.sub(r"\{\w+\}", " ", text)  # {names} the marker fills in


def test_film_words_are_a_part_with_film_keys() -> None:
    assert "film" in PARTS
    assert WORDS and all(key.startswith("film.") for key in WORDS)
    assert all(ENGLISH[key] == text for key, text in WORDS.items())


def test_marker_words_cover_every_word_its_javascript_uses() -> None:
    """Each t("…") in the ES module has an English word, and the page's words fill them."""
    used = set(re.findall(r'\bt\("([\w.]+)"', _ESM)) | set(re.findall(r"\bt\(`([\w.]+)`", _ESM))
    used |= {f"{name}.tip" for name in re.findall(r'\["(\w+)", (?:"\w+"|null), ', _ESM)}
    assert used and used <= set(MARKER_ENGLISH), used - set(MARKER_ENGLISH)
    assert marker_words() == MARKER_ENGLISH
    assert '"play": "Play"' in _ESM  # English defaults, so the marker works without words
    assert ClipMarker().words == {} and ClipMarker().help_line == HELP_LINE
    qps = marker_words(Interface(PSEUDO))
    assert qps.keys() == MARKER_ENGLISH.keys()
    assert "{label}" in qps["principle_added"] and "{time}" in qps["start_set"]


def test_the_film_senders_words_cover_its_javascript_in_every_language() -> None:
    used = set(re.findall(r'\bt\("([\w.]+)"', UPLOAD_ESM))
    assert used and used <= set(UPLOAD_ENGLISH), used - set(UPLOAD_ENGLISH)
    assert upload_words() == UPLOAD_ENGLISH
    qps = upload_words(Interface(PSEUDO))
    assert qps.keys() == UPLOAD_ENGLISH.keys()
    assert "{sent}" in qps["sent"] and "{percent}" in qps["sent"]


def test_the_test_language_reaches_every_word_of_the_micro_analysis_page(
    demo_home: Path,
) -> None:
    """In the pseudo-language no English interface word is left on the page of F017's film 1."""
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.set_setting(f"language:{who.id}", PSEUDO)
    try:
        page = microanalysis_page("F017", "1")
        micro = page.micro  # type: ignore[attr-defined]
        assert micro.film is not None and micro.marker is not None
        # Show the warnings about clip counts and lengths, and a message.
        micro.ed_start.value, micro.ed_end.value = 20.0, 5.0
        assert micro.save_clip() is None
        micro.ed_start.value = 0.0
        micro.ed_end.value = 25.0
        assert len(micro._update_warnings()) == 2
        assert micro.take_still(2.0) is not None  # the stills area and the marker's status
        assert micro.marker.status.startswith("[")
        # The header (nav, who is using vigkit) belongs to the shared pages; its title is ours.
        header, *rest = page.children
        texts = [re.search(r"<h1>(.*)</h1>", header.value).group(1)]
        for child in rest:
            texts += _visible(child)
        texts += _visible(micro.registrar.widget)

        principles = pagedata.principles_template()
        data = [
            *(p.heading for p in principles.headings),
            *(hq.words for hq in store.list_helping_questions("F017")),
            *(c.what_i_see for c in store.list_clips(film_id=micro.film.id)),
            micro.film.context,
            str(paths.media_dir(demo_home) / "uploads"),
            str(paths.media_dir(demo_home)),
            *(label for label, _ in micro.reg_file.options),
            Path(micro.film.path).name,
            ".mp4, .mov",
        ]
        english = {text for text in WORDS.values() if len(text) > 2}
        left = []
        for text in texts:
            assert text not in english, text
            rest_of_it = _without_data(text, data)
            # A pseudo-translated word has an accented letter; a plain English one has none.
            for word in re.findall(r"[^\W\d_]+", rest_of_it):
                if word.isascii() and len(word) > 1 and word not in ALLOWED:
                    left.append((word, text))
        assert not left, left
        # Every marker word is in the test language, {names} kept for the browser.
        assert all(x.startswith("[") and x.endswith("]") for x in micro.marker.words.values())
        assert micro.marker.help_line.startswith("[")
    finally:
        store.set_setting(f"language:{who.id}", "en")


def test_english_page_is_unchanged(demo_home: Path) -> None:
    """Without a chosen language the page shows its English words."""
    page = microanalysis_page("F017", "1")
    micro = page.micro  # type: ignore[attr-defined]
    text = " ".join(_visible(page))
    for words in ("Films", "Register a film", "Clips of this film", "Save clip", "What I see"):
        assert words in text
    assert micro.marker.words == MARKER_ENGLISH
    assert micro.marker.help_line == HELP_LINE
    assert "Micro-analysis: cycle 1, play on the mat of " in text
