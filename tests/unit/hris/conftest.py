"""A small generated hospital and an in-memory lake for the HRIS connector's unit tests."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hirelake.lake import ObjectEntry
from hirelake.settings import Settings
from hirelake.synth.hr import HrSynthConfig, HrSynthResult, generate_hr

TINY = HrSynthConfig(seed=11, employees=30, candidates=20, months=1, defect_rate=0.03)


class FakeLake:
    """The part of `Lake` the sync uses, kept in a dict (unit tests only; integration uses SeaweedFS)."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.puts: list[str] = []

    def exists(self, key: str) -> bool:
        return key in self.objects

    def put_bytes(self, key: str, data: bytes, content_type: str = "") -> None:
        self.objects[key] = data
        self.puts.append(key)

    def get_bytes(self, key: str) -> bytes:
        return self.objects[key]

    def put_json(self, key: str, document: Any) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        self.put_bytes(key, text.encode("utf-8"))

    def get_json(self, key: str) -> Any:
        return json.loads(self.objects[key])

    def list(self, prefix: str) -> Iterator[ObjectEntry]:
        for key in sorted(self.objects):
            if key.startswith(prefix):
                yield ObjectEntry(key, len(self.objects[key]))

    def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    def read_parquet(self, key: str) -> pa.Table:
        return pq.read_table(io.BytesIO(self.objects[key]))


@pytest.fixture(scope="package")
def tiny_hr(tmp_path_factory: pytest.TempPathFactory) -> HrSynthResult:
    return generate_hr(tmp_path_factory.mktemp("hris-tiny"), TINY)


@pytest.fixture
def settings(tmp_path: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
