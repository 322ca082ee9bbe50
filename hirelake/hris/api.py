"""The HRIS API connector: bearer-token auth, paginated reads that follow `next`, and onboarding pushes.

Transient failures (connection errors, timeouts, 5xx, 429) are retried with exponential backoff; 401/403
stop at once with the setting to fix. The token is sent only to the configured origin (a `next` link
to another host is refused) and never logged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Self
from urllib.parse import quote, urljoin, urlsplit

import httpx

from hirelake.errors import ConfigurationError
from hirelake.hris.errors import HrisAuthError, HrisError, HrisSourceError, HrisTableError
from hirelake.hris.source import CellProblem, Progress, SourceRow, SourceTable, cell_text
from hirelake.logs import SCRUBBER, get_logger
from hirelake.settings import Settings

log = get_logger(__name__)
_TOKEN_SETTING = "HIRELAKE_HRIS__TOKEN"  # noqa: S105 - the setting's name, not a token
_URL_SETTING = "HIRELAKE_HRIS__API_URL"
_TRANSIENT = frozenset({429, 500, 502, 503, 504})
_MAX_DELAY_SECONDS = 30.0
_MAX_PAGE_SIZE = 1000  # as HIRELAKE_HRIS__PAGE_SIZE allows


class HrisApiConnector:
    """Reads entities from `<base>/<table>?page=N&page_size=M` and posts to `<base>/onboarding`."""

    kind = "api"

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        page_size: int = 500,
        timeout_seconds: float = 30.0,
        retries: int = 4,
        backoff_seconds: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not token:
            raise ConfigurationError(f"The HRIS API needs a bearer token: set {_TOKEN_SETTING}.")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        origin = urlsplit(self.base_url)
        if origin.scheme not in {"http", "https"} or not origin.netloc:
            raise ConfigurationError(f"{_URL_SETTING} must be an http(s) URL, got {base_url!r}.")
        self._origin = (origin.scheme, origin.netloc)
        if not 1 <= page_size <= _MAX_PAGE_SIZE:
            raise ConfigurationError(
                f"HIRELAKE_HRIS__PAGE_SIZE must be 1 to {_MAX_PAGE_SIZE} rows per page, got {page_size}."
            )
        self.page_size = page_size
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self._sleep = sleep
        SCRUBBER.register([token])
        self._client = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=timeout_seconds,
            transport=transport,
            follow_redirects=False,  # a redirect could carry the token elsewhere
        )

    @classmethod
    def from_settings(cls, settings: Settings, api_url: str | None = None) -> HrisApiConnector:
        hris = settings.hris
        url = api_url or hris.api_url
        if not url:
            raise ConfigurationError(f"No HRIS API URL: pass --api URL or set {_URL_SETTING}.")
        if hris.token is None:
            raise ConfigurationError(f"No HRIS API token: set {_TOKEN_SETTING} (env or .env).")
        return cls(
            url,
            hris.token.get_secret_value(),
            page_size=hris.page_size,
            timeout_seconds=hris.timeout_seconds,
            retries=hris.retries,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def describe(self) -> str:
        return self.base_url

    # --- requests ---------------------------------------------------------------------------------
    def _check_origin(self, url: str) -> None:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise HrisSourceError(
                f"The HRIS sent a link to {parts.scheme}://{parts.netloc}, outside {self.base_url}; "
                "refusing to send the token there. Check the API's base URL."
            )

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self._check_origin(url)
        attempt = 0
        while True:
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                retry_after = None
            else:
                if response.status_code in {401, 403}:
                    raise HrisAuthError(
                        f"The HRIS at {self.base_url} refused the token ({response.status_code} "
                        f"{response.reason_phrase}) on {method} {url}. Set a valid token in "
                        f"{_TOKEN_SETTING} (and check it may read HR data)."
                    )
                if response.status_code not in _TRANSIENT:
                    return response
                problem = f"HTTP {response.status_code} {response.reason_phrase}"
                retry_after = _retry_after(response)
            if attempt >= self.retries:
                raise HrisSourceError(
                    f"The HRIS at {self.base_url} did not answer {method} {url} after {attempt + 1} tries "
                    f"(last: {problem}). Is it up? Raise HIRELAKE_HRIS__RETRIES or "
                    "HIRELAKE_HRIS__TIMEOUT_SECONDS if it is slow."
                )
            delay = retry_after if retry_after is not None else self.backoff_seconds * 2**attempt
            log.warning("hris_request_retry", method=method, url=url, problem=problem, attempt=attempt + 1)
            self._sleep(min(delay, _MAX_DELAY_SECONDS))
            attempt += 1

    def _json(self, response: httpx.Response, what: str) -> Any:
        if response.is_error:
            raise HrisSourceError(
                f"The HRIS answered {response.status_code} to {what}: {_error_text(response)}"
            )
        try:
            return response.json()
        except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for bytes in no UTF encoding
            raise HrisSourceError(f"The HRIS answered {what} with something that is not JSON: {exc}") from exc

    # --- reading ----------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        body = self._json(self._request("GET", self.base_url), f"GET {self.base_url}")
        entities = body.get("entities") if isinstance(body, dict) else None
        if not isinstance(entities, list):
            raise HrisSourceError(
                f"{self.base_url} did not list its entities (expected {{'entities': [...]}})."
            )
        return [str(e["name"]) for e in entities if isinstance(e, dict) and "name" in e]

    def read(self, name: str, progress: Progress | None = None) -> SourceTable:
        url: str | None = urljoin(self.base_url, quote(name)) + f"?page=1&page_size={self.page_size}"
        columns: dict[str, None] = {}
        rows: list[SourceRow] = []
        seen: set[str] = set()
        while url:
            if url in seen:  # a `next` that points back would page forever
                raise HrisTableError(
                    f"The HRIS paged back to {url}, which was already read: its `next` loops."
                )
            seen.add(url)
            body = self._json(self._request("GET", url), f"GET {url}")
            items = body.get("items") if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise HrisTableError(
                    f"{url} did not return a page (expected {{'items': [...], 'next': ...}})."
                )
            for item in items:
                rows.append(_row(len(rows) + 2, item))  # numbered like an export: header is 1
                if isinstance(item, dict):
                    columns.update(dict.fromkeys(str(k) for k in item))
            if progress is not None:
                progress(name, len(rows), _total(body.get("total")))
            url = body.get("next") or None
            if url is not None and not isinstance(url, str):
                raise HrisTableError(f"{name}: the HRIS sent `next` = {url!r:.80}, expected a URL or null.")
        origin = urljoin(self.base_url, name)
        if not rows:
            raise HrisTableError(
                f"{origin} answered no records: an empty table is taken for a failed export, so nothing "
                "of it is landed and the last landed snapshot stays in use. Check the HRIS's endpoint."
            )
        return SourceTable(name, tuple(columns), tuple(rows), origin)

    # --- pushing ----------------------------------------------------------------------------------
    def post_onboarding(self, record: Mapping[str, object], idempotency_key: str) -> dict[str, Any]:
        """Send an onboarding record once: a retry with the same key is answered with the first result."""
        if not idempotency_key:
            raise HrisError("post_onboarding needs an idempotency key (e.g. the hire's application id).")
        url = urljoin(self.base_url, "onboarding")
        response = self._request("POST", url, json=dict(record), headers={"Idempotency-Key": idempotency_key})
        if response.status_code == 409:
            raise HrisError(
                f"The HRIS already holds a different onboarding record under idempotency key "
                f"{idempotency_key!r}: {_error_text(response)}. Use a new key for a new record."
            )
        body = self._json(response, f"POST {url}")
        if not isinstance(body, dict):
            raise HrisSourceError(f"POST {url} answered {body!r:.80}, expected a JSON object.")
        return body


def _total(value: object) -> int:
    """The `total` a page announces, for progress only: anything not a sane count reads as unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53:
        return value
    return 0


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
    except json.JSONDecodeError:
        return response.text[:200]
    if isinstance(body, dict) and "error" in body:
        return str(body["error"])
    return str(body)[:200]


def _row(line: int, item: object) -> SourceRow:
    """One API item as a row; an item that is not an object is a row rejected with its reason."""
    if isinstance(item, dict):
        return SourceRow(line, {str(k): cell_text(v) for k, v in item.items()})
    return SourceRow(
        line, {}, (CellProblem("(item)", f"the HRIS sent an item that is not an object: {item!r:.80}"),)
    )
