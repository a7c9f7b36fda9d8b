"""Lists several pages show: the caseload, the groups of families and the saved reflections.

A page never imports another page: what two pages show alike lives here, as a part.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from vigkit.core import clock
from vigkit.core.records import Case, Consent, Practitioner
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import CaseSnapshot, attention, next_step
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.store import Store
from vigkit.store.snapshot import snapshots_from_store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagedata import (
    model_title,
    service_settings,
    visible_cases,
    visible_reflections,
)
from vigkit.ui.runtime.pagehtml import link, say_html, say_text

__all__ = ["caseload_html", "groups_html", "reflection_list"]


def _t(ui: Interface, key: str, **values: object) -> str:
    """The words for ``key``, escaped as the text of an element."""
    return html.escape(ui.say(key, **values), quote=False)


def _families(ui: Interface, count: int) -> str:
    return ui.say("group.families.one" if count == 1 else "group.families.many", count=count)


_CASELOAD_COLUMNS = ("case", "setting", "age", "status", "consent", "cycles", "films", "clips")


def caseload_html(store: Store, who: Practitioner | None, ui: Interface | None = None) -> str:
    ui = ui or Interface()
    cases = visible_cases(store, who)
    settings = service_settings()
    if not cases:
        return f"<p>{say_text(ui, 'home.cases.none')}</p>"
    snaps = snapshots_from_store(store, [case.code for case in cases])  # one read for all
    rows = [_caseload_row(case, snaps[case.code], settings, ui) for case in cases]
    head = (
        "<tr>"
        + "".join(
            f"<th scope='col'>{say_text(ui, 'home.col.' + col)}</th>"
            for col in (*_CASELOAD_COLUMNS, "next")
        )
        + "</tr>"
    )
    return (
        f'<table class="vk-table"><caption>{say_text(ui, "home.caseload.caption")}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _consent_text(consent: Consent | None, ui: Interface) -> str:
    """The case's consent in a few words: missing, withdrawn (when) or whether to film."""
    if consent is None:
        return ui.say("home.consent.missing")
    if consent.withdrawn_on:
        return ui.say("home.consent.withdrawn", when=ui.date(consent.withdrawn_on, short=True))
    return ui.say("home.consent.filming" if consent.filming else "home.consent.no_filming")


def _age_text(case: Case, ui: Interface) -> str:
    """The baby's age in months, or the weeks of pregnancy; empty when not given."""
    if case.age_months is not None:
        return ui.say("home.age.months", count=case.age_months)
    if case.age_weeks_pregnant is not None:
        return ui.say("home.age.pregnant", count=case.age_weeks_pregnant)
    return ""


def _caseload_row(case: Case, snap: CaseSnapshot, settings: ServiceSettings, ui: Interface) -> str:
    """One case's row: its link, setting, age, status, consent, counts and next step, with
    the first warning that needs attention (and how many more)."""
    films, clips = snap.films, snap.clips
    status_key = f"home.status.{case.status.value}"
    status = ui.say(status_key) if status_key in ENGLISH else case.status.value
    cycles = len({f.cycle_number for f in films})
    step = next_step(snap, settings, say=ui.say)
    found = attention(snap, settings, clock.today(), say=ui.say)
    warnings = [a for a in found if a.level == "warning"]
    flag = (
        f'<div class="vk-attn">⚠ {html.escape(warnings[0].message)}'
        + (
            " " + html.escape(ui.say("home.attention.more", count=len(warnings) - 1))
            if len(warnings) > 1
            else ""
        )
        + "</div>"
        if warnings
        else ""
    )
    return (
        "<tr>"
        f"<td>{link('case.ipynb?case=' + quote(case.code), case.code)}</td>"
        f"<td>{html.escape(case.setting)}</td><td>{html.escape(_age_text(case, ui))}</td>"
        f"<td>{html.escape(status)}</td><td>{html.escape(_consent_text(snap.consent, ui))}</td>"
        f"<td>{cycles}</td><td>{len(films)}</td><td>{len(clips)}</td>"
        f"<td>{html.escape(step)}{flag}</td>"
        "</tr>"
    )


def groups_html(store: Store, who: Practitioner | None, ui: Interface | None = None) -> str:
    """The groups (of ``who``, else everyone's) with a link to each, for the home page."""
    ui = ui or Interface()
    groups = pagedata.visible_groups(store, who)
    if not groups:
        return f"<p>{_t(ui, 'group.none')}</p>"
    items = []
    for group in groups:
        count = len(store.groups.list_members(group.code))
        setting = f" ({html.escape(group.setting)})" if group.setting else ""
        items.append(
            f"<li>{link('group.ipynb?group=' + quote(group.code), group.code)}: "
            f"{html.escape(group.title)}{setting}, "
            f"{html.escape(_families(ui, count))}</li>"
        )
    return f'<ul class="vk-list">{"".join(items)}</ul>'


def reflection_list(
    store: Store, who: Practitioner, case_code: str | None, ui: Interface | None = None
) -> str:
    ui = ui or Interface()
    items = visible_reflections(store, who, case_code or None)
    if not items:
        return f"<p>{say_text(ui, 'home.reflections.none')}</p>"
    titles: dict[tuple[str, str], str] = {}
    rows = []
    for item in items[:50]:
        key = (item.template_id, item.template_version)
        if key not in titles:
            titles[key] = model_title(store, *key, ui.language) or ui.say("home.reflections.gone")
        named = ui.say("home.reflections.link", model=titles[key], when=ui.moment(item.updated_at))
        texts = [v for v in item.answers.values() if isinstance(v, str) and v]
        first = max(texts, key=len, default="")  # the longest answer says most; dates say little
        excerpt = (first[:140] + "…") if len(first) > 140 else first
        rows.append(
            f"<li>{link(f'reflection.ipynb?reflection={item.id}', named)}"
            + (
                say_html(ui, "home.reflections.case", case=html.escape(item.case_code))
                if item.case_code
                else ""
            )
            + f'<div class="vk-excerpt">{html.escape(excerpt)}</div></li>'
        )
    return f'<ul class="vk-list">{"".join(rows)}</ul>'
