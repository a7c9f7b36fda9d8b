"""Hiding a face for good: pixelated and blurred into the pixels. Pure numpy, no disk.

A hidden face is painted over in the frame itself before it is encoded, never laid over it
in the browser, so nothing a viewer can do brings it back. The whole box is hidden, with a
margin (a quarter of its size on each side, by default) for hair, ears and a detector's
loose fit, clipped to the picture: its pixels are averaged into large cells (about
:data:`CELLS` across the face: what a face's features measure is gone) and the cells are
then blurred together (each cell's colour fades linearly into its neighbours'), so no edge
of a cell is left to read a shape from.

:func:`hide_boxes` hides boxes in one frame; :func:`hide_scaled` hides boxes given in the
film's own pixels (as :mod:`vigkit.media.facetracks` gives them) in a rendering's frame,
which may be smaller (:func:`vigkit.media.reviewclips.cut_clip`'s ``hide``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from vigkit.core.errors import MediaError
from vigkit.media.faces import Box

__all__ = [
    "BoxOutsidePicture",
    "CELLS",
    "MARGIN",
    "check_box",
    "hide_boxes",
    "hide_scaled",
    "scaled",
]

#: Around each side of a face box, as a share of its width (sides) and height (top, bottom).
MARGIN = 0.25
#: About how many cells of colour a hidden face (its box, without the margin) is across.
CELLS = 5


class BoxOutsidePicture(MediaError):
    """A face box that does not lie inside the picture (moved or drawn outside it)."""

    def __init__(self, box: Box, width: int, height: int) -> None:
        super().__init__(
            key="error.face.outside_picture",
            x=box.x,
            y=box.y,
            w=box.w,
            h=box.h,
            width=width,
            height=height,
        )
        self.box = box


def check_box(box: Box, width: int, height: int) -> Box:
    """``box`` unchanged if it lies inside a ``width`` × ``height`` picture and is not empty;
    else :class:`BoxOutsidePicture` in plain words."""
    inside = 0 <= box.x and 0 <= box.y and box.right <= width and box.bottom <= height
    if not inside or box.w <= 0 or box.h <= 0:
        raise BoxOutsidePicture(box, width, height)
    return box


def scaled(box: Box, sx: float, sy: float) -> Box:
    """``box`` in a picture scaled by ``sx`` across and ``sy`` down (a rendering is at most
    1280 pixels wide, the film may be larger)."""
    return replace(
        box,
        x=int(box.x * sx),
        y=int(box.y * sy),
        w=max(1, int(np.ceil((box.x + box.w) * sx)) - int(box.x * sx)),
        h=max(1, int(np.ceil((box.y + box.h) * sy)) - int(box.y * sy)),
    )


def _area(box: Box, width: int, height: int, margin: float) -> tuple[int, int, int, int]:
    dx, dy = margin * box.w, margin * box.h
    left = max(0, int(np.floor(box.x - dx)))
    top = max(0, int(np.floor(box.y - dy)))
    right = min(width, int(np.ceil(box.right + dx)))
    bottom = min(height, int(np.ceil(box.bottom + dy)))
    return left, top, right, bottom


def _cell_means(patch: np.ndarray, cell: int) -> np.ndarray:
    """The mean colour of each ``cell`` × ``cell`` square of ``patch`` (pixelation)."""
    h, w = patch.shape[:2]
    rows, cols = np.arange(0, h, cell), np.arange(0, w, cell)
    sums: np.ndarray = np.add.reduceat(
        np.add.reduceat(patch.astype(np.float32), rows, axis=0), cols, axis=1
    )
    counts = np.outer(np.diff(np.append(rows, h)), np.diff(np.append(cols, w)))
    means: np.ndarray = sums / counts[..., None]
    return means


def _spread(size: int, cells: int, cell: int) -> np.ndarray:
    """A ``size`` × ``cells`` matrix that spreads each cell's value linearly towards its
    neighbours' (each cell's value at its centre)."""
    centres = np.minimum(np.arange(cells) * cell + cell / 2, size - 0.5)
    where = np.arange(size) + 0.5
    right = np.clip(np.searchsorted(centres, where), 1, max(1, cells - 1))
    left = right - 1
    if cells == 1:
        return np.ones((size, 1), np.float32)
    span = centres[right] - centres[left]
    share = np.clip((where - centres[left]) / span, 0.0, 1.0)
    matrix = np.zeros((size, cells), np.float32)
    matrix[np.arange(size), left] = 1 - share
    matrix[np.arange(size), right] += share
    return matrix


def _pixelated_and_blurred(patch: np.ndarray, cell: int) -> np.ndarray:
    """``patch`` pixelated into cells, and the cells blurred into each other (each cell's
    colour fades linearly into its neighbours': no edge of a cell is left)."""
    means = _cell_means(patch, cell)
    down = _spread(patch.shape[0], means.shape[0], cell)
    across = _spread(patch.shape[1], means.shape[1], cell)
    out: np.ndarray = np.einsum("hr,rcz,wc->hwz", down, means, across, optimize=True)
    return out


def hide_boxes(
    frame: np.ndarray, boxes: Sequence[Box], *, margin: float = MARGIN, check: bool = True
) -> np.ndarray:
    """A copy of ``frame`` (H × W × 3, uint8) with every box hidden, margins clipped to the
    picture. With ``check`` a box outside the picture is refused (:class:`BoxOutsidePicture`);
    without it (boxes carried by tracking) such a box is hidden as far as it lies inside."""
    height, width = frame.shape[:2]
    out = frame.copy()
    for box in boxes:
        if check:
            check_box(box, width, height)
        left, top, right, bottom = _area(box, width, height, margin)
        if right - left < 1 or bottom - top < 1:
            continue
        cell = max(2, round(max(box.w, box.h) / CELLS))
        patch = _pixelated_and_blurred(out[top:bottom, left:right], cell)
        out[top:bottom, left:right] = np.clip(np.rint(patch), 0, 255).astype(np.uint8)
    return out


def hide_scaled(
    frame: np.ndarray,
    boxes: Sequence[Box],
    source_size: tuple[int, int],
    *,
    margin: float = MARGIN,
) -> np.ndarray:
    """``frame`` (a rendering's, of any size) with ``boxes`` hidden, boxes given in the film's
    own pixels (``source_size``: width × height) and scaled to the frame. Carried boxes are
    clipped, not refused: a rendering never stops half-way."""
    src_w, src_h = source_size
    sx, sy = frame.shape[1] / src_w, frame.shape[0] / src_h
    if (sx, sy) != (1.0, 1.0):
        boxes = [scaled(box, sx, sy) for box in boxes]
    return hide_boxes(frame, boxes, margin=margin, check=False)
