"""Dashboard users, password hashes and sessions, without Streamlit.

Users live in one JSON file under `<data_dir>/secrets/` (0600 in a 0700 folder), created on first start
with generated demo passwords that the caller prints once to its console (never to a log). Passwords are
stored only as scrypt hashes with a per-user salt and compared in constant time. A session expires a
fixed number of minutes after login.

Its settings are `Settings.dashboards`: `HIRELAKE_DASHBOARDS__PORT`, `__SESSION_MINUTES`,
`__CACHE_TTL_SECONDS`, `__USERS_FILE`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from hirelake.credentials import write_private
from hirelake.errors import ConfigurationError
from hirelake.roles import Role, department_scope
from hirelake.settings import Settings

USERS_FILE = "dashboard-users.json"
# scrypt cost: 2^15 x 8 x 1 needs 32 MiB and ~0.1 s per check; memory-hard, so guessing on GPUs is
# expensive. Stored with each hash, so raising it later keeps old hashes verifiable.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_HASH_BYTES, _SALT_BYTES = 32, 16
MIN_PASSWORD_CHARS = 12


def users_path(settings: Settings) -> Path:
    return settings.dashboards.users_file or settings.secrets_dir / USERS_FILE


# --- passwords --------------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash`, base64 parts; a fresh random salt per call."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=_SCRYPT_N,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        maxmem=_SCRYPT_MAXMEM,
        dklen=_HASH_BYTES,
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = encoded.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(expected)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_SCRYPT_MAXMEM,
            dklen=len(want),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, want)


# A hash of nothing in particular, checked when the user name is unknown, so that a wrong name takes
# as long as a wrong password (no user enumeration by timing).
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


# --- users ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class User:
    username: str
    role: Role
    display_name: str
    departments: tuple[str, ...]  # "*" for every department; only hr_lead is scoped (hirelake.roles)
    password_hash: str

    @property
    def scope(self) -> frozenset[str] | None:
        return department_scope(self.role, self.departments)


class _UserRecord(BaseModel):
    username: str = Field(min_length=1)
    role: Role
    display_name: str
    departments: tuple[str, ...]
    password_hash: str = Field(pattern=r"^scrypt\$")


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    display_name: str
    departments: tuple[str, ...]


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "admin", "Administrator / 管理员", ("*",)),
    DemoUser(
        "hr.emergency", "hr_lead", "HR lead, emergency & ICU / 急诊与ICU人事负责人", ("DEP-ED", "DEP-ICU")
    ),
    DemoUser("hr.surgery", "hr_lead", "HR lead, surgery / 外科人事负责人", ("DEP-GSUR", "DEP-ORTH")),
    DemoUser("reviewer", "reviewer", "Interview reviewer / 面试审核人", ("*",)),
    DemoUser("compliance", "compliance", "Compliance officer / 合规专员", ("*",)),
    DemoUser("data.engineer", "data_engineer", "Data engineer / 数据工程师", ("*",)),
)


def new_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def make_user(spec: DemoUser, password: str) -> User:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ConfigurationError(f"passwords need at least {MIN_PASSWORD_CHARS} characters")
    return User(spec.username, spec.role, spec.display_name, spec.departments, hash_password(password))


class UserStore:
    """The users file: read on every login (so `users` re-creation applies at once), written 0600."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> dict[str, User]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            records = [_UserRecord.model_validate(item) for item in document["users"]]
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError, ValidationError) as exc:
            raise ConfigurationError(
                f"{self.path} is not a valid users file ({exc}); recreate it with "
                "`hirelake dashboards users --reset`."
            ) from exc
        return {
            r.username: User(r.username, r.role, r.display_name, tuple(r.departments), r.password_hash)
            for r in records
        }

    def save(self, users: Sequence[User]) -> None:
        payload: dict[str, Any] = {"version": 1, "users": [asdict(u) for u in users]}
        write_private(self.path, json.dumps(payload, ensure_ascii=False, indent=2))

    def authenticate(self, username: str, password: str) -> User | None:
        user = self.load().get(username.strip())
        if user is None:
            verify_password(password, _DUMMY_HASH)
            return None
        return user if verify_password(password, user.password_hash) else None


def ensure_users(
    path: Path, *, reset: bool = False, demo: Sequence[DemoUser] = DEMO_USERS
) -> dict[str, str] | None:
    """Create the users file with demo users on first start (or on `reset`).

    Returns user name -> generated password, for the caller to print once to the console; None when the
    file already existed. The passwords are not kept anywhere else.
    """
    store = UserStore(path)
    if store.exists() and not reset:
        return None
    passwords = {spec.username: new_password() for spec in demo}
    store.save([make_user(spec, passwords[spec.username]) for spec in demo])
    return passwords


# --- sessions ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    username: str
    role: Role
    display_name: str
    departments: tuple[str, ...]
    started_at: float  # epoch seconds
    expires_at: float

    @property
    def scope(self) -> frozenset[str] | None:
        return department_scope(self.role, self.departments)

    def active(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.expires_at

    def minutes_left(self, now: float | None = None) -> int:
        return max(0, int((self.expires_at - (time.time() if now is None else now)) // 60))


def start_session(user: User, minutes: int, now: float | None = None) -> Session:
    started = time.time() if now is None else now
    return Session(
        user.username, user.role, user.display_name, user.departments, started, started + minutes * 60
    )
