"""Which renditions a source gets: the ladder, never upscaled, in the order they are encoded.

Rungs are named by their short side so portrait and landscape clips share one ladder. A rung
exists only when the source is at least that big (within `UPSCALE_TOLERANCE`, and then at the
source's own size); a source smaller than the lowest rung gets one rung at its own size. The
lowest rung comes first: it is what makes a video playable (and moderatable) early.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend_constant.ffmpeg.command import even, fit_down
from backend_constant.ffmpeg.probe import MediaInfo

#: The fallback/download MP4 is remuxed from the highest rung at most this tall (short side).
MP4_MAX_SHORT_SIDE = 720
#: A source this much below a rung's size still gets that rung, at the source's own size.
UPSCALE_TOLERANCE = 0.05


@dataclass(frozen=True)
class Rung:
    """One step of the ladder and how it is encoded.

    x264 settings were chosen with `testing/bench/transcode.py` (1080x1920, 2 cores): capped
    CRF 23 keeps SSIM >= 0.98 per rung on the test pattern and on a mandelbrot zoom while the
    cap bounds the bandwidth. The 720p and 1080p rungs dominate the CPU time, so they use
    `superfast` (ladder CPU on a 10 s clip: 18.5 s with 720p veryfast, 17.4 s superfast); the
    cheap 360p rung, which many phones play first, keeps `veryfast`. Threads stay at x264's
    default (all cores): the rungs run one after another, each using the whole machine.
    """

    name: str
    short_side: int
    video_kbps: int  # the cap (maxrate); the typical rate is lower
    audio_kbps: int
    crf: int = 23
    preset: str = "veryfast"


LADDER: tuple[Rung, ...] = (
    Rung("360p", 360, 900, 96, crf=23, preset="veryfast"),
    Rung("720p", 720, 2800, 128, crf=23, preset="superfast"),
    Rung("1080p", 1080, 5000, 160, crf=23, preset="superfast"),
)


@dataclass(frozen=True)
class PlannedRung:
    rung: Rung
    width: int
    height: int

    @property
    def name(self) -> str:
        return self.rung.name

    @property
    def playlist(self) -> str:
        return f"{self.rung.name}/index.m3u8"

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True)
class TranscodePlan:
    rungs: tuple[PlannedRung, ...]  # lowest first: the encode and publish order
    has_audio: bool

    @property
    def mp4_rung(self) -> PlannedRung:
        """The rung the download MP4 is remuxed from: the highest at most 720p."""
        fitting = [r for r in self.rungs if r.short_side <= MP4_MAX_SHORT_SIDE]
        return fitting[-1] if fitting else self.rungs[0]

    @property
    def mp4_size(self) -> tuple[int, int]:
        return self.mp4_rung.width, self.mp4_rung.height

    def named(self, names: set[str] | list[str]) -> tuple[PlannedRung, ...]:
        return tuple(r for r in self.rungs if r.name in names)


def rung_size(width: int, height: int, short_side: int) -> tuple[int, int]:
    """The rung's frame size: scaled down to `short_side`, never up (even dimensions)."""
    return fit_down(width, height, short_side)


def plan(info: MediaInfo) -> TranscodePlan:
    assert info.video is not None
    width, height = info.video.display_size
    short = min(width, height)
    rungs = [
        PlannedRung(r, *rung_size(width, height, r.short_side))
        for r in LADDER
        if short >= r.short_side * (1 - UPSCALE_TOLERANCE)
    ]
    if not rungs:
        lowest = LADDER[0]
        size = rung_size(width, height, short)
        own_short = min(size)
        scale = (size[0] * size[1]) / (lowest.short_side * lowest.short_side * 16 / 9)
        rungs = [
            PlannedRung(
                Rung(
                    f"{even(own_short)}p",
                    own_short,
                    max(200, int(lowest.video_kbps * scale)),
                    lowest.audio_kbps,
                    lowest.crf,
                    lowest.preset,
                ),
                *size,
            )
        ]
    return TranscodePlan(tuple(rungs), info.audio is not None)
