"""Object-store credentials: generated on first start of the embedded store, required everywhere.

Two identities: `admin` (the platform's flows write the lake) and `reader` (dashboards, `hirelake sql`,
presigned URLs), so a dashboard bug can never write or delete. Stored as JSON with 0600 permissions in a
0700 directory; secret values are `SecretStr` in memory so they never reach a log or a repr.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

from hirelake.errors import ConfigurationError
from hirelake.settings import Settings

Role = Literal["admin", "reader"]
_CREDENTIALS_FILE = "store-credentials.json"


@dataclass(frozen=True)
class KeyPair:
    access_key: SecretStr
    secret_key: SecretStr


@dataclass(frozen=True)
class StoreCredentials:
    admin: KeyPair
    reader: KeyPair

    def for_role(self, role: Role) -> KeyPair:
        return self.admin if role == "admin" else self.reader


def _new_pair(prefix: str) -> KeyPair:
    # Access keys are identifiers (uppercase, readable in audit logs); secrets are 40 url-safe chars.
    access = prefix + secrets.token_hex(8).upper()
    return KeyPair(SecretStr(access), SecretStr(secrets.token_urlsafe(30)))


def credentials_path(settings: Settings) -> Path:
    return settings.secrets_dir / _CREDENTIALS_FILE


def write_private(path: Path, text: str) -> None:
    """Write a secret file: 0600 from its creation, in a 0700 folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    # Written aside and renamed over: a full disk leaves the old file or none, never a truncated secret.
    partial = path.with_name(f".{path.name}.partial")
    try:
        # Create with 0600 from the start: never a moment where another user could read it.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        # A failed write() carries no file name; the CLI's one-line message needs it.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    path.chmod(0o600)


def ensure_embedded_credentials(settings: Settings) -> StoreCredentials:
    """Load the embedded store's credentials, generating them on first use."""
    path = credentials_path(settings)
    if path.exists():
        return _read(path)
    creds = StoreCredentials(admin=_new_pair("HLADM"), reader=_new_pair("HLRDR"))
    payload = {
        role: {
            "access_key": pair.access_key.get_secret_value(),
            "secret_key": pair.secret_key.get_secret_value(),
        }
        for role, pair in (("admin", creds.admin), ("reader", creds.reader))
    }
    write_private(path, json.dumps(payload, indent=2))
    return creds


def _read(path: Path) -> StoreCredentials:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ConfigurationError(
            f"{path} is readable by other users (mode {mode:o}); run `chmod 600 {path}` and retry."
        )
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return StoreCredentials(
            admin=KeyPair(
                SecretStr(payload["admin"]["access_key"]), SecretStr(payload["admin"]["secret_key"])
            ),
            reader=KeyPair(
                SecretStr(payload["reader"]["access_key"]), SecretStr(payload["reader"]["secret_key"])
            ),
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ConfigurationError(
            f"{path} is not a valid credentials file ({type(exc).__name__}); "
            "move it away and run `hirelake services up` to generate new credentials."
        ) from exc


def store_credentials(settings: Settings) -> StoreCredentials:
    """The credentials for the configured store; never a default, never anonymous."""
    store = settings.store
    if store.embedded:
        path = credentials_path(settings)
        if not path.exists():
            raise ConfigurationError(
                f"No object-store credentials at {path}: run `hirelake services up` first."
            )
        return _read(path)
    missing = [
        name
        for name in ("access_key", "secret_key", "reader_access_key", "reader_secret_key")
        if getattr(store, name) is None
    ]
    if missing:
        names = ", ".join(f"HIRELAKE_STORE__{name.upper()}" for name in missing)
        raise ConfigurationError(f"External object store configured but {names} not set.")
    return StoreCredentials(
        admin=KeyPair(_required(store.access_key), _required(store.secret_key)),
        reader=KeyPair(_required(store.reader_access_key), _required(store.reader_secret_key)),
    )


def _required(value: SecretStr | None) -> SecretStr:
    if value is None:  # checked above with a message naming every missing variable
        raise ConfigurationError("External object-store credential missing.")
    return value
