"""Lake I/O on S3-compatible storage: media objects, Parquet tables, presigned URLs, DuckDB over s3://.

The `minio` SDK carries media (content-addressed, multipart for large files) and small JSON documents;
`s3fs` is registered into DuckDB so SQL reads `s3://` Parquet without DuckDB's httpfs extension (which
cannot be installed offline).

A table file is written locally first and published by one upload: S3 makes an object visible only when
its PUT (or multipart upload) completes, so a writer killed at any point leaves the previous version.
"""

from __future__ import annotations

import io
import json
import mimetypes
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from minio import Minio
from minio.error import S3Error
from minio.sse import SseS3
from urllib3.exceptions import HTTPError as TransportError

from hirelake.credentials import KeyPair, Role, store_credentials
from hirelake.errors import LakeError
from hirelake.hashing import sha256_file
from hirelake.logs import SCRUBBER, get_logger
from hirelake.settings import Settings

_MEDIA_INDEX = "raw/media-index"
log = get_logger(__name__)


def make_minio_client(settings: Settings, keys: KeyPair) -> Minio:
    store = settings.store
    return Minio(
        store.endpoint,
        access_key=keys.access_key.get_secret_value(),
        secret_key=keys.secret_key.get_secret_value(),
        secure=store.secure,
        region=store.region,  # known region: no bucket-location round trip
    )


@dataclass(frozen=True)
class MediaObject:
    """A recording in `raw/media/`; `created` is False when the same bytes were already stored."""

    key: str
    sha256: str
    size_bytes: int
    content_type: str
    created: bool


@dataclass(frozen=True)
class ObjectEntry:
    key: str
    size_bytes: int


class Lake:
    """The lake bucket seen through one identity: `admin` for flows, `reader` for dashboards and SQL."""

    def __init__(self, settings: Settings, role: Role = "admin") -> None:
        self.settings = settings
        self.role = role
        self.bucket = settings.store.bucket
        keys = store_credentials(settings).for_role(role)
        SCRUBBER.register([keys.access_key.get_secret_value(), keys.secret_key.get_secret_value()])
        self._keys = keys
        self.client = make_minio_client(settings, keys)

    # --- generic objects -------------------------------------------------------------------------
    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def exists(self, key: str) -> bool:
        def stat() -> bool:
            try:
                self.client.stat_object(self.bucket, key)
            except S3Error as exc:
                if exc.code in {"NoSuchKey", "NoSuchObject", "ResourceNotFound"}:
                    return False
                raise
            return True

        found: bool = self._call("check", key, stat)
        return found

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._call(
            "write",
            key,
            lambda: self.client.put_object(
                self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
            ),
        )

    def _sse(self) -> SseS3 | None:
        # Asked for explicitly on recordings: a store without server-side encryption refuses the
        # upload instead of keeping a recording in plaintext (the bucket default covers the rest).
        return SseS3() if self.settings.store.encrypt_at_rest else None

    def put_file(self, key: str, path: Path, content_type: str | None = None) -> None:
        """Upload a local file (multipart when large, encrypted at rest); visible only once complete."""
        kind = content_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._call("upload", key, lambda: self.client.fput_object(
            self.bucket, key, str(path), content_type=kind,
            part_size=self.settings.store.multipart_part_size_bytes, sse=self._sse(),
        ))  # fmt: skip

    def get_file(self, key: str, path: Path) -> None:
        """Download an object to a local file (recordings: too big to hold in memory)."""
        self._call("download", key, lambda: self.client.fget_object(self.bucket, key, str(path)))

    def get_bytes(self, key: str) -> bytes:
        def fetch() -> bytes:
            response = self.client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        result: bytes = self._call("read", key, fetch)
        return result

    def put_json(self, key: str, document: Any) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        self.put_bytes(key, text.encode("utf-8"), "application/json")

    def get_json(self, key: str) -> Any:
        return json.loads(self.get_bytes(key))

    def list(self, prefix: str) -> Iterator[ObjectEntry]:
        items = self._call(
            "list", prefix, lambda: list(self.client.list_objects(self.bucket, prefix=prefix, recursive=True))
        )
        for item in items:
            if item.object_name is not None and not item.is_dir:
                yield ObjectEntry(item.object_name, int(item.size or 0))

    def delete(self, key: str) -> None:
        self._call("delete", key, lambda: self.client.remove_object(self.bucket, key))

    def presigned_get(self, key: str, expiry_seconds: int | None = None) -> str:
        """A short-lived GET URL; signed with this identity's key, which never leaves the server."""
        seconds = expiry_seconds or self.settings.store.presign_expiry_seconds
        url: str = self.client.presigned_get_object(self.bucket, key, expires=timedelta(seconds=seconds))
        return url

    # --- media -----------------------------------------------------------------------------------
    def put_media(self, interview_id: str, path: Path, *, original_name: str | None = None) -> MediaObject:
        """Store a recording at `raw/media/<interview_id>/<sha256>.<ext>`, once per content."""
        digest = sha256_file(path)
        index_key = f"{_MEDIA_INDEX}/{digest}.json"
        if self.exists(index_key):
            known = self.get_json(index_key)
            return MediaObject(
                key=known["key"],
                sha256=digest,
                size_bytes=int(known["size_bytes"]),
                content_type=known["content_type"],
                created=False,
            )
        extension = path.suffix.lower().lstrip(".") or "bin"
        key = f"raw/media/{interview_id}/{digest}.{extension}"
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        size = path.stat().st_size
        metadata = {
            "sha256": digest,
            "interview-id": interview_id,
            # S3 metadata is ASCII: percent-encode names such as 面试录像.mp4
            "original-name": quote(original_name or path.name),
        }
        self._call(
            "upload",
            key,
            lambda: self.client.fput_object(
                self.bucket,
                key,
                str(path),
                content_type=content_type,
                metadata=metadata,  # type: ignore[arg-type]
                part_size=self.settings.store.multipart_part_size_bytes,
                sse=self._sse(),
            ),
        )
        stored = self._call("verify", key, lambda: self.client.stat_object(self.bucket, key))
        if stored.size != size:
            raise LakeError(f"Upload of {self.uri(key)} stored {stored.size} bytes, expected {size}.")
        self.put_json(
            index_key,
            {"key": key, "size_bytes": size, "content_type": content_type, "interview_id": interview_id},
        )
        log.info("media stored", key=key, size_bytes=size, interview_id=interview_id)
        return MediaObject(key, digest, size, content_type, created=True)

    # --- Parquet tables --------------------------------------------------------------------------
    def write_parquet(self, key: str, table: pa.Table) -> str:
        """Write a Parquet object: locally first, then published by one upload. Returns its s3 URI."""
        if not key.endswith(".parquet"):
            raise LakeError(f"Parquet keys end in .parquet, got {key!r}.")
        with tempfile.TemporaryDirectory(prefix="hirelake-") as tmp:
            local = Path(tmp) / "part.parquet"
            pq.write_table(table, local, compression="zstd")
            self._publish(key, local)
        return self.uri(key)

    def _publish(self, key: str, local: Path) -> None:
        self._call(
            "publish",
            key,
            lambda: self.client.fput_object(
                self.bucket,
                key,
                str(local),
                content_type="application/vnd.apache.parquet",
                part_size=self.settings.store.multipart_part_size_bytes,
            ),
        )

    def read_parquet(self, key: str) -> pa.Table:
        return pq.read_table(io.BytesIO(self.get_bytes(key)))

    # --- SQL -------------------------------------------------------------------------------------
    def s3_filesystem(self) -> Any:
        import s3fs  # imported lazily: only SQL paths need it

        return s3fs.S3FileSystem(
            key=self._keys.access_key.get_secret_value(),
            secret=self._keys.secret_key.get_secret_value(),
            endpoint_url=self.settings.store.url,
            client_kwargs={"region_name": self.settings.store.region},
            skip_instance_cache=True,  # never share a cached filesystem across identities
        )

    def duckdb(
        self, database: Path | Literal[":memory:"] = ":memory:", *, read_only: bool = False
    ) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection that reads `s3://<bucket>/...` through this identity."""
        connection = duckdb.connect(str(database), read_only=read_only)
        connection.register_filesystem(self.s3_filesystem())
        return connection

    # --- errors ----------------------------------------------------------------------------------
    def _call(self, action: str, key: str, operation: Any) -> Any:
        try:
            return operation()
        except S3Error as exc:
            raise LakeError(
                f"Object store refused to {action} {self.uri(key)} as {self.role}: {exc.code} ({exc.message})"
            ) from exc
        except (OSError, TransportError) as exc:  # refused, reset, retries exhausted: the store is away
            raise LakeError(
                f"Object store at {self.settings.store.endpoint} unreachable while trying to {action} "
                f"{self.uri(key)}: {exc}. Is it running? (`hirelake services status`)"
            ) from exc
