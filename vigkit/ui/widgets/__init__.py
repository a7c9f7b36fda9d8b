"""vigkit's own widgets (anywidgets: JavaScript and CSS kept as strings, no build step)."""

from __future__ import annotations

from vigkit.ui.widgets.clip_marker import HELP_LINE, RATES, ClipMarker

__all__ = ["ClipMarker", "HELP_LINE", "RATES"]
