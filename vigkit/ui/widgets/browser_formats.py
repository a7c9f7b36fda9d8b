"""What video formats the page's browser plays, asked of the browser itself.

An anywidget with nothing to show: when the page renders, it asks the browser's
``canPlayType`` about each codec vigkit's probe names and sends the answers back as
``plays`` (``{"h264": true, "hevc": false, …}``). The film register uses them to decide
whether a film needs a playback copy (:func:`vigkit.media.filmcheck.playback_need`); before
the browser has answered, ``plays`` is empty and only what every browser plays counts.
"""

from __future__ import annotations

import anywidget
import traitlets as tl

from vigkit.ui.widgets.common import CODEC_TYPES_JS

__all__ = ["BrowserFormats"]

_ESM = (
    CODEC_TYPES_JS
    + r"""
function render({ model, el }) {
  const video = document.createElement("video");
  const plays = {};
  for (const [codec, type] of Object.entries(CODEC_TYPES)) {
    plays[codec] = video.canPlayType(type) !== "";  // "probably" or "maybe"
  }
  model.set("plays", plays);
  model.save_changes();
  el.hidden = true;
}
export default { render };
"""
)


class BrowserFormats(anywidget.AnyWidget):
    """The page's browser's answer: which codecs it plays (empty until it has answered)."""

    _esm = _ESM
    plays = tl.Dict().tag(sync=True)

    def answers(self) -> dict[str, bool]:
        """The browser's answers, booleans only (whatever the page sent)."""
        return {str(k): v for k, v in dict(self.plays).items() if isinstance(v, bool)}
