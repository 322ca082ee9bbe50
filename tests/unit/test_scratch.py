"""Scratch folders hold decrypted recordings: private while used, gone after, swept after a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hirelake.scratch import OWNER_LOCK, interview_scratch, scratch_root, sweep_stale
from hirelake.settings import PipelineSettings, Settings

# A child that makes a scratch folder, says where, and waits to be killed.
_HOLDER = """
import sys, time
from pathlib import Path
from hirelake.scratch import interview_scratch
from hirelake.settings import Settings
with interview_scratch(Settings(_env_file=None, data_dir=Path(sys.argv[1]))) as folder:
    (folder / "interview.mp4").write_bytes(b"plain media")
    print(folder, flush=True)
    time.sleep(600)
"""


def _settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]


def _holder(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    with child.stdout:  # one line, then nothing more to read
        return child, Path(child.stdout.readline().strip())


def test_a_scratch_folder_is_private_and_removed_after_use(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with interview_scratch(settings) as folder:
        (folder / "interview.mp4").write_bytes(b"plain media")
        assert folder.parent == tmp_path / "scratch"
        assert folder.stat().st_mode & 0o777 == 0o700
        assert scratch_root(settings).stat().st_mode & 0o777 == 0o700
    assert not folder.exists()


def test_the_scratch_root_can_be_set_apart_from_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path / "data", pipeline=PipelineSettings(scratch_dir=tmp_path / "disk")
    )
    with interview_scratch(settings) as folder:
        assert folder.parent == tmp_path / "disk"


def test_a_killed_process_scratch_is_swept_by_the_next_one_and_a_live_one_is_kept(tmp_path: Path) -> None:
    killed, killed_folder = _holder(tmp_path)
    alive, alive_folder = _holder(tmp_path)
    try:
        os.kill(killed.pid, signal.SIGKILL)  # by the PID this test started
        killed.wait(timeout=30)
        assert (killed_folder / "interview.mp4").exists(), "SIGKILL left the plain copy behind"

        with interview_scratch(_settings(tmp_path)) as mine:
            assert not killed_folder.exists()
            assert (alive_folder / "interview.mp4").exists(), "a running process's folder was removed"
            assert sweep_stale(_settings(tmp_path)) == [], "a folder in use is not stale"
            assert mine.exists()
    finally:
        alive.kill()
        alive.wait(timeout=30)
    assert sweep_stale(_settings(tmp_path)) == [alive_folder]


def test_a_folder_without_its_lock_is_removed_only_once_clearly_old(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    fresh = scratch_root(settings) / "interview-being-made"
    old = scratch_root(settings) / "interview-maker-died"
    for folder in (fresh, old):
        folder.mkdir(parents=True)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert sweep_stale(settings) == [old]
    assert fresh.exists() and not (fresh / OWNER_LOCK).exists()
