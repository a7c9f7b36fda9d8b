"""The pseudo-language ``qps``: every text becomes a bracketed, accented copy a third longer,
so a page shown in it proves which of its words go through the interface's languages.

Used by the interface's words (:mod:`vigkit.i18n.interface`) and by templates' texts
(:mod:`vigkit.templates.languages`).
"""

from __future__ import annotations

import re

__all__ = ["PSEUDO", "pseudo"]

PSEUDO = "qps"

_ACCENTS = str.maketrans("aceinoustuyACEINOSUYgdhjklrwz", "àçéîñöûšţûýÀÇÉÎÑÖŠÛÝĝđĥĵķĺŕŵž")


def pseudo(text: str) -> str:
    """The pseudo-language form of ``text``: accented, bracketed and a third longer."""
    padding = "~" * max(1, len(text) // 3)
    parts = re.split(r"(\{[^{}]*\})", text)  # {names} to fill in stay as they are
    shown = "".join(p if p.startswith("{") else p.translate(_ACCENTS) for p in parts)
    return f"[{shown} {padding}]"
