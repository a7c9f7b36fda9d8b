"""Live group supervision, the pure parts: session codes, the board and the reveal as HTML,
where a following player should be, and hours from sessions.

No widgets, no I/O. Everything another person typed is escaped here, once, before it
reaches a page: a post holding HTML or a script shows as the text it is.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from vigkit.core.agreement import AgreementFigure, CalibrationReveal, meaning_words
from vigkit.core.supervisionrecords import LiveSession, PostKind, SessionPost
from vigkit.i18n.interface import Interface, moment_words

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
    "Say",
    "event_words",
]


#: :meth:`vigkit.i18n.interface.Interface.say`: ``say(key, **values)``, the words for a key.
Say = Callable[..., str]


def _english(say: Say | None) -> Say:
    return say or Interface().say


def _say_html(say: Say, key: str, **markup: str) -> str:
    """The words for ``key``, escaped, each {name} filled with ``markup`` already made safe."""
    marks = {name: f"\ue000{name}\ue001" for name in markup}
    text = html.escape(say(key, **marks), quote=False)
    for name, value in markup.items():
        text = text.replace(marks[name], value)
    return text


# What happened, as the store keeps it (English) -> the key of the words the board shows.
_EVENTS = {
    "opened the session.": "session.event.opened",
    "joined.": "session.event.joined",
    "started a calibration: tag the presented clip with the headings you see.": (
        "session.event.calibration"
    ),
    "revealed the tags.": "session.event.revealed",
    "ended the session.": "session.event.ended",
    "took the clip off the board: the family's consent no longer allows it.": (
        "session.event.withdrawn"
    ),
}
_PRESENTED = re.compile(
    r"presented film (?P<film>\d+) \((?P<case>.*)\), (?P<start>[\d.]+)–(?P<end>[\d.]+) s\."
)


#: A film's place among its case's films ("film 2 of F023"), from its id and case; None when
#: the film is no longer there.
FilmPlace = Callable[[int, str], "int | None"]


def event_words(text: str, say: Say | None = None, film_place: FilmPlace | None = None) -> str:
    """A line the store wrote for something that happened, in ``say``'s words (else as kept).

    The store keeps a presented clip's film by its id (which counts every case's films); the
    board names it as people do, by its place among its case's films (``film_place``), and
    its times as every page writes them (two decimals)."""
    say = _english(say)
    if text in _EVENTS:
        return say(_EVENTS[text])
    found = _PRESENTED.fullmatch(text)
    if found:
        case = found["case"]
        times = {"start": f"{float(found['start']):.2f}", "end": f"{float(found['end']):.2f}"}
        place = film_place(int(found["film"]), case) if film_place else None
        if place is None:
            return say("session.event.presented_gone", case=case, **times)
        return say("session.event.presented", number=place, case=case, **times)
    return text


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


def post_html(
    post: SessionPost,
    author: str,
    heading: Callable[[str], str],
    say: Say | None = None,
    film_place: FilmPlace | None = None,
) -> str:
    """One board line: author, time, text, headings and clip time, all escaped.

    ``heading(id)`` gives the wording of a principle id (a trainer may have renamed it).
    """
    say = _english(say)
    who = html.escape(author)
    when = _when(post.posted_at)
    if post.kind is not PostKind.post:
        return (
            f'<li class="vk-post vk-post-event" data-post="{post.id}">'
            f'<span class="vk-post-when">{when}</span> '
            f"<em>{who} {html.escape(event_words(post.text, say, film_place))}</em></li>"
        )
    tags = "".join(
        f'<span class="vk-tag">{html.escape(heading(pid))}</span>' for pid in post.principle_ids
    )
    at = (
        f' <span class="vk-post-time">'
        f"{html.escape(say('session.board.at', time=clock(post.clip_time_s)))}</span>"
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
    posts: Sequence[SessionPost],
    names: Mapping[str, str],
    heading: Callable[[str], str],
    say: Say | None = None,
    film_place: FilmPlace | None = None,
) -> str:
    """The board: every post in the order posted (by id), each attributed to its author."""
    say = _english(say)
    if not posts:
        return f'<p class="vk-help vk-board-empty">{html.escape(say("session.board.empty"))}</p>'
    ordered = sorted(posts, key=lambda p: p.id or 0)
    items = "".join(
        post_html(p, names.get(p.author_id, p.author_id), heading, say, film_place) for p in ordered
    )
    return f'<ol class="vk-board" aria-live="polite">{items}</ol>'


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


_KAPPA_KINDS = {"Cohen's": "session.reveal.cohen", "Fleiss'": "session.reveal.fleiss"}


def _kappa(figure: AgreementFigure, say: Say) -> str:
    if figure.kappa is None:
        return "–"
    kind = str(figure.kappa_kind)
    words = say(_KAPPA_KINDS[kind]) if kind in _KAPPA_KINDS else kind
    return html.escape(f"{figure.kappa:.2f} ({words})")


def _bar(value: float | None) -> str:
    width = 0.0 if value is None else max(0.0, min(100.0, value))
    return (
        f'<span class="vk-bar" aria-hidden="true"><span class="vk-bar-fill" '
        f'style="width:{width:.0f}%"></span></span>'
    )


def reveal_html(
    reveal: CalibrationReveal, heading: Callable[[str], str], clip: str, say: Say | None = None
) -> str:
    """The calibration reveal as a small table (with bars for agreement) and the sentences."""
    say = _english(say)

    def t(key: str, **values: object) -> str:
        return html.escape(say(key, **values), quote=False)

    def t_meaning(figure: AgreementFigure) -> str:
        return html.escape(meaning_words(figure, say))

    raters = len(reveal.members)
    rows = []
    for item in reveal.headings:
        tagged = sum(item.tagged_by.values())
        fig = item.agreement
        rows.append(
            f'<tr data-heading="{html.escape(item.heading)}">'
            f'<th scope="row">{html.escape(heading(item.heading))}</th>'
            f"<td>{t('session.reveal.tagged_of', count=tagged, total=raters)}</td>"
            f"<td>{_pct(fig.percent_agreement)} {_bar(fig.percent_agreement)}</td>"
            f"<td>{_kappa(fig, say)}</td><td>{fig.subjects}</td>"
            f'<td class="vk-meaning">{t_meaning(fig)}</td></tr>'
        )
    fig = reveal.overall
    kappa_attr = "" if fig.kappa is None else f' data-kappa="{fig.kappa:.6f}"'
    rows.append(
        f'<tr class="vk-overall"{kappa_attr}><th scope="row">{t("session.reveal.overall")}</th>'
        f"<td>{t('session.reveal.people', count=raters)}</td>"
        f"<td>{_pct(fig.percent_agreement)} {_bar(fig.percent_agreement)}</td>"
        f'<td class="vk-kappa">{_kappa(fig, say)}</td><td>{fig.subjects}</td>'
        f'<td class="vk-meaning">{t_meaning(fig)}</td></tr>'
    )
    head = (
        f"<tr><th scope='col'>{t('session.reveal.heading')}</th>"
        f"<th scope='col'>{t('session.reveal.tagged')}</th>"
        f"<th scope='col'>{t('session.reveal.agreement')}</th>"
        f"<th scope='col'>{t('session.reveal.kappa')}</th>"
        f"<th scope='col' title='{html.escape(say('session.reveal.n_help'), quote=True)}'>"
        f"{t('session.reveal.n')}</th>"
        f"<th scope='col'>{t('session.reveal.meaning')}</th></tr>"
    )
    caption = _say_html(say, "session.reveal.caption", clip=html.escape(clip), count=str(raters))
    return (
        f'<table class="vk-table vk-reveal"><caption>{caption}</caption><thead>{head}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="vk-help">{t("session.reveal.help")}</p>'
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


def minutes_words(value: float, say: Say | None = None) -> str:
    """``1 minute``, ``25 minutes``."""
    say = _english(say)
    whole = round(value)
    return say("session.minutes.one" if whole == 1 else "session.minutes.many", count=whole)


def record_html(
    session: LiveSession,
    joined: Mapping[str, datetime],
    actions: Mapping[str, Mapping[str, int]],
    names: Mapping[str, str],
    say: Say | None = None,
) -> str:
    """The session's record: when, how long, who joined and what each did."""
    say = _english(say)

    def t(key: str, **values: object) -> str:
        return html.escape(say(key, **values), quote=False)

    rows = []
    for who, when in joined.items():
        acts = actions.get(who, {})
        rows.append(
            f"<tr><td>{html.escape(names.get(who, who))}</td><td>{when:%H:%M}</td>"
            f"<td>{acts.get('posts', 0)}</td><td>{acts.get('calibration tags', 0)}</td>"
            f"<td>{acts.get('clips presented', 0)}</td></tr>"
        )
    seconds = session.duration_s
    length = (
        say("session.record.still_open") if seconds is None else minutes_words(seconds / 60, say)
    )
    started = t("session.record.started", when=moment_words(session.started_at, say), length=length)
    return (
        f"<p>{started}</p>"
        f'<table class="vk-table"><caption>{t("session.record.caption")}</caption>'
        f"<thead><tr><th scope='col'>{t('session.record.who')}</th>"
        f"<th scope='col'>{t('session.record.joined')}</th>"
        f"<th scope='col'>{t('session.record.posts')}</th>"
        f"<th scope='col'>{t('session.record.tags')}</th>"
        f"<th scope='col'>{t('session.record.clips')}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
