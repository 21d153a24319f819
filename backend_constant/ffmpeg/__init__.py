"""FFmpeg helpers for the media pipeline, kept apart from the Celery job handlers (PeerTube style).

Every helper treats its input as hostile: the container is sniffed from the bytes, the demuxer
is forced, only the `file` protocol is allowed, and each ffmpeg child runs under time and
resource limits (see `runner.py`).
"""
