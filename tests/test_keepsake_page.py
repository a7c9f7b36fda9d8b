"""The family's copy on the case page, as a practitioner alone meets it: made with
progress, then links to its video and its page to print; listed on the case page; refused
in plain words without the family's yes; and named in the erasure panel, which says the
family keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from keepsakefixture import WORDS, ready_for_a_copy
from pagetext import visible

from vigkit.core.keepsake import HANDOVER
from vigkit.ui.pages import case as casepage
from vigkit.ui.runtime import pagedata

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def home(own_demo_home: Path) -> Path:
    return own_demo_home


def test_the_practitioner_makes_the_familys_copy_on_the_case_page(home: Path) -> None:
    store = pagedata.page_store()
    clips = ready_for_a_copy(store)
    page = casepage.case_page("F017")
    part = page.keepsake
    assert part is not None
    assert "No copy has been made for the family yet." in "\n".join(visible(page))
    assert part.make()
    part.work.wait(120)
    made = part.made
    assert made is not None, part.status.value
    status = part.status.value
    assert f"The family&#x27;s copy is ready: {len(clips)} clips" in status
    assert f"../../vigkit/keepsake/F017/{made.made}/family-copy.mp4" in status
    assert f"../../vigkit/keepsake/F017/{made.made}/family-copy.html" in status
    assert WORDS in made.page.read_text("utf-8")
    text = "\n".join(visible(page))
    assert "Family's copy made" in text and f"by demo-guider, {len(clips)} clips" in text
    [line] = [e for e in store.audit.trail(ident="F017") if e.action == HANDOVER]
    assert "demo-guider" == line.login and "family-copy.mp4 sha256 " in line.reason

    # A new page lists it; the erasure panel says what the family keeps, before and after.
    again = casepage.case_page("F017")
    assert f"by demo-guider, {len(clips)} clips" in "\n".join(visible(again))
    panel = again.eraser
    assert panel is not None and "Handed over to the family: Family's copy made" in panel.handed
    assert "vigkit cannot take it back" in panel.handed
    panel.confirm.value = "F017"
    assert panel.erase() is not None
    shown = "\n".join(visible(again))
    assert "Case F017 was erased" in shown and "Handed over to the family" in shown
    assert not (home / "media" / "keepsakes" / "F017").exists()


def test_without_the_familys_yes_the_page_says_so_and_nothing_is_made(home: Path) -> None:
    ready_for_a_copy(pagedata.page_store(), consent=False)
    page = casepage.case_page("F017")
    part = page.keepsake
    assert part is not None and part.make()
    part.work.wait(60)
    assert part.made is None
    assert "has not agreed to a copy for the family" in part.status.value
    assert not (home / "media" / "keepsakes").exists()
