"""Static HTML and labelled inputs share their layout and style models: fewer models for the
browser to create while the visitor waits."""

from __future__ import annotations

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances

from vigkit.ui.widgets.shared import StaticHTML, is_shared, labelled_input

pytestmark = pytest.mark.sqlite_only


def test_static_html_shares_one_layout_and_style() -> None:
    a, b = StaticHTML("<p>one</p>"), StaticHTML("<p>two</p>")
    assert a.layout is b.layout and a.style is b.style
    assert (a.value, b.value) == ("<p>one</p>", "<p>two</p>")


def test_a_closed_shared_layout_is_made_again() -> None:
    a = StaticHTML("x")
    a.layout.close()
    b = StaticHTML("y")
    assert b.layout is not a.layout and b.layout.comm is not None


def test_labelled_inputs_share_the_layout_and_a_style_per_kind() -> None:
    one, two = labelled_input(w.Textarea, rows=3), labelled_input(w.Textarea)
    date = labelled_input(w.DatePicker, value=None)
    assert one.layout is two.layout is date.layout and is_shared(one)
    assert one.style is two.style and one.style.description_width == "initial"
    assert date.style is not one.style and date.style.description_width == "initial"
    assert one.layout.flex_flow == "column" and one.rows == 3
    assert not is_shared(w.Textarea())


def test_the_reflection_form_needs_far_fewer_widget_models(store) -> None:
    """Counted on the Gibbs form: over 200 models before sharing; now about half."""
    from vigkit.core.records import Practitioner
    from vigkit.templates import find_question_set
    from vigkit.templates.principles import load_principles
    from vigkit.ui.forms.questionset import ReflectionForm

    store.add_practitioner(Practitioner(id="p1", display_name="Test Guider"))
    qset, principles = find_question_set("reflection_gibbs"), load_principles()
    StaticHTML("warm")  # the shared models exist already on any page but the first widget
    labelled_input(w.Textarea)
    before = set(_instances)
    ReflectionForm(qset, store, author_id="p1", principles=principles)
    made = len(set(_instances) - before)
    assert made < 140, made


def test_changing_a_shared_layout_or_style_is_an_error() -> None:
    """A shared model changed would change every widget using it: it refuses, loudly."""
    from vigkit.ui.widgets.shared import SharedModelChanged

    html = StaticHTML("a paragraph")
    text = labelled_input(w.Textarea, description="What did you notice?")
    with pytest.raises(SharedModelChanged):
        html.layout.display = "none"
    with pytest.raises(SharedModelChanged):
        html.style.font_size = "30px"
    with pytest.raises(SharedModelChanged):
        text.layout.width = "10px"
    with pytest.raises(SharedModelChanged):
        text.style.description_width = "3em"
    assert "" == (html.layout.display or "") and "100%" == text.layout.width
    own = w.HTML("mine")
    own.layout.display = "none"  # a widget's own layout is its own to change
    assert "none" == own.layout.display
