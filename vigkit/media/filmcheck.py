"""What vigkit makes of a film file, in plain words: ``vigkit films check`` (:mod:`vigkit.cli.films`).

Each film gets one of three verdicts: it **plays** as it is in every common browser (H.264
pictures, AAC or MP3 sound or none, in an MP4, MOV or M4V file); it **needs a playback copy**
(vigkit can read it, but some browsers cannot show it: HEVC from an iPhone, VP9 in a WebM, a
camera's uncompressed sound…); or it is **unusable** (vigkit cannot read it: the reason is the
:class:`MediaError`'s plain words). The command line cannot know which browser will show the
film, so only what plays everywhere "plays".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vigkit.core.errors import MediaError
from vigkit.media.films import VideoInfo, probe
from vigkit.media.opening import PathLike, open_input

__all__ = [
    "FILM_SUFFIXES",
    "FilmVerdict",
    "Verdict",
    "check_film",
    "check_paths",
    "film_facts",
    "playback_need",
]

Verdict = Literal["plays", "needs_copy", "unusable"]

#: The files a folder is searched for (a file named on its own is checked whatever its name).
FILM_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".3gp"})

#: The files vigkit serves to a browser as they are (see vigkit.server.mediaroute).
_PLAYABLE_SUFFIXES = frozenset({".mp4", ".mov", ".m4v"})
_PLAYABLE_AUDIO = frozenset({"aac", "mp3", "mp3float"})
_PLAYABLE_PIXELS = frozenset({"yuv420p", "yuvj420p"})

#: Video formats in plain words: what they are and who cannot show them.
_VIDEO_WORDS = {
    "hevc": "HEVC (H.265), as iPhones record: Firefox and many Chromium builds cannot show it",
    "vp9": "VP9: Safari on older iPhones, iPads and Macs cannot show it",
    "vp8": "VP8: Safari on older iPhones, iPads and Macs cannot show it",
    "av1": "AV1: Safari on most iPhones, iPads and Macs, and older browsers, cannot show it",
    "prores": "Apple ProRes, an editing format: no web browser shows it",
    "mpeg4": "MPEG-4 Part 2, as older cameras record: web browsers do not show it",
    "mpeg2video": "MPEG-2, as DVDs and older camcorders record: web browsers do not show it",
    "h263": "H.263, as older phones record: web browsers do not show it",
    "mjpeg": "Motion JPEG, as some cameras record: web browsers do not show it as a film",
    "dvvideo": "DV, as tape camcorders record: web browsers do not show it",
    "wmv3": "Windows Media Video: web browsers do not show it",
}

#: Sound formats in plain words.
_AUDIO_WORDS = {
    "opus": "Opus",
    "vorbis": "Vorbis",
    "ac3": "Dolby Digital (AC-3)",
    "eac3": "Dolby Digital Plus",
    "amr_nb": "AMR, as older phones record",
    "amr_wb": "AMR, as older phones record",
    "flac": "FLAC",
    "alac": "Apple Lossless",
}

_COPY_NOTE = (
    "vigkit makes an H.264 (MP4) playback copy of it when it is registered, if the "
    "browser registering it cannot show it"
)


@dataclass(frozen=True)
class FilmVerdict:
    """What vigkit makes of one file: ``verdict``, a plain-words ``reason`` (one sentence),
    and the film's facts (``info``) when vigkit could read it."""

    path: Path
    verdict: Verdict
    reason: str
    info: VideoInfo | None = None

    @property
    def usable(self) -> bool:
        return self.verdict != "unusable"


def check_film(path: PathLike) -> FilmVerdict:
    """The verdict on one file. Never raises for a file that is missing, odd or damaged."""
    path = Path(path)
    try:
        info = probe(path)
        video, pixels, audio, family = _formats(info.path)
    except MediaError as err:
        return FilmVerdict(path, "unusable", _sentence(str(err)))
    problem = _why_not_everywhere(path.suffix.lower(), family, video, pixels, audio)
    if problem is None:
        reason = (
            f"{_video_name(video)}{_audio_phrase(audio)} in {_file_kind(path.suffix)}: "
            "it plays as it is in every common browser."
        )
        return FilmVerdict(path, "plays", reason, info)
    return FilmVerdict(path, "needs_copy", _sentence(f"{problem}; {_COPY_NOTE}"), info)


def playback_need(path: PathLike, browser_plays: Mapping[str, bool] | None = None) -> str | None:
    """Why the film needs a playback copy for this browser, or None when it plays as it is.

    ``browser_plays`` is the browser's own answer (its ``canPlayType``) by codec name, as
    :class:`vigkit.ui.widgets.browser_formats.BrowserFormats` reports it: a browser that
    says it plays HEVC (Safari, Edge with the HEVC extension) shows an iPhone's 8-bit HEVC
    film as it is. Without an answer, only what plays in every common browser plays. A film
    vigkit cannot read at all raises the MediaError that says why.
    """
    path = Path(path)
    video, pixels, audio, family = _formats(probe(path).path)
    problem = _why_not_everywhere(path.suffix.lower(), family, video, pixels, audio)
    if problem is None:
        return None
    sound_plays = audio is None or audio in _PLAYABLE_AUDIO
    in_mp4 = path.suffix.lower() in _PLAYABLE_SUFFIXES and "mp4" in family.split(",")
    if (
        browser_plays
        and browser_plays.get(video)
        and pixels in _PLAYABLE_PIXELS
        and sound_plays
        and in_mp4
    ):
        return None  # only its pictures' format is unusual, and this browser shows it
    return _sentence(problem)


def check_paths(paths: Iterable[PathLike]) -> list[FilmVerdict]:
    """The verdicts on files and on the films in folders (searched through, by their names'
    endings, skipping hidden files such as the ``._`` copies a Mac leaves on a USB stick)."""
    verdicts: list[FilmVerdict] = []
    for named in paths:
        path = Path(named)
        if path.is_dir():
            verdicts.extend(check_film(film) for film in _films_in(path))
        else:
            verdicts.append(check_film(path))
    return verdicts


def film_facts(info: VideoInfo) -> str:
    """A film's facts a practitioner cares about: ``"2:03, portrait 1080x1920, 45 MB"``."""
    facts = [
        _length(info.duration_s),
        f"{'portrait' if info.is_portrait else 'landscape'} {info.width}x{info.height}",
    ]
    if info.variable_frame_rate:
        facts.append("variable frame rate")
    if not info.has_audio:
        facts.append("no sound")
    facts.append(_size(info.size_bytes))
    return ", ".join(facts)


def _films_in(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in FILM_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def _formats(path: Path) -> tuple[str, str, str | None, str]:
    """(video codec, pixel format, sound codec or None, container family) of a readable film."""
    with open_input(path) as container:
        vctx = container.streams.video[0].codec_context
        audio = None
        if container.streams.audio:
            actx = container.streams.audio[0].codec_context
            audio = (actx.name if actx is not None else None) or "unknown"
        return vctx.name, vctx.pix_fmt or "", audio, container.format.name or ""


def _why_not_everywhere(
    suffix: str, family: str, video: str, pixels: str, audio: str | None
) -> str | None:
    """Why some common browser cannot show the film as it is (None when every one can)."""
    if video != "h264":
        return _VIDEO_WORDS.get(video, f"its video format ({video}) is not one web browsers show")
    if pixels not in _PLAYABLE_PIXELS:
        return (
            f"H.264 in high-quality colour ({pixels}), as some cameras record: "
            "web browsers do not show it"
        )
    if audio is not None and audio not in _PLAYABLE_AUDIO:
        if audio.startswith("pcm_"):
            words = "uncompressed (PCM), as many cameras record"
        else:
            words = _AUDIO_WORDS.get(audio, audio)
        return f"its sound is {words}, which browsers do not all play in {_file_kind(suffix)}"
    if suffix not in _PLAYABLE_SUFFIXES or "mp4" not in family.split(","):
        return f"H.264 in {_file_kind(suffix)}: browsers show H.264 only in an MP4 or MOV file"
    return None


def _video_name(codec: str) -> str:
    return "H.264" if codec == "h264" else codec


def _audio_phrase(audio: str | None) -> str:
    if audio is None:
        return " with no sound"
    return " with " + ("MP3" if audio.startswith("mp3") else "AAC") + " sound"


def _file_kind(suffix: str) -> str:
    ending = suffix.lower().lstrip(".")
    if not ending:
        return "a file with no name ending"
    return _FILE_KINDS.get(ending, f"a .{ending} file")


_FILE_KINDS = {
    "mp4": "an MP4 file",
    "m4v": "an M4V file",
    "mov": "a MOV file",
    "webm": "a WebM file",
    "mkv": "a Matroska (.mkv) file",
    "avi": "an AVI file",
    "3gp": "a 3GP file",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _length(seconds: float) -> str:
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1_000_000_000:.2f} GB"
