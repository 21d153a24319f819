"""Container allow-list, decided from the file's bytes and never from its name.

Sniffing first lets us force the demuxer, so ffmpeg's own probing never gets the chance to pick
a playlist-style demuxer (hls, concat, ffconcat) that would follow references inside the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend_constant.ffmpeg.errors import MediaRejected

# ISO BMFF top-level boxes that can start an MP4/MOV file.
_MP4_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


@dataclass(frozen=True)
class Container:
    kind: str  # what we tell people: mp4 | webm-mkv | avi
    demuxer: str  # the ffmpeg/PyAV demuxer we force for it
    #: PyAV reports these format names for the forced demuxer; anything else is refused.
    pyav_names: tuple[str, ...]


MP4 = Container("mp4/mov", "mov", ("mov", "mov,mp4,m4a,3gp,3g2,mj2"))
MATROSKA = Container("webm/mkv", "matroska", ("matroska", "matroska,webm"))
AVI = Container("avi", "avi", ("avi",))

#: How much of the start of a file `sniff_head` needs.
HEAD_BYTES = 64

_STILL_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"BM", b"II*\x00", b"MM\x00*")


def sniff(path: Path) -> Container:
    """The allowed container this file is, or a MediaRejected saying what it is instead."""
    with path.open("rb") as fh:
        return sniff_head(fh.read(HEAD_BYTES))


def sniff_head(head: bytes) -> Container:
    """Like `sniff`, from the first HEAD_BYTES of a file (the gateway checks uploads with this)."""
    if not head:
        raise MediaRejected("empty_file", "The uploaded file is empty (0 bytes).")
    if len(head) >= 8 and head[4:8] in _MP4_BOXES:
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return MATROSKA
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return AVI
    if (head.startswith(b"RIFF") and head[8:12] == b"WEBP") or head.startswith(_STILL_IMAGE_MAGIC):
        raise MediaRejected("still_image", "This is a still image, not a video. Upload a video clip.")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"#EXTM3U", b"ffconcat", b"file ", b"[playlist]", b"<?xml", b"<")):
        raise MediaRejected(
            "unsupported_container",
            "Playlists and manifests are not accepted. "
            "Upload the video file itself (MP4, MOV, WebM, MKV or AVI).",
        )
    what = "a GIF animation" if head.startswith((b"GIF87a", b"GIF89a")) else "not a supported video container"
    raise MediaRejected(
        "unsupported_container",
        f"The file is {what}. Accepted formats are MP4, MOV, WebM, MKV and AVI.",
    )
