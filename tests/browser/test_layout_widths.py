"""Layouts for a laptop, a tablet and a phone: at 1280, 768 and 390 px wide no page runs off
the right edge, and no control or label is cut. A screenshot of each is kept to look at."""

from __future__ import annotations

import pytest

from .conftest import Server, shot

WIDTHS = (1280, 768, 390)
PAGES = {
    "home": "voila/render/home.ipynb",
    "case": "voila/render/case.ipynb?case=F017",
    "reflection": "voila/render/reflection.ipynb?model=shared_review&case=F017&cycle=1",
    "microanalysis": "voila/render/microanalysis.ipynb?case=F017&film=1",
    "group": "voila/render/group.ipynb?group=G001",
    "supervision": "voila/render/supervision.ipynb?trainee=demo-guider",
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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_runs_off_the_right_edge(served: Server, page, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served.url + PAGES[name])
    page.wait_for_selector(".vk-page", timeout=90_000)
    page.wait_for_load_state("networkidle")
    for fold in page.locator(".jupyter-widget-Collapse-header").all()[:4]:
        fold.click()  # open the folds, so what is inside them is measured too
    page.wait_for_timeout(1500)
    found = page.evaluate(OVERFLOW)
    shot(page, f"width-{width}-{name}")
    assert 0 == found["page"] and [] == found["elements"], found
    assert [] == page.evaluate(CUT)
