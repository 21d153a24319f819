"""Failure kinds: a rejected upload is permanent; an ffmpeg crash or timeout may be retried."""

from __future__ import annotations


class MediaRejected(Exception):
    """The upload is not a video we accept. `message` is shown to the owner as is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class FFmpegFailed(Exception):
    """ffmpeg exited non-zero; `stderr_tail` keeps the end of its log for the operator."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(f"{message}: {stderr_tail[-500:]}" if stderr_tail else message)
        self.stderr_tail = stderr_tail


class FFmpegTimeout(FFmpegFailed):
    """ffmpeg ran past its wall-clock or CPU limit and was killed."""
