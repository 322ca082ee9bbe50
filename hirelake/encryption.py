"""Objects written before encryption at rest was switched on: find them and encrypt them in place.

The bucket's default encryption covers new writes only. A store that held recordings before (a demo
started by an older hirelake, a MinIO bucket before SSE was configured) keeps those in plaintext until
each object is copied onto itself with server-side encryption, which this module does, metadata kept.
The store reclaims the old plaintext bytes when it compacts its volumes (SeaweedFS vacuums a volume
once 30% of it is garbage).
"""

from __future__ import annotations

from minio.commonconfig import REPLACE, CopySource
from minio.sse import SseS3

from hirelake.lake import Lake
from hirelake.logs import get_logger

_SSE_HEADER = "x-amz-server-side-encryption"
_USER_META = "x-amz-meta-"
log = get_logger(__name__)


def plaintext_objects(lake: Lake, prefix: str = "") -> list[str]:
    """Keys under `prefix` that the store keeps without server-side encryption."""
    found = []
    for entry in lake.list(prefix):
        stat = lake.client.stat_object(lake.bucket, entry.key)
        headers = {k.lower() for k in (stat.metadata or {})}
        if _SSE_HEADER not in headers:
            found.append(entry.key)
    return found


def encrypt_in_place(lake: Lake, prefix: str = "") -> list[str]:
    """Copy every plaintext object onto itself with SSE-S3 (content type and user metadata kept)."""
    done = []
    for key in plaintext_objects(lake, prefix):
        stat = lake.client.stat_object(lake.bucket, key)
        metadata: dict[str, str] = {
            k[len(_USER_META) :]: str(v)
            for k, v in (stat.metadata or {}).items()
            if k.lower().startswith(_USER_META)
        }
        metadata["Content-Type"] = stat.content_type or "application/octet-stream"
        lake.client.copy_object(
            lake.bucket,
            key,
            CopySource(lake.bucket, key),
            sse=SseS3(),
            metadata=metadata,  # type: ignore[arg-type]
            metadata_directive=REPLACE,
        )
        done.append(key)
    if done:
        log.info("objects encrypted in place", count=len(done), prefix=prefix)
    return done
