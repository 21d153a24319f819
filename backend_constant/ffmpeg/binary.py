"""Which ffmpeg to run: the configured one, the system one, or the imageio-ffmpeg wheel's.

The wheel fallback means `pip install` alone gives a working pipeline.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

from opentok.core.config import get_settings


@lru_cache
def ffmpeg_binary() -> str:
    configured = get_settings().ffmpeg_binary
    if configured:
        return configured
    system = shutil.which("ffmpeg")
    if system:
        return system
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()
