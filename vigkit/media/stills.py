"""Stills: the frame nearest a moment of a film, written as a PNG or JPEG.

The frame is found by seeking (never by reading the film from the start) and the still is
written to a temporary file and renamed, so a failure never leaves half an image.
"""

from __future__ import annotations

from pathlib import Path

import av
import av.error
import numpy as np
from PIL import Image

from vigkit.media.footage import write_whole
from vigkit.media.hiding import hide_scaled
from vigkit.media.opening import (
    AV_ERRORS,
    PathLike,
    clock_text,
    damaged_error,
    media_error,
    open_film,
    stream_start_s,
    unsupported_error,
)
from vigkit.media.reviewclips import Hide

__all__ = ["still_at"]

_STILL_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def still_at(
    path: PathLike,
    t_seconds: float,
    out_path: PathLike,
    *,
    width: int | None = None,
    hide: Hide | None = None,
) -> Path:
    """Write the frame nearest ``t_seconds`` into the film as a PNG or JPEG (by extension).

    ``width`` scales the still (keeping its shape). The still is turned the way the film
    is shown when the film carries rotation metadata. ``hide`` gives the face boxes (in the
    film's own pixels) to hide in the frame, pixelated and blurred into its pixels.
    """
    path = Path(path).expanduser().absolute()
    out_path = Path(out_path)
    image_format = _STILL_FORMATS.get(out_path.suffix.lower())
    if image_format is None:
        raise ValueError(f"still_at writes .png, .jpg or .jpeg files, not {out_path.name!r}")
    if width is not None and width <= 0:
        raise ValueError("width must be a positive number of pixels")

    with open_film(path) as (container, vs, duration):
        codec = vs.codec_context.name
        if not 0 <= t_seconds <= duration:
            raise media_error(
                "error.media.no_moment",
                path,
                length=clock_text(duration),
                time=clock_text(t_seconds),
            )
        frame = _frame_nearest(container, vs, path, codec, stream_start_s(vs) + t_seconds)
        image = frame.to_image()  # type: ignore[no-untyped-call]
        boxes = list(hide(t_seconds)) if hide is not None else []
        if boxes:
            size = (int(frame.width), int(frame.height))
            image = Image.fromarray(hide_scaled(np.asarray(image.convert("RGB")), boxes, size))
        rotation = int(round(frame.rotation or 0))

    if rotation % 360:
        image = image.rotate(rotation, expand=True)
    if width is not None and width != image.width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return _save_image(image, out_path, image_format)


def _frame_nearest(
    container: av.container.InputContainer,
    vs: av.VideoStream,
    path: Path,
    codec: str,
    target: float,
) -> av.VideoFrame:
    tb = vs.time_base
    previous = None
    try:
        container.seek(int(target / tb) if tb else 0, stream=vs, backward=True)
        for frame in container.decode(vs):
            ft = frame.time
            if ft is None:
                previous = frame
                continue
            if ft >= target:
                if previous is not None and previous.time is not None:
                    if target - previous.time < ft - target:
                        return previous
                return frame
            previous = frame
    except av.error.DecoderNotFoundError as exc:
        raise unsupported_error(path, codec) from exc
    except AV_ERRORS as exc:
        raise damaged_error(path) from exc
    if previous is None:
        raise damaged_error(path)
    return previous  # t is past the last frame but inside the film: the last frame is nearest


def _save_image(image: Image.Image, out_path: Path, image_format: str) -> Path:
    if image_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    with write_whole(out_path) as tmp:
        if image_format == "JPEG":
            image.save(tmp, format="JPEG", quality=90)
        else:
            image.save(tmp, format="PNG")
    return out_path
