"""Documents vigkit writes for people outside the workbook, such as the family's record of strengths."""

from __future__ import annotations

from vigkit.documents.strengths import (
    StrengthsRecord,
    gather,
    make_stills,
    render_docx,
    render_html,
    write_record_of_strengths,
)

__all__ = [
    "StrengthsRecord",
    "gather",
    "make_stills",
    "render_docx",
    "render_html",
    "write_record_of_strengths",
]
