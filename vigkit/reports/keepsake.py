"""The family's own copy, made and handed over: the MP4 of their chosen clips (other
families hidden), a page to print, and the handover in the audit trail.

:func:`make_family_copy` does it all in one call, off the page's event loop: it asks
:func:`vigkit.core.keepsake.keepsake_for` what goes in (refused in plain words without the
family's yes to a copy, or for anyone but their practitioner), renders and joins the clips
(:mod:`vigkit.media.keepsake`), writes :func:`keepsake_html` — one self-contained HTML page
(its CSS inline, its stills as ``data:`` pictures with alt text, nothing from the internet)
with the stills, the parent's own words, the record of strengths' lines and the day — into
``media/keepsakes/<CASE>/<made>/`` (owner-only, removed with the case at erasure), and
records the handover: one audit line naming the reviews, the clips and each file with its
sha256, and who made it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vigkit.core import clock
from vigkit.core.access import Principal
from vigkit.core.audit import event_for
from vigkit.core.keepsake import (
    Handover,
    Keepsake,
    copy_decision,
    handover_event,
    keepsake_for,
    read_handover,
)
from vigkit.core.summaries import SHARED_REVIEW
from vigkit.i18n.interface import Interface
from vigkit.media.footage import FootageFiles
from vigkit.media.keepsake import join_clips, keepsake_still, render_clips
from vigkit.ownerfiles import make_owner_only
from vigkit.reports.strengths import gather, principle_lines
from vigkit.reports.strengthsrecord import StrengthsRecord, principle_text, rating_lines
from vigkit.reports.whole import write_text_whole
from vigkit.store import Store
from vigkit.templates.principles import Principles, load_principles
from vigkit.templates.wording import Wording, load_wording

__all__ = ["MP4_NAME", "PAGE_NAME", "Made", "keepsake_html", "make_family_copy"]

MP4_NAME = "family-copy.mp4"
PAGE_NAME = "family-copy.html"
STILL_WIDTH = 480

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Made:
    """A family's copy made: its folder's name (when), its two files, its length in
    seconds, and the handover."""

    made: str
    video: Path
    page: Path
    seconds: float
    handover: Handover


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.45;
       color: #222; max-width: 178mm; margin: 0 auto; padding: 8mm 4mm; }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; border-bottom: 1px solid #bbb; }
h3 { font-size: 13pt; margin: 0 0 2mm; }
.made { color: #555; margin: 0 0 6mm; }
.clip { break-inside: avoid; page-break-inside: avoid; margin: 0 0 8mm; }
.clip img { display: block; max-width: 100%; height: auto; margin: 2mm 0 3mm;
            border: 1px solid #ccc; }
blockquote { font-size: 13pt; font-style: italic; margin: 0 0 4mm; padding-left: 5mm;
             border-left: 3px solid #bbb; }
.day { color: #555; font-size: 10pt; }
.closing { margin-top: 10mm; font-size: 13pt; }
@media print { body { padding: 0; } h2 { break-after: avoid; page-break-after: avoid; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _clips_html(
    keepsake: Keepsake, stills: Sequence[bytes], principles: Principles, ui: Interface
) -> list[str]:
    out = [f"<h2>{_e(ui.say('case.keepsake.page.clips'))}</h2>"]
    for number, (clip, still) in enumerate(zip(keepsake.clips, stills, strict=True), start=1):
        title = ui.say(
            "case.keepsake.page.clip",
            number=number,
            seconds=f"{clip.length_s:.0f}",
            day=ui.date(clip.film.filmed_on),
        )
        alt = ui.say("case.keepsake.page.still_alt", number=number)
        picture = base64.b64encode(still).decode("ascii")
        out += [
            '<section class="clip">',
            f"<h3>{_e(title)}</h3>",
            f'<img src="data:image/png;base64,{picture}" alt="{_e(alt)}">',
        ]
        lines = principle_lines(clip.principle_ids, principles)
        if lines:
            items = "".join(f"<li>{_e(principle_text(p))}</li>" for p in lines)
            out.append(f"<p>{_e(ui.say('case.keepsake.page.seen'))}</p><ul>{items}</ul>")
        out.append("</section>")
    return out


def _words_html(keepsake: Keepsake, ui: Interface) -> list[str]:
    if not keepsake.words:
        return []
    out = [f"<h2>{_e(ui.say('case.keepsake.page.words'))}</h2>"]
    for said in keepsake.words:
        text = "<br>".join(_e(line) for line in said.words.splitlines())
        day = ui.say("case.keepsake.page.said_on", day=ui.date(said.day))
        out.append(f'<blockquote><p>“{text}”</p></blockquote><p class="day">{_e(day)}</p>')
    return out


def _strengths_html(record: StrengthsRecord, words: Wording, ui: Interface) -> list[str]:
    """The record of strengths' lines: the parent's helping questions and their ratings."""
    if not record.questions:
        return []
    out = [f"<h2>{_e(words.title)}</h2>", f"<h3>{_e(words.questions_heading)}</h3>"]
    for q in record.questions:
        out.append(f"<p><em>“{_e(q.words)}”</em></p>")
        lines = rating_lines(q, words, ui)
        if lines:
            out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>")
    return out


def keepsake_html(
    keepsake: Keepsake,
    stills: Sequence[bytes],
    record: StrengthsRecord,
    *,
    principles: Principles,
    words: Wording,
    ui: Interface,
) -> str:
    """The family's copy as one page to print: self-contained (inline CSS, stills as
    ``data:`` pictures), a ``<main>`` landmark with one ``<h1>``."""
    title = ui.say("case.keepsake.page.title")
    made = ui.say("case.keepsake.page.made", code=keepsake.case_code, day=ui.date(record.made_on))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(record.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="made">{_e(made)}</p>',
        *_clips_html(keepsake, stills, principles, ui),
        *_words_html(keepsake, ui),
        *_strengths_html(record, words, ui),
        f'<p class="closing">{_e(words.closing)}</p>',
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _keepsake(
    store: Store, code: str, who: Principal, review_template: str, by: str, door: str
) -> Keepsake:
    """What goes into the copy; a refusal is said in plain words and in the audit trail."""
    case = store.cases.get(code)
    consent = store.cases.get_consent(case.code)
    decision, footage = copy_decision(who, case.code, case.practitioner_id, consent)
    if not decision:
        store.audit.record(event_for(by, "export", footage, decision, door))
    return keepsake_for(
        who,
        case.code,
        case.practitioner_id,
        consent,
        store.reflections.list(case_code=case.code),
        store.films.list(case.code),
        store.films.list_clips(case_code=case.code),
        review_template,
    )


def make_family_copy(
    store: Store,
    data: Path,
    code: str,
    who: Principal,
    *,
    by: str,
    door: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ui: Interface | None = None,
    review_template: str = SHARED_REVIEW,
) -> Made:
    """Make case ``code``'s family's copy for ``who`` (``by``: the login the audit trail
    names, ``door``: where it was made) and record its handover. Blocking: call it off the
    event loop. Refused or failed in plain words (VigkitError); Stop (``cancel``) leaves
    nothing of this copy behind."""
    ui = ui or Interface()
    report = progress or (lambda _share: None)
    keepsake = _keepsake(store, code, who, review_template, by, door)
    principles, words = load_principles(), load_wording()
    parts = render_clips(store, data, keepsake, progress=lambda s: report(0.6 * s), cancel=cancel)
    made = clock.precise_now().strftime("%Y%m%d-%H%M%S")
    folder = FootageFiles(data).keepsake(keepsake.case_code, made)
    try:
        video = join_clips(
            list(zip(parts, (c.length_s for c in keepsake.clips), strict=True)),
            folder / MP4_NAME,
            progress=lambda s: report(0.6 + 0.3 * s),
            cancel=cancel,
        )
        stills = [
            keepsake_still(store, data, keepsake, n, STILL_WIDTH)
            for n in range(len(keepsake.clips))
        ]
        record = gather(store, keepsake.case_code, principles=principles)
        page = folder / PAGE_NAME
        write_text_whole(
            page,
            keepsake_html(keepsake, stills, record, principles=principles, words=words, ui=ui),
        )
        make_owner_only(folder.parent)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    files = [(MP4_NAME, _sha256(video)), (PAGE_NAME, _sha256(page))]
    event = store.audit.record(handover_event(by, keepsake, files, door))
    report(1.0)
    handover = read_handover(event)
    assert handover is not None  # noqa: S101 - the line was just written as a handover
    return Made(made, video, page, keepsake.length_s, handover)
