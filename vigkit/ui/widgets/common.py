"""What vigkit's anywidget players share: their words in the page's language, and the
JavaScript helpers both ES modules start with (:data:`COMMON_JS`)."""

from __future__ import annotations

import json
from string import Formatter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigkit.i18n.interface import Interface

__all__ = ["CODEC_TYPES_JS", "english_by_short_key", "words_for", "es_module"]


def english_by_short_key(words: dict[str, str], prefix: str) -> dict[str, str]:
    """A widget's English words by their short key (``play``), from a part's ``WORDS``."""
    return {k.removeprefix(prefix): v for k, v in words.items() if k.startswith(prefix)}


def words_for(prefix: str, english: dict[str, str], ui: Interface | None = None) -> dict[str, str]:
    """A widget's words in ``ui``'s language, their ``{names}`` left for the browser."""
    from vigkit.i18n.interface import Interface

    ui = ui or Interface()
    return {
        short: ui.say(
            prefix + short,
            **{name: "{" + name + "}" for _, name, _, _ in Formatter().parse(text) if name},
        )
        for short, text in english.items()
    }


# baseUrl/resolve: media URLs under Voilà's base URL; h: an element with text (never HTML);
# wordsOf: the model's words with {names} filled in, English where the page gives none.
COMMON_JS = r"""
function baseUrl() {
  const node = document.getElementById("jupyter-config-data");
  if (!node) return "/";
  try { return JSON.parse(node.textContent).baseUrl || "/"; } catch (e) { return "/"; }
}
function resolve(src) {
  if (!src) return "";
  const base = baseUrl();
  if (src.startsWith("/") && base !== "/") return base.replace(/\/$/, "") + src;
  return src;
}
function h(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}
function wordsOf(model) {
  return (key, values = {}) => {
    const given = model.get("words") || {};
    const text = typeof given[key] === "string" ? given[key] : (ENGLISH[key] ?? key);
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
  };
}
"""


# What the browser's canPlayType is asked for each codec probe() names (a common profile of
# each): the clip marker and the browser-formats probe ask the same.
CODEC_TYPES_JS = r"""
const CODEC_TYPES = {
  hevc: 'video/mp4; codecs="hvc1.1.6.L93.B0"',
  h264: 'video/mp4; codecs="avc1.42E01E"',
  av1: 'video/mp4; codecs="av01.0.04M.08"',
  vp9: 'video/mp4; codecs="vp09.00.10.08"',
  prores: 'video/quicktime; codecs="apcn"',
};
"""


def es_module(body: str, english: dict[str, str]) -> str:
    """A widget's ES module: its English words, the shared helpers, then ``body``."""
    words = json.dumps(english, ensure_ascii=False, sort_keys=True)
    return f"// The widget's words in English, for any the page does not give.\nconst ENGLISH = {words};\n{COMMON_JS}\n{body}"
