"""Lists several pages show: the caseload, the groups of families and the saved reflections.

A page never imports another page: what two pages show alike lives here, as a part.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from vigkit.core import clock
from vigkit.core.records import Practitioner
from vigkit.core.summaries import attention, next_step
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.store import Store
from vigkit.store.snapshot import snapshots_from_store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagedata import service_settings, visible_cases, visible_reflections
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
    rows = []
    snaps = snapshots_from_store(store, [case.code for case in cases])  # one read for all
    for case in cases:
        snap = snaps[case.code]
        films, clips, consent = snap.films, snap.clips, snap.consent
        if consent is None:
            consent_text = ui.say("home.consent.missing")
        elif consent.withdrawn_on:
            consent_text = ui.say(
                "home.consent.withdrawn", when=ui.date(consent.withdrawn_on, short=True)
            )
        else:
            consent_text = ui.say(
                "home.consent.filming" if consent.filming else "home.consent.no_filming"
            )
        if case.age_months is not None:
            age = ui.say("home.age.months", count=case.age_months)
        elif case.age_weeks_pregnant is not None:
            age = ui.say("home.age.pregnant", count=case.age_weeks_pregnant)
        else:
            age = ""
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
        rows.append(
            "<tr>"
            f"<td>{link('case.ipynb?case=' + quote(case.code), case.code)}</td>"
            f"<td>{html.escape(case.setting)}</td><td>{html.escape(age)}</td>"
            f"<td>{html.escape(status)}</td><td>{html.escape(consent_text)}</td>"
            f"<td>{cycles}</td><td>{len(films)}</td><td>{len(clips)}</td>"
            f"<td>{html.escape(step)}{flag}</td>"
            "</tr>"
        )
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


def groups_html(store: Store, who: Practitioner | None, ui: Interface | None = None) -> str:
    """The groups (of ``who``, else everyone's) with a link to each, for the home page."""
    ui = ui or Interface()
    groups = pagedata.visible_groups(store, who)
    if not groups:
        return f"<p>{_t(ui, 'group.none')}</p>"
    items = []
    for group in groups:
        count = len(store.list_group_members(group.code))
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
    rows = []
    for item in items[:50]:
        texts = [v for v in item.answers.values() if isinstance(v, str) and v]
        first = max(texts, key=len, default="")  # the longest answer says most; dates say little
        excerpt = (first[:140] + "…") if len(first) > 140 else first
        rows.append(
            f"<li>{link(f'reflection.ipynb?reflection={item.id}', ui.moment(item.updated_at))}"
            f" — {html.escape(item.template_id)}"
            + (
                say_html(ui, "home.reflections.case", case=html.escape(item.case_code))
                if item.case_code
                else ""
            )
            + f'<div class="vk-excerpt">{html.escape(excerpt)}</div></li>'
        )
    return f'<ul class="vk-list">{"".join(rows)}</ul>'
