"""An in-memory stand-in for the few Lake methods the decision and onboarding code uses (tests only)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    key: str
    size_bytes: int


class MemoryLake:
    bucket = "memory"

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def exists(self, key: str) -> bool:
        return key in self.objects

    def put_bytes(self, key: str, data: bytes, content_type: str = "") -> None:
        self.objects[key] = data

    def get_bytes(self, key: str) -> bytes:
        return self.objects[key]

    def put_json(self, key: str, document: Any) -> None:
        self.objects[key] = json.dumps(document).encode()

    def get_json(self, key: str) -> Any:
        return json.loads(self.objects[key])

    def delete(self, key: str) -> None:
        del self.objects[key]

    def list(self, prefix: str) -> list[Entry]:
        return [Entry(k, len(v)) for k, v in sorted(self.objects.items()) if k.startswith(prefix)]
