"""Structured logs with run and interview ids bound, and secrets scrubbed before anything is written.

Console output for people, JSON lines for production collectors. Two defences against leaking a secret:
keys that name a secret are masked whatever their value, and every registered secret value is replaced
wherever it appears in any string (an exception message, a URL with a signature). Standard-library
records are scrubbed as they are made, whoever handles them: libraries log their own way (botocore at
DEBUG writes request headers whose `Credential=` names the store's access key).
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any, TextIO, cast

import structlog

from hirelake.settings import Settings

_SECRET_KEY_PARTS = ("secret", "password", "token", "signature", "credential", "private_key")
_MASK = "***"


class SecretScrubber:
    """A structlog processor that masks secret-looking keys and every known secret value."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def register(self, values: Iterable[str]) -> None:
        # Very short strings would mask ordinary words; generated secrets are long.
        self._values.update(v for v in values if len(v) >= 8)

    def scrub_text(self, text: str) -> str:
        for value in self._values:
            if value in text:
                text = text.replace(value, _MASK)
        return text

    def _scrub(self, key: str, value: Any) -> Any:
        if any(part in key.lower() for part in _SECRET_KEY_PARTS):
            return _MASK
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            return {k: self._scrub(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._scrub(key, v) for v in value]
        return value

    def __call__(
        self, _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        return {key: self._scrub(key, value) for key, value in event_dict.items()}


SCRUBBER = SecretScrubber()


def _scrubbing(make_record: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make_scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a library's bad format string: its handler reports it, we add nothing
            return record
        scrubbed = SCRUBBER.scrub_text(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return record

    make_scrubbed_record.scrubs_secrets = True  # type: ignore[attr-defined]
    return make_scrubbed_record


def install_record_scrubber() -> None:
    """Scrub every standard-library log record at creation (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "scrubs_secrets", False):
        logging.setLogRecordFactory(_scrubbing(current))


install_record_scrubber()


class _CurrentStderr(io.TextIOBase):
    """Whatever `sys.stderr` is at the moment of writing: a stream captured or redirected when logging
    was configured may be closed later (a test's capture, a reloaded console), the process's is not."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(settings: Settings) -> None:
    """Route structlog and stdlib logging through one pipeline with secret scrubbing."""
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        SCRUBBER,
        renderer,
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(settings.log_level)),
        logger_factory=structlog.PrintLoggerFactory(file=cast(TextIO, _CurrentStderr())),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str, **bound: Any) -> Any:
    """A logger with context bound, e.g. `get_logger(__name__, run_id=..., interview_id=...)`."""
    return structlog.get_logger(name).bind(**bound)
