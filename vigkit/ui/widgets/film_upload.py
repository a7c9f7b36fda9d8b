"""The film sender: choose a film on this computer and send it to the service, in chunks.

An anywidget (its JavaScript and CSS are strings here, no build step). The browser reads
the chosen file a slice at a time (``File.slice``) and sends each slice to the server's
upload route (:mod:`vigkit.server.uploadroute`), so neither the page, the server nor a
kernel ever holds the whole film; a progress bar shows how much has gone. A dropped
connection is retried after a pause, from the byte the server says it has; after a closed
tab, choosing the same file again sends only the rest. When the last byte has gone the
widget sets :attr:`FilmUpload.uploaded`, and the page's kernel registers the film.
"""

from __future__ import annotations

from functools import partial

import anywidget
import traitlets as tl

from vigkit.i18n.words.film import WORDS
from vigkit.ui.widgets.common import english_by_short_key, es_module, words_for

__all__ = ["FilmUpload", "upload_words"]

_PREFIX = "film.upload."
UPLOAD_ENGLISH = english_by_short_key(WORDS, _PREFIX)
#: ``upload_words(ui)``: the widget's words in ``ui``'s language, ``{names}`` left for the browser.
upload_words = partial(words_for, _PREFIX, UPLOAD_ENGLISH)


_ESM = es_module(
    r"""
let counter = 0;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const megabytes = (n) => (n / 1048576).toFixed(1);

// The server's XSRF token, from its cookie. A Voilà page is not given one, so the first
// time a hidden frame opens the upload route as a page (a navigation, which is when
// JupyterHub sets the cookie too), and the token is read from the cookie it set.
function cookieToken() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("_xsrf="));
  return found ? decodeURIComponent(found.slice(6)) : "";
}
async function xsrfToken() {
  if (cookieToken()) return cookieToken();
  await new Promise((done) => {
    const frame = h("iframe", { src: resolve("/vigkit/upload"), title: "", tabindex: "-1",
      "aria-hidden": "true" });
    frame.style.display = "none";
    const over = () => { frame.remove(); done(); };
    frame.addEventListener("load", over);
    setTimeout(over, 15000);
    document.body.append(frame);
  });
  return cookieToken();
}
// The token to send, and the size of the pieces the server takes.
async function ready() {
  const token = await xsrfToken();
  const response = await fetch(resolve("/vigkit/upload"), {
    credentials: "same-origin", cache: "no-store", headers: { "X-XSRFToken": token },
  });
  const body = response.ok ? await response.json() : {};
  return { xsrf: token, chunk: body.chunk };
}

async function answer(response) {
  let body = {};
  try { body = await response.json(); } catch (e) { body = {}; }
  return body;
}

function render({ model, el }) {
  const t = wordsOf(model);
  counter += 1;
  const inputId = `vk-up-file-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const root = h("div", { class: "vk-up", role: "group", "aria-label": t("label") });
  const label = h("label", { for: inputId, class: "vk-up-label" },
    t("choose", { suffixes: ".mp4, .mov" }));
  const input = h("input", {
    type: "file", id: inputId, class: "vk-up-file",
    accept: ".mp4,.mov,.m4v,video/mp4,video/quicktime",
  });
  const send = h("button", { type: "button", class: "vk-up-send" }, t("send"));
  const stop = h("button", { type: "button", class: "vk-up-stop" }, t("stop"));
  stop.hidden = true;
  const progress = h("progress", { class: "vk-up-progress", max: "1", value: "0",
    "aria-label": t("progress") });
  progress.hidden = true;
  const status = h("div", { class: "vk-up-status", role: "status", "aria-live": "polite" });
  const row = h("div", { class: "vk-up-row" });
  row.append(send, stop);
  root.append(label, input, row, progress, status);
  el.append(root);

  let sending = false;
  let controller = null;
  const say = (text) => { status.textContent = text; };
  const leaving = (event) => { event.preventDefault(); event.returnValue = ""; };

  function show(received, size) {
    progress.hidden = false;
    progress.max = size;
    progress.value = received;
    const percent = size ? Math.floor((100 * received) / size) : 0;
    say(t("sent", { sent: megabytes(received), size: megabytes(size), percent }));
  }

  function finish() {
    sending = false;
    controller = null;
    send.disabled = false;
    input.disabled = false;
    stop.hidden = true;
    window.removeEventListener("beforeunload", leaving);
  }

  async function state(url, headers) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store", headers });
    return response.ok ? (await answer(response)).received : null;
  }

  async function run() {
    const file = input.files && input.files[0];
    if (!file) { say(t("choose_first")); return; }
    sending = true;
    controller = new AbortController();
    send.disabled = true;
    input.disabled = true;
    stop.hidden = false;
    window.addEventListener("beforeunload", leaving);
    say(t("starting", { name: file.name }));
    let headers;
    let started;
    let chunk = 4194304;
    try {
      const server = await ready();
      headers = { "X-XSRFToken": server.xsrf || "" };
      if (server.chunk > 0) chunk = server.chunk;
      const response = await fetch(resolve("/vigkit/upload"), {
        method: "POST", credentials: "same-origin", signal: controller.signal,
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ case: model.get("case_code"), name: file.name,
          size: file.size, modified: file.lastModified || 0 }),
      });
      started = await answer(response);
      if (!response.ok) { say(started.error || t("failed")); finish(); return; }
    } catch (e) {
      say(controller && controller.signal.aborted ? t("stopped") : t("no_server"));
      finish();
      return;
    }
    const url = resolve(`/vigkit/upload/${started.id}`);
    let received = started.received;
    if (received > 0 && received < file.size) say(t("resuming", { sent: megabytes(received) }));
    let failures = 0;
    while (received < file.size) {
      if (!sending) { say(t("stopped")); finish(); return; }
      const end = Math.min(received + chunk, file.size);
      try {
        const response = await fetch(url, {
          method: "PUT", credentials: "same-origin", signal: controller.signal,
          headers: { ...headers, "Content-Type": "application/octet-stream",
            "Content-Range": `bytes ${received}-${end - 1}/${file.size}` },
          body: file.slice(received, end),
        });
        const body = await answer(response);
        if (response.status === 409 && typeof body.received === "number") {
          received = body.received;
          continue;
        }
        if (!response.ok) {
          if (response.status >= 500 && response.status !== 507) throw new Error(body.error || "");
          say(body.error || t("failed"));
          finish();
          return;
        }
        received = body.received;
        failures = 0;
        show(received, file.size);
      } catch (e) {
        if (!sending || (controller && controller.signal.aborted)) {
          say(t("stopped")); finish(); return;
        }
        failures += 1;
        if (failures > 6) { say(t("lost", { sent: megabytes(received) })); finish(); return; }
        const wait = Math.min(30, 2 ** failures);
        say(t("retrying", { seconds: wait, sent: megabytes(received) }));
        await sleep(wait * 1000);
        try {
          const had = await state(url, headers);
          if (typeof had === "number") received = had;
        } catch (again) { /* still away: the next try says so */ }
      }
    }
    show(file.size, file.size);
    say(t("checking", { name: file.name }));
    finish();
    model.set("uploaded", { id: started.id, name: file.name, size: file.size, at: Date.now() });
    model.save_changes();
  }

  send.addEventListener("click", () => { if (!sending) run(); });
  stop.addEventListener("click", () => {
    sending = false;
    if (controller) controller.abort();
  });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (file) say(t("chosen", { name: file.name, size: megabytes(file.size) }));
  });
  model.on("change:result", () => { if (model.get("result")) say(model.get("result")); });
}

export default { render };
""",
    UPLOAD_ENGLISH,
)

_CSS = r"""
.vk-up { display: flex; flex-direction: column; gap: 0.4em; margin: 0.5em 0; }
.vk-up-label { font-weight: 600; }
.vk-up-row { display: flex; gap: 0.5em; }
.vk-up button { padding: 0.3em 0.9em; border: 1px solid #1a4f8b; border-radius: 3px;
  background: #1a4f8b; color: #fff; cursor: pointer; }
.vk-up button.vk-up-stop { background: #fff; color: #1a4f8b; }
.vk-up button:disabled { background: #5f6b7a; border-color: #5f6b7a; cursor: default; }
.vk-up button:focus-visible, .vk-up input:focus-visible { outline: 3px solid #f0b400;
  outline-offset: 2px; }
.vk-up-progress { width: 100%; height: 1.2em; }
.vk-up-status { min-height: 1.4em; }
"""


class FilmUpload(anywidget.AnyWidget):
    """Choose a film on this computer and send it to the service in resumable chunks."""

    _esm = _ESM
    _css = _CSS

    case_code = tl.Unicode("").tag(sync=True)
    #: Set by the browser when the last byte has gone: ``{id, name, size, at}``.
    uploaded = tl.Dict().tag(sync=True)
    #: What became of the film, in plain words, set by the page once it registered (or not).
    result = tl.Unicode("").tag(sync=True)
    #: The widget's words in the page's language (see :func:`upload_words`).
    words = tl.Dict().tag(sync=True)
