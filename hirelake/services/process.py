"""A background service process tracked by a PID file: start detached, wait until ready, stop by PID.

Status tells the truth: a PID file alone proves nothing, so a service counts as running only when its
PID is alive, still the program we started (PIDs are reused), and its port answers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hirelake.errors import ServiceError

# Children started by this process, kept so that stopping one waits on it (no zombie, no warning).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class ServiceState:
    name: str
    pid: int | None
    pid_alive: bool
    port: int
    port_answers: bool
    log_path: Path

    @property
    def running(self) -> bool:
        return self.pid_alive and self.port_answers


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_is(pid: int, program: str) -> bool:
    """True if `pid` is alive and its command line mentions `program` (guards against PID reuse)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    # A zombie has an empty command line: it is dead for our purposes.
    return program in cmdline


@dataclass(frozen=True)
class ManagedProcess:
    """One long-running program the CLI starts and stops; `program` identifies it in /proc."""

    name: str
    program: str
    run_dir: Path
    host: str
    port: int

    @property
    def pid_path(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    @property
    def log_path(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    def read_pid(self) -> int | None:
        try:
            return int(self.pid_path.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def state(self) -> ServiceState:
        pid = self.read_pid()
        alive = pid is not None and _pid_is(pid, self.program)
        return ServiceState(
            name=self.name,
            pid=pid,
            pid_alive=alive,
            port=self.port,
            port_answers=port_answers(self.host, self.port),
            log_path=self.log_path,
        )

    def start(
        self,
        argv: Sequence[str],
        *,
        cwd: Path,
        env: dict[str, str],
        ready: Callable[[], bool],
        timeout_seconds: float,
    ) -> ServiceState:
        """Start detached unless already running, then wait until `ready()` or fail with the log tail."""
        current = self.state()
        if current.running:
            return current
        if current.pid_alive:
            raise ServiceError(
                f"{self.name} has PID {current.pid} alive but port {self.port} does not answer; "
                f"see {self.log_path}, or run `hirelake services down` and retry."
            )
        if current.port_answers:
            raise ServiceError(
                f"Port {self.host}:{self.port} is taken by another program; stop it or configure "
                f"another port for {self.name}."
            )
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI that started it; stopped by PID later
            )
        _CHILDREN[process.pid] = process
        self.pid_path.write_text(str(process.pid), encoding="utf-8")
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                _CHILDREN.pop(process.pid, None)
                self.pid_path.unlink(missing_ok=True)
                raise ServiceError(
                    f"{self.name} exited with code {process.returncode} while starting:\n"
                    f"{self.log_tail()}\n(full log: {self.log_path})"
                )
            if ready():
                return self.state()
            time.sleep(0.25)
        self.stop()
        raise ServiceError(
            f"{self.name} did not become ready within {timeout_seconds:.0f} s; stopped it. "
            f"Last log lines:\n{self.log_tail()}\n(full log: {self.log_path})"
        )

    def stop(self, timeout_seconds: float = 20.0) -> bool:
        """Stop by PID: SIGTERM, then SIGKILL after the timeout. Returns whether something was stopped."""
        pid = self.read_pid()
        if pid is None or not _pid_is(pid, self.program):
            self.pid_path.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline and _pid_is(pid, self.program):
            _reap(pid)
            time.sleep(0.1)
        if _pid_is(pid, self.program):
            os.kill(pid, signal.SIGKILL)
            while _pid_is(pid, self.program):
                _reap(pid)
                time.sleep(0.05)
        child = _CHILDREN.pop(pid, None)
        if child is not None:
            child.wait(timeout=5)
        self.pid_path.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def _reap(pid: int) -> None:
    """Collect the exit status if the process is our child, so it does not linger as a zombie."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is not None:
            del _CHILDREN[pid]
        return
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
