"""The session player: the clip a facilitator presents, which members' players follow.

An anywidget (JavaScript and CSS as strings, no build step). In ``lead`` mode (the
facilitator) the browser reports its position and whether it plays, at most four times a
second while playing and at once on a seek, play or pause; the page writes that to the
store. In ``follow`` mode (a member) the page sets :attr:`SessionPlayer.lead` from the store
and, while ``follow`` is on, the browser seeks, plays and pauses to match it. A member can
turn following off and watch on their own.

The film streams from the authenticated media route by id, with ``preload="metadata"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as tl

from vigkit.i18n.words.session import WORDS
from vigkit.ui.widgets.common import english_by_short_key, es_module, words_for

if TYPE_CHECKING:
    from vigkit.i18n.interface import Interface

__all__ = ["SessionPlayer", "DRIFT_S", "PLAYER_ENGLISH", "player_words"]

_PREFIX = "session.player."
#: The player's words in English, by their short key (``play``, ``label.lead``).
PLAYER_ENGLISH = english_by_short_key(WORDS, _PREFIX)


def player_words(ui: Interface | None = None) -> dict[str, str]:
    """The widget's words in ``ui``'s language, their ``{names}`` left for the browser."""
    return words_for(_PREFIX, PLAYER_ENGLISH, ui)


#: A playing follower further than this from the facilitator seeks; nearer, it plays on.
DRIFT_S = 0.5

_ESM = es_module(
    r"""
function clock(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return "–";
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, "0")}`;
}

function render({ model, el }) {
  // The words of `key` in the page's language, with their {names} filled in from `values`.
  const t = wordsOf(model);
  const lead = model.get("mode") === "lead";
  const root = h("div", { class: `vk-sp vk-sp-${lead ? "lead" : "follow"}`, role: "group",
    "aria-label": t(lead ? "label.lead" : "label.follow") });
  const caption = h("p", { class: "vk-sp-caption" });
  const video = h("video", { preload: "metadata", playsinline: "", controls: "", class: "vk-sp-video" });
  const row = h("div", { class: "vk-sp-row" });
  const clockLine = h("div", { class: "vk-sp-clock", "aria-live": "off" });
  const status = h("div", { class: "vk-sp-status", role: "status", "aria-live": "polite" });
  root.append(caption, video, row, clockLine, status);
  el.append(root);

  const start = () => model.get("start_s") || 0;
  const end = () => model.get("end_s") || 0;
  // A rendering's time 0 is the clip's start in the film: the clock says film time.
  const offset = () => model.get("offset_s") || 0;
  function draw() {
    const where = clock(video.currentTime + offset());
    const span = end() > 0
      ? ` · ${t("clip", { start: clock(start() + offset()), end: clock(end() + offset()) })}` : "";
    const state = t(video.paused ? "paused" : "playing");
    let who = "";
    if (!lead) who = ` · ${t(model.get("follow") ? "following" : "not_following")}`;
    clockLine.textContent = `${where}${span} · ${state}${who}`;
    root.dataset.position = String(Math.round(video.currentTime * 100) / 100);
  }

  let lastSent = 0;
  function report(force) {
    if (!lead || !model.get("src")) return;
    const now = performance.now();
    if (!force && now - lastSent < 250) return;
    lastSent = now;
    model.set("current_time", Math.round(video.currentTime * 1000) / 1000);
    model.set("playing", !video.paused);
    model.save_changes();
  }

  function follow() {
    draw();
    if (lead || !model.get("follow") || !model.get("src")) return;
    const target = model.get("lead") || {};
    if (typeof target.t !== "number") return;
    if (target.playing) {
      if (Math.abs(video.currentTime - target.t) > model.get("drift_s")) video.currentTime = target.t;
      if (video.paused) {
        video.play().catch(() => {
          // Browsers play sound only after a click on the page: follow silently until then.
          video.muted = true;
          status.textContent = t("muted");
          video.play().catch(() => { status.textContent = t("press_play"); });
        });
      }
    } else {
      if (!video.paused) video.pause();
      if (Math.abs(video.currentTime - target.t) > 0.04) video.currentTime = target.t;
    }
  }

  if (lead) {
    const toStart = h("button", { type: "button", class: "vk-sp-btn vk-sp-start" }, t("to_start"));
    toStart.addEventListener("click", () => { video.pause(); video.currentTime = start(); });
    const play = h("button", { type: "button", class: "vk-sp-btn vk-sp-play" }, t("play"));
    play.addEventListener("click", () => {
      if (video.currentTime < start() || (end() > 0 && video.currentTime >= end())) video.currentTime = start();
      video.play().catch((e) => { status.textContent = t("could_not_play", { error: e.message }); });
    });
    row.append(toStart, play);
  } else {
    const label = h("label", { class: "vk-sp-follow" });
    const box = h("input", { type: "checkbox", class: "vk-sp-followbox" });
    box.checked = model.get("follow");
    box.addEventListener("change", () => { model.set("follow", box.checked); model.save_changes(); follow(); });
    label.append(box, document.createTextNode(` ${t("follow")}`));
    row.append(label);
    model.on("change:follow", () => { box.checked = model.get("follow"); follow(); });
    video.addEventListener("click", () => { if (video.muted) { video.muted = false; status.textContent = ""; } });
  }

  video.addEventListener("timeupdate", () => {
    // The clip ends here: stop on its last moment, so everyone following stops there too.
    if (lead && end() > 0 && !video.paused && video.currentTime >= end()) { video.pause(); video.currentTime = end(); }
    report(false); draw();
  });
  video.addEventListener("seeked", () => { report(true); draw(); });
  video.addEventListener("play", () => { report(true); draw(); });
  video.addEventListener("pause", () => { report(true); draw(); });
  video.addEventListener("loadedmetadata", () => {
    if (lead) video.currentTime = start(); else follow();
    draw();
  });
  video.addEventListener("error", () => {
    status.textContent = t("load_failed");
  });

  const onSrc = () => {
    const src = model.get("src");
    caption.textContent = model.get("caption");
    root.hidden = !src;
    // Taken off the board (the session ended, or the family withdrew consent): stop at
    // once and drop what the player holds of the clip.
    if (!src && video.getAttribute("src")) { video.pause(); video.removeAttribute("src"); video.load(); }
    if (src && video.getAttribute("src") !== resolve(src)) video.src = resolve(src);
    else if (src && lead) video.currentTime = start();
  };
  model.on("change:src change:start_s change:end_s change:caption", onSrc);
  model.on("change:lead", follow);
  onSrc(); draw();
  return () => { video.pause(); video.removeAttribute("src"); video.load(); };
}
export default { render };
""",
    PLAYER_ENGLISH,
)

_CSS = r"""
.vk-sp { border: 1px solid #9e9e9e; border-radius: 6px; padding: 0.6rem; background: #fafafa;
  max-width: 44rem; color: #1a1a1a; }
.vk-sp-video { width: 100%; max-height: 22rem; background: #000; display: block; }
.vk-sp-caption { margin: 0 0 0.3rem; font-weight: 600; }
.vk-sp-row { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0 0.2rem; align-items: center; }
.vk-sp-btn { font-size: 0.95rem; padding: 0.3rem 0.6rem; border: 1px solid #616161; border-radius: 4px;
  background: #fff; color: #1a1a1a; cursor: pointer; }
.vk-sp-btn:focus-visible, .vk-sp-followbox:focus-visible { outline: 3px solid #f9a825; outline-offset: 1px; }
.vk-sp-follow { font-size: 1rem; }
.vk-sp-clock { font-variant-numeric: tabular-nums; }
.vk-sp-status { min-height: 1.2rem; color: #123a73; font-weight: 600; }
"""


class SessionPlayer(anywidget.AnyWidget):
    """The presented clip: the facilitator's player leads, members' players follow."""

    _esm = _ESM
    _css = _CSS

    #: "lead" for the facilitator, "follow" for a member.
    mode = tl.Unicode("follow").tag(sync=True)
    src = tl.Unicode("").tag(sync=True)
    #: What is shown, in words (set as text, never as HTML).
    caption = tl.Unicode("").tag(sync=True)
    start_s = tl.Float(0.0).tag(sync=True)
    end_s = tl.Float(0.0).tag(sync=True)
    offset_s = tl.Float(0.0).tag(sync=True)  # film time at the video's time 0 (the clock's)
    #: Lead mode: where the browser's player is, and whether it plays (from the browser).
    current_time = tl.Float(0.0).tag(sync=True)
    playing = tl.Bool(False).tag(sync=True)
    #: Follow mode: ``{"t": seconds, "playing": bool, "seq": n}`` from the store.
    lead = tl.Dict().tag(sync=True)
    follow = tl.Bool(True).tag(sync=True)
    drift_s = tl.Float(DRIFT_S).tag(sync=True)
    #: The player's words in the page's language (see :func:`player_words`); English for any
    #: it lacks (built into the JavaScript).
    words = tl.Dict().tag(sync=True)

    @tl.validate("mode")
    def _valid_mode(self, proposal: Any) -> str:
        value = str(proposal["value"])
        if value not in ("lead", "follow"):
            raise tl.TraitError("mode is 'lead' or 'follow'")
        return value
