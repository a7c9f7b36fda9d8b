"""Live group supervision, the pure parts: session codes, the board and the reveal as HTML,
where a following player should be, and hours from sessions.

No widgets, no I/O. Everything another person typed is escaped here, once, before it
reaches a page: a post holding HTML or a script shows as the text it is.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from vigkit.agreement import AgreementFigure, CalibrationReveal
from vigkit.records import LiveSession, PostKind, SessionPost

__all__ = [
    "STYLE",
    "minutes_words",
    "record_html",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "new_session_code",
    "norm_session_code",
    "looks_like_session_code",
    "clock",
    "post_html",
    "board_html",
    "reveal_html",
    "lead_position_now",
    "hours_by_practitioner",
]

#: The board's and the reveal's look (a <style> element the page shows once).
STYLE = """<style>
.vk-board { list-style: none; margin: 0.3rem 0; padding: 0; max-height: 28rem; overflow-y: auto;
  border: 1px solid #9e9e9e; border-radius: 6px; background: #fff; }
.vk-post { padding: 0.4rem 0.6rem; border-bottom: 1px solid #e0e0e0; }
.vk-post-event { color: #3d3d3d; font-size: 0.95rem; }
.vk-post-when { color: #595959; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.vk-post-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.vk-tag { display: inline-block; background: #e8f0fe; color: #123a73; border-radius: 3px;
  padding: 0 0.35rem; margin-right: 0.25rem; font-size: 0.9rem; }
.vk-bar { display: inline-block; width: 5rem; height: 0.7rem; background: #e0e0e0;
  vertical-align: middle; border-radius: 2px; }
.vk-bar-fill { display: block; height: 100%; background: #2e7d32; border-radius: 2px; }
.vk-reveal .vk-overall th, .vk-reveal .vk-overall td { font-weight: 600; background: #f5f5f5; }
.vk-code { font-size: 1.6rem; letter-spacing: 0.2rem; font-weight: 700; font-family: monospace; }
</style>"""

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or copied from a screen is not misread.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


def new_session_code(choose: Callable[[str], str] = secrets.choice) -> str:
    """A fresh session code: six letters and digits from :data:`CODE_ALPHABET`."""
    return "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def norm_session_code(text: str) -> str:
    """A code as stored: upper case, spaces and dashes dropped (people type ``abc-def``)."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def looks_like_session_code(text: str) -> bool:
    """True when ``text`` (after :func:`norm_session_code`) could be a session code."""
    code = norm_session_code(text)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def clock(seconds: float | None) -> str:
    """``m:ss.s`` for a time in a film."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _when(stamp: datetime) -> str:
    return f"{stamp:%H:%M:%S}"


def post_html(post: SessionPost, author: str, heading: Callable[[str], str]) -> str:
    """One board line: author, time, text, headings and clip time, all escaped.

    ``heading(id)`` gives the wording of a principle id (a trainer may have renamed it).
    """
    who = html.escape(author)
    when = _when(post.posted_at)
    if post.kind is not PostKind.post:
        return (
            f'<li class="vk-post vk-post-event" data-post="{post.id}">'
            f'<span class="vk-post-when">{when}</span> '
            f"<em>{who} {html.escape(post.text)}</em></li>"
        )
    tags = "".join(
        f'<span class="vk-tag">{html.escape(heading(pid))}</span>' for pid in post.principle_ids
    )
    at = (
        f' <span class="vk-post-time">at {clock(post.clip_time_s)}</span>'
        if post.clip_time_s is not None
        else ""
    )
    text = html.escape(post.text).replace("\n", "<br>")
    return (
        f'<li class="vk-post" data-post="{post.id}">'
        f'<span class="vk-post-when">{when}</span> <strong class="vk-post-author">{who}</strong>'
        f"{at}{' ' + tags if tags else ''}"
        f'<div class="vk-post-text">{text}</div></li>'
    )


def board_html(
    posts: Sequence[SessionPost], names: Mapping[str, str], heading: Callable[[str], str]
) -> str:
    """The board: every post in the order posted (by id), each attributed to its author."""
    if not posts:
        return '<p class="vk-help vk-board-empty">Nothing on the board yet.</p>'
    ordered = sorted(posts, key=lambda p: p.id or 0)
    items = "".join(post_html(p, names.get(p.author_id, p.author_id), heading) for p in ordered)
    return f'<ol class="vk-board" aria-live="polite">{items}</ol>'


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _kappa(figure: AgreementFigure) -> str:
    if figure.kappa is None:
        return "–"
    return html.escape(f"{figure.kappa:.2f} ({figure.kappa_kind})")


def _bar(value: float | None) -> str:
    width = 0.0 if value is None else max(0.0, min(100.0, value))
    return (
        f'<span class="vk-bar" aria-hidden="true"><span class="vk-bar-fill" '
        f'style="width:{width:.0f}%"></span></span>'
    )


def reveal_html(reveal: CalibrationReveal, heading: Callable[[str], str], clip: str) -> str:
    """The calibration reveal as a small table (with bars for agreement) and the sentences."""
    raters = len(reveal.members)
    rows = []
    for item in reveal.headings:
        tagged = sum(item.tagged_by.values())
        fig = item.agreement
        rows.append(
            f'<tr data-heading="{html.escape(item.heading)}">'
            f'<th scope="row">{html.escape(heading(item.heading))}</th>'
            f"<td>{tagged} of {raters}</td>"
            f"<td>{_pct(fig.percent_agreement)} {_bar(fig.percent_agreement)}</td>"
            f"<td>{_kappa(fig)}</td><td>{fig.subjects}</td>"
            f'<td class="vk-meaning">{html.escape(fig.meaning)}</td></tr>'
        )
    fig = reveal.overall
    kappa_attr = "" if fig.kappa is None else f' data-kappa="{fig.kappa:.6f}"'
    rows.append(
        f'<tr class="vk-overall"{kappa_attr}><th scope="row">Overall</th>'
        f"<td>{raters} people</td>"
        f"<td>{_pct(fig.percent_agreement)} {_bar(fig.percent_agreement)}</td>"
        f'<td class="vk-kappa">{_kappa(fig)}</td><td>{fig.subjects}</td>'
        f'<td class="vk-meaning">{html.escape(fig.meaning)}</td></tr>'
    )
    head = (
        "<tr><th scope='col'>Heading</th><th scope='col'>Tagged it</th>"
        "<th scope='col'>Agreement</th><th scope='col'>Kappa</th>"
        "<th scope='col' title='How many answers were compared'>n</th>"
        "<th scope='col'>What it means</th></tr>"
    )
    return (
        f'<table class="vk-table vk-reveal"><caption>Calibration on {html.escape(clip)}: '
        f"what {raters} people saw</caption><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p class="vk-help">Agreement is the share of pairs of people who gave the same '
        "answer. Kappa takes away the agreement chance alone would give: Cohen's for two "
        "people, Fleiss' for more; n is how many answers each person gave.</p>"
    )


def lead_position_now(
    position_s: float,
    playing: bool,
    moved_at: datetime | None,
    at: datetime,
    end_s: float | None = None,
) -> float:
    """Where the facilitator's player is at ``at``: it has moved on since ``moved_at`` if playing.

    A playing leader stops at ``end_s`` (the clip's end) when given; a paused one is where
    it says it is.
    """
    if not playing or moved_at is None:
        return position_s
    where = position_s + max(0.0, (at - moved_at).total_seconds())
    if end_s is not None and end_s > 0:
        where = min(where, max(end_s, position_s))
    return where


def hours_by_practitioner(
    sessions: Iterable[LiveSession], attended: Mapping[int, Iterable[str]]
) -> dict[str, float]:
    """Supervision hours per practitioner: each ended session's length, for everyone who joined.

    Sessions still open count nothing; ``attended[session_id]`` lists who joined.
    """
    hours: dict[str, float] = {}
    for session in sessions:
        seconds = session.duration_s
        if seconds is None or session.id is None:
            continue
        for person in set(attended.get(session.id, ())):
            hours[person] = hours.get(person, 0.0) + seconds / 3600.0
    return dict(sorted(hours.items()))


def minutes_words(value: float) -> str:
    """``1 minute``, ``25 minutes``."""
    whole = round(value)
    return f"{whole} minute" if whole == 1 else f"{whole} minutes"


def record_html(
    session: LiveSession,
    joined: Mapping[str, datetime],
    actions: Mapping[str, Mapping[str, int]],
    names: Mapping[str, str],
) -> str:
    """The session's record: when, how long, who joined and what each did."""
    rows = []
    for who, when in joined.items():
        acts = actions.get(who, {})
        rows.append(
            f"<tr><td>{html.escape(names.get(who, who))}</td><td>{when:%H:%M}</td>"
            f"<td>{acts.get('posts', 0)}</td><td>{acts.get('calibration tags', 0)}</td>"
            f"<td>{acts.get('clips presented', 0)}</td></tr>"
        )
    seconds = session.duration_s
    length = "still open" if seconds is None else minutes_words(seconds / 60)
    return (
        f"<p>Started {session.started_at:%d %b %Y %H:%M} UTC · {length}.</p>"
        '<table class="vk-table"><caption>Who joined and what they did</caption>'
        "<thead><tr><th scope='col'>Who</th><th scope='col'>Joined</th>"
        "<th scope='col'>Posts</th><th scope='col'>Calibration tags</th>"
        f"<th scope='col'>Clips presented</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
