"""Private working folders for an interview's decrypted media, cleaned even after a killed run.

A process killed with SIGKILL (out of memory, a node drained, an operator) cannot remove its temporary
folder, and that folder holds a plain copy of a recording. So each folder lives under one known root
(`pipeline.scratch_dir`, default `<data_dir>/scratch/`, 0700) and holds a lock its process keeps for as
long as it works there. The kernel drops the lock when the process dies, however it dies; whoever makes
the next folder removes every folder whose lock is free. Locks, not PIDs: PIDs are reused, and inside
a restarted container the new worker may well get the dead one's PID.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hirelake.logs import get_logger
from hirelake.settings import Settings

log = get_logger(__name__)

OWNER_LOCK = ".owner.lock"
# A folder whose lock file is missing is being made right now, or its maker died in between: only the
# latter is removed, once it is clearly old.
_UNLOCKED_GRACE_SECONDS = 600.0


def scratch_root(settings: Settings) -> Path:
    return settings.pipeline.scratch_dir or settings.data_dir / "scratch"


def _owner_gone(folder: Path) -> bool:
    try:
        handle = os.open(folder / OWNER_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > _UNLOCKED_GRACE_SECONDS
        except FileNotFoundError:
            return False  # removed meanwhile by its owner
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its process holds the lock: still at work
    finally:
        os.close(handle)  # also releases the lock if we just took it
    return True


def sweep_stale(settings: Settings) -> list[Path]:
    """Remove the scratch folders whose processes are gone; returns what went."""
    root = scratch_root(settings)
    if not root.is_dir():
        return []
    removed = []
    for folder in root.iterdir():
        if folder.is_dir() and not folder.is_symlink() and _owner_gone(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        log.warning("removed scratch left by stopped processes", folders=len(removed), root=str(root))
    return removed


@contextmanager
def interview_scratch(settings: Settings) -> Iterator[Path]:
    """A fresh private folder (0700) for one interview's work, locked while in use, removed after."""
    root = scratch_root(settings)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    sweep_stale(settings)
    folder = Path(tempfile.mkdtemp(prefix="interview-", dir=root))
    # Locked under another name, then renamed: a sweeper never sees the lock file unlocked.
    pending = folder / f"{OWNER_LOCK}.new"
    lock = os.open(pending, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        pending.rename(folder / OWNER_LOCK)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)
