"""Run one ffmpeg child under limits: wall clock, CPU seconds, memory, output size.

The child also dies with its parent (PR_SET_PDEATHSIG), so a SIGKILLed worker never leaves an
orphan ffmpeg writing into a temp folder.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from backend_constant.ffmpeg.errors import FFmpegFailed, FFmpegTimeout

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    wall_s: float
    cpu_s: int
    memory_bytes: int = 8 << 30
    output_bytes: int = 8 << 30


def default_limits(wall_s: float) -> Limits:
    # CPU seconds are summed over threads, so allow every core for the whole wall budget.
    return Limits(wall_s=wall_s, cpu_s=int(wall_s * (os.cpu_count() or 1)) + 1)


def _child_setup(limits: Limits) -> None:
    """Runs in the forked child before exec: only async-signal-safe-ish calls here."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_s, limits.cpu_s + 5))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def run_ffmpeg(args: Sequence[str], limits: Limits) -> None:
    """Run a compiled ffmpeg command line; raise FFmpegTimeout/FFmpegFailed on trouble."""
    proc = subprocess.Popen(
        list(args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: _child_setup(limits),
        start_new_session=True,  # a Ctrl-C to the worker reaches us, not ffmpeg directly
    )
    try:
        _, stderr = proc.communicate(timeout=limits.wall_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise FFmpegTimeout(f"ffmpeg ran longer than {limits.wall_s:.0f} s and was stopped") from None
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    tail = stderr.decode("utf-8", "replace")[-4000:]
    if proc.returncode == -signal.SIGXCPU or proc.returncode == -signal.SIGKILL:
        raise FFmpegTimeout("ffmpeg used up its CPU time limit", tail)
    if proc.returncode != 0:
        raise FFmpegFailed(f"ffmpeg exited with status {proc.returncode}", tail)
