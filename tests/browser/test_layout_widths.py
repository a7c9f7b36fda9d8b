"""Layouts for a laptop, a tablet and a phone: at 1280, 768 and 390 px wide, and a laptop
at 200 % zoom (1280 px of screen, 640 of page), no page runs off the right edge, and no
control or label is cut. Each page is loaded once and its window resized through the widths
(as a tablet turned on its side would be). A screenshot of each is kept to look at."""

from __future__ import annotations

import json

import pytest

from .conftest import Server, shot

# Page pixels wide, and the zoom they stand for (200 %: a 1280 px laptop zoomed in).
WIDTHS = ((1280, 100), (768, 100), (640, 200), (390, 100))
PAGES = {
    "home": "voila/render/home.ipynb",
    "case": "voila/render/case.ipynb?case=F017",
    "reflection": "voila/render/reflection.ipynb?model=shared_review&case=F017&cycle=1",
    "microanalysis": "voila/render/microanalysis.ipynb?case=F017&film=1",
    "group": "voila/render/group.ipynb?group=G001",
    "supervision": "voila/render/supervision.ipynb?trainee=demo-guider",
    "groupsession": "voila/render/groupsession.ipynb",
    "preview": "voila/render/preview.ipynb?model=reflection_what",
    "people": "voila/render/people.ipynb",
    "audit": "voila/render/audit.ipynb",
    "report": "voila/render/report.ipynb",
}
# Every visible element cut at its right edge, or that makes a box scroll sideways: it ends
# past the window, or past a box it sits in that hides or scrolls what overflows (ipywidgets'
# boxes do both). Only a box vigkit means to scroll sideways (.vk-scroll) may.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const meant = (el) => {  // a scroller on purpose, or hidden to the eye for screen readers
    if (el.closest('.vk-scroll')) return true;
    for (let p = el; p; p = p.parentElement) {
      const c = getComputedStyle(p);
      if (c.position === 'absolute' && c.clip !== 'auto') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || meant(el)) continue;
    const cs = getComputedStyle(el);
    const boxed = ['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX);
    const spills = boxed && el.scrollWidth > el.clientWidth + 1;  // its content runs over
    if (r.right <= width + 1 && !spills) continue;
    const text = (el.innerText || el.value || '').trim().slice(0, 30);
    out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 50)} "${text}"`
      + ` right=${Math.round(r.right)} scroll=${el.scrollWidth} client=${el.clientWidth}`);
  }
  return {page: document.documentElement.scrollWidth - width, elements: out.slice(0, 8)};
}"""
# Labels cut with an ellipsis: their text is wider than the room they were given.
CUT = """() => [...document.querySelectorAll('#rendered_cells .widget-label, #rendered_cells label')]
  .filter(l => l.offsetWidth > 0 && l.scrollWidth > l.clientWidth + 1)
  .map(l => l.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_runs_off_the_right_edge(served: Server, page, name: str) -> None:
    page.set_viewport_size({"width": WIDTHS[0][0], "height": 900})
    page.goto(served.url + PAGES[name])
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.wait_for_load_state("networkidle")
    # Open the first folds, so what is inside them is measured too: their names are read
    # first, as opening one shows the folds inside it.
    closed = page.get_by_role("button", expanded=False, include_hidden=True)
    names = [fold.inner_text().strip() for fold in closed.all()[:4]]
    for title in names:
        page.get_by_role("button", name=title, exact=True).click()
    page.wait_for_timeout(1500)
    problems = {}
    for width, zoom in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)  # the layout settles (widgets measure themselves on resize)
        found = page.evaluate(OVERFLOW)
        cut = page.evaluate(CUT)
        shot(page, f"width-{width}-{name}")
        if found["page"] or found["elements"] or cut:
            problems[f"{width} px ({zoom} %)"] = {**found, "cut": cut}
    assert not problems, json.dumps(problems, indent=1)
