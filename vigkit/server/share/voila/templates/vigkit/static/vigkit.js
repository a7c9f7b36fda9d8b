// vigkit's page helper: what ipywidgets' own controls leave unsaid to the keyboard and to a
// screen reader. It reads the page as it is drawn (a MutationObserver, batched to one pass
// per frame) and adds, never changes, what a person needs:
// - a fold's title (ipywidgets' Collapse header, a plain div) becomes a button in the tab
//   order, opened by Enter or Space, saying whether it is open (aria-expanded);
// - choice buttons (ToggleButtons: the 0-10 ratings, yes/no) say whether each is chosen
//   (aria-pressed) and their row is a group named by its label or the question above it;
//   the row is one stop of the tab order (at its chosen button, else its first), and the
//   arrow keys, Home and End move along it (Space or Enter chooses), as in a toolbar: a
//   helping question's two 0-10 rows were 24 presses of Tab;
// - a field with no name of its own is named by the question's prompt above it
//   (aria-labelledby);
// - a button's icon is hidden from a screen reader: Font Awesome draws it as a character
//   of its own font, which became part of the button's name ("\uf00c Save").
// Nothing here is loaded from the internet; the page works without it, only less well.
(() => {
  "use strict";
  let ids = 0;
  const idOf = (el) => el.id || (el.id = `vk-a11y-${++ids}`);

  function folds(root) {
    for (const head of root.querySelectorAll(".jupyter-widget-Collapse-header")) {
      if (!head.dataset.vkFold) {
        head.dataset.vkFold = "1";
        head.setAttribute("role", "button");
        head.tabIndex = 0;
        const icon = head.querySelector("i");
        if (icon) icon.setAttribute("aria-hidden", "true");
        head.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); head.click(); }
        });
        const contents = head.parentElement.querySelector(":scope > .jupyter-widget-Collapse-contents");
        if (contents) head.setAttribute("aria-controls", idOf(contents));
      }
      const open = head.parentElement.classList.contains("jupyter-widget-Collapse-open");
      if (head.getAttribute("aria-expanded") !== String(open)) head.setAttribute("aria-expanded", String(open));
    }
  }

  // The question above a widget: the nearest earlier sibling (of the widget or of a box it
  // sits in, two levels up at most) holding a .vk-prompt.
  function promptFor(el) {
    let node = el.closest(".jupyter-widgets") || el;
    for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
      for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        const prompt = sib.matches(".vk-prompt") ? sib : sib.querySelector(".vk-prompt");
        if (prompt) return { prompt };
        if (sib.matches("input, textarea, select, .widget-toggle-buttons, .widget-inline-hbox")) break;
      }
    }
    return null;
  }

  function choiceButtons(root) {
    for (const row of root.querySelectorAll(".widget-toggle-buttons")) {
      if (!row.hasAttribute("role")) row.setAttribute("role", "group");
      if (!row.hasAttribute("aria-label") && !row.hasAttribute("aria-labelledby")) {
        const label = row.querySelector(":scope > .widget-label");
        const text = label && label.textContent.trim();
        if (text) row.setAttribute("aria-labelledby", idOf(label));
        else {
          const found = promptFor(row);
          if (found) row.setAttribute("aria-labelledby", idOf(found.prompt));
        }
      }
      const buttons = Array.from(row.querySelectorAll("button"));
      for (const b of buttons) {
        const on = b.classList.contains("mod-active");
        if (b.getAttribute("aria-pressed") !== String(on)) b.setAttribute("aria-pressed", String(on));
      }
      // The one stop: the button with the focus while the row has it, else the chosen one.
      const stop = buttons.includes(document.activeElement) ? document.activeElement
        : buttons.find((b) => b.classList.contains("mod-active")) || buttons[0];
      for (const b of buttons) {
        const index = b === stop ? 0 : -1;
        if (b.tabIndex !== index) b.tabIndex = index;
      }
      if (!row.dataset.vkArrows) {
        row.dataset.vkArrows = "1";
        row.addEventListener("keydown", arrows);
      }
    }
  }

  const STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  function arrows(ev) {
    const row = ev.currentTarget;
    const buttons = Array.from(row.querySelectorAll("button")).filter((b) => !b.disabled);
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    let to = null;
    if (ev.key in STEPS) to = (at + STEPS[ev.key] + buttons.length) % buttons.length;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = buttons.length - 1;
    if (to === null) return;
    ev.preventDefault();
    for (const b of buttons) b.tabIndex = b === buttons[to] ? 0 : -1;
    buttons[to].focus();
  }

  function hasName(el) {
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.title) return true;
    return Array.from(el.labels || []).some((l) => l.textContent.trim() !== "");
  }

  function fieldNames(root) {
    for (const el of root.querySelectorAll("textarea, input:not([type=hidden]), select")) {
      if (el.dataset.vkNamed || hasName(el)) continue;
      el.dataset.vkNamed = "1";
      const found = promptFor(el);
      if (!found) continue;
      el.setAttribute("aria-labelledby", idOf(found.prompt));
    }
  }

  function buttonIcons(root) {
    for (const icon of root.querySelectorAll("button > i.fa:not([aria-hidden])")) {
      icon.setAttribute("aria-hidden", "true");
    }
  }

  // A table becomes cards on a phone (vigkit.css): each cell carries its column's name, and
  // the table keeps its roles, which display: block would otherwise take from it.
  function tables(root) {
    for (const table of root.querySelectorAll("table.vk-table")) {
      const names = Array.from(table.querySelectorAll(":scope > thead th")).map((th) => th.textContent.trim());
      if (!names.length || table.dataset.vkCards === String(table.rows.length)) continue;
      table.dataset.vkCards = String(table.rows.length);
      table.setAttribute("role", "table");
      for (const part of table.querySelectorAll(":scope > thead, :scope > tbody")) part.setAttribute("role", "rowgroup");
      for (const row of table.rows) {
        row.setAttribute("role", "row");
        Array.from(row.cells).forEach((cell, i) => {
          if (cell.tagName === "TH") cell.setAttribute("role", cell.scope === "row" ? "rowheader" : "columnheader");
          else {
            cell.setAttribute("role", "cell");
            if (names[i]) cell.dataset.label = names[i];
          }
        });
      }
    }
  }

  let queued = false;
  function pass() {
    queued = false;
    folds(document);
    choiceButtons(document);
    fieldNames(document);
    buttonIcons(document);
    tables(document);
  }
  function soon() {
    if (!queued) { queued = true; requestAnimationFrame(pass); }
  }
  function start() {
    new MutationObserver(soon).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["class"],
    });
    soon();
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
