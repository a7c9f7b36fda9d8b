"""The supervision page's "Clips brought" part: the clips a trainee brought to a supervision
session, to watch, as the supervisor may see them.

Each clip plays from its rendering for supervision (:func:`vigkit.server.urls.clip_url`):
only the clip's seconds, never the film, and only while the family's consent to viewing by
the VIG supervisor stands. A clip whose family has not agreed (or withdrew) is named, not
shown. The media route asks the access policy again for every request.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from vigkit.core.access import Use, consents_to
from vigkit.core.supervisionrecords import Supervision
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.ui.runtime.links import clip_url

__all__ = ["brought_clips_html"]

_FROM_PAGE = "../.."  # pages are served under voila/render/: the server's root is two up


def brought_clips_html(
    store: Store, record: Supervision, brought: Iterable[int], ui: Interface
) -> str:
    """Players for the clips ``brought`` to ``record``'s session, escaped; "" if none."""
    wanted = {int(c) for c in brought}
    if not wanted:
        return ""
    items = []
    consents: dict[str, bool] = {}
    for item in store.supervision.trainee_clips(record.trainee_id):
        clip, film = item.clip, item.film
        if clip.id not in wanted:
            continue
        if film.case_code not in consents:
            consents[film.case_code] = consents_to(
                store.cases.get_consent(film.case_code), Use.supervision
            )
        label = ui.say(
            "supervision.brought.clip",
            case=film.case_code,
            cycle=film.cycle_number,
            start=clip_time(clip.start_s),
            end=clip_time(clip.end_s),
        )
        if not consents[film.case_code]:
            note = ui.say("supervision.brought.no_consent")
            items.append(f"<li>{html.escape(label)}: {html.escape(note)}</li>")
            continue
        src = _FROM_PAGE + clip_url("/", film.id or 0, Use.supervision, clip.start_s, clip.end_s)
        items.append(
            f'<li><figure class="vk-brought-clip"><video controls preload="metadata" '
            f'playsinline src="{html.escape(src)}" aria-label="{html.escape(label)}"></video>'
            f"<figcaption>{html.escape(label)}</figcaption></figure></li>"
        )
    if not items:
        return ""
    heading = html.escape(ui.say("supervision.brought.heading"))
    help_text = html.escape(ui.say("supervision.brought.help"))
    return (
        f'<section class="vk-brought" aria-label="{heading}"><h2>{heading}</h2>'
        f'<p class="vk-help">{help_text}</p><ul class="vk-list">{"".join(items)}</ul></section>'
    )
