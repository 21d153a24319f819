"""Encode rungs as fMP4 (CMAF) HLS, remux the download MP4 from one, write the master playlist.

Each rung is encoded exactly once: its fMP4 segments serve HLS (and DASH later), and the
`+faststart` MP4 is a stream copy of a rung, not a second encode. Keyframes are forced every
segment length so every rung switches cleanly at segment boundaries. Every URI written into a
playlist is relative (segments, the EXT-X-MAP init segment, the variants), so playlists work
under whatever prefix or signed path the media is served from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import ffmpeg

from backend_constant.ffmpeg.command import compile_args, safe_input
from backend_constant.ffmpeg.formats import MP4, Container
from backend_constant.ffmpeg.ladder import PlannedRung
from backend_constant.ffmpeg.runner import Limits, run_ffmpeg

MASTER_PLAYLIST = "master.m3u8"
MP4_NAME = "video.mp4"
VARIANT_PLAYLIST = "index.m3u8"
INIT_SEGMENT = "init.mp4"
SEGMENT_PATTERN = "seg_%03d.m4s"


def _x264(planned: PlannedRung) -> dict[str, object]:
    """Capped CRF: constant quality, with a VBV cap so a rung never exceeds its bandwidth."""
    rung = planned.rung
    return {
        "c:v": "libx264",
        "profile:v": "high",
        "preset": rung.preset,
        "crf": rung.crf,
        "maxrate": f"{rung.video_kbps}k",
        "bufsize": f"{rung.video_kbps * 2}k",
        "sc_threshold": 0,
    }


def build_args(
    src: Path,
    container: Container,
    out_dir: Path,
    rungs: Sequence[PlannedRung],
    has_audio: bool,
    segment_s: int,
) -> list[str]:
    """One ffmpeg run that decodes the source once and writes one fMP4 HLS rung per entry."""
    source = safe_input(src, container)
    parts = source.video.filter_multi_output("split", len(rungs)) if len(rungs) > 1 else None
    outputs = []
    for index, planned in enumerate(rungs):
        video = parts[index] if parts is not None else source.video
        scaled = video.filter("scale", planned.width, planned.height).filter("format", "yuv420p")
        streams = [scaled, source.audio] if has_audio else [scaled]
        audio = {"c:a": "aac", "b:a": f"{planned.rung.audio_kbps}k", "ac": 2} if has_audio else {}
        rung_dir = out_dir / planned.name
        outputs.append(
            ffmpeg.output(
                *streams,
                str(rung_dir / VARIANT_PLAYLIST),
                f="hls",
                hls_time=segment_s,
                hls_playlist_type="vod",
                hls_flags="independent_segments",
                hls_segment_type="fmp4",
                hls_fmp4_init_filename=INIT_SEGMENT,
                hls_segment_filename=str(rung_dir / SEGMENT_PATTERN),
                force_key_frames=f"expr:gte(t,n_forced*{segment_s})",
                **_x264(planned),
                **audio,
            )
        )
    graph = outputs[0] if len(outputs) == 1 else ffmpeg.merge_outputs(*outputs)
    return compile_args(graph)


def encode_rungs(
    src: Path,
    container: Container,
    rungs: Sequence[PlannedRung],
    has_audio: bool,
    out_dir: Path,
    segment_s: int,
    limits: Limits,
) -> None:
    """Encode `rungs` into `out_dir/<rung>/` (index.m3u8, init.mp4, seg_NNN.m4s)."""
    for planned in rungs:
        (out_dir / planned.name).mkdir(parents=True, exist_ok=True)
    run_ffmpeg(build_args(src, container, out_dir, rungs, has_audio, segment_s), limits)


def segment_files(rung_dir: Path) -> list[Path]:
    """The rung's media segments in playlist order."""
    playlist = (rung_dir / VARIANT_PLAYLIST).read_text().splitlines()
    return [rung_dir / line.strip() for line in playlist if line.strip() and not line.startswith("#")]


def join_fragments(rung_dir: Path, dest: Path) -> Path:
    """init + segments, byte for byte: one fragmented MP4 of the whole rung (no ffmpeg needed)."""
    with dest.open("wb") as out:
        for part in [rung_dir / INIT_SEGMENT, *segment_files(rung_dir)]:
            out.write(part.read_bytes())
    return dest


def remux_args(fragmented: Path, dest: Path) -> list[str]:
    graph = safe_input(fragmented, MP4).output(str(dest), c="copy", f="mp4", movflags="+faststart")
    return compile_args(graph)


def remux_mp4(rung_dir: Path, dest: Path, limits: Limits) -> Path:
    """The download MP4: the rung's own packets, moov first (`+faststart`), no re-encode."""
    fragmented = dest.with_name(f".{dest.name}.frag.mp4")
    try:
        run_ffmpeg(remux_args(join_fragments(rung_dir, fragmented), dest), limits)
    finally:
        fragmented.unlink(missing_ok=True)
    return dest


def avc_codec_string(init_segment: Path) -> str:
    """RFC 6381 codec string (avc1.PPCCLL) read from the init segment's avcC box."""
    data = init_segment.read_bytes()
    at = data.find(b"avcC")
    if at < 0 or at + 8 > len(data):
        return "avc1.640028"
    profile, constraints, level = data[at + 5], data[at + 6], data[at + 7]
    return f"avc1.{profile:02x}{constraints:02x}{level:02x}"


_EXTINF = re.compile(r"#EXTINF:([0-9.]+)")


def measured_bandwidth(rung_dir: Path) -> tuple[int, int]:
    """(peak, average) bits per second over the rung's segments, from their real sizes."""
    lines = (rung_dir / VARIANT_PLAYLIST).read_text().splitlines()
    durations = [float(m.group(1)) for line in lines if (m := _EXTINF.match(line))]
    sizes = [p.stat().st_size for p in segment_files(rung_dir)]
    init = (rung_dir / INIT_SEGMENT).stat().st_size
    rates = [8 * size / max(d, 0.001) for size, d in zip(sizes, durations, strict=False)]
    total = sum(durations) or 1.0
    return int(max(rates, default=0)), int(8 * (sum(sizes) + init) / total)


def variant_entry(planned: PlannedRung, rung_dir: Path, has_audio: bool) -> str:
    """A rung's two lines in the master playlist, with its measured bandwidth and codecs."""
    peak, average = measured_bandwidth(rung_dir)
    codecs = avc_codec_string(rung_dir / INIT_SEGMENT) + (",mp4a.40.2" if has_audio else "")
    return (
        f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},"
        f'RESOLUTION={planned.width}x{planned.height},CODECS="{codecs}"\n{planned.playlist}'
    )


def master_playlist(entries: Sequence[str]) -> str:
    """The master playlist listing `entries` (variant_entry), lowest rung first."""
    return "\n".join(["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS", *entries]) + "\n"


def master_entries(text: str) -> dict[str, str]:
    """variant URI → its entry, read back from a master playlist (to extend a published one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {
        uri: f"{info}\n{uri}"
        for info, uri in zip(lines, lines[1:], strict=False)
        if info.startswith("#EXT-X-STREAM-INF:") and not uri.startswith("#")
    }
