"""Shared test helpers: isolated settings on free ports, so tests never touch a running demo."""

from __future__ import annotations

import random
import socket
from pathlib import Path

from hirelake.lake import Lake
from hirelake.settings import PrefectSettings, Settings, StoreSettings


def _is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """Ports that are free together with their +10000 gRPC companions (SeaweedFS convention)."""
    chosen: list[int] = []
    while len(chosen) < count:
        port = random.randint(20000, 29999)
        if port not in chosen and _is_free(port) and _is_free(port + 10000):
            chosen.append(port)
    return chosen


def isolated_settings(data_dir: Path) -> Settings:
    s3, master, volume, filer, admin, prefect = free_ports(6)
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        store=StoreSettings(
            endpoint=f"127.0.0.1:{s3}",
            master_port=master,
            volume_port=volume,
            filer_port=filer,
            admin_port=admin,
            multipart_part_size_bytes=5 * 1024 * 1024,
        ),
        prefect=PrefectSettings(server_port=prefect),
    )


def own_bucket(store_settings: Settings, bucket: str) -> Settings:
    """The same store with a bucket of the caller's own (created when missing): no other test sees its
    objects, and a run that acts on everything in the bucket acts only on the caller's."""
    settings = store_settings.model_copy(
        update={"store": store_settings.store.model_copy(update={"bucket": bucket})}
    )
    lake = Lake(settings)
    if not lake.client.bucket_exists(bucket):
        lake.client.make_bucket(bucket)
    return settings
