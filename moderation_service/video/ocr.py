"""On-screen text with tesseract, when it is installed; skipped cleanly when it is not.

Captions burned into a video carry the same abuse as a title, so they go through the
comment model too. Tesseract is a system binary that many hosts lack: then OCR reports
itself unavailable and moderation runs on frames and metadata alone.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from functools import lru_cache

import numpy as np

log = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]")  # two or more letters, inner ' and - allowed

# One thread per tesseract call: the machine is shared and frames are few.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@lru_cache
def tesseract_version() -> str | None:
    """The tesseract version, or None when the binary or pytesseract is missing."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        return str(pytesseract.get_tesseract_version())
    except Exception as exc:  # noqa: BLE001 - a broken install is the same as none
        log.info("tesseract unusable, OCR skipped: %s", exc)
        return None


def read_text(image_bgr: np.ndarray, timeout_s: float = 10.0, min_confidence: float = 70.0) -> str:
    """The words tesseract reads confidently in one frame ('' when OCR is unavailable).

    Busy pictures make tesseract "see" letters everywhere; keeping only confident words
    of two or more letters keeps that noise away from the comment model."""
    if tesseract_version() is None:
        return ""
    import pytesseract

    rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
    try:
        data = pytesseract.image_to_data(
            rgb, config="--psm 11", timeout=timeout_s, output_type=pytesseract.Output.DICT
        )
    except (RuntimeError, pytesseract.TesseractError) as exc:  # timeout or a bad frame
        log.info("OCR failed on a frame: %s", exc)
        return ""
    words = [
        word.strip()
        for word, conf in zip(data["text"], data["conf"], strict=True)
        if float(conf) >= min_confidence and WORD.fullmatch(word.strip())
    ]
    return " ".join(words)
