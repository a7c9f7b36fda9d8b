"""The supervision page and the portfolio, over the demo caseload with demo supervision."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from pagetext import shown

from vigkit.core.records import Practitioner, Role
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.demo.supervision import DEMO_SUPERVISOR
from vigkit.ui.pages import supervision as supervisionpage
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.page import Page


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the demo caseload and its supervision, as $VIGKIT_HOME."""
    data = tmp_path_factory.mktemp("demo")
    fill_demo(data, out=io.StringIO())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIGKIT_HOME", str(data))
        mp.delenv("VIGKIT_USER", raising=False)
        pagedata.page_store.cache_clear()
        store = pagedata.page_store()  # fill_demo made the demo supervision too
        store.people.add(Practitioner(id="kit", display_name="Kit", roles=[Role.trainee], stage=1))
        yield data
        store.settings.set("current_practitioner", DEMO_PRACTITIONER)
        pagedata.page_store().close()
        pagedata.page_store.cache_clear()


def _text(widget: w.Widget | Page) -> str:
    widget = shown(widget)
    if isinstance(widget, w.HTML):
        return str(widget.value)
    return "".join(_text(child) for child in getattr(widget, "children", ()))


def _as(who: str) -> None:
    pagedata.page_store().settings.set("current_practitioner", who)


def test_trainee_sees_own_signed_record_with_amendment_and_progress(demo_home: Path) -> None:
    """The signed demo record shows who signed, its amendment, and the progress picture."""
    _as(DEMO_PRACTITIONER)
    text = _text(supervisionpage.supervision_page(record="1"))
    assert "Signed by <strong>Alex Reid (demo supervisor)</strong> on " in text
    assert "Amended by <strong>Alex Reid (demo supervisor)</strong>" in text
    assert "clip 1 at 0:10 → clip 1 at 0:12" in text
    assert "Hours of supervision</td><td>1</td><td>7</td>" in text
    assert 2 == text.count('<img class="vk-plot" alt="')


def test_trainee_cannot_open_another_trainee(demo_home: Path) -> None:
    """A trainee opening someone else's records gets a plain refusal."""
    _as(DEMO_PRACTITIONER)
    text = _text(supervisionpage.supervision_page(trainee="kit"))
    assert "You can open only your own supervision records." in text


def test_supervisor_lists_trainees_and_may_sign(demo_home: Path) -> None:
    """A supervisor without a trainee named sees the trainees; with one, a Sign button."""
    _as(DEMO_SUPERVISOR)
    assert "supervision.ipynb?trainee=kit" in _text(supervisionpage.supervision_page())
    page = supervisionpage.supervision_page(trainee="kit")
    assert page.form.is_supervisor
    assert page.form.sign_button.layout.display is None


def test_portfolio_is_written_without_video(demo_home: Path) -> None:
    """The portfolio is written under exports/portfolio-<trainee> and linked; no video, no wellbeing."""
    _as(DEMO_PRACTITIONER)
    page = supervisionpage.supervision_page()
    maker, work = page.widget.children[-1], page.portfolio
    assert work is not None
    maker.children[1].click()
    assert work.busy or "ready" in _text(maker)  # written off the kernel's event loop
    work.wait(120)
    out = demo_home / "exports" / f"portfolio-{DEMO_PRACTITIONER}"
    assert ["portfolio.docx", "portfolio.html", "portfolio.pdf"] == sorted(
        p.name for p in out.iterdir()
    )
    printed = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "Supervision on " in printed and "F017 cycle 1, 8.00–15.50 s" in printed
    assert "Tired this month" not in printed
    with zipfile.ZipFile(out / "portfolio.docx") as docx:
        names = docx.namelist()
        body = docx.read("word/document.xml").decode("utf-8")
    assert not [n for n in names if n.endswith((".mp4", ".png", ".jpg"))]
    assert "Accreditation portfolio" in body
    assert "The portfolio is ready." in _text(maker)
    assert f'href="../../vigkit/exports/portfolio-{DEMO_PRACTITIONER}/portfolio.html"' in _text(
        maker
    )
    assert f'href="../../vigkit/exports/portfolio-{DEMO_PRACTITIONER}/portfolio.pdf"' in _text(
        maker
    )


def test_in_a_team_a_supervisor_opens_only_their_supervisees(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged in as the supervisor, the trainee list and the page follow the policy: the
    supervisee whose records they sign, not another trainee who has not chosen them."""
    from vigkit import paths
    from vigkit.core.errors import AccessRefused

    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", DEMO_SUPERVISOR)
    listing = _text(supervisionpage.supervision_page())
    assert f"supervision.ipynb?trainee={DEMO_PRACTITIONER}" in listing
    assert "supervision.ipynb?trainee=kit" not in listing
    with pytest.raises(AccessRefused) as refused:
        supervisionpage.supervision_page(trainee="kit")
    assert "not yours to open" in str(refused.value)
    page = supervisionpage.supervision_page(trainee=DEMO_PRACTITIONER, record="1")
    assert page.form.is_supervisor
    monkeypatch.setenv("VIGKIT_USER", "kit")  # kit's own records: hers to open
    assert "<strong>Kit</strong>" in _text(supervisionpage.supervision_page())


def test_the_clips_brought_play_as_renderings_for_supervision_only_with_consent(
    demo_home: Path,
) -> None:
    """The record's clips brought play from their rendering for supervision, never the
    film; once the family no longer agrees to supervisor viewing, the clip is named, not
    shown."""
    _as(DEMO_SUPERVISOR)
    record = pagedata.page_store().supervision.get(1)
    text = _text(supervisionpage.supervision_page(trainee=record.trainee_id, record="1"))
    assert "Clips brought to this session" in text
    assert '<video controls preload="metadata"' in text
    assert "/vigkit/media/clip/" in text and "/supervision/" in text
    assert "/vigkit/media/film/" not in text
    store = pagedata.page_store()
    clip_id = record.answers["clips_brought"][0]
    code = next(
        c.film.case_code
        for c in store.supervision.trainee_clips(record.trainee_id)
        if c.clip.id == clip_id
    )
    given = store.cases.get_consent(code)
    assert given is not None
    store.cases.set_consent(given.model_copy(update={"supervisor_viewing": False}))
    text = _text(supervisionpage.supervision_page(trainee=record.trainee_id, record="1"))
    assert "not shown: the family has not agreed to viewing by the VIG supervisor" in text
    assert "/vigkit/media/clip/" not in text
