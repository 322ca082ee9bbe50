"""The ffmpeg binaries the generator runs: where they are, and which version wrote the files.

Probing what was written is `hirelake.media_probe.probe_media`; hashing it is `hirelake.hashing.sha256_file`.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from hirelake.errors import HirelakeError


class MediaToolError(HirelakeError):
    """ffmpeg or ffprobe is missing, or refused a file."""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MediaToolError(
            f"{name} was not found on PATH; install ffmpeg (make demo installs it; "
            "on Debian: apt-get install ffmpeg)."
        )
    return path


@functools.cache
def ffmpeg_version() -> str:
    result = subprocess.run(
        [tool("ffmpeg"), "-version"], capture_output=True, text=True, check=False, timeout=30
    )
    first = result.stdout.splitlines()[0] if result.stdout else "unknown"
    return first.split(" Copyright")[0]
