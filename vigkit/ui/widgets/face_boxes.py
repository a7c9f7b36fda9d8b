"""The face boxes: a still of the film with each person's face box drawn over it, to move,
resize, add and remove by mouse and by keyboard.

An anywidget (its JavaScript and CSS are strings here, no build step), like the clip
marker. The still is an ``<img>`` with words for a screen reader; the boxes are absolutely
placed over it in shares of the picture, so they scale with it, and are kept in pixels of the
original film (``width`` × ``height``).

By mouse: drag a box to move it, drag its corner to resize it, click the picture where no box
is to add a box for the chosen person. By keyboard: Tab to a box (each is a button named by
its person and time), arrows move it, Shift+arrows resize it, Delete or Backspace removes it;
"Add a box" adds one for the chosen person in the middle of the picture.

The widget only edits ``boxes`` (the boxes at time ``t``); the page says what they mean.
A box carried from an earlier time (``carried``) is drawn dashed: moving it makes a box of
its own at ``t``. A box may be moved partly outside the picture: it is drawn red, and the
page refuses to save it in plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anywidget
import traitlets as tl

from vigkit.i18n.words.film import WORDS
from vigkit.ui.widgets.common import english_by_short_key, es_module, words_for

if TYPE_CHECKING:
    from vigkit.i18n.interface import Interface

__all__ = ["FaceBoxes", "face_box_words"]

_PREFIX = "film.faces."
#: The widget's words in English, by their short key (``add``, ``box``).
FACES_ENGLISH = english_by_short_key(WORDS, _PREFIX)


def face_box_words(ui: Interface | None = None) -> dict[str, str]:
    """The widget's words in ``ui``'s language, their ``{names}`` left for the browser."""
    return words_for(_PREFIX, FACES_ENGLISH, ui)


_ESM = es_module(
    r"""
function render({ model, el }) {
  const t = wordsOf(model);
  const root = h("div", { class: "vk-fb", role: "group", "aria-label": t("label") });
  const stage = h("div", { class: "vk-fb-stage" });
  const img = h("img", { class: "vk-fb-still" });
  const layer = h("div", { class: "vk-fb-layer" });
  stage.append(img, layer);
  const buttons = h("div", { class: "vk-fb-buttons" });
  const addButton = h("button", { type: "button", class: "vk-fb-btn vk-fb-add" });
  buttons.append(addButton);
  const status = h("div", { class: "vk-fb-status", role: "status", "aria-live": "polite" });
  const help = h("p", { class: "vk-fb-help" });
  root.append(stage, buttons, status, help);
  el.append(root);

  const W = () => Math.max(1, model.get("width"));
  const H = () => Math.max(1, model.get("height"));
  const time = () => Number(model.get("t")).toFixed(2);
  const nameOf = (key) => (model.get("people").find((p) => p.key === key) || { name: key }).name;
  const say = (text) => { status.textContent = text; };
  // The boxes as this view has them: sent to the kernel after each change.
  let boxes = model.get("boxes").map((b) => ({ ...b }));
  const byKey = new Map();  // person key -> their box's element

  function send() {
    model.set("boxes", boxes.map((b) => ({ ...b })));
    model.save_changes();
  }
  function choose(key) {
    if (model.get("selected") !== key) { model.set("selected", key); model.save_changes(); }
  }
  function outside(b) { return b.x < 0 || b.y < 0 || b.x + b.w > W() || b.y + b.h > H(); }
  // Kept overlapping the picture by a few pixels, so a box moved too far can be brought back.
  function keepReachable(b) {
    const edge = 4;
    b.w = Math.max(4, Math.min(W(), Math.round(b.w)));
    b.h = Math.max(4, Math.min(H(), Math.round(b.h)));
    b.x = Math.max(edge - b.w, Math.min(W() - edge, Math.round(b.x)));
    b.y = Math.max(edge - b.h, Math.min(H() - edge, Math.round(b.y)));
    b.carried = false;
  }
  function label(b) {
    return t(b.carried ? "box.carried" : "box", { name: nameOf(b.person), time: time() });
  }

  function place(node, b) {
    node.style.left = `${(100 * b.x) / W()}%`;
    node.style.top = `${(100 * b.y) / H()}%`;
    node.style.width = `${(100 * b.w) / W()}%`;
    node.style.height = `${(100 * b.h) / H()}%`;
    node.classList.toggle("vk-fb-carried", !!b.carried);
    node.classList.toggle("vk-fb-outside", outside(b));
    node.classList.toggle("vk-fb-chosen", model.get("selected") === b.person);
    node.setAttribute("aria-label", label(b));
    node.querySelector(".vk-fb-name").textContent =
      nameOf(b.person) + (b.carried ? ` ${t("carried")}` : "") + (outside(b) ? ` ${t("outside")}` : "");
  }
  function boxNode(key) {
    const node = h("div", { class: "vk-fb-box", tabindex: "0", role: "button", "data-person": key });
    const name = h("span", { class: "vk-fb-name" });
    const handle = h("div", { class: "vk-fb-handle", "aria-hidden": "true" });
    node.append(name, handle);
    node.addEventListener("keydown", (ev) => onKey(ev, key));
    node.addEventListener("focus", () => choose(key));
    node.addEventListener("pointerdown", (ev) => startDrag(ev, key, ev.target === handle));
    return node;
  }
  function draw() {
    const seen = new Set();
    for (const b of boxes) {
      seen.add(b.person);
      let node = byKey.get(b.person);
      if (!node) { node = boxNode(b.person); byKey.set(b.person, node); layer.append(node); }
      place(node, b);
    }
    for (const [key, node] of byKey) if (!seen.has(key)) { node.remove(); byKey.delete(key); }
  }
  function drawAll() {
    stage.style.aspectRatio = `${W()} / ${H()}`;
    img.setAttribute("src", resolve(model.get("src")));
    img.setAttribute("alt", model.get("alt"));
    addButton.textContent = t("add");
    addButton.setAttribute("title", t("add.tip"));
    help.textContent = t("help");
    root.setAttribute("aria-label", t("label"));
    draw();
  }

  function find(key) { return boxes.find((b) => b.person === key); }
  function addBox(key, cx, cy) {
    if (!key) { say(t("no_person")); return; }
    const had = find(key);
    if (had && !had.carried) { say(t("has_box", { name: nameOf(key) })); byKey.get(key).focus(); return; }
    const side = Math.max(8, Math.round(Math.min(W(), H()) / 5));
    const b = had || { person: key, w: side, h: side };
    if (!had) boxes.push(b);
    if (cx !== undefined) { b.x = cx - b.w / 2; b.y = cy - b.h / 2; }
    else if (!had) { b.x = W() / 2 - b.w / 2; b.y = H() / 2 - b.h / 2; }
    keepReachable(b);
    draw(); send();
    say(t("added", { name: nameOf(key), time: time() }));
    byKey.get(key).focus();
  }
  function remove(key) {
    const b = find(key);
    if (!b) return;
    if (b.carried) { say(t("carried_stays", { name: nameOf(key) })); return; }
    boxes = boxes.filter((x) => x !== b);
    draw(); send();
    say(t("removed", { name: nameOf(key), time: time() }));
    addButton.focus();
  }
  function onKey(ev, key) {
    const b = find(key);
    if (!b) return;
    const step = Math.max(1, Math.round(W() / 80));
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (ev.key in moves) {
      const [dx, dy] = moves[ev.key];
      if (ev.shiftKey) { b.w += dx * step; b.h += dy * step; }
      else { b.x += dx * step; b.y += dy * step; }
      keepReachable(b);
      draw(); send();
      say(t(ev.shiftKey ? "resized" : "moved", { name: nameOf(key), x: b.x, y: b.y, w: b.w, h: b.h }) +
        (outside(b) ? ` ${t("outside.said")}` : ""));
    } else if (ev.key === "Delete" || ev.key === "Backspace") {
      remove(key);
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }

  let drag = null;
  function startDrag(ev, key, resizing) {
    const b = find(key);
    if (!b || ev.button !== 0) return;
    ev.preventDefault();
    ev.stopPropagation();
    choose(key);
    byKey.get(key).focus();
    const scale = W() / stage.getBoundingClientRect().width;
    drag = { key, resizing, scale, x0: ev.clientX, y0: ev.clientY, from: { ...b }, moved: false };
    byKey.get(key).setPointerCapture(ev.pointerId);
  }
  layer.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const b = find(drag.key);
    const dx = (ev.clientX - drag.x0) * drag.scale, dy = (ev.clientY - drag.y0) * drag.scale;
    if (drag.resizing) { b.w = drag.from.w + dx; b.h = drag.from.h + dy; b.x = drag.from.x; b.y = drag.from.y; }
    else { b.x = drag.from.x + dx; b.y = drag.from.y + dy; b.w = drag.from.w; b.h = drag.from.h; }
    keepReachable(b);
    drag.moved = true;
    draw();
  });
  function endDrag() {
    if (!drag) return;
    const { key, moved, resizing } = drag;
    drag = null;
    if (!moved) return;
    send();
    const b = find(key);
    say(t(resizing ? "resized" : "moved", { name: nameOf(key), x: b.x, y: b.y, w: b.w, h: b.h }) +
      (outside(b) ? ` ${t("outside.said")}` : ""));
  }
  layer.addEventListener("pointerup", endDrag);
  layer.addEventListener("pointercancel", endDrag);
  layer.addEventListener("click", (ev) => {
    if (ev.target !== layer) return;  // a click on a box is not a click on the picture
    const r = stage.getBoundingClientRect();
    const scale = W() / r.width;
    addBox(model.get("selected"), (ev.clientX - r.left) * scale, (ev.clientY - r.top) * scale);
  });
  addButton.addEventListener("click", () => addBox(model.get("selected")));

  model.on("change:boxes", () => { if (!drag) { boxes = model.get("boxes").map((b) => ({ ...b })); draw(); } });
  model.on("change:src change:alt change:width change:height change:words", drawAll);
  model.on("change:people change:selected change:t", draw);
  model.on("change:status", () => say(model.get("status")));
  drawAll();
  say(model.get("status"));
}

export default { render };
""",
    FACES_ENGLISH,
)

_CSS = r"""
.vk-fb { max-width: 52rem; color: #1a1a1a; }
.vk-fb-stage { position: relative; width: 100%; background: #000; overflow: visible;
  user-select: none; touch-action: none; }
.vk-fb-still { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.vk-fb-layer { position: absolute; inset: 0; cursor: crosshair; }
.vk-fb-box { position: absolute; box-sizing: border-box; border: 3px solid #f9a825;
  background: rgba(249, 168, 37, 0.08); cursor: move; box-shadow: 0 0 0 1px #1a1a1a; }
.vk-fb-box.vk-fb-chosen { border-color: #0b57d0; background: rgba(11, 87, 208, 0.10); }
.vk-fb-box.vk-fb-carried { border-style: dashed; }
.vk-fb-box.vk-fb-outside { border-color: #b3261e; background: rgba(179, 38, 30, 0.15);
  box-shadow: 0 0 0 2px #fff, 0 0 0 3px #1a1a1a; }
.vk-fb-box:focus, .vk-fb-box:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px;
  box-shadow: 0 0 0 5px #fff; }
.vk-fb-name { position: absolute; left: -3px; bottom: 100%; background: #1a1a1a; color: #fff;
  font-size: 0.85rem; padding: 0 0.3rem; white-space: nowrap; pointer-events: none; }
.vk-fb-handle { position: absolute; right: -7px; bottom: -7px; width: 12px; height: 12px;
  background: #fff; border: 2px solid #1a1a1a; cursor: nwse-resize; }
.vk-fb-buttons { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.4rem 0; }
.vk-fb-btn { font-size: 0.95rem; padding: 0.3rem 0.6rem; border: 1px solid #616161;
  border-radius: 4px; background: #fff; color: #1a1a1a; cursor: pointer; }
.vk-fb-btn:focus-visible { outline: 3px solid #f9a825; outline-offset: 1px; }
.vk-fb-status { min-height: 1.4rem; color: #123a73; font-weight: 600; }
.vk-fb-help { color: #3d3d3d; font-size: 0.9rem; margin: 0.3rem 0; }
"""


class FaceBoxes(anywidget.AnyWidget):
    """A still with face boxes over it, edited by mouse and keyboard (see the module)."""

    _esm = _ESM
    _css = _CSS

    #: The still's URL (the server's still route) and its words for a screen reader.
    src = tl.Unicode("").tag(sync=True)
    alt = tl.Unicode("").tag(sync=True)
    #: The film's picture in its own pixels: boxes are kept in these.
    width = tl.Int(640).tag(sync=True)
    height = tl.Int(360).tag(sync=True)
    #: The time of the still, in seconds.
    t = tl.Float(0.0).tag(sync=True)
    #: The people who may have a box: ``{"key": …, "name": …}``.
    people = tl.List(tl.Dict()).tag(sync=True)
    #: The person a new box is for (their key; "" for none).
    selected = tl.Unicode("").tag(sync=True)
    #: The boxes at ``t``: ``{"person", "x", "y", "w", "h", "carried"}``, one per person.
    boxes = tl.List(tl.Dict()).tag(sync=True)
    #: A sentence for the status line (the page's news: saved, refused, found).
    status = tl.Unicode("").tag(sync=True)
    #: The widget's words in the page's language (see :func:`face_box_words`).
    words = tl.Dict().tag(sync=True)
