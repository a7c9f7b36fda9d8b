"""The clip marker: a film player for micro-analysis, driven by keys as in BORIS or ELAN.

An anywidget (its JavaScript and CSS are strings here, no build step). The ``<video>``
plays the film from the server's media route with ``preload="metadata"``, so the
browser asks for byte ranges as it needs them and a long film is never loaded whole.

Keys work while the marker has focus (Tab to it, or click it): Space play/pause,
←/→ one frame, Shift+←/→ one second, ``[`` start, ``]`` end, ``,``/``.`` slower/faster,
``S`` a still, ``1``–``6`` principle headings on the pending clip, Enter add the clip.
Every key has a button too.

A browser that cannot decode the film's pictures (Chromium on Linux and HEVC phone films,
for one) says so in a plain notice above the player rather than showing a black box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as tl

from vigkit.i18n.words.film import WORDS
from vigkit.ui.widgets.common import (
    CODEC_TYPES_JS,
    english_by_short_key,
    es_module,
    words_for,
)

if TYPE_CHECKING:
    from vigkit.i18n.interface import Interface

__all__ = ["ClipMarker", "RATES", "HELP_LINE", "marker_words"]

RATES = (0.25, 0.5, 1.0)
HELP_LINE = WORDS["film.keys_help"]
_PREFIX = "film.marker."
#: The marker's words in English, by their short key (``play``, ``start.tip``).
MARKER_ENGLISH = english_by_short_key(WORDS, _PREFIX)


def marker_words(ui: Interface | None = None) -> dict[str, str]:
    """The widget's words in ``ui``'s language, their ``{names}`` left for the browser."""
    return words_for(_PREFIX, MARKER_ENGLISH, ui)


_ESM = es_module(
    CODEC_TYPES_JS
    + r"""
const RATES = [0.25, 0.5, 1.0];
const CODEC_NAMES = {
  h264: "H.264",
  av1: "AV1",
  vp9: "VP9",
  prores: "Apple ProRes",
};

function clock(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return "–";
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, "0")}`;
}




function render({ model, el }) {
  // The words of `key` in the page's language, with their {names} filled in from `values`.
  const t = wordsOf(model);
  const root = h("div", {
    class: "vk-cm", tabindex: "0", role: "group", "aria-label": t("label"),
  });
  const video = h("video", { preload: "metadata", playsinline: "", class: "vk-cm-video" });
  video.muted = false;
  const bar = h("div", { class: "vk-cm-bar", "aria-hidden": "true" });
  const head = h("div", { class: "vk-cm-head" });
  const pendingSpan = h("div", { class: "vk-cm-span vk-cm-pending" });
  bar.append(pendingSpan, head);
  const seek = h("input", {
    type: "range", min: "0", step: "0.01", value: "0", class: "vk-cm-seek",
    "aria-label": t("seek"),
  });
  const clockLine = h("div", { class: "vk-cm-clock", "aria-live": "off" });
  const buttons = h("div", { class: "vk-cm-buttons" });
  const principleRow = h("div", { class: "vk-cm-principles", role: "group",
    "aria-label": t("principles") });
  const pending = h("div", { class: "vk-cm-pendingtext" });
  const marksList = h("ol", { class: "vk-cm-marks", "aria-label": t("marks") });
  const help = h("p", { class: "vk-cm-help" }, model.get("help_line"));
  const status = h("div", { class: "vk-cm-status", role: "status", "aria-live": "polite" });
  const notice = h("div", { class: "vk-cm-notice", role: "alert" });
  notice.hidden = true;
  root.append(notice, video, bar, seek, clockLine, buttons, principleRow, pending, status, help, marksList);

  // A browser that cannot decode the film's pictures may still play its sound: the
  // player then shows black with no error. Say so plainly instead of showing a dead player.
  function cannotShow(why) {
    if (model.get("cannot_play") === why) return;
    video.classList.add("vk-cm-nopicture");
    notice.textContent = why;
    notice.hidden = false;
    model.set("cannot_play", why);
    model.save_changes();
  }
  function cannotShowReason() {
    const codec = model.get("codec");
    const name = codec === "hevc" ? t("codec.hevc") : (CODEC_NAMES[codec] || (codec ? `${codec}` : ""));
    const format = name ? t("format.named", { name }) : t("format.unknown");
    return t("cannot_show", { format });
  }
  function checkCodec() {
    const type = CODEC_TYPES[model.get("codec")];
    if (type && video.canPlayType(type) === "") cannotShow(cannotShowReason());
  }
  el.append(root);

  const say = (text) => { model.set("status", text); model.save_changes(); };
  const fps = () => model.get("fps") > 0 ? model.get("fps") : 25;
  const duration = () => {
    const d = model.get("duration");
    return d > 0 ? d : (Number.isFinite(video.duration) ? video.duration : 0);
  };
  const clamp = (t) => Math.max(0, Math.min(duration() || t, t));

  let lastSync = 0;
  // The times this view sent: the kernel echoes each back, sometimes late (a busy kernel),
  // and an old echo must not throw the player back to where it was.
  const sent = [];
  function syncTime(force) {
    const now = performance.now();
    if (!force && now - lastSync < 250) return;
    lastSync = now;
    const at = Math.round(video.currentTime * 1000) / 1000;
    sent.push(at);
    if (sent.length > 50) sent.shift();
    model.set("current_time", at);
    model.save_changes();
  }
  function seekTo(t) {
    video.currentTime = clamp(t);
    syncTime(true);
    draw();
  }
  function step(seconds) { video.pause(); seekTo(video.currentTime + seconds); }
  function togglePlay() { if (video.paused) video.play().catch((e) => say(t("could_not_play", { error: e.message }))); else video.pause(); }
  function setRate(r) { model.set("rate", r); model.save_changes(); }
  function nudgeRate(dir) {
    const i = RATES.indexOf(model.get("rate"));
    setRate(RATES[Math.max(0, Math.min(RATES.length - 1, (i < 0 ? 2 : i) + dir))]);
  }
  function setStart() {
    model.set("pending_start", Math.round(video.currentTime * 1000) / 1000);
    model.save_changes();
    say(t("start_set", { time: clock(video.currentTime) }));
  }
  function setEnd() {
    model.set("pending_end", Math.round(video.currentTime * 1000) / 1000);
    model.save_changes();
    say(t("end_set", { time: clock(video.currentTime) }));
  }
  function still() {
    const at = Math.round(video.currentTime * 100) / 100;
    say(t("taking_still", { time: clock(at) }));  // first, so Python's "taken" comes after it
    model.set("still_requests", [...model.get("still_requests"), at]);
    model.save_changes();
  }
  function togglePrinciple(key) {
    const entry = model.get("principle_keys")[key];
    if (!entry) return;
    const chosen = [...model.get("pending_principles")];
    const at = chosen.indexOf(entry.id);
    if (at >= 0) chosen.splice(at, 1); else chosen.push(entry.id);
    model.set("pending_principles", chosen);
    model.save_changes();
    say(t(at >= 0 ? "principle_removed" : "principle_added", { label: entry.label }));
  }
  function addClip() {
    const s = model.get("pending_start"), e = model.get("pending_end");
    if (s === null || e === null) { say(t("need_start_end")); return; }
    if (e <= s) { say(t("end_after_start")); return; }
    const mark = { start: s, end: e, principles: [...model.get("pending_principles")] };
    // Clear the pending clip first, then add the mark: Python sees them in this order.
    model.set("pending_start", null);
    model.set("pending_end", null);
    model.set("pending_principles", []);
    model.save_changes();
    model.set("marks", [...model.get("marks"), mark]);
    model.save_changes();
    say(t("clip_added", { start: clock(s), end: clock(e) }));
  }

  // [name, its text (a word's key, or null for a speed shown as a number), what it does]
  const actions = [
    ["play", "play", togglePlay],
    ["back1", "back1", () => step(-1)],
    ["backf", "backf", () => step(-1 / fps())],
    ["fwdf", "fwdf", () => step(1 / fps())],
    ["fwd1", "fwd1", () => step(1)],
    ["start", "start", setStart],
    ["end", "end", setEnd],
    ["r025", null, () => setRate(0.25)],
    ["r05", null, () => setRate(0.5)],
    ["r1", null, () => setRate(1.0)],
    ["still", "still", still],
    ["add", "add", addClip],
  ];
  const SPEEDS = { r025: "0.25×", r05: "0.5×", r1: "1×" };
  const byName = {};
  for (const [name, , fn] of actions) {
    const b = h("button", { type: "button", class: `vk-cm-btn vk-cm-${name}` });
    b.addEventListener("click", (ev) => { ev.stopPropagation(); fn(); });
    byName[name] = b;
    buttons.append(b);
  }
  function labelButtons() {
    for (const [name, key] of actions) {
      const b = byName[name];
      const label = t(`${name}.tip`);
      b.setAttribute("aria-label", label);
      b.setAttribute("title", label);
      b.textContent = key ? t(key) : SPEEDS[name];
    }
  }
  labelButtons();

  function drawPrinciples() {
    principleRow.replaceChildren();
    const keys = model.get("principle_keys");
    const chosen = model.get("pending_principles");
    for (const key of Object.keys(keys).sort()) {
      const entry = keys[key];
      const on = chosen.includes(entry.id);
      const b = h("button", { type: "button", class: "vk-cm-btn vk-cm-principle", "aria-pressed": String(on),
        title: t("principle.tip", { label: entry.label, number: key }) }, `${key} ${entry.label}`);
      b.addEventListener("click", (ev) => { ev.stopPropagation(); togglePrinciple(key); });
      principleRow.append(b);
    }
  }

  function pct(t) { const d = duration(); return d > 0 ? `${(100 * t) / d}%` : "0%"; }
  function draw() {
    const d = duration();
    const now = video.currentTime;
    seek.max = String(d || 0);
    seek.value = String(now);
    head.style.left = pct(now);
    clockLine.textContent = t("clock", { time: clock(now), duration: clock(d), rate: model.get("rate"),
      state: t(video.paused ? "paused" : "playing") });
    byName.play.textContent = t(video.paused ? "play" : "pause");
    for (const [name, r] of [["r025", 0.25], ["r05", 0.5], ["r1", 1.0]])
      byName[name].setAttribute("aria-pressed", String(model.get("rate") === r));
    const s = model.get("pending_start"), e = model.get("pending_end");
    pendingSpan.style.display = s !== null ? "block" : "none";
    if (s !== null) {
      pendingSpan.style.left = pct(s);
      pendingSpan.style.width = pct(Math.max(0, (e !== null ? e : now) - s));
    }
    const len = s !== null && e !== null ? ` · ${t("pending.length", { seconds: (e - s).toFixed(2) })}` : "";
    pending.textContent = t("pending", { start: clock(s), end: clock(e) }) + len;
  }
  function drawMarks() {
    for (const old of bar.querySelectorAll(".vk-cm-mark")) old.remove();
    marksList.replaceChildren();
    const keys = model.get("principle_keys");
    const label = (id) => (Object.values(keys).find((k) => k.id === id) || { label: id }).label;
    model.get("marks").forEach((m, i) => {
      const span = h("div", { class: "vk-cm-span vk-cm-mark" });
      span.style.left = pct(m.start);
      span.style.width = pct(m.end - m.start);
      bar.insertBefore(span, head);
      const names = (m.principles || []).map(label).join(", ");
      const span_text = t("mark", { start: clock(m.start), end: clock(m.end), seconds: (m.end - m.start).toFixed(1) });
      marksList.append(h("li", {}, span_text + (names ? `: ${names}` : "") +
        (m.saved ? ` · ${t("mark.saved")}` : "")));
    });
  }

  root.addEventListener("keydown", (ev) => {
    const tag = ev.target.tagName;
    if (tag === "TEXTAREA" || (tag === "INPUT" && ev.target.type !== "range")) return;
    if (tag === "BUTTON" && (ev.key === " " || ev.key === "Enter")) return;
    let done = true;
    switch (ev.key) {
      case " ": togglePlay(); break;
      case "ArrowLeft": step(ev.shiftKey ? -1 : -1 / fps()); break;
      case "ArrowRight": step(ev.shiftKey ? 1 : 1 / fps()); break;
      case "[": setStart(); break;
      case "]": setEnd(); break;
      case ",": nudgeRate(-1); break;
      case ".": nudgeRate(1); break;
      case "s": case "S": still(); break;
      case "Enter": addClip(); break;
      default:
        if (/^[1-9]$/.test(ev.key) && !ev.ctrlKey && !ev.altKey && !ev.metaKey) togglePrinciple(ev.key);
        else done = false;
    }
    if (done) { ev.preventDefault(); ev.stopPropagation(); }
  });
  video.addEventListener("click", () => root.focus());
  seek.addEventListener("input", () => seekTo(parseFloat(seek.value)));
  video.addEventListener("timeupdate", () => { syncTime(false); draw(); });
  video.addEventListener("seeked", () => { syncTime(true); draw(); });
  video.addEventListener("play", draw);
  video.addEventListener("pause", () => { syncTime(true); draw(); });
  video.addEventListener("loadedmetadata", () => {
    video.playbackRate = model.get("rate");
    if (video.videoWidth === 0) cannotShow(cannotShowReason());  // sound only: no pictures
    draw(); drawMarks();
  });
  video.addEventListener("error", () => {
    const err = video.error;
    if (err && err.code === 4) { cannotShow(cannotShowReason()); return; }  // MEDIA_ERR_SRC_NOT_SUPPORTED
    say(t("load_failed"));
  });

  const onSrc = () => {
    // A new source (the playback copy made because this one could not be shown): start
    // clean, at the moment the practitioner had reached (the copy keeps the film's times).
    const at = video.currentTime;
    notice.hidden = true;
    video.classList.remove("vk-cm-nopicture");
    video.src = resolve(model.get("src"));
    if (at > 0) video.addEventListener("loadedmetadata", () => seekTo(at), { once: true });
  };
  const onRate = () => { video.playbackRate = model.get("rate"); draw(); };
  const onTime = () => {
    const wanted = model.get("current_time");
    if (sent.includes(wanted)) return;  // our own time coming back, not a move asked for
    if (video.paused && Math.abs(wanted - video.currentTime) > 0.5 / fps()) { video.currentTime = clamp(wanted); draw(); }
  };
  const onStatus = () => { status.textContent = model.get("status"); };
  const onPrinciples = () => { drawPrinciples(); drawMarks(); };
  model.on("change:src", onSrc);
  model.on("change:rate", onRate);
  model.on("change:current_time", onTime);
  model.on("change:status", onStatus);
  model.on("change:pending_start change:pending_end change:duration", draw);
  model.on("change:pending_principles change:principle_keys", onPrinciples);
  model.on("change:marks", drawMarks);
  model.on("change:codec", checkCodec);
  model.on("change:words", () => { labelButtons(); drawPrinciples(); drawMarks(); draw(); });
  video.src = resolve(model.get("src"));
  checkCodec(); onStatus(); drawPrinciples(); drawMarks(); draw();
  return () => { video.pause(); video.removeAttribute("src"); video.load(); };
}

export default { render };
""",
    MARKER_ENGLISH,
)

_CSS = r"""
.vk-cm { border: 1px solid #9e9e9e; border-radius: 6px; padding: 0.6rem; background: #fafafa;
  max-width: 52rem; color: #1a1a1a; }
.vk-cm:focus, .vk-cm:focus-visible { outline: 4px solid #f9a825; outline-offset: -4px; }
.vk-cm-video { width: 100%; max-height: 28rem; background: #000; display: block; }
.vk-cm-bar { position: relative; height: 14px; background: #e0e0e0; margin: 0.4rem 0 0.1rem; border-radius: 3px; }
.vk-cm-span { position: absolute; top: 0; height: 14px; border-radius: 3px; }
.vk-cm-mark { background: #2e7d32; opacity: 0.75; }
.vk-cm-pending { background: #f9a825; opacity: 0.8; }
.vk-cm-head { position: absolute; top: -3px; width: 3px; height: 20px; background: #b3261e; }
.vk-cm-seek { width: 100%; }
.vk-cm-clock { font-variant-numeric: tabular-nums; font-size: 1.05rem; margin: 0.2rem 0; }
.vk-cm-buttons, .vk-cm-principles { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.3rem 0; }
.vk-cm-btn { font-size: 0.95rem; padding: 0.3rem 0.6rem; border: 1px solid #616161; border-radius: 4px;
  background: #fff; color: #1a1a1a; cursor: pointer; }
.vk-cm-btn:focus-visible { outline: 3px solid #f9a825; outline-offset: 1px; }
.vk-cm-btn[aria-pressed="true"] { background: #0b57d0; color: #fff; border-color: #0b57d0; }
.vk-cm-pendingtext { font-variant-numeric: tabular-nums; margin: 0.2rem 0; }
.vk-cm-status { min-height: 1.4rem; color: #123a73; font-weight: 600; }
.vk-cm-notice { border-left: 6px solid #b3261e; background: #fdecea; color: #1a1a1a; padding: 0.6rem 0.8rem;
  margin-bottom: 0.4rem; font-size: 1rem; }
.vk-cm-video.vk-cm-nopicture { height: 0; min-height: 0; }
.vk-cm-help { color: #3d3d3d; font-size: 0.9rem; margin: 0.3rem 0; }
.vk-cm-marks { margin: 0.2rem 0 0 1.2rem; padding: 0; }
"""


class ClipMarker(anywidget.AnyWidget):
    """A film player that marks clips, principles and stills from the keyboard."""

    _esm = _ESM
    _css = _CSS

    src = tl.Unicode("").tag(sync=True)
    duration = tl.Float(0.0).tag(sync=True)
    fps = tl.Float(25.0).tag(sync=True)
    current_time = tl.Float(0.0).tag(sync=True)
    rate = tl.Float(1.0).tag(sync=True)
    marks = tl.List(tl.Dict()).tag(sync=True)
    pending_start = tl.Float(None, allow_none=True).tag(sync=True)
    pending_end = tl.Float(None, allow_none=True).tag(sync=True)
    pending_principles = tl.List(tl.Unicode()).tag(sync=True)
    principle_keys = tl.Dict().tag(sync=True)
    still_requests = tl.List(tl.Float()).tag(sync=True)
    status = tl.Unicode("").tag(sync=True)
    help_line = tl.Unicode(HELP_LINE).tag(sync=True)
    #: The marker's words in the page's language (see :func:`marker_words`); English for any
    #: it lacks.
    words = tl.Dict().tag(sync=True)
    #: The film's codec as probe() names it ("h264", "hevc"): the page checks the browser can play it.
    codec = tl.Unicode("").tag(sync=True)
    #: Set by the page when this browser cannot show the film's pictures: the sentence it showed.
    cannot_play = tl.Unicode("").tag(sync=True)

    @tl.validate("rate")
    def _valid_rate(self, proposal: Any) -> float:
        value = float(proposal["value"])
        return min(RATES, key=lambda r: abs(r - value))

    @tl.validate("current_time")
    def _valid_time(self, proposal: Any) -> float:
        value = max(0.0, float(proposal["value"]))
        return min(value, self.duration) if self.duration > 0 else value
