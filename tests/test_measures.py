"""Outcome measures: the shipped templates, the rules of a measure template (a licensed
scale holds no wording), scoring, bands and the risk item; and the case page's form, which
shows the service's risk procedure at once when EPDS item 10 is above 0."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.errors import TemplateProblem
from vigkit.demo.caseload import fill_demo
from vigkit.paths import templates_dir
from vigkit.templates.measures import band_of, load_measures, parse_measure, risk_raised, total_of
from vigkit.ui.parts.measures import MeasuresForm
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagelanguage import page_interface

EPDS_WITH_WORDS = """schema_version: 1
id: epds
version: "1.0"
title: EPDS
kind: score_only
licence: score_only
total_min: 0
total_max: 30
entered_items:
  - {id: item10, text: "The thought of harming myself has occurred to me"}
"""


def _shipped() -> dict[str, object]:
    return {m.id: m for m in load_measures([templates_dir() / "measures"])}


def test_the_shipped_measures_and_what_each_holds() -> None:
    found = _shipped()
    assert {"gbo", "phq9", "gad7", "karitane", "epds", "wemwbs", "kips", "care_index"} <= set(found)
    phq9, gad7, karitane, epds = (found[k] for k in ("phq9", "gad7", "karitane", "epds"))
    assert len(phq9.items) == 9 and phq9.total_max == 27  # type: ignore[attr-defined]
    assert len(gad7.items) == 7 and gad7.total_max == 21  # type: ignore[attr-defined]
    assert len(karitane.items) == 15 and karitane.total_max == 45  # type: ignore[attr-defined]
    assert "Črnčec" in karitane.citation  # type: ignore[attr-defined]
    # Licensed scales hold no item wording at all.
    for ident in ("epds", "wemwbs", "kips", "care_index"):
        m = found[ident]
        assert m.kind == "score_only" and not m.items  # type: ignore[attr-defined]
        assert not any(i.text for i in m.entered_items)  # type: ignore[attr-defined]
    assert epds.risk.item == "item10"  # type: ignore[attr-defined]


def test_a_licensed_scale_with_wording_is_refused_in_plain_words() -> None:
    with pytest.raises(TemplateProblem, match="never holds its items' wording"):
        parse_measure(EPDS_WITH_WORDS)
    unaltered = EPDS_WITH_WORDS.replace(
        "score_only\nlicence: score_only", "items\nlicence: free_unaltered"
    ).replace("entered_items:", "items:")
    with pytest.raises(TemplateProblem, match="cites its source"):
        parse_measure(unaltered)


def test_scoring_bands_and_the_risk_item() -> None:
    found = _shipped()
    phq9, epds = found["phq9"], found["epds"]
    scores = {f"q{n}": 1.0 for n in range(1, 10)}
    assert total_of(phq9, scores) == 9 and band_of(phq9, 9) == "mild"  # type: ignore[arg-type]
    assert risk_raised(phq9, scores)  # type: ignore[arg-type]  # item 9 above 0
    with pytest.raises(ValueError, match="q3 has no score"):
        total_of(phq9, {k: v for k, v in scores.items() if k != "q3"})  # type: ignore[arg-type]
    assert not risk_raised(epds, {"item10": 0.0}) and risk_raised(epds, {"item10": 1.0})  # type: ignore[arg-type]
    assert band_of(epds, 13) == "probable depression"  # type: ignore[arg-type]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO())
    (data / "settings.yaml").write_text("risk_procedure: Ring the duty lead on 0123 now.\n")
    monkeypatch.setenv("VIGKIT_HOME", str(data))
    monkeypatch.delenv("VIGKIT_USER", raising=False)
    pagedata.page_store.cache_clear()
    yield data
    pagedata.page_store().close()
    pagedata.page_store.cache_clear()


def _form() -> MeasuresForm:
    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    return MeasuresForm(
        store, store.cases.get("F017"), pagedata.service_settings(), page_interface(store, who)
    )


def test_epds_item_10_above_0_shows_the_risk_procedure_at_once_and_keeps_when(home: Path) -> None:
    form = _form()
    form.pick.value = "epds"
    assert "never holds its items" in form.about.value
    assert form.keep() is None and "Type the total" in form.message.value  # no total yet
    form.total.value = "31"
    assert form.keep() is None and "a number from 0 to 30" in form.message.value
    form.total.value = "14"
    form.taken_on.value = date(2026, 11, 2)
    assert form.risk.value == ""
    form.fields["item10"].value = 1
    assert (
        "Ring the duty lead on 0123 now." in form.risk.value and 'role="alert"' in form.risk.value
    )
    store = pagedata.page_store()
    [line] = [e for e in store.audit.trail(ident="F017") if e.action == "risk"]
    assert "epds" in line.door
    saved = form.keep()
    assert saved is not None and saved.risk_raised and saved.risk_shown_at is not None
    assert saved.items == {"item10": 1.0} and saved.total == 14
    assert "probable depression" in form.list.value and "risk procedure shown" in form.list.value
    # A second click on Save stores nothing new and says so; a changed score is a new save.
    assert saved == form.keep() and "saved already" in form.message.value
    assert 1 == len(store.measures.list_scores("F017"))
    form.total.value = "12"
    assert (form.keep() or saved).id != saved.id
    assert 2 == len(store.measures.list_scores("F017"))


def test_a_free_scale_is_scored_item_by_item_and_refused_half_done(home: Path) -> None:
    form = _form()
    form.pick.value = "phq9"
    assert len(form.fields) == 9 and "Little interest" in form.fields["q1"].description
    for n in range(1, 9):
        form.fields[f"q{n}"].value = 2
    assert form.keep() is None and "Score every item" in form.message.value
    form.fields["q9"].value = 0
    saved = form.keep()
    assert saved is not None and saved.total == 16 and not saved.risk_raised
    assert "moderately severe" in form.message.value
    assert [s.measure_id for s in pagedata.page_store().measures.list_scores("F017")] == ["phq9"]
