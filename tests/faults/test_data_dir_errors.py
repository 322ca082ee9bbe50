"""A data directory that cannot be written, or a disk that fills up: one clear line, no traceback wall.

Tests run as root, which ignores permission bits, so "cannot write here" is made two ways that bind
root too: a data directory below a regular file (`<file>/data`: ENOTDIR on the first mkdir), and a
disk that fills up, simulated with `ulimit -f` in the shell that runs the real `hirelake` command (the
kernel refuses writes past the limit with EFBIG, as a full disk refuses them with ENOSPC). Each
command must exit non-zero with one line naming the path and what to do, and leave no half-written
secret behind. The store's ports are the test's own, so nothing can reach a running demo.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hirelake.credentials import credentials_path
from hirelake.services.seaweedfs import seaweedfs_process, stop_seaweedfs
from hirelake.settings import Settings
from tests.helpers import isolated_settings

pytestmark = [pytest.mark.timeout(120)]
HIRELAKE = str(Path(sys.executable).parent / "hirelake")
SYNTH = ["synth", "--employees", "20", "--candidates", "4", "--interviews", "1", "--months", "1",
         "--languages", "en"]  # fmt: skip


def _hirelake(settings: Settings, args: list[str], file_limit_kb: int | None = None) -> tuple[int, str]:
    env = {
        **os.environ,
        "HIRELAKE_DATA_DIR": str(settings.data_dir),
        "HIRELAKE_STORE__ENDPOINT": settings.store.endpoint,
        "HIRELAKE_STORE__MASTER_PORT": str(settings.store.master_port),
        "HIRELAKE_STORE__VOLUME_PORT": str(settings.store.volume_port),
        "HIRELAKE_STORE__FILER_PORT": str(settings.store.filer_port),
        "HIRELAKE_STORE__ADMIN_PORT": str(settings.store.admin_port),
        "COLUMNS": "100",
    }
    command = shlex.join([HIRELAKE, *args])
    if file_limit_kb is not None:
        command = f"ulimit -f {file_limit_kb} && exec {command}"
    try:
        done = subprocess.run(
            ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=90, check=False
        )
    finally:
        if seaweedfs_process(settings).pid_path.is_file():  # were the store started after all
            stop_seaweedfs(settings)  # it stops by its PID file
    return done.returncode, done.stderr


def _one_clear_line(stderr: str, *names: str) -> str:
    assert "Traceback" not in stderr and "╭" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, stderr
    line = lines[0]
    for name in names:
        assert name in line, line
    assert "then rerun" in line, line
    return line


@pytest.fixture
def blocked(tmp_path: Path) -> Settings:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder\n", encoding="utf-8")
    return isolated_settings(in_the_way / "data")


def test_services_up_below_a_file_says_which_folder_and_what_to_do(blocked: Settings) -> None:
    code, stderr = _hirelake(blocked, ["services", "up"])
    assert code != 0
    line = _one_clear_line(stderr, str(blocked.data_dir), "HIRELAKE_DATA_DIR")
    assert "a file stands where a folder is needed" in line


def test_synth_out_below_a_file_says_which_folder_and_what_to_do(blocked: Settings) -> None:
    out = blocked.data_dir.parent / "hospital"
    code, stderr = _hirelake(blocked, [*SYNTH, "--out", str(out)])
    assert code != 0
    _one_clear_line(stderr, str(out), "--out")


def test_services_up_on_a_full_disk_leaves_no_half_written_credentials(tmp_path: Path) -> None:
    settings = isolated_settings(tmp_path / "data")
    code, stderr = _hirelake(settings, ["services", "up"], file_limit_kb=0)
    assert code != 0
    line = _one_clear_line(stderr, str(settings.secrets_dir), "HIRELAKE_DATA_DIR")
    assert "File too large" in line
    # Not an empty credentials file that would make the next `services up` fail for another reason.
    assert not credentials_path(settings).exists()
    assert not list(settings.secrets_dir.glob("*.partial"))


def test_synth_on_a_full_disk_names_the_output_folder(tmp_path: Path) -> None:
    settings = isolated_settings(tmp_path / "data")
    out = tmp_path / "hospital"
    code, stderr = _hirelake(settings, [*SYNTH, "--out", str(out)], file_limit_kb=8)
    assert code != 0
    _one_clear_line(stderr, str(out), "--out")
