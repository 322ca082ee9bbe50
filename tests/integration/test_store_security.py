"""The embedded store refuses anyone without the right key, and the reader identity cannot write."""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request

import pytest
from minio import Minio
from minio.error import S3Error
from pydantic import SecretStr

from hirelake.credentials import KeyPair, credentials_path, store_credentials
from hirelake.errors import LakeError
from hirelake.lake import Lake, make_minio_client
from hirelake.settings import Settings

pytestmark = pytest.mark.integration


def _status(url: str, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_anonymous_requests_are_refused(store_settings: Settings) -> None:
    lake = Lake(store_settings)
    lake.put_bytes("tests/anon.txt", b"private")
    base = f"{store_settings.store.url}/{store_settings.store.bucket}"
    assert _status(f"{base}/tests/anon.txt") == 403
    assert _status(f"{base}?list-type=2") == 403
    assert _status(f"{store_settings.store.url}/") == 403


def test_filer_http_api_is_not_an_unauthenticated_back_door(store_settings: Settings) -> None:
    Lake(store_settings).put_bytes("tests/filer.txt", b"private")
    filer = f"http://127.0.0.1:{store_settings.store.filer_port}"
    assert _status(f"{filer}/buckets/{store_settings.store.bucket}/tests/filer.txt") == 401


def test_wrong_secret_is_refused(store_settings: Settings) -> None:
    real = store_credentials(store_settings).admin
    forged = KeyPair(real.access_key, SecretStr("not-the-secret-" + "x" * 20))
    client = make_minio_client(store_settings, forged)
    with pytest.raises(S3Error) as refused:
        client.list_objects(store_settings.store.bucket).__next__()
    assert refused.value.code in {"SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId"}


def test_reader_identity_reads_but_cannot_write_or_delete(store_settings: Settings) -> None:
    admin = Lake(store_settings, role="admin")
    admin.put_bytes("tests/readonly.txt", b"v1")
    reader = Lake(store_settings, role="reader")
    assert reader.get_bytes("tests/readonly.txt") == b"v1"
    with pytest.raises(LakeError, match="refused to write"):
        reader.put_bytes("tests/readonly.txt", b"v2")
    with pytest.raises(LakeError, match="refused to delete"):
        reader.delete("tests/readonly.txt")
    assert admin.get_bytes("tests/readonly.txt") == b"v1"


def test_presigned_url_works_then_expires(store_settings: Settings) -> None:
    Lake(store_settings).put_bytes("tests/presign.txt", b"clip")
    reader = Lake(store_settings, role="reader")
    url = reader.presigned_get("tests/presign.txt", expiry_seconds=1)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"clip"
    time.sleep(2.5)
    assert _status(url) == 403


def test_credentials_file_is_private_and_stable(store_settings: Settings) -> None:
    path = credentials_path(store_settings)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    first = store_credentials(store_settings)
    assert store_credentials(store_settings) == first
    assert first.admin.access_key != first.reader.access_key
    assert "**********" in repr(first.admin.secret_key)


def test_minio_reader_cannot_create_buckets(store_settings: Settings) -> None:
    reader: Minio = Lake(store_settings, role="reader").client
    with pytest.raises(S3Error):
        reader.make_bucket("intruder")
    with pytest.raises(S3Error):
        reader.put_object(store_settings.store.bucket, "x", io.BytesIO(b"1"), 1)
