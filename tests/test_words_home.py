"""The words of the home, reflection, group and preview pages: keys, where they are used, and
English output that stays as it was before the words had keys."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.records import Case, Consent, Practitioner, Role
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.i18n.words import PARTS
from vigkit.i18n.words import group as group_words
from vigkit.i18n.words import home as home_words
from vigkit.store import Store
from vigkit.templates.languages import PSEUDO
from vigkit.ui import pages
from vigkit.ui.pages import home as homepage
from vigkit.ui.parts import lists as listparts
from vigkit.ui.runtime import pagehtml

pytestmark = pytest.mark.sqlite_only

SOURCES = (
    "runtime/workbook.py",
    "runtime/pagehtml.py",
    "pages/home.py",
    "pages/reflection.py",
    "pages/group.py",
    "parts/lists.py",
    "pages/preview.py",
    "runtime/pagelanguage.py",
)
# Keys built from a name the page knows (a workbook, a role, a column ...), not written out.
BUILT = (
    "home.workbook.",
    "home.role.",
    "home.status.",
    "home.col.",
    "group.col.",
    "home.preview.where.",
    "home.preview.heading.",
    "home.preview.file_problems.",
    "home.preview.problems.",
    "group.reason.",
    "group.note.",
    "group.viewing.",
    "group.families.",
    "group.clips.",
    "group.attendance.saved.",
)


def test_the_parts_are_merged_with_their_prefixes() -> None:
    """home.* and group.* are parts of the interface, each key under its part's prefix."""
    assert {"home", "group"} <= set(PARTS)
    assert all(k.startswith("home.") for k in home_words.WORDS)
    assert all(k.startswith("group.") for k in group_words.WORDS)
    assert all(ENGLISH[k] == v for k, v in {**home_words.WORDS, **group_words.WORDS}.items())


def test_every_word_is_used_by_a_page() -> None:
    """No key is left behind: each is written in a page's source or built from a known name."""
    root = Path(pages.__file__).parent.parent
    source = "".join((root / name).read_text(encoding="utf-8") for name in SOURCES)
    unused = [
        key
        for key in {**home_words.WORDS, **group_words.WORDS}
        if f'"{key}"' not in source and f"'{key}'" not in source and not key.startswith(BUILT)
    ]
    assert [] == unused
    assert all(f"home.workbook.{Path(name).stem}" in ENGLISH for name in homepage.WORKBOOKS)
    assert all(f"home.role.{role.value}" in ENGLISH for role in Role)


def test_say_html_escapes_the_words_and_keeps_the_markup() -> None:
    """Words become HTML text (a translator's "<b>" shows as text); values given as markup
    are put in as they are."""
    shown = pagehtml.say_html(Interface(PSEUDO), "home.who", person="<strong>Jo &amp; Al</strong>")
    assert shown.startswith("[") and "<strong>Jo &amp; Al</strong>" in shown
    odd = Interface("xx", {"home.who": "<b>{person}</b> & co"})
    assert "&lt;b&gt;<i>x</i>&lt;/b&gt; &amp; co" == pagehtml.say_html(
        odd, "home.who", person="<i>x</i>"
    )


def test_the_english_header_is_as_it_was() -> None:
    """The header's HTML in English is exactly what pages showed before the words had keys."""
    who = Practitioner(id="jo", display_name="Jo <b>", roles=[Role.practitioner, Role.trainee])
    assert (
        '<nav class="vk-nav" aria-label="Workbooks"><a href="home.ipynb">Home</a> · '
        '<a href="reflection.ipynb">Reflection</a></nav><h1>Case F017</h1>'
        '<p class="vk-who">Using vigkit as <strong>Jo &lt;b&gt; (practitioner, trainee)'
        "</strong>.</p>"
    ) == pagehtml.page_header("Case F017", who).value
    assert "<strong>nobody yet</strong>" in pagehtml.page_header("Home", None).value


@pytest.fixture
def one_case(memory_store: Store) -> Store:
    memory_store.add_practitioner(Practitioner(id="jo", display_name="Jo"))
    memory_store.add_case(
        Case(code="F001", practitioner_id="jo", setting="Children's centre", age_months=4)
    )
    memory_store.set_consent(Consent(case_code="F001", given_on=date(2026, 3, 1), filming=True))
    return memory_store


def test_the_english_caseload_is_as_it_was(one_case: Store) -> None:
    """Column headings, caption and the case's row read as before, in English."""
    shown = listparts.caseload_html(one_case, one_case.get_practitioner("jo"))
    assert (
        "<tr><th scope='col'>Case</th><th scope='col'>Setting</th><th scope='col'>Child's age</th>"
        "<th scope='col'>Status</th><th scope='col'>Consent</th><th scope='col'>Cycles</th>"
        "<th scope='col'>Films</th><th scope='col'>Clips</th><th scope='col'>Next step</th></tr>"
    ) in shown
    assert "<caption>Your caseload</caption>" in shown
    assert "<td>Children&#x27;s centre</td><td>4 months</td><td>active</td>" in shown
    assert "<td>filming agreed</td>" in shown


def test_the_caseload_in_the_test_language(one_case: Store) -> None:
    """Every word of the table but the data is bracketed."""
    shown = listparts.caseload_html(one_case, one_case.get_practitioner("jo"), Interface(PSEUDO))
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", shown)
    words = [c for c in cells if c and not c.isdigit() and c != "Children&#x27;s centre"]
    assert words and all(c.startswith("[") for c in words[:-1]), words


def test_groups_on_the_home_page_in_english_and_in_the_test_language(one_case: Store) -> None:
    """ "2 families" in English; bracketed in the test language."""
    from vigkit.core.records import Group

    one_case.add_group(Group(code="G001", practitioner_id="jo", title="Baby group"))
    one_case.add_group_member("G001", "F001")
    who = one_case.get_practitioner("jo")
    assert ", 1 family</li>" in listparts.groups_html(one_case, who)
    assert "Baby group, [" in listparts.groups_html(one_case, who, Interface(PSEUDO))


def test_a_review_reason_comes_in_the_words_it_is_given() -> None:
    """groupreview says why a family's clips are left out in the page's words."""
    from vigkit.core.groupreview import family_reason

    said = family_reason("F031", None, None, Interface(PSEUDO).say)
    assert said is not None and said.startswith("[") and "F031" in said
    assert "F031 has no consent on record" == family_reason("F031", None, None)
