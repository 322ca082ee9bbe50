"""A paginated JSON API over the generated HRIS files, for testing the HRIS connector without a vendor.

GET /api/v1/                 -> {"entities": [{"name", "total"}]}
GET /api/v1/<entity>?page=N&page_size=M
                             -> {"items": [...], "page", "page_size", "total", "next": url or null}
POST /api/v1/onboarding      a hire's onboarding record (JSON object) with an `Idempotency-Key` header:
                             201 on first receipt, 200 with the same stored response when the same key
                             comes with the same body, 409 when it comes with a different body.
                             Records are kept in memory and written to `<hr_dir>/onboarding/<key>.json`.
GET /api/v1/onboarding       -> {"items": [stored responses in order of receipt]}
Every request needs `Authorization: Bearer <token>` (401 otherwise). Items are the CSV rows exactly as
exported, defects included, with empty cells as null: what a connector reads from a real HRIS.
Bound to 127.0.0.1 only; port 0 picks a free one.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyarrow as pa
import pyarrow.csv as pa_csv

from hirelake.logs import get_logger

API_PREFIX = "/api/v1/"
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
ONBOARDING = "onboarding"
MAX_BODY_BYTES = 1024 * 1024
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,128}$")  # also a safe file name
log = get_logger(__name__)


@dataclass(frozen=True)
class _Receipt:
    body_sha256: str
    response: dict[str, Any]


class _Onboarding:
    """Onboarding records by idempotency key: in memory, and one JSON file each under `onboarding/`."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._receipts: dict[str, _Receipt] = {}
        self._lock = threading.Lock()

    def receive(self, key: str, record: dict[str, Any]) -> tuple[HTTPStatus, dict[str, Any]]:
        digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        with self._lock:
            known = self._receipts.get(key)
            if known is not None:
                if known.body_sha256 != digest:
                    return HTTPStatus.CONFLICT, {
                        "error": f"idempotency key {key!r} was already used with a different record"
                    }
                return HTTPStatus.OK, known.response
            response = {
                "onboarding_id": f"ONB-{hashlib.sha256(key.encode()).hexdigest()[:12]}",
                "idempotency_key": key,
                "status": "received",
                "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "record": record,
            }
            self._folder.mkdir(parents=True, exist_ok=True)
            document = {"idempotency_key": key, "body_sha256": digest, "response": response}
            (self._folder / f"{key}.json").write_text(
                json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
            self._receipts[key] = _Receipt(digest, response)
            return HTTPStatus.CREATED, response

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [receipt.response for receipt in self._receipts.values()]


class _Tables:
    """The CSV files of one `hr/` directory, each read (all columns as text) on first request."""

    def __init__(self, hr_dir: Path) -> None:
        if not (hr_dir / "manifest.json").is_file():
            raise FileNotFoundError(f"{hr_dir} has no manifest.json: run generate_hr() into its parent first")
        self._paths = {p.stem: p for p in sorted(hr_dir.glob("*.csv"))}
        self._loaded: dict[str, pa.Table] = {}
        self._lock = threading.Lock()

    @property
    def names(self) -> list[str]:
        return list(self._paths)

    def get(self, name: str) -> pa.Table | None:
        path = self._paths.get(name)
        if path is None:
            return None
        with self._lock:
            if name not in self._loaded:
                with path.open(encoding="utf-8", newline="") as handle:
                    header = next(csv.reader(handle))
                options = pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=True
                )
                self._loaded[name] = pa_csv.read_csv(path, convert_options=options)
            return self._loaded[name]


class _Handler(BaseHTTPRequestHandler):
    server: HrApiServer

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("hr_api_request", message=format % args)

    def _send(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        if status == HTTPStatus.UNAUTHORIZED:
            self.send_header("WWW-Authenticate", 'Bearer realm="hirelake-hr"')
        self.end_headers()
        self.wfile.write(payload)

    def _authorised(self) -> bool:
        supplied = self.headers.get("Authorization", "")
        expected = f"Bearer {self.server.token}"
        return hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8"))

    def do_GET(self) -> None:
        if not self._authorised():
            self._send(HTTPStatus.UNAUTHORIZED, {"error": "missing or wrong bearer token"})
            return
        url = urlsplit(self.path)
        if url.path.rstrip("/") + "/" == API_PREFIX:
            tables = self.server.tables
            entities = [{"name": n, "url": self.server.url_for(n)} for n in tables.names]
            self._send(HTTPStatus.OK, {"entities": entities})
            return
        if not url.path.startswith(API_PREFIX):
            self._send(HTTPStatus.NOT_FOUND, {"error": f"unknown path {url.path}; try {API_PREFIX}"})
            return
        if url.path.removeprefix(API_PREFIX).strip("/") == ONBOARDING:
            self._send(HTTPStatus.OK, {"items": self.server.onboarding.listing()})
            return
        self._page(url.path.removeprefix(API_PREFIX).strip("/"), parse_qs(url.query))

    def do_POST(self) -> None:
        if not self._authorised():
            self._send(HTTPStatus.UNAUTHORIZED, {"error": "missing or wrong bearer token"})
            return
        if urlsplit(self.path).path.removeprefix(API_PREFIX).strip("/") != ONBOARDING:
            self._send(HTTPStatus.NOT_FOUND, {"error": f"POST is only accepted at {API_PREFIX}{ONBOARDING}"})
            return
        key = self.headers.get("Idempotency-Key", "")
        if not _KEY_PATTERN.match(key):
            self._send(
                HTTPStatus.BAD_REQUEST,
                {"error": "an Idempotency-Key header of 1-128 letters, digits, '.', '_' or '-' is required"},
            )
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY_BYTES:
            self._send(HTTPStatus.BAD_REQUEST, {"error": f"a JSON body of at most {MAX_BODY_BYTES} bytes"})
            return
        try:
            record = json.loads(self.rfile.read(length))
        except (json.JSONDecodeError, UnicodeDecodeError):
            record = None
        if not isinstance(record, dict):
            self._send(HTTPStatus.BAD_REQUEST, {"error": "the body must be one JSON object"})
            return
        status, body = self.server.onboarding.receive(key, record)
        self._send(status, body)

    def _page(self, entity: str, query: dict[str, list[str]]) -> None:
        table = self.server.tables.get(entity)
        if table is None:
            known = ", ".join(self.server.tables.names)
            self._send(HTTPStatus.NOT_FOUND, {"error": f"unknown entity '{entity}'; known: {known}"})
            return
        try:
            page = int(query.get("page", ["1"])[0])
            size = int(query.get("page_size", [str(DEFAULT_PAGE_SIZE)])[0])
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, {"error": "page and page_size must be integers"})
            return
        if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
            self._send(HTTPStatus.BAD_REQUEST, {"error": f"page >= 1 and 1 <= page_size <= {MAX_PAGE_SIZE}"})
            return
        offset = (page - 1) * size
        items = table.slice(offset, size).to_pylist() if offset < table.num_rows else []
        more = offset + size < table.num_rows
        body = {
            "items": items,
            "page": page,
            "page_size": size,
            "total": table.num_rows,
            "next": self.server.url_for(entity, page + 1, size) if more else None,
        }
        self._send(HTTPStatus.OK, body)


class HrApiServer(ThreadingHTTPServer):
    """The HTTP server; `url` is its base, e.g. http://127.0.0.1:54321/api/v1/."""

    daemon_threads = True

    def __init__(self, hr_dir: Path, token: str, port: int = 0) -> None:
        if not token:
            raise ValueError("the HR API needs a non-empty bearer token")
        self.tables = _Tables(hr_dir)
        self.onboarding = _Onboarding(hr_dir / ONBOARDING)
        self.token = token
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    def url_for(self, entity: str, page: int | None = None, page_size: int | None = None) -> str:
        if page is None:
            return f"{self.url}{entity}"
        return f"{self.url}{entity}?{urlencode({'page': page, 'page_size': page_size})}"


@contextmanager
def serve_hr_api(hr_dir: Path, token: str, port: int = 0) -> Iterator[HrApiServer]:
    """Serve `hr_dir` (the `hr/` folder generate_hr wrote) in a background thread until the block ends."""
    server = HrApiServer(hr_dir, token, port)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="hr-api", daemon=True)
    thread.start()
    log.info("hr_api_started", url=server.url)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
